"""Where, and as what, a person was held at an instant (plassering).

Every statistics row is attributed to a prison and a status *at a reference
instant* (statistics.md): the stay in force then decides both. Keeping that
lookup in one place means every table, and later the Django statistics app,
attributes a count the same way — including the rule that nothing after
``evaluated_at`` has happened yet. Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from fellesskap.scenario.model import Person, Prison, Scenario

# Statuses as the publications count them: preventive detention (forvaring) is
# a sentence, so it is published under `sentenced` (statistics.md).
PUBLISHED_STATUS = {"remand": "remand", "sentenced": "sentenced", "preventive_detention": "sentenced"}


def in_force(start: datetime, end: datetime | None, at: datetime, evaluated_at: datetime) -> bool:
    """Whether a record [start, end) is in force at ``at``, as known at ``evaluated_at``.

    A record that starts at or after ``evaluated_at`` has not happened; one that
    ends after it is still ongoing and so in force at ``evaluated_at`` itself;
    an instant after ``evaluated_at`` lies in the future, where nothing is known
    (scenario-format.md).
    """
    if at > evaluated_at or start >= evaluated_at:
        return False
    return start <= at and (end is None or at < end)


def effective_end(end: datetime | None, evaluated_at: datetime) -> datetime:
    """The end of an interval as known at ``evaluated_at``: open ones stop there, never at infinity."""
    return evaluated_at if end is None or end > evaluated_at else end


def local_midnight(day: date, tz: str) -> datetime:
    """00:00 local (Europe/Oslo) on ``day``, in UTC: the boundary of days, months and periods."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def census_instant(day: date, scenario: Scenario) -> datetime:
    """The census instant (tellingstidspunkt) of a date: ``census_time`` local, in UTC."""
    return datetime.combine(day, scenario.census_time, tzinfo=ZoneInfo(scenario.timezone)).astimezone(UTC)


def month_bounds(year: int, month: int, tz: str) -> tuple[datetime, datetime]:
    """The local calendar month [start, end) in UTC."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return local_midnight(first, tz), local_midnight(following, tz)


def age_group(birth_date: date | None, on: date) -> str | None:
    """A coarse age band for filters (`under_18` marks minors, who have their own rules).

    The spec names no bands for statistics; these follow the usual split of
    minors, young adults and the rest, and can change without touching tables.
    """
    if birth_date is None:
        return None
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if age < 18:
        return "under_18"
    if age < 25:
        return "18_24"
    if age < 40:
        return "25_39"
    if age < 60:
        return "40_59"
    return "60_plus"


@dataclass(frozen=True, slots=True)
class Placement:
    """A person's placement at a reference instant: the grouping keys every table can use.

    ``status`` is the published status (remand / sentenced incl. preventive
    detention); ``custody_status`` keeps the three-way status for tables that
    show preventive detention on its own.
    """

    person: str
    at: datetime
    prison: str
    region: str | None
    security_level: str | None
    status: str
    custody_status: str
    sex: str | None
    age_group: str | None
    nation: str = "NO"


class Placer:
    """Finds placements for a scenario; built once so lookups by person id are cheap."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.persons: dict[str, Person] = {p.id: p for p in scenario.persons}
        self.prisons: dict[str, Prison] = {p.code: p for p in scenario.prisons}
        self._tz = ZoneInfo(scenario.timezone)

    def at(self, person: Person | str, instant: datetime) -> Placement | None:
        """The placement at ``instant``, or None when no stay is in force then."""
        if isinstance(person, str):
            found = self.persons.get(person)
            if found is None:
                return None
            person = found
        evaluated_at = self.scenario.evaluated_at
        for stay in person.stays:
            if in_force(stay.start, stay.end, instant, evaluated_at):
                prison = self.prisons.get(stay.prison)
                local_day = instant.astimezone(self._tz).date()
                return Placement(
                    person=person.id,
                    at=instant,
                    prison=stay.prison,
                    region=prison.region if prison else None,
                    security_level=prison.security_level if prison else None,
                    status=PUBLISHED_STATUS[stay.status],
                    custody_status=stay.status,
                    sex=person.sex,
                    age_group=age_group(person.birth_date, local_day),
                )
        return None
