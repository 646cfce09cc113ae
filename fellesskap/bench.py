"""``make bench``: how fast is a full rebuild of the ledger? (docs/performance.md)

A synthetic prison population (no real data): every person in custody all year,
about six sessions a day (unlock, outdoor, association, staff conversation,
phone, and an evening unlock), a few exclusions and the odd security-cell
placement. It times ``build_ledger`` on the whole population and, on a small
slice, the sampling reference, and prints the figures.

    python -m fellesskap.bench [--persons 3000] [--days 365] [--seed 1]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import resource
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from fellesskap.ledger import build_ledger
from fellesskap.ledger.columnar import ASSOCIATION, CONTACT, OTHER, OUTDOOR, UNLOCK, SessionFrame
from fellesskap.ledger.intervals import to_seconds
from fellesskap.scenario.model import CoerciveMeans, Contact, Exclusion, Person, Scenario, Session, Stay

OSLO = ZoneInfo("Europe/Oslo")
GROUNDS = ("order_and_security", "own_wish", "quarantine", "negative_influence", "building_or_staffing")


# (category, kind, hour of day, spread in minutes, shortest and longest duration in minutes)
SESSIONS = (
    (UNLOCK, None, 8, 30, 10, 40),
    (OUTDOOR, None, 10, 30, 30, 70),
    (ASSOCIATION, "association", 14, 30, 0, 180),
    (CONTACT, "staff_conversation", 11, 60, 5, 30),
    (OTHER, "phone", 18, 30, 5, 20),
    (UNLOCK, None, 19, 30, 10, 60),
)


def synthetic_population(persons: int, days: int, seed: int = 1, start: date = date(2026, 1, 1)
                         ) -> tuple[Scenario, SessionFrame]:
    """A reproducible population: persons with stays and decisions, and their sessions as columns.

    Sessions are on whole minutes, like real records. Six a day per person.
    """
    rnd = random.Random(seed)
    rng = np.random.default_rng(seed)
    end = start + timedelta(days=days)
    midnights = np.asarray([to_seconds(datetime.combine(start + timedelta(days=i), time(0), tzinfo=OSLO))
                            for i in range(days)], dtype=np.int64)
    first = datetime.fromtimestamp(int(midnights[0]), UTC)
    people = []
    for p in range(persons):
        exclusions = []
        for k in range(rnd.randint(0, 3)):
            s = first + timedelta(days=rnd.randrange(days), minutes=rnd.randint(0, 1439))
            e = None if rnd.random() < 0.05 else s + timedelta(minutes=rnd.randint(60, 20 * 24 * 60))
            exclusions.append(Exclusion(f"X{p}-{k}", rnd.choice(("full", "partial")), rnd.choice(GROUNDS), s, e))
        coercive = []
        if rnd.random() < 0.1:
            s = first + timedelta(days=rnd.randrange(days), minutes=rnd.randint(0, 1439))
            coercive.append(CoerciveMeans(f"C{p}", "security_cell", s, s + timedelta(minutes=rnd.randint(30, 2880))))
        stay = Stay("OSL", "remand", first - timedelta(days=30), None)
        people.append(Person(id=f"B{p:05d}", stays=(stay,), exclusions=tuple(exclusions),
                             coercive_means=tuple(coercive)))
    cols = {"person": [], "category": [], "start": [], "end": []}
    pp, dd = np.meshgrid(np.arange(persons, dtype=np.int64), np.arange(days), indexing="ij")
    pp, dd = pp.ravel(), dd.ravel()
    for category, _kind, hour, spread, shortest, longest in SESSIONS:
        s = midnights[dd] + (hour * 60 + rng.integers(-spread, spread + 1, len(dd))) * 60
        cols["person"].append(pp)
        cols["category"].append(np.full(len(dd), category, dtype=np.int8))
        cols["start"].append(s)
        cols["end"].append(s + rng.integers(shortest, longest + 1, len(dd)) * 60)
    frame = SessionFrame(*(np.concatenate(cols[k]) for k in ("person", "category", "start", "end")))
    keep = frame.end > frame.start
    frame = SessionFrame(frame.person[keep], frame.category[keep], frame.start[keep], frame.end[keep])
    scenario = Scenario(timezone="Europe/Oslo", census_time=time(12), period_start=start, period_end=end,
                        evaluated_at=datetime.combine(end, time(0), tzinfo=OSLO).astimezone(UTC),
                        persons=tuple(people))
    return scenario, frame


def with_sessions(scenario: Scenario, frame: SessionFrame) -> Scenario:
    """The same population with its sessions as records (for the reference and the conversion)."""
    kinds = {CONTACT: "staff_conversation", ASSOCIATION: "association", OTHER: "phone"}
    records: dict[int, dict[str, list]] = {}
    for p, c, s, e in zip(frame.person.tolist(), frame.category.tolist(), frame.start.tolist(),
                          frame.end.tolist(), strict=True):
        r = records.setdefault(p, {"contacts": [], "outdoor": [], "unlock": []})
        a, z = datetime.fromtimestamp(s, UTC), datetime.fromtimestamp(e, UTC)
        if c == OUTDOOR:
            r["outdoor"].append(Session(a, z))
        elif c == UNLOCK:
            r["unlock"].append(Session(a, z))
        else:
            r["contacts"].append(Contact(kinds[c], a, z))
    persons = tuple(
        dataclasses.replace(person, **{k: tuple(v) for k, v in records.get(i, {}).items()})
        for i, person in enumerate(scenario.persons))
    return dataclasses.replace(scenario, persons=persons)


def _timed(fn):
    """Result, wall seconds; the CPU seconds of the last call are kept in ``_timed.cpu``.

    Both are printed: on a shared machine the wall time says more about the
    neighbours than about the code.
    """
    c0, t0 = clock.process_time(), clock.perf_counter()
    result = fn()
    _timed.cpu = clock.process_time() - c0
    return result, clock.perf_counter() - t0


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def one_person_document(scenario: Scenario, frame: SessionFrame) -> dict:
    """The first person of the population, all days, as a scenario document (scenario-format.md)."""
    from fellesskap.records.scenario_io import to_document

    keep = frame.person == 0
    one = SessionFrame(frame.person[keep], frame.category[keep], frame.start[keep], frame.end[keep])
    return to_document(with_sessions(dataclasses.replace(scenario, persons=scenario.persons[:1]), one))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fellesskap.bench")
    ap.add_argument("--persons", type=int, default=3000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--convert-persons", type=int, default=300,
                    help="persons whose sessions are also timed as Python records")
    ap.add_argument("--reference-persons", type=int, default=3)
    ap.add_argument("--reference-days", type=int, default=7)
    ap.add_argument("--db-persons", type=int, default=20,
                    help="persons with a year of sessions in the SQLite database of the stored-rebuild and "
                         "incremental figures (building it takes minutes per hundred persons)")
    ap.add_argument("--no-db", action="store_true", help="skip the incremental figure (needs Django)")
    args = ap.parse_args(argv)
    results: list[tuple[str, str, str, bool]] = []

    (scenario, frame), gen_s = _timed(lambda: synthetic_population(args.persons, args.days, args.seed))
    person_days = args.persons * args.days
    print(f"population: {args.persons} persons x {args.days} days = {person_days} person-days, "
          f"{len(frame.start)} sessions ({len(frame.start) / person_days:.1f} per person-day), "
          f"{sum(len(p.exclusions) for p in scenario.persons)} exclusions; generated in {gen_s:.1f} s")
    ledger, fast_s = _timed(lambda: build_ledger(scenario, sessions=frame))
    fast_cpu = _timed.cpu
    print(f"full rebuild, sessions as columns: {fast_s:.2f} s wall, {fast_cpu:.2f} s CPU "
          f"({len(ledger.days)} days, {len(ledger.episodes)} episodes; "
          f"{fast_s / person_days * 1e6:.1f} us per person-day)")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          "(other work on the machine inflates wall times)")
    # Peak resident memory of the process so far: the population, its sessions and its ledger.
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.append(("full rebuild of the national year", f"{fast_s:.2f} s wall ({fast_cpu:.2f} s CPU)", "<= 10 s",
                    fast_s <= 10))
    results.append(("peak memory, national year", f"{peak_mib:.0f} MiB", "<= 1024 MiB", peak_mib <= 1024))

    n = min(args.convert_persons, args.persons)
    keep = frame.person < n
    part = SessionFrame(frame.person[keep], frame.category[keep], frame.start[keep], frame.end[keep])
    sub = with_sessions(dataclasses.replace(scenario, persons=scenario.persons[:n]), part)
    _, conv_s = _timed(lambda: build_ledger(sub))
    print(f"from Python records (datetime conversion included), {n} persons: {conv_s:.2f} s wall, "
          f"{_timed.cpu:.2f} s CPU "
          f"(x{args.persons / n:.0f} = {conv_s * args.persons / n:.1f} s for the whole population)")

    from fellesskap.ledger.reference import reference_days, reference_episodes

    small, small_frame = synthetic_population(args.reference_persons, args.reference_days, args.seed)
    small = with_sessions(small, small_frame)
    _, ref_s = _timed(lambda: [(reference_days(p, small), reference_episodes(p, small.evaluated_at))
                               for p in small.persons])
    small_pd = args.reference_persons * args.reference_days
    ref_per = ref_s / small_pd
    ref_cpu = _timed.cpu
    print(f"reference (time sampling): {ref_s:.2f} s wall, {ref_cpu:.2f} s CPU for {small_pd} person-days "
          f"({ref_per * 1e3:.1f} ms per person-day)")
    print(f"speed-up of the full rebuild over the reference, per person-day: "
          f"{ref_per / (fast_s / person_days):.0f}x wall, {ref_cpu / fast_cpu * person_days / small_pd:.0f}x CPU")
    speedup = ref_per / (fast_s / person_days)
    results.append(("rebuild speed-up over the reference (same run)", f"{speedup:.0f}x", ">= 20x", speedup >= 20))

    from fellesskap.scenario.cli import evaluate_document

    doc = one_person_document(scenario, frame)
    evaluate_document(doc)  # warm-up: imports and rule packs are loaded once per process
    runs = []
    for _ in range(5):
        _, one_s = _timed(lambda: evaluate_document(doc))
        runs.append(one_s)
    one_s = sorted(runs)[len(runs) // 2]
    results.append((f"evaluate one person x {args.days} days (parse, ledger, rules; median of 5)",
                    f"{one_s * 1e3:.0f} ms", "<= 200 ms", one_s <= 0.2))

    if not args.no_db:
        from fellesskap.ledgerstore.bench import incremental_bench

        inc = incremental_bench(persons=args.db_persons, days=args.days)
        scale = args.persons / inc["persons"]
        print(f"incremental: SQLite with {inc['persons']:.0f} persons, {inc['sessions']:.0f} sessions; "
              f"refresh alone {inc['refresh'] * 1e3:.0f} ms (median)")
        # The stored rebuild works in chunks of persons, each read, computed and written on its own, so
        # its time grows linearly with the persons: the national figure is this slice's times the scale.
        print(f"stored rebuild (`fellesskap ledger rebuild`, SQLite, sessions read as columns), "
              f"{inc['persons']:.0f} persons x {args.days} days: {inc['rebuild']:.1f} s wall, "
              f"{inc['rebuild_cpu']:.1f} s CPU; extrapolated to {args.persons} persons (x{scale:.0f}): "
              f"{inc['rebuild'] * scale:.0f} s wall, {inc['rebuild_cpu'] * scale:.0f} s CPU")
        results.append((f"stored rebuild, national year (slice of {inc['persons']:.0f} persons x{scale:.0f})",
                        f"{inc['rebuild'] * scale:.0f} s wall ({inc['rebuild_cpu'] * scale:.0f} s CPU)",
                        "information: minutes at most", inc["rebuild"] * scale <= 300))
        results.append(("incremental update after one registration (action + refresh, median of 7)",
                        f"{inc['with_action'] * 1e3:.0f} ms wall ({inc['with_action_cpu'] * 1e3:.0f} ms CPU)", "<= 50 ms", inc["with_action"] <= 0.05))

    print(f"\nload average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, figure, target, ok in results:
        print(f"{verdict(ok)}  {name}: {figure} (target {target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
