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
import random
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fellesskap.ledger import build_ledger
from fellesskap.scenario.model import CoerciveMeans, Contact, Exclusion, Person, Scenario, Session, Stay

OSLO = ZoneInfo("Europe/Oslo")
GROUNDS = ("order_and_security", "own_wish", "quarantine", "negative_influence", "building_or_staffing")


def synthetic_scenario(persons: int, days: int, seed: int = 1, start: date = date(2026, 1, 1)) -> Scenario:
    """A reproducible population; sessions are on whole minutes, like real records."""
    rnd = random.Random(seed)
    end = start + timedelta(days=days)
    midnights = [datetime.combine(start + timedelta(days=i), time(0), tzinfo=OSLO).astimezone(UTC)
                 for i in range(days)]
    people = []
    minute = timedelta(minutes=1)
    for p in range(persons):
        contacts, outdoor, unlock = [], [], []
        for m in midnights:
            def at(hour: int, spread: int = 30, m=m) -> datetime:
                return m + (hour * 60 + rnd.randint(-spread, spread)) * minute
            a = at(8)
            unlock.append(Session(a, a + rnd.randint(10, 40) * minute))
            o = at(10)
            outdoor.append(Session(o, o + rnd.randint(30, 70) * minute))
            s = at(14)
            contacts.append(Contact("association", s, s + rnd.randint(0, 180) * minute))
            c = at(11, 60)
            contacts.append(Contact("staff_conversation", c, c + rnd.randint(5, 30) * minute))
            t = at(18)
            contacts.append(Contact("phone", t, t + rnd.randint(5, 20) * minute))
            u = at(19)
            unlock.append(Session(u, u + rnd.randint(10, 60) * minute))
        exclusions = []
        for k in range(rnd.randint(0, 3)):
            s = midnights[rnd.randrange(days)] + rnd.randint(0, 1439) * minute
            e = None if rnd.random() < 0.05 else s + rnd.randint(60, 20 * 24 * 60) * minute
            exclusions.append(Exclusion(f"X{p}-{k}", rnd.choice(("full", "partial")), rnd.choice(GROUNDS), s, e))
        coercive = []
        if rnd.random() < 0.1:
            s = midnights[rnd.randrange(days)] + rnd.randint(0, 1439) * minute
            coercive.append(CoerciveMeans(f"C{p}", "security_cell", s, s + rnd.randint(30, 48 * 60) * minute))
        stay = Stay("OSL", "remand", midnights[0] - timedelta(days=30), None)
        people.append(Person(id=f"B{p:05d}", stays=(stay,), exclusions=tuple(exclusions),
                             coercive_means=tuple(coercive), contacts=tuple(contacts),
                             outdoor=tuple(outdoor), unlock=tuple(unlock)))
    return Scenario(timezone="Europe/Oslo", census_time=time(12), period_start=start, period_end=end,
                    evaluated_at=datetime.combine(end, time(0), tzinfo=OSLO).astimezone(UTC),
                    persons=tuple(people))


def _timed(fn):
    t0 = clock.perf_counter()
    result = fn()
    return result, clock.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fellesskap.bench")
    ap.add_argument("--persons", type=int, default=3000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reference-persons", type=int, default=3)
    ap.add_argument("--reference-days", type=int, default=7)
    args = ap.parse_args(argv)

    scenario, gen_s = _timed(lambda: synthetic_scenario(args.persons, args.days, args.seed))
    sessions = sum(len(p.contacts) + len(p.outdoor) + len(p.unlock) for p in scenario.persons)
    ledger, fast_s = _timed(lambda: build_ledger(scenario))
    person_days = args.persons * args.days
    print(f"population: {args.persons} persons x {args.days} days = {person_days} person-days, "
          f"{sessions} sessions ({sessions / person_days:.1f} per person-day); generated in {gen_s:.1f} s")
    print(f"fast build_ledger: {fast_s:.2f} s ({len(ledger.days)} days, {len(ledger.episodes)} episodes), "
          f"{fast_s / person_days * 1e6:.2f} us per person-day")

    from fellesskap.ledger.reference import reference_days, reference_episodes

    small = synthetic_scenario(args.reference_persons, args.reference_days, args.seed)
    _, small_fast = _timed(lambda: build_ledger(small))
    _, ref_s = _timed(lambda: [(reference_days(p, small), reference_episodes(p, small.evaluated_at))
                               for p in small.persons])
    small_pd = args.reference_persons * args.reference_days
    ref_per = ref_s / small_pd
    print(f"reference: {ref_s:.2f} s for {small_pd} person-days ({ref_per * 1e3:.1f} ms per person-day); "
          f"fast on the same slice {small_fast * 1e3:.1f} ms")
    print(f"speed-up over the reference (per person-day, full run vs reference slice): "
          f"{ref_per / (fast_s / person_days):.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
