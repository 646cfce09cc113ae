"""What every kind evaluator may read: the scenario, the ledger and a few
look-ups over them, computed once per evaluation.

Days are local calendar days (Europe/Oslo by default, measures.md "Time");
instants are aware UTC datetimes, so arithmetic here ignores DST and is exact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.scenario.model import CoerciveMeans, Exclusion, Person, Prison, Scenario, Stay

Decision = Exclusion | CoerciveMeans


@dataclass
class Context:
    """One evaluation's inputs (scenario + ledger) and indexes over them."""

    scenario: Scenario
    days: list[PersonDay]
    episodes: list[Episode]
    tz: ZoneInfo = field(init=False)
    persons: dict[str, Person] = field(init=False)
    days_by_person: dict[str, list[PersonDay]] = field(init=False)
    prisons: dict[str, Prison] = field(init=False)

    def __post_init__(self) -> None:
        self.tz = ZoneInfo(self.scenario.timezone or "Europe/Oslo")
        self.persons = {p.id: p for p in self.scenario.persons}
        grouped: dict[str, list[PersonDay]] = defaultdict(list)
        for d in self.days:
            grouped[d.person].append(d)
        for rows in grouped.values():
            rows.sort(key=lambda d: d.date)
        self.days_by_person = dict(grouped)
        self.prisons = {p.code: p for p in self.scenario.prisons}

    @classmethod
    def from_ledger(cls, scenario: Scenario, ledger: Any) -> Context:
        return cls(scenario, list(ledger.days), list(ledger.episodes))

    @property
    def evaluated_at(self) -> datetime:
        return self.scenario.evaluated_at

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.tz).date()

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """The UTC instants where a local day begins and ends (23, 24 or 25 h apart)."""
        start = datetime.combine(day, time(0), tzinfo=self.tz)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.tz)
        return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))

    def in_period(self, day: date) -> bool:
        return self.scenario.period_start <= day < self.scenario.period_end

    def person(self, person_id: str) -> Person | None:
        return self.persons.get(person_id)

    def is_minor(self, person_id: str, day: date) -> bool:
        """Under 18 on the local ``day`` (the flag `minor` is derived, never given)."""
        person = self.persons.get(person_id)
        if person is None or person.birth_date is None:
            return False
        b = person.birth_date
        try:
            eighteenth = b.replace(year=b.year + 18)
        except ValueError:  # born 29 February: of age on 1 March
            eighteenth = date(b.year + 18, 3, 1)
        return day < eighteenth

    def flags(self, person_id: str) -> frozenset[str]:
        person = self.persons.get(person_id)
        return person.flags if person else frozenset()

    def decision(self, person_id: str, decision_id: str) -> Decision | None:
        person = self.persons.get(person_id)
        if person is None:
            return None
        for d in (*person.exclusions, *person.coercive_means):
            if d.id == decision_id:
                return d
        return None

    def episode_decisions(self, episode: Episode) -> list[Decision]:
        found = (self.decision(episode.person, did) for did in episode.decisions)
        return [d for d in found if d is not None]

    def episode_end(self, episode: Episode) -> datetime:
        """Where an episode stops counting: its end, or evaluated_at while ongoing."""
        if episode.end is None:
            return self.evaluated_at
        return min(episode.end, self.evaluated_at)

    def stay_on(self, person_id: str, day: date) -> Stay | None:
        """The stay that covers most of a local day (the latest-starting on a tie)."""
        person = self.persons.get(person_id)
        if person is None:
            return None
        lo, hi = self.day_bounds(day)
        best: tuple[float, datetime] | None = None
        chosen = None
        for s in person.stays:
            end = s.end or self.evaluated_at
            overlap = (min(end, hi) - max(s.start, lo)).total_seconds()
            if overlap <= 0:
                continue
            key = (overlap, s.start)
            if best is None or key > best:
                best, chosen = key, s
        return chosen
