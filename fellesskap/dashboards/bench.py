"""The leader dashboard's part of ``make bench`` (issue #7 item 10: at most 500 ms).

    python -m fellesskap.dashboards.bench [--prisons 40] [--persons 3200] [--weeks 12] [--repeat 7]

Builds, in a SQLite file in a temporary directory (never the project's
database), a national-sized population written in bulk: ``--persons`` held
now across ``--prisons`` prisons in five regions (the first prison, the one
measured, holds about an eighth of them in six units), each with a stored
ledger row (LedgerDay) for every day of the last ``--weeks`` weeks, a pending
deadline or two and some open deviations. The national demo holds about 3,200
persons at a time; the ledger rows are synthetic because rebuilding the demo's
ledger takes far longer than the bench. Then it times a prison leader's
``GET /dashboards/prison/`` through Django's test client (view, queries,
template, audit event: the server's time), and the region and directorate
dashboards for comparison. Median of ``--repeat`` after one warm-up.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time as clock
from datetime import timedelta

from fellesskap.benchsetup import setup_django

TARGET_MS = 500


def _setup():
    setup_django("fellesskap-dash-bench-")


def build(prisons: int, persons: int, weeks: int, seed: int = 1):
    """The population; returns (first prison, its region code)."""
    from django.utils import timezone

    from fellesskap.alerts.models import Deadline, Deviation
    from fellesskap.ledgerstore.models import LedgerDay
    from fellesskap.registry.models import Person, Placement, Stay
    from fellesskap.registry.tests import helpers as h

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate(now)
    loader = h.make_user("bench-loader")
    regions = ("east", "south", "southwest", "west", "north")
    all_prisons = [h.make_prison(f"P{i:02d}", regions[i % len(regions)]) for i in range(prisons)]
    units = {p.pk: [h.make_unit(p, f"Unit {k}") for k in range(6 if i == 0 else 3)]
             for i, p in enumerate(all_prisons)}
    weights = [persons // 8] + [1] * (prisons - 1)
    first_share = weights[0]
    homes = [all_prisons[0]] * first_share + [all_prisons[1 + i % (prisons - 1)] for i in range(persons - first_share)]
    people = Person.objects.bulk_create([
        Person(identity_kind=Person.IdentityKind.UNKNOWN, alias=f"Bench {i}", sex="male", registered_in=p,
               created_at=now, created_by=loader) for i, p in enumerate(homes)], batch_size=2000)
    start = now - timedelta(weeks=weeks, days=1)
    stays = Stay.objects.bulk_create([
        Stay(person=person, prison=p, start=start, arrival_reason=Stay.Arrival.ARREST, created_at=now,
             created_by=loader) for person, p in zip(people, homes, strict=True)], batch_size=2000)
    Placement.objects.bulk_create([
        Placement(stay=s, unit=rng.choice(units[s.prison_id]), start=start, created_at=now, created_by=loader)
        for s in stays], batch_size=2000)
    days = [today - timedelta(days=d) for d in range(weeks * 7)]
    rows = []
    for person in people:
        streak = 0
        isolated_person = rng.random() < 0.08
        for d in reversed(days):
            iso = isolated_person and rng.random() < 0.9
            streak = streak + 1 if iso else 0
            contact = rng.randrange(0, 110) if iso else rng.randrange(60, 400)
            rows.append(LedgerDay(person=person, date=d, custody_minutes=1440, contact_minutes=contact,
                                  association_minutes=0, outdoor_minutes=0, out_of_cell_minutes=contact,
                                  no_contact_minutes=1440 - contact, isolated=iso,
                                  cause=("unregistered" if rng.random() < 0.1 else "full_exclusion:order") if iso
                                  else "", isolated_streak=streak, computed_at=now))
        if len(rows) > 20000:
            LedgerDay.objects.bulk_create(rows, batch_size=5000)
            rows = []
    LedgerDay.objects.bulk_create(rows, batch_size=5000)
    Deadline.objects.bulk_create([
        Deadline(person=person, prison=p, rule="no.review", pack="no", pack_version="1", first_seen_at=now,
                 refreshed_at=now, subject=f"d{i}", due=now + timedelta(hours=rng.randrange(1, 24 * 14)),
                 status="pending", responsible_role="prison_leader", warn_from=now)
        for i, (person, p) in enumerate(zip(people, homes, strict=True)) if rng.random() < 0.3], batch_size=2000)
    Deviation.objects.bulk_create([
        Deviation(kind="unregistered_isolation", severity="high", person=person, prison=p, cause=f"c{i}", date=today,
                  created_at=now, created_by=loader)
        for i, (person, p) in enumerate(zip(people, homes, strict=True)) if rng.random() < 0.05], batch_size=2000)
    return all_prisons[0], len(days) * len(people)


def _time(client, url: str, repeat: int) -> float:
    client.get(url)  # warm-up (template compilation, first queries)
    out = []
    for _ in range(repeat):
        t0 = clock.perf_counter()
        response = client.get(url)
        out.append(clock.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    return statistics.median(out) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fellesskap.dashboards.bench")
    ap.add_argument("--prisons", type=int, default=40)
    ap.add_argument("--persons", type=int, default=3200)
    ap.add_argument("--weeks", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    _setup()
    from django.test import Client

    from fellesskap.registry import roles as R
    from fellesskap.registry.tests import helpers as h

    t0 = clock.perf_counter()
    prison, ledger_rows = build(args.prisons, args.persons, args.weeks)
    print(f"dashboards: {args.persons} persons held in {args.prisons} prisons, {ledger_rows} ledger days "
          f"(built in {clock.perf_counter() - t0:.0f} s); measured prison holds "
          f"{prison.stays.count()} persons")
    figures = {}
    for name, role, url, scope in (
        ("leader dashboard (one prison)", R.PRISON_LEADER, "/dashboards/prison/", {"prisons": (prison,)}),
        ("region dashboard", R.REGION_ADVISOR, "/dashboards/region/", {"region": prison.region.code}),
        ("directorate dashboard", R.DIRECTORATE_ANALYST, "/dashboards/national/", {"national": True}),
    ):
        client = Client()
        prisons = scope.pop("prisons", ())
        client.force_login(h.user_with_role(role, *prisons, **scope))
        figures[name] = _time(client, url, args.repeat)
    leader = figures.pop("leader dashboard (one prison)")
    verdict = "PASS" if leader <= TARGET_MS else "FAIL"
    print(f"{verdict}  leader dashboard, server time (median of {args.repeat}): {leader:.0f} ms "
          f"(target <= {TARGET_MS} ms)")
    for name, ms in figures.items():
        print(f"      {name} (median of {args.repeat}): {ms:.0f} ms (no target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
