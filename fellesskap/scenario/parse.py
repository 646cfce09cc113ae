"""Parse and validate a scenario document into typed records.

Every error names the field it is about in the path form the documents use
(``persons[0].stays[0].start``), so that the command line (exit 2) and the API
(422) can say exactly what to fix. Unknown extra fields are ignored; missing
required ones are an error; an instant without a UTC offset is an error, never
guessed (measures.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fellesskap import vocabulary as v
from fellesskap.scenario.model import (
    CoerciveMeans,
    Contact,
    Exclusion,
    Incident,
    Person,
    Prison,
    Review,
    Scenario,
    Session,
    Stay,
    Supervision,
    WeekPlan,
)

_MISSING = object()


class ScenarioError(ValueError):
    """Invalid input, with the path of the field at fault."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _get(obj: dict, key: str, path: str, required: bool = True, default: Any = None) -> Any:
    value = obj.get(key, _MISSING)
    if value is _MISSING or (required and value is None):
        if required:
            raise ScenarioError(f"{path}.{key}" if path else key, "is required")
        return default
    return value


def _obj(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise ScenarioError(path, "must be an object")
    return value


def _list(obj: dict, key: str, path: str) -> list:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ScenarioError(f"{path}.{key}", "must be a list")
    return value


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(path, "must be a non-empty string")
    return value


def _choice(value: Any, path: str, allowed: frozenset[str]) -> str:
    value = _str(value, path)
    if value not in allowed:
        raise ScenarioError(path, f"unknown value {value!r}; expected one of {', '.join(sorted(allowed))}")
    return value


def parse_instant(value: Any, path: str) -> datetime:
    """An ISO 8601 instant with an explicit offset, returned in UTC."""
    if not isinstance(value, str):
        raise ScenarioError(path, "must be an ISO 8601 instant with a UTC offset, e.g. 2026-03-01T09:00:00+01:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ScenarioError(path, f"{value!r} is not an ISO 8601 instant") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ScenarioError(path, f"{value!r} has no UTC offset; write it as e.g. {value}+01:00")
    return parsed.astimezone(UTC)


def parse_date(value: Any, path: str) -> date:
    if not isinstance(value, str):
        raise ScenarioError(path, "must be a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ScenarioError(path, f"{value!r} is not a date YYYY-MM-DD") from None


def _interval(obj: dict, path: str) -> tuple[datetime, datetime | None]:
    start = parse_instant(_get(obj, "start", path), f"{path}.start")
    raw_end = obj.get("end")
    end = None if raw_end is None else parse_instant(raw_end, f"{path}.end")
    if end is not None and end < start:
        raise ScenarioError(f"{path}.end", "is before start")
    return start, end


def _stay(o: dict, p: str) -> Stay:
    start, end = _interval(o, p)
    unit = o.get("unit")
    return Stay(
        prison=_str(_get(o, "prison", p), f"{p}.prison"),
        status=_choice(_get(o, "status", p), f"{p}.status", v.STATUS_CODES),
        start=start,
        end=end,
        unit=None if unit is None else _str(unit, f"{p}.unit"),
    )


def _exclusion(o: dict, p: str) -> Exclusion:
    start, end = _interval(o, p)
    return Exclusion(
        id=_str(_get(o, "id", p), f"{p}.id"),
        scope=_choice(_get(o, "scope", p), f"{p}.scope", v.SCOPE_CODES),
        ground=_choice(_get(o, "ground", p), f"{p}.ground", v.GROUND_CODES),
        start=start,
        end=end,
    )


def _coercive(o: dict, p: str) -> CoerciveMeans:
    start, end = _interval(o, p)
    reason = o.get("reason")
    return CoerciveMeans(
        id=_str(_get(o, "id", p), f"{p}.id"),
        kind=_choice(_get(o, "kind", p), f"{p}.kind", v.COERCIVE_KIND_CODES),
        start=start,
        end=end,
        reason=None if reason is None else _choice(reason, f"{p}.reason", v.COERCIVE_REASON_CODES),
    )


def _contact(o: dict, p: str) -> Contact:
    start, end = _interval(o, p)
    return Contact(kind=_choice(_get(o, "kind", p), f"{p}.kind", v.CONTACT_KIND_CODES), start=start, end=end)


def _session(o: dict, p: str) -> Session:
    start, end = _interval(o, p)
    return Session(start=start, end=end)


def _review(o: dict, p: str) -> Review:
    return Review(
        subject=_str(_get(o, "subject", p), f"{p}.subject"),
        level=_choice(_get(o, "level", p), f"{p}.level", v.REVIEW_LEVEL_CODES),
        at=parse_instant(_get(o, "at", p), f"{p}.at"),
    )


def _supervision(o: dict, p: str) -> Supervision:
    return Supervision(subject=_str(_get(o, "subject", p), f"{p}.subject"),
                       at=parse_instant(_get(o, "at", p), f"{p}.at"))


def _week_plan(o: dict, p: str) -> WeekPlan:
    return WeekPlan(subject=_str(_get(o, "subject", p), f"{p}.subject"),
                    at=parse_instant(_get(o, "at", p), f"{p}.at"))


def _incident(o: dict, p: str) -> Incident:
    serious = o.get("serious", False)
    if not isinstance(serious, bool):
        raise ScenarioError(f"{p}.serious", "must be true or false")
    return Incident(kind=_choice(_get(o, "kind", p), f"{p}.kind", v.INCIDENT_KIND_CODES),
                    at=parse_instant(_get(o, "at", p), f"{p}.at"), serious=serious)


def _items(obj: dict, key: str, path: str, build: Callable[[dict, str], Any]) -> tuple:
    return tuple(build(_obj(item, f"{path}.{key}[{i}]"), f"{path}.{key}[{i}]")
                 for i, item in enumerate(_list(obj, key, path)))


def _person(o: dict, p: str) -> Person:
    pid = _get(o, "id", p)
    if not isinstance(pid, (str, int)) or isinstance(pid, bool) or str(pid).strip() == "":
        raise ScenarioError(f"{p}.id", "must be a non-empty string")
    birth = o.get("birth_date")
    sex = o.get("sex")
    raw_flags = _list(o, "flags", p)
    flags = frozenset(_choice(f, f"{p}.flags[{i}]", v.PERSON_FLAG_CODES) for i, f in enumerate(raw_flags))
    person = Person(
        id=str(pid),
        birth_date=None if birth is None else parse_date(birth, f"{p}.birth_date"),
        sex=None if sex is None else _choice(sex, f"{p}.sex", v.SEX_CODES),
        flags=flags,
        stays=_items(o, "stays", p, _stay),
        exclusions=_items(o, "exclusions", p, _exclusion),
        coercive_means=_items(o, "coercive_means", p, _coercive),
        contacts=_items(o, "contacts", p, _contact),
        outdoor=_items(o, "outdoor", p, _session),
        unlock=_items(o, "unlock", p, _session),
        reviews=_items(o, "reviews", p, _review),
        supervisions=_items(o, "supervisions", p, _supervision),
        week_plans=_items(o, "week_plans", p, _week_plan),
        incidents=_items(o, "incidents", p, _incident),
    )
    _check_references(person, p)
    _check_stays_do_not_overlap(person, p)
    return person


def _check_references(person: Person, p: str) -> None:
    """Decision ids are unique per person, and reviews, checks and plans name one."""
    seen: dict[str, str] = {}
    for key, records in (("exclusions", person.exclusions), ("coercive_means", person.coercive_means)):
        for i, rec in enumerate(records):
            if rec.id in seen:
                raise ScenarioError(f"{p}.{key}[{i}].id", f"duplicate id {rec.id!r} (also {seen[rec.id]})")
            seen[rec.id] = f"{p}.{key}[{i}]"
    for key, records in (("reviews", person.reviews), ("supervisions", person.supervisions),
                         ("week_plans", person.week_plans)):
        for i, rec in enumerate(records):
            if rec.subject not in seen:
                raise ScenarioError(f"{p}.{key}[{i}].subject",
                                    f"no exclusion or coercive means with id {rec.subject!r}")


def _check_stays_do_not_overlap(person: Person, p: str) -> None:
    """A person is in one place at a time: overlapping stays are refused."""
    far = datetime.max.replace(tzinfo=UTC)
    order = sorted(range(len(person.stays)), key=lambda i: person.stays[i].start)
    for a, b in zip(order, order[1:], strict=False):
        first, second = person.stays[a], person.stays[b]
        if (first.end or far) > second.start:
            raise ScenarioError(f"{p}.stays[{b}].start",
                                f"overlaps stays[{a}]; a person has one stay at a time")


def parse_scenario(doc: Any) -> Scenario:
    """Validate a decoded JSON document and return the typed scenario."""
    doc = _obj(doc, "scenario")
    tz_name = doc.get("timezone") or "Europe/Oslo"
    try:
        tz = ZoneInfo(_str(tz_name, "timezone"))
    except (ZoneInfoNotFoundError, ValueError):
        raise ScenarioError("timezone", f"unknown time zone {tz_name!r}") from None
    raw_census = doc.get("census_time") or "12:00"
    try:
        census = time.fromisoformat(_str(raw_census, "census_time"))
    except ValueError:
        raise ScenarioError("census_time", f"{raw_census!r} is not a time HH:MM") from None
    period = _obj(_get(doc, "period", ""), "period")
    start = parse_date(_get(period, "start", "period"), "period.start")
    end = parse_date(_get(period, "end", "period"), "period.end")
    if end <= start:
        raise ScenarioError("period.end", "must be after period.start (the end is exclusive)")
    if (end - start) > timedelta(days=3660):
        raise ScenarioError("period.end", "a period may cover at most ten years")
    raw_at = doc.get("evaluated_at")
    evaluated_at = (
        datetime.combine(end, time(0), tzinfo=tz).astimezone(UTC)
        if raw_at is None else parse_instant(raw_at, "evaluated_at")
    )
    prisons = []
    for i, item in enumerate(_list(doc, "prisons", "")):
        o = _obj(item, f"prisons[{i}]")
        level = o.get("security_level")
        region = o.get("region")
        prisons.append(Prison(
            code=_str(_get(o, "code", f"prisons[{i}]"), f"prisons[{i}].code"),
            region=None if region is None else _str(region, f"prisons[{i}].region"),
            security_level=None if level is None else _choice(level, f"prisons[{i}].security_level",
                                                               v.SECURITY_LEVEL_CODES),
        ))
    persons = []
    ids: set[str] = set()
    raw_persons = doc.get("persons")
    if not isinstance(raw_persons, list):
        raise ScenarioError("persons", "is required and must be a list")
    for i, item in enumerate(raw_persons):
        person = _person(_obj(item, f"persons[{i}]"), f"persons[{i}]")
        if person.id in ids:
            raise ScenarioError(f"persons[{i}].id", f"duplicate person id {person.id!r}")
        ids.add(person.id)
        persons.append(person)
    return Scenario(
        timezone=tz.key, census_time=census, period_start=start, period_end=end,
        evaluated_at=evaluated_at, prisons=tuple(prisons), persons=tuple(persons),
    )
