"""The stored ledger's part of ``make bench``: one registration, through the
records action and the on-commit refresh, on a SQLite database holding a
realistic amount of records (docs/performance.md).

It makes its own database in a temporary directory (never the project's), so
it must run before Django is set up in the process.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time as clock
from datetime import timedelta


def _insert_sessions(people, prison, officer, now, first, days, plan) -> int:
    """Six sessions a person a day for the year, written with one ``executemany``
    (``bulk_create`` of half a million model instances would take minutes)."""
    import uuid

    from django.db import connection

    from fellesskap.records.models import TimeSession

    fields = [f for f in TimeSession._meta.concrete_fields if not f.primary_key]
    constant = {"version": 1, "created_at": now, "created_by": officer.pk, "prison": prison.pk, "backdated": False,
                "backdate_reason": "", "note": "", "withdrawn_reason": ""}
    prep = {f.attname: f for f in fields}

    def value(name, v):
        return prep[name].get_db_prep_save(v, connection)

    const = {f.attname: value(f.attname, constant.get(f.name)) for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {TimeSession._meta.db_table} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    count = 0
    with connection.cursor() as cursor:
        for person in people:
            rows = []
            for d in range(days - 1):
                base = first + timedelta(days=d)
                for category, kind, counterpart, hour, minutes in plan:
                    s = base + timedelta(hours=hour)
                    row = dict(const, public_id=value("public_id", uuid.uuid4()), person_id=person.pk,
                               category=category, kind=kind, counterpart=counterpart, start=value("start", s),
                               end=value("end", s + timedelta(minutes=minutes)))
                    rows.append(tuple(row[f.attname] for f in fields))
            cursor.executemany(sql, rows)
            count += len(rows)
    return count


def incremental_bench(persons: int = 100, days: int = 365, repeats: int = 7) -> dict[str, float]:
    """Median seconds of (a) a registration with its refresh, (b) the refresh alone;
    and the seconds of ``fellesskap ledger rebuild`` of the whole database
    (``persons`` at :data:`CHUNK` or fewer is one chunk of the rebuild, so
    the national figure is this times the number of chunks)."""
    tmp = tempfile.mkdtemp(prefix="fellesskap-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellesskap.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from fellesskap.ledgerstore.rebuild import rebuild
    from fellesskap.ledgerstore.refresh import refresh_person
    from fellesskap.records import actions
    from fellesskap.records.models import Category
    from fellesskap.registry import roles as R
    from fellesskap.registry.tests import helpers as h

    now = timezone.now().replace(second=0, microsecond=0)
    prison = h.make_prison("BENCH")
    unit = h.make_unit(prison, "A")
    officer = h.user_with_role(R.OFFICER, prison)
    leader = h.user_with_role(R.UNIT_LEADER, prison)
    people = []
    for _ in range(persons):
        person = h.make_person(prison)
        h.make_stay(person, prison, now - timedelta(days=days + 1), unit=unit)
        people.append(person)
    # Six sessions a person a day for the year (bulk: the actions would take hours).
    plan = ((Category.UNLOCK, "", "", 8, 30), (Category.OUTDOOR, "", "", 10, 60),
            (Category.CONTACT, "association", "prisoners", 14, 120),
            (Category.CONTACT, "staff_conversation", "officer", 11, 15), (Category.CONTACT, "phone", "visitor", 18, 10),
            (Category.UNLOCK, "", "", 19, 30))
    first = (now - timedelta(days=days)).replace(hour=0, minute=0)
    count = _insert_sessions(people, prison, officer, now, first, days, plan)
    target = people[0]
    draft = actions.do_create_exclusion(actor=leader, person=target, scope="full", ground="order_and_security",
                                        start=now - timedelta(days=40), end=now - timedelta(days=20),
                                        letter={"reasons": "bench", "own_statement": "bench"}, backdate_reason="bench")
    actions.do_put_in_force(actor=leader, exclusion=draft)
    t0, c0 = clock.perf_counter(), clock.process_time()
    rebuild(at=now)
    rebuild_s, rebuild_cpu = clock.perf_counter() - t0, clock.process_time() - c0
    with_action, refresh_only, cpu = [], [], []
    for i in range(repeats):
        start = now - timedelta(hours=6, minutes=10 * i)
        t0, c0 = clock.perf_counter(), clock.process_time()
        # Autocommit outside any transaction: the action commits, and the
        # on-commit refresh runs before it returns.
        actions.do_register_session(actor=officer, person=target, category=Category.CONTACT, kind="health",
                                    counterpart="health", start=start, end=start + timedelta(minutes=5))
        with_action.append(clock.perf_counter() - t0)
        cpu.append(clock.process_time() - c0)
        t0 = clock.perf_counter()
        refresh_person(target, since=start)
        refresh_only.append(clock.perf_counter() - t0)
    return {"sessions": float(count), "persons": float(persons), "rebuild": rebuild_s, "rebuild_cpu": rebuild_cpu,
            "with_action": statistics.median(with_action),
            "with_action_cpu": statistics.median(cpu), "refresh": statistics.median(refresh_only)}
