"""Benchmark of the statistics tables on a synthetic scenario (no real data).

    python -m fellesskap.stats.bench [--persons 3000] [--days 90] [--seed 1]

Prints the seconds each table takes through ``compute_table`` (ledger
included, as ``fellesskap stats`` runs it). Speed is measured here, not
asserted in tests.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from fellesskap.scenario.model import Contact, Exclusion, Person, Scenario, Session, Stay
from fellesskap.stats.compute import TABLES, compute_table

GROUNDS = ("order_and_security", "danger_to_self_or_others", "own_wish", "quarantine", "negative_influence")


def synthetic_scenario(persons: int, days: int, seed: int) -> Scenario:
    """Persons held over the whole period in ten prisons, with daily sessions and a few exclusions."""
    rng = random.Random(seed)
    first = date(2026, 1, 1)
    origin = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    people = []
    for i in range(persons):
        arrive = origin + timedelta(hours=rng.randrange(0, 24 * 10))
        leave = None if rng.random() < 0.8 else arrive + timedelta(days=rng.randrange(5, days))
        stays = (Stay(f"P{i % 10:02d}", rng.choice(("remand", "sentenced", "preventive_detention")), arrive, leave),)
        contacts, unlock = [], []
        for d in range(days):
            morning = origin + timedelta(days=d, hours=7 + rng.randrange(0, 4))
            contacts.append(Contact("association", morning, morning + timedelta(minutes=rng.randrange(0, 480))))
            unlock.append(Session(morning, morning + timedelta(minutes=rng.randrange(15, 600))))
            if rng.random() < 0.15:  # now and then across midnight, so days share a session
                night = origin + timedelta(days=d, hours=21, minutes=rng.randrange(0, 180))
                contacts.append(Contact("association", night, night + timedelta(minutes=rng.randrange(30, 300))))
        exclusions = []
        for k in range(rng.randrange(0, 3)):
            start = origin + timedelta(hours=rng.randrange(0, 24 * days))
            length = timedelta(hours=rng.choice((6, 30, 24 * 14, 24 * 50)))
            open_ended = rng.random() < 0.2  # still in force at the end of the period
            exclusions.append(Exclusion(f"E{k}", rng.choice(("full", "partial")), rng.choice(GROUNDS),
                                        start, None if open_ended else start + length))
        people.append(Person(id=f"S{i:05d}", stays=stays, exclusions=tuple(exclusions),
                             contacts=tuple(contacts), unlock=tuple(unlock)))
    end = first + timedelta(days=days)
    return Scenario(timezone="Europe/Oslo", census_time=clock(12, 0), period_start=first, period_end=end,
                    evaluated_at=datetime.combine(end, clock(0), tzinfo=UTC), persons=tuple(people))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m fellesskap.stats.bench")
    p.add_argument("--persons", type=int, default=3000)
    p.add_argument("--days", type=int, default=90)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    started = time.perf_counter()
    scenario = synthetic_scenario(args.persons, args.days, args.seed)
    print(f"scenario: {args.persons} persons, {args.days} days, built in {time.perf_counter() - started:.2f} s")
    options = {"month": {"month": (2026, 2)}, "date": {"on": date(2026, 2, 18)},
               "range": {"start": date(2026, 1, 1), "end": date(2026, 4, 1)}}
    for name, spec in TABLES.items():
        t0 = time.perf_counter()
        rows = compute_table(scenario, name, **options[spec.option])
        print(f"{name:12s} {time.perf_counter() - t0:7.2f} s  {len(rows):4d} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
