"""The ledger's own loader: only the records the ledger reads, as plain values.

The records bridge (:mod:`fellesskap.records.bridge`) gives the rule engine
everything about a person — reviews, supervisions, week plans, incidents — as
one model instance per row. The stored ledger needs far less: custody (stays,
status periods, placements, unit lock-ins), the decisions (exclusions and
coercive means) and the time sessions. Sessions are most of the records (about
six per person-day), so this module reads them as ``values_list`` tuples: for
a bulk rebuild straight into the ledger's :class:`SessionFrame` columns (UTC
seconds computed by the database, no ``datetime`` per row), for the
incremental refresh as the few scenario sessions of a short window.

What is counted is exactly what the bridge counts (withdrawn rows left out,
exclusions only in :data:`states.COUNTED`, stays split at each status and
placement, unit lock-ins as collective full exclusions): the stays and lock-ins
go through the bridge's own helpers, and a test compares the two loaders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from django.db.models import BigIntegerField, Func, Q

from fellesskap.ledger.build import _category
from fellesskap.ledger.columnar import OUTDOOR, UNLOCK, SessionFrame
from fellesskap.ledger.intervals import to_seconds
from fellesskap.records import states
from fellesskap.records.bridge import _lock_in_exclusions, _scenario_stays
from fellesskap.records.models import Category, CoerciveMeans, Exclusion, TimeSession, UnitLockIn
from fellesskap.registry import models as reg
from fellesskap.scenario import model as m

# Ids per query, within every database's limit on parameters.
IDS = 500


class Epoch(Func):
    """Whole UTC seconds since the epoch of a datetime column, computed by the
    database (``math.floor`` of the instant, as :func:`to_seconds` does)."""

    output_field = BigIntegerField()

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL and the default
        return super().as_sql(compiler, connection, template="CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) "
                                                             "AS BIGINT)", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores aware datetimes in SQLite as UTC text; %s drops the fraction (instants are after 1970).
        # Escaped twice: once for the template, once for the backend's own parameter formatting.
        return super().as_sql(compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)",
                              **extra)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _chunks(ids: Sequence[int]):
    for i in range(0, len(ids), IDS):
        yield ids[i:i + IDS]


def decision_persons(persons: Sequence[tuple[int, object]]) -> list[m.Person]:
    """Stays and decisions of ``persons`` (pairs of pk and public id), no sessions, in the given order.

    A dozen queries per :data:`IDS` persons, whatever their number of records.
    """
    out: list[m.Person] = []
    for part in _chunks(list(persons)):
        pks = [pk for pk, _ in part]
        stays: dict[int, list] = defaultdict(list)
        for s in reg.Stay.objects.filter(person_id__in=pks).select_related("prison").order_by("start"):
            stays[s.person_id].append(s)
        stay_ids = [s.pk for rows in stays.values() for s in rows]
        statuses: dict[int, list] = defaultdict(list)
        placements: dict[int, list] = defaultdict(list)
        for sid in _chunks(stay_ids):
            for r in reg.StatusPeriod.objects.filter(stay_id__in=sid).order_by("start"):
                statuses[r.stay_id].append(r)
            for r in reg.Placement.objects.filter(stay_id__in=sid).select_related("unit").order_by("start"):
                placements[r.stay_id].append(r)
        unit_ids = sorted({p.unit_id for rows in placements.values() for p in rows})
        lock_ins: dict[int, list] = defaultdict(list)
        for uid in _chunks(unit_ids):
            for r in UnitLockIn.objects.filter(unit_id__in=uid).order_by("start"):
                lock_ins[r.unit_id].append(r)
        exclusions: dict[int, list] = defaultdict(list)
        for pk, public_id, scope, ground, start, end in Exclusion.objects.filter(
                person_id__in=pks, state__in=states.COUNTED).values_list(
                "person_id", "public_id", "scope", "ground", "start", "end"):
            exclusions[pk].append(m.Exclusion(id=str(public_id), scope=scope, ground=ground, start=_utc(start),
                                              end=_utc(end)))
        means: dict[int, list] = defaultdict(list)
        for pk, public_id, kind, start, end, reason in CoerciveMeans.objects.filter(person_id__in=pks).values_list(
                "person_id", "public_id", "kind", "start", "end", "reason"):
            means[pk].append(m.CoerciveMeans(id=str(public_id), kind=kind, start=_utc(start), end=_utc(end),
                                             reason=reason or None))
        for pk, public_id in part:
            pieces: list[m.Stay] = []
            placed: list = []
            for stay in stays.get(pk, ()):
                pieces.extend(_scenario_stays(stay, statuses.get(stay.pk, []), placements.get(stay.pk, []), None))
                placed.extend(placements.get(stay.pk, []))
            xs = exclusions.get(pk, []) + _lock_in_exclusions(placed, lock_ins, None)
            out.append(m.Person(
                id=str(public_id), stays=tuple(pieces),
                exclusions=tuple(sorted(xs, key=lambda e: (e.start, e.id))),
                coercive_means=tuple(sorted(means.get(pk, ()), key=lambda c: (c.start, c.id)))))
    return out


def _sessions_after(qs, sessions_from: datetime | None):
    return qs if sessions_from is None else qs.filter(Q(end__isnull=True) | Q(end__gt=sessions_from))


def session_frame(pks: Sequence[int], evaluated_at: datetime, sessions_from: datetime | None = None
                  ) -> SessionFrame:
    """The sessions of the persons ``pks`` as columns (person = index in ``pks``),
    evaluated at ``evaluated_at`` exactly as :func:`fellesskap.ledger.build.session_frame` does:
    open sessions end there, those starting at or after it are left out."""
    at = to_seconds(evaluated_at)
    index = {pk: i for i, pk in enumerate(pks)}
    kinds: dict[tuple[str, str], int] = {}
    person: list[int] = []
    cat: list[int] = []
    st: list[int] = []
    en: list[int] = []
    for part in _chunks(list(pks)):
        rows = _sessions_after(TimeSession.objects.filter(person_id__in=part), sessions_from).values_list(
            "person_id", "category", "kind", Epoch("start"), Epoch("end"))
        for pk, category, kind, s, e in rows.iterator(chunk_size=20000):
            if s >= at:
                continue
            e = at if e is None else min(e, at)
            if e <= s:
                continue
            key = (category, kind)
            c = kinds.get(key)
            if c is None:
                c = kinds[key] = (OUTDOOR if category == Category.OUTDOOR else UNLOCK if category == Category.UNLOCK
                                  else _category(kind))
            person.append(index[pk])
            cat.append(c)
            st.append(s)
            en.append(e)
    return SessionFrame(np.asarray(person, dtype=np.int64), np.asarray(cat, dtype=np.int8),
                        np.asarray(st, dtype=np.int64), np.asarray(en, dtype=np.int64))


def with_sessions(person: m.Person, pk: int, sessions_from: datetime | None) -> m.Person:
    """One person's record with their sessions (from ``sessions_from`` on) as
    scenario records, for the per-person sweep of the incremental refresh."""
    contacts, outdoor, unlock = [], [], []
    rows = _sessions_after(TimeSession.objects.filter(person_id=pk), sessions_from).order_by("start", "pk")
    for category, kind, start, end in rows.values_list("category", "kind", "start", "end"):
        if category == Category.CONTACT:
            contacts.append(m.Contact(kind=kind, start=_utc(start), end=_utc(end)))
        elif category == Category.OUTDOOR:
            outdoor.append(m.Session(start=_utc(start), end=_utc(end)))
        elif category == Category.UNLOCK:
            unlock.append(m.Session(start=_utc(start), end=_utc(end)))
    return m.Person(id=person.id, stays=person.stays, exclusions=person.exclusions,
                    coercive_means=person.coercive_means, contacts=tuple(contacts), outdoor=tuple(outdoor),
                    unlock=tuple(unlock))
