"""Writing a typed :class:`~fellesskap.scenario.model.Scenario` back to the JSON
document of scenario-format.md, and pseudonymising it. Pure: no Django.

Instants are written in the scenario's time zone (Europe/Oslo) with their
offset, so that a reader sees local time and the exact instant at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from fellesskap.scenario.model import Person, Scenario


def _instant(value: datetime | None, tz: ZoneInfo) -> str | None:
    return None if value is None else value.astimezone(tz).isoformat()


def _interval(start, end, tz) -> dict:
    return {"start": _instant(start, tz), "end": _instant(end, tz)}


def person_document(p: Person, tz: ZoneInfo) -> dict:
    doc: dict = {"id": p.id}
    if p.birth_date is not None:
        doc["birth_date"] = p.birth_date.isoformat()
    if p.sex is not None:
        doc["sex"] = p.sex
    doc["flags"] = sorted(p.flags)
    doc["stays"] = [
        {"prison": s.prison, **({"unit": s.unit} if s.unit is not None else {}), "status": s.status,
         **_interval(s.start, s.end, tz)} for s in p.stays]
    doc["exclusions"] = [
        {"id": e.id, "scope": e.scope, "ground": e.ground, **_interval(e.start, e.end, tz)} for e in p.exclusions]
    doc["coercive_means"] = [
        {"id": c.id, "kind": c.kind, **({"reason": c.reason} if c.reason else {}), **_interval(c.start, c.end, tz)}
        for c in p.coercive_means]
    doc["contacts"] = [{"kind": c.kind, **_interval(c.start, c.end, tz)} for c in p.contacts]
    doc["outdoor"] = [_interval(s.start, s.end, tz) for s in p.outdoor]
    doc["unlock"] = [_interval(s.start, s.end, tz) for s in p.unlock]
    doc["reviews"] = [{"subject": r.subject, "level": r.level, "at": _instant(r.at, tz)} for r in p.reviews]
    doc["supervisions"] = [{"subject": s.subject, "at": _instant(s.at, tz)} for s in p.supervisions]
    doc["week_plans"] = [{"subject": w.subject, "at": _instant(w.at, tz)} for w in p.week_plans]
    doc["incidents"] = [{"kind": i.kind, "at": _instant(i.at, tz), "serious": i.serious} for i in p.incidents]
    return doc


def to_document(s: Scenario) -> dict:
    """The JSON-ready document that ``parse_scenario`` reads back to ``s``."""
    tz = ZoneInfo(s.timezone)
    return {
        "timezone": s.timezone,
        "census_time": s.census_time.strftime("%H:%M"),
        "period": {"start": s.period_start.isoformat(), "end": s.period_end.isoformat()},
        "evaluated_at": _instant(s.evaluated_at, tz),
        "prisons": [
            {"code": p.code, **({"region": p.region} if p.region else {}),
             **({"security_level": p.security_level} if p.security_level else {})} for p in s.prisons],
        "persons": [person_document(p, tz) for p in s.persons],
    }


def pseudonymise(s: Scenario) -> Scenario:
    """Replaces person ids by ``P1``, ``P2`` … and decision ids by ``D1``, ``D2`` …
    in the order they appear, so that the file cannot be joined to the
    database's opaque ids. Dates are kept: the rules need them (a birth date
    decides who is a minor), so the result is pseudonymous, not anonymous."""
    persons = []
    decision_no = 0
    for n, p in enumerate(s.persons, start=1):
        names: dict[str, str] = {}
        for record in (*p.exclusions, *p.coercive_means):
            decision_no += 1
            names[record.id] = f"D{decision_no}"
        persons.append(replace(
            p, id=f"P{n}",
            exclusions=tuple(replace(e, id=names[e.id]) for e in p.exclusions),
            coercive_means=tuple(replace(c, id=names[c.id]) for c in p.coercive_means),
            reviews=tuple(replace(r, subject=names.get(r.subject, r.subject)) for r in p.reviews),
            supervisions=tuple(replace(x, subject=names.get(x.subject, x.subject)) for x in p.supervisions),
            week_plans=tuple(replace(w, subject=names.get(w.subject, w.subject)) for w in p.week_plans),
        ))
    return replace(s, persons=tuple(persons))
