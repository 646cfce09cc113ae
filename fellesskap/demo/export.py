"""The demo in the scenario format (scenario-format.md), so that ``fellesskap
evaluate`` and ``fellesskap stats`` run on the same data the demo database holds.

Pure: builds a :class:`~fellesskap.scenario.model.Scenario` from a
:class:`~fellesskap.demo.generate.Registry` (and, optionally, the isolation
records of stage 2), and turns any scenario into the JSON document. Instants are
written with their Europe/Oslo offset, as people read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from fellesskap.demo.generate import DemoPerson, Registry, local_instant
from fellesskap.demo.isolation import IsolationRecords, clipped
from fellesskap.scenario.model import Person, Prison, Scenario, Stay

OSLO = ZoneInfo("Europe/Oslo")


def _overlaps(start: datetime, end: datetime | None, lo: datetime, hi: datetime) -> bool:
    return start < hi and (end is None or end > lo)


def _clip_stay(stay: Stay, lo: datetime, hi: datetime) -> Stay:
    """Clip to the window: the scenario holds no records of days outside its period."""
    start = max(stay.start, lo)
    end = None if stay.end is None or stay.end >= hi else stay.end
    return Stay(prison=stay.prison, status=stay.status, start=start, end=end, unit=stay.unit)


def to_scenario(registry: Registry, start: date, end: date, *, prison: str | None = None,
                records: Mapping[str, IsolationRecords] | None = None,
                evaluated_at: datetime | None = None) -> Scenario:
    """The persons in custody some time in ``[start, end)`` (local dates) as a scenario.

    ``prison`` keeps only persons with a stay in that prison in the window
    (with all their stays, so that a transfer is still visible). ``records``
    maps person id to an object with the record tuples of
    :class:`~fellesskap.scenario.model.Person` (stage 2); each record is kept if
    it touches the window.
    """
    if end <= start:
        raise ValueError("--to must be after --from (the end date is exclusive)")
    codes = {p.code for p in registry.prisons}
    if prison is not None and prison not in codes:
        raise ValueError(f"--prison: unknown prison code {prison!r}")
    lo, hi = local_instant(start, time(0)), local_instant(end, time(0))
    persons = []
    for person in registry.persons:
        stays = [s for s in person.stays if _overlaps(s.start, s.end, lo, hi)]
        if not stays or (prison is not None and all(s.prison != prison for s in stays)):
            continue
        persons.append(_person(person, [_clip_stay(s, lo, hi) for s in stays],
                               None if records is None else records.get(person.id), lo, hi))
    used = {s.prison for p in persons for s in p.stays}
    prisons = tuple(Prison(code=p.code, region=p.region, security_level=p.security_level)
                    for p in registry.prisons if p.code in used)
    return Scenario(timezone="Europe/Oslo", census_time=time(12, 0), period_start=start, period_end=end,
                    evaluated_at=evaluated_at or hi, prisons=prisons, persons=tuple(persons))


_RECORD_KEYS = ("exclusions", "coercive_means", "contacts", "outdoor", "unlock", "reviews",
                "supervisions", "week_plans", "incidents")


def _person(person: DemoPerson, stays: list[Stay], records: IsolationRecords | None, lo: datetime,
            hi: datetime) -> Person:
    extra: dict[str, tuple] = {}
    if records is not None:
        kept = clipped(records, lo.timestamp(), hi.timestamp())
        extra = {key: tuple(getattr(kept, key)) for key in _RECORD_KEYS}
    return Person(id=person.id, birth_date=person.birth_date, sex=person.sex, flags=person.flags,
                  stays=tuple(stays), **extra)


def instant_text(value: datetime | None) -> str | None:
    """An instant as ISO 8601 with its Europe/Oslo offset, as the examples write them."""
    if value is None:
        return None
    return value.astimezone(OSLO).isoformat(timespec="seconds")


def _record_dict(rec: object) -> dict:
    out = {}
    for f in fields(rec):
        value = getattr(rec, f.name)
        if isinstance(value, datetime):
            out[f.name] = instant_text(value)
        elif value is not None or f.name == "end":
            out[f.name] = value
    return out


def scenario_to_dict(scenario: Scenario) -> dict:
    """The JSON document of scenario-format.md for a scenario (the inverse of ``parse_scenario``)."""
    return {
        "timezone": scenario.timezone,
        "census_time": scenario.census_time.strftime("%H:%M"),
        "period": {"start": scenario.period_start.isoformat(), "end": scenario.period_end.isoformat()},
        "evaluated_at": instant_text(scenario.evaluated_at),
        "prisons": [{"code": p.code, "region": p.region, "security_level": p.security_level}
                    for p in scenario.prisons],
        "persons": [_person_dict(p) for p in scenario.persons],
    }


def _person_dict(p: Person) -> dict:
    out: dict = {"id": p.id}
    if p.birth_date is not None:
        out["birth_date"] = p.birth_date.isoformat()
    if p.sex is not None:
        out["sex"] = p.sex
    if p.flags:
        out["flags"] = sorted(p.flags)
    for key in ("stays", *_RECORD_KEYS):
        records: Iterable = getattr(p, key)
        if records:
            out[key] = [_record_dict(r) for r in records]
    return out
