"""Benchmark of the rule engine alone (the ledger is synthesised, not built):
``python -m fellesskap.rules.bench [PERSONS] [DAYS]``.

Speed claims belong here, not in timed tests. The synthetic population is
deterministic: every third person has a long full exclusion with a few reviews,
every fifth a security-cell placement with hourly checks, and most days have
little outdoor time, so that every kind has work to do.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from fellesskap.ledger.types import Episode, PersonDay
from fellesskap.rules.engine import evaluate_packs
from fellesskap.rules.pack import available_packs
from fellesskap.scenario.model import (
    CoerciveMeans,
    Exclusion,
    Person,
    Prison,
    Review,
    Scenario,
    Stay,
    Supervision,
)


@dataclass
class _Ledger:
    days: list[PersonDay]
    episodes: list[Episode]


def synthesise(persons: int, days: int) -> tuple[Scenario, _Ledger]:
    first = date(2026, 1, 1)
    t0 = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)  # 00:00 in Oslo
    end = t0 + timedelta(days=days)
    people: list[Person] = []
    rows: list[PersonDay] = []
    episodes: list[Episode] = []
    for i in range(persons):
        pid = f"B{i:05d}"
        exclusions: tuple[Exclusion, ...] = ()
        means: tuple[CoerciveMeans, ...] = ()
        reviews: list[Review] = []
        checks: list[Supervision] = []
        if i % 3 == 0:
            s = t0 + timedelta(days=i % 20, hours=9)
            e = s + timedelta(days=60)
            exclusions = (Exclusion(f"E{i}", "full", "order_and_security", s, e),)
            reviews.append(Review(f"E{i}", "region", s + timedelta(days=13)))
            episodes.append(Episode(pid, "full_exclusion", (f"E{i}",), s, e, 1440.0, True, True))
        if i % 5 == 0:
            s = t0 + timedelta(days=30 + i % 7, hours=22)
            e = s + timedelta(hours=30)
            means = (CoerciveMeans(f"C{i}", "security_cell", s, e),)
            checks.extend(Supervision(f"C{i}", s + timedelta(minutes=55 * k)) for k in range(1, 33))
            episodes.append(Episode(pid, "security_cell", (f"C{i}",), s, e, 30.0, False, None))
        people.append(Person(
            id=pid, birth_date=date(1990 + i % 20, 1 + i % 12, 1 + i % 28),
            stays=(Stay("OSL", "remand" if i % 2 else "sentenced", t0 - timedelta(days=10), None),),
            exclusions=exclusions, coercive_means=means, reviews=tuple(reviews), supervisions=tuple(checks),
        ))
        streak = 0
        for k in range(days):
            contact = (i * 7 + k * 13) % 300
            isolated = 1440 - contact >= 1320
            streak = streak + 1 if isolated else 0
            rows.append(PersonDay(
                person=pid, date=first + timedelta(days=k), custody_minutes=1440, contact_minutes=contact,
                association_minutes=contact // 2, outdoor_minutes=(k * 11) % 90, out_of_cell_minutes=contact,
                no_contact_minutes=1440 - contact, isolated=isolated, cause="unregistered" if isolated else None,
                isolated_streak=streak, states={},
            ))
    scenario = Scenario("Europe/Oslo", clock(12), first, first + timedelta(days=days), end,
                        (Prison("OSL", "east", "high"),), tuple(people))
    return scenario, _Ledger(rows, episodes)


def main(argv: list[str]) -> int:
    persons = int(argv[0]) if argv else 1000
    days = int(argv[1]) if len(argv) > 1 else 365
    scenario, ledger = synthesise(persons, days)
    for label, packs in (("default packs", None), ("all packs", available_packs())):
        started, cpu = time.perf_counter(), time.process_time()
        findings, deadlines = evaluate_packs(scenario, ledger, packs)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"{label}: {persons} persons x {days} days = {len(ledger.days)} person-days, "
              f"{len(ledger.episodes)} episodes -> {len(findings)} findings, {len(deadlines)} deadlines "
              f"in {took:.2f} s wall, {cpu:.2f} s CPU ({len(ledger.days) / cpu:,.0f} person-days per CPU second)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
