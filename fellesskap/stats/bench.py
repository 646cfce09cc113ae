"""Benchmark of the statistics tables on a synthetic scenario (no real data).

    python -m fellesskap.stats.bench [--persons 3000] [--days 90] [--seed 1]
    python -m fellesskap.stats.bench --demo [--seed 1] [--repeat 3]

Prints the seconds each table takes through ``compute_table`` (ledger
included, as ``fellesskap stats`` runs it). ``--demo`` measures on the
national demo year (``fellesskap.demo``, seed 1, 2025, about 11,000 persons
held during the year): the whole monthly publication for the nation, the
same for all twelve months, one table for one prison-month, the day
measurement of one national day, and the PDF of a month. Speed is measured
here, not asserted in tests; docs/performance.md has the figures.
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


def _timed(label: str, repeat: int, fn):
    """Runs ``fn`` ``repeat`` times; prints the first run and the best (the first pays imports and caches).

    Wall time is what a user waits; the CPU time of the best run is printed too,
    because on a shared, loaded machine the wall time is mostly waiting for a core.
    """
    times, cpus, result = [], [], None
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    best = min(range(len(times)), key=times.__getitem__)
    print(f"{label:58s} first {times[0]:6.3f} s   best {times[best]:6.3f} s   (cpu {cpus[best]:6.3f} s)")
    return result


def demo_bench(seed: int = 1, repeat: int = 3, month: str = "2025-03", prison: str = "ILA",
               day: date = date(2025, 3, 12), with_pdf: bool = True) -> None:
    from fellesskap.demo.export import to_scenario
    from fellesskap.demo.generate import generate_registry
    from fellesskap.demo.isolation import add_isolation_records
    from fellesskap.stats import daymeasure
    from fellesskap.stats.compute import census_days
    from fellesskap.stats.service import monthly_publication

    t0 = time.perf_counter()
    registry = generate_registry(seed, year=2025)
    records = add_isolation_records(registry, sessions=False)
    year = to_scenario(registry, date(2025, 1, 1), date(2026, 1, 1), records=records)
    decisions = sum(len(p.exclusions) for p in year.persons)
    print(f"demo year (seed {seed}): {len(year.persons)} persons, {decisions} exclusion decisions, "
          f"built in {time.perf_counter() - t0:.1f} s (not measured below)")
    y, m = (int(x) for x in month.split("-"))
    start = date(y, m, 1)
    end = date(y + (m == 12), m % 12 + 1, 1)
    pub = _timed(f"monthly publication, nation, {month}", repeat, lambda: monthly_publication(year, month))
    _timed("annual tables, nation, 2025: rates (per 100 inmates)", repeat,
           lambda: compute_table(year, "rates", start=date(2025, 1, 1), end=date(2026, 1, 1)))
    _timed("annual tables, nation, 2025: events (persons with an event)", repeat,
           lambda: compute_table(year, "events", start=date(2025, 1, 1), end=date(2026, 1, 1)))
    for name in ("durations", "incidents", "longest", "activity", "measures", "isolation_days", "association_days"):
        _timed(f"annual tables, nation, 2025: {name}", 1 if name.endswith("_days") else repeat,
               lambda n=name: compute_table(year, n, start=date(2025, 1, 1), end=date(2026, 1, 1)))
    _timed("monthly publication, nation, all 12 months of 2025", 1,
           lambda: [monthly_publication(year, f"2025-{k:02d}") for k in range(1, 13)])
    one = to_scenario(registry, start, end, prison=prison, records=records)
    print(f"prison-month {prison} {month}: {len(one.persons)} persons")
    for name in ("started", "stock", "long", "coercive"):
        option = {"started": {"month": (y, m)}, "long": {"month": (y, m)},
                  "stock": {"on": end - timedelta(days=1)}, "coercive": {"start": start, "end": end}}[name]
        _timed(f"one table for one prison-month: {name}", repeat, lambda n=name, o=option: compute_table(one, n, **o))
    _timed(f"monthly publication, prison:{prison}, {month}", repeat,
           lambda: monthly_publication(one, month, area=f"prison:{prison}"))
    day_records = add_isolation_records(registry, start=day, end=day + timedelta(days=1))
    national_day = to_scenario(registry, day, day + timedelta(days=1), records=day_records)
    measured = _timed(f"day measurement, nation, {day} (ledger day + summary)", repeat,
                      lambda: daymeasure.result(daymeasure.measure(national_day, census_days(national_day, day), day)))
    nation = measured["nation"]
    print(f"  {nation['persons']} persons, raw share under 2 h {nation['raw_share_under_2h']}, "
          f"adjusted {nation['adjusted_share_under_2h']}")
    if with_pdf:
        try:
            import os

            import django
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellesskap.settings")
            django.setup()
            from fellesskap.stats import pdf
            _timed(f"PDF of the national publication {month} (bokmål)", 1,
                   lambda: pdf.publication_pdf(list(pub.tables.values()), period=month, area="nation",
                                               data_instant=pub.data_instant, language="nb"))
        except ImportError as exc:  # WeasyPrint or pango missing: `make pdf-deps`
            print(f"PDF skipped: {exc}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m fellesskap.stats.bench")
    p.add_argument("--persons", type=int, default=3000)
    p.add_argument("--days", type=int, default=90)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--demo", action="store_true", help="measure on the national demo year instead")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    if args.demo:
        demo_bench(args.seed, args.repeat)
        return 0
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
