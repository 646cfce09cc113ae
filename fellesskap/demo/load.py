"""Loads the generated registry (stage 1 of the demo) into the database.

Why bulk and not through the registry's command layer: the command layer saves
and audits one record at a time, which for ~11,000 persons and ~40,000 stays,
placements and status periods would take minutes; ``make demo`` must be ready
in seconds. The loader therefore writes every row with ``bulk_create`` in one
transaction, writes the version-1 snapshot of every versioned record itself
(so that each record's history reads as for any other record), and records the
load once in :class:`~fellesskap.demo.models.DemoDataset` (and one summarising
audit event when the audit service is available) instead of one audit row per
record.

Idempotent: a second load of the same seed, year and scale finds the dataset
row and adds nothing; loading a different demo while one is present is refused
unless ``replace=True``, which first removes the previous demo's rows.
"""

from __future__ import annotations

import heapq
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from fellesskap import vocabulary as voc
from fellesskap.demo.generate import Registry
from fellesskap.demo.isolation import IsolationRecords
from fellesskap.demo.load_records import load_isolation_records, remove_isolation_records
from fellesskap.demo.models import DemoDataset
from fellesskap.registry import models as rm
from fellesskap.registry import roles
from fellesskap.registry.versioning import record_type, snapshot

LOADER_USERNAME = "demo-loader"
DEMO_PRISON = "OSL"  # the named prison of the prison-level demo users (Oslo fengsel)
DEMO_REGION = "east"
DECIDER = "prison-leader"  # the demo user who decides the demo's exclusions and coercive means
_BATCH = 2000


@dataclass(frozen=True)
class DemoLogin:
    """One demo log-in to print: the user, its role and what it may see."""

    username: str
    role: str
    scope: str


# (username suffix, role, scope, prisons or region) — scoped as the role would be in real use.
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("officer", roles.OFFICER, "prisons"),
    ("unit-leader", roles.UNIT_LEADER, "prisons"),
    ("prison-leader", roles.PRISON_LEADER, "prisons"),
    ("health", roles.HEALTH_STAFF, "prisons"),
    ("region-advisor", roles.REGION_ADVISOR, "region"),
    ("analyst", roles.DIRECTORATE_ANALYST, "national"),
    ("board", roles.SUPERVISORY_BOARD_MEMBER, "region_prisons"),  # a board sees its region's prisons
    ("inspector", roles.INSPECTOR, "national"),
    ("admin", roles.ADMINISTRATOR, "national"),
)


@dataclass
class LoadResult:
    """What a load did: ``created`` False when the same demo was already there."""

    created: bool
    dataset: DemoDataset
    logins: list[DemoLogin] = field(default_factory=list)
    password: str = ""


class DemoLoadError(Exception):
    """A demo cannot be loaded as asked (e.g. another demo is already present)."""


def demo_password() -> str:
    """The local demo password, made once per checkout and kept under ``var/``.

    Printed on every run so that it is never lost; it is only for the local
    demo users, which exist only in a database loaded with ``fellesskap demo``.
    """
    path = Path(getattr(settings, "VAR_DIR", settings.BASE_DIR.parent / "var")) / "demo_password"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(f"demo-{secrets.token_urlsafe(9)}")
        path.chmod(0o600)
    return path.read_text().strip()


def load_registry(registry: Registry, *, replace: bool = False, password: str | None = None,
                  records: dict[str, IsolationRecords] | None = None, sessions_from: date | None = None
                  ) -> LoadResult:
    """Loads the registry, the demo users and (when ``records`` is given) the
    isolation records; see the module docstring and :mod:`fellesskap.demo.load_records`.

    ``sessions_from`` is the first local date whose time sessions are in
    ``records`` (stored on the dataset so that screens can say where time
    registrations begin). The dataset is identified by seed, scale and the end
    of the demo's year: a second run on the same day adds nothing, while a demo
    made on an earlier day is refused unless ``replace`` is given.
    """
    password = password or demo_password()
    with transaction.atomic():
        existing = DemoDataset.objects.filter(seed=registry.seed, scale=registry.scale,
                                              period_end=registry.period_end).first()
        if existing is not None:
            return LoadResult(created=False, dataset=existing, logins=_logins(), password=password)
        others = DemoDataset.objects.all()
        if others.exists():
            if not replace:
                other = others.first()
                raise DemoLoadError(
                    f"another demo is loaded ({other}, loaded {other.loaded_at:%Y-%m-%d}); "
                    f"use --replace to remove it and load seed {registry.seed}, "
                    f"{registry.period_start} to {registry.period_end}")
            _remove_demo()
        result = _load(registry, password, records, sessions_from)
    return result


def _loader_user() -> rm.User:
    user, _ = rm.User.objects.get_or_create(
        username=LOADER_USERNAME, defaults={"is_active": False, "first_name": "Demo", "last_name": "loader"})
    return user


def _remove_demo() -> None:
    """Removes every row the demo loader created (records, persons, stays, users, grants)."""
    loader = rm.User.objects.filter(username=LOADER_USERNAME).first()
    if loader is not None:
        remove_isolation_records(loader)
        stays = rm.Stay.all_objects.filter(created_by=loader)
        rm.StatusPeriod.all_objects.filter(stay__in=stays).delete()
        rm.Placement.all_objects.filter(stay__in=stays).delete()
        stays.filter(transferred_from__isnull=False).update(transferred_from=None)
        stays.delete()
        rm.Person.all_objects.filter(created_by=loader).delete()
        rm.RecordVersion.objects.filter(actor=loader).delete()
    rm.RoleGrant.objects.filter(user__username__startswith="demo-").delete()
    rm.User.objects.filter(username__in=[f"demo-{u}" for u, _, _ in DEMO_USERS]).delete()
    DemoDataset.objects.all().delete()


def _prisons(registry: Registry) -> dict[str, rm.Prison]:
    regions = {}
    for term in voc.REGIONS:
        regions[term.code], _ = rm.Region.objects.get_or_create(
            code=term.code, defaults={"name_nb": term.nb, "name_en": term.en})
    existing = {p.code: p for p in rm.Prison.objects.all()}
    new = [rm.Prison(code=p.code, name=p.name, region=regions[p.region], security_level=p.security_level,
                     capacity=p.capacity, holds=p.holds)
           for p in registry.prisons if p.code not in existing]
    rm.Prison.objects.bulk_create(new)
    return {p.code: p for p in rm.Prison.objects.filter(code__in=[p.code for p in registry.prisons])}


UnitKey = tuple[str, str]  # (prison code, unit name)


def _units_and_cells(registry: Registry, prisons: dict[str, rm.Prison]
                     ) -> tuple[dict[UnitKey, rm.Unit], dict[UnitKey, list[rm.Cell]]]:
    units = {(u.prison.code, u.name): u for u in rm.Unit.objects.select_related("prison")}
    new_units = [rm.Unit(prison=prisons[p.code], name=u.name)
                 for p in registry.prisons for u in p.units if (p.code, u.name) not in units]
    rm.Unit.objects.bulk_create(new_units, batch_size=_BATCH)
    units = {(u.prison.code, u.name): u for u in rm.Unit.objects.select_related("prison")}
    have = {(c.unit_id, c.number) for c in rm.Cell.objects.all()}
    new_cells = []
    for p in registry.prisons:
        for i, u in enumerate(p.units):
            unit = units[(p.code, u.name)]
            numbers = list(u.cells)
            if i == 0 and p.security_level == "high":
                numbers.append("S1")  # one security cell (sikkerhetscelle) per high-security prison
            for number in numbers:
                if (unit.pk, number) not in have:
                    kind = rm.Cell.Kind.SECURITY_CELL if number == "S1" else rm.Cell.Kind.ORDINARY
                    new_cells.append(rm.Cell(unit=unit, number=number, kind=kind))
    rm.Cell.objects.bulk_create(new_cells, batch_size=_BATCH)
    cells: dict[tuple[str, str], list[rm.Cell]] = {}
    by_unit_pk = {u.pk: key for key, u in units.items()}
    for cell in rm.Cell.objects.filter(kind=rm.Cell.Kind.ORDINARY).order_by("unit_id", "number"):
        key = by_unit_pk.get(cell.unit_id)
        if key is not None:
            cells.setdefault(key, []).append(cell)
    return units, cells


def _stamp(obj, loader: rm.User, at: datetime):
    obj.version = 1
    obj.created_at = at
    obj.created_by = loader
    return obj


def _load(registry: Registry, password: str, records: dict[str, IsolationRecords] | None,
          sessions_from: date | None) -> LoadResult:
    now = timezone.now()
    loader = _loader_user()
    prisons = _prisons(registry)
    units, cells = _units_and_cells(registry, prisons)
    unit_names = {(p.code, u.code): u.name for p in registry.prisons for u in p.units}

    persons = []
    for p in registry.persons:
        persons.append(_stamp(rm.Person(
            identity_kind=rm.Person.IdentityKind.FNR, national_id=p.national_id, given_name=p.given_name,
            family_name=p.family_name, birth_date=p.birth_date, sex=p.sex,
            pregnant="pregnant" in p.flags, infant="infant" in p.flags,
            mental_illness="mental_illness" in p.flags, disability="disability" in p.flags,
            registered_in=prisons[p.stays[0].prison]), loader, now))
    rm.Person.objects.bulk_create(persons, batch_size=_BATCH)

    # A registry stay is one prison; the generator's pieces of one prison that
    # follow each other (a status change) become status periods of one stay.
    stays: list[rm.Stay] = []
    statuses: list[tuple[int, str, datetime, datetime | None]] = []
    places: list[tuple[int, str, str, datetime, datetime | None]] = []
    previous: list[int | None] = []
    for person, row in zip(registry.persons, persons, strict=True):
        groups: list[list] = []
        for s in person.stays:
            if groups and groups[-1][-1].prison == s.prison and groups[-1][-1].end == s.start:
                groups[-1].append(s)
            else:
                groups.append([s])
        for g, group in enumerate(groups):
            first, last = group[0], group[-1]
            follows = g > 0 and groups[g - 1][-1].end == first.start
            leads = g + 1 < len(groups) and groups[g + 1][0].start == last.end
            arrival = (rm.Stay.Arrival.TRANSFER if follows else
                       rm.Stay.Arrival.ARREST if first.status == "remand" else rm.Stay.Arrival.SENTENCE)
            release = "" if last.end is None else (
                rm.Stay.Release.TRANSFER if leads else rm.Stay.Release.RELEASED)
            index = len(stays)
            stays.append(_stamp(rm.Stay(person=row, prison=prisons[first.prison], start=first.start, end=last.end,
                                        arrival_reason=arrival, release_reason=release), loader, now))
            previous.append(index - 1 if follows else None)
            for s in group:
                statuses.append((index, s.status, s.start, s.end))
            places.append((index, first.prison, unit_names[(first.prison, first.unit)], first.start, last.end))
    # Stays are saved in waves by how many transfers precede them, so that the
    # stay a person was transferred from already has its key (no second UPDATE pass).
    depth = [0] * len(stays)
    for i, prev in enumerate(previous):
        if prev is not None:
            depth[i] = depth[prev] + 1
    for wave in range(max(depth, default=-1) + 1):
        batch = [stays[i] for i in range(len(stays)) if depth[i] == wave]
        for i in range(len(stays)):
            if depth[i] == wave and previous[i] is not None:
                stays[i].transferred_from = stays[previous[i]]
        rm.Stay.objects.bulk_create(batch, batch_size=_BATCH)

    status_rows = [_stamp(rm.StatusPeriod(stay=stays[i], status=status, start=a, end=b), loader, now)
                   for i, status, a, b in statuses]
    rm.StatusPeriod.objects.bulk_create(status_rows, batch_size=_BATCH)
    placement_rows = _placements(places, stays, units, cells, loader, now)
    rm.Placement.objects.bulk_create(placement_rows, batch_size=_BATCH)

    versions = [rm.RecordVersion(record_type=record_type(obj), record_id=obj.public_id, version=1,
                                 change=rm.RecordVersion.Change.CREATE, at=now, actor=loader,
                                 reason="synthetic demo data (fellesskap demo)", snapshot=snapshot(obj))
                for group in (persons, stays, status_rows, placement_rows) for obj in group]
    rm.RecordVersion.objects.bulk_create(versions, batch_size=_BATCH)

    logins = _demo_users(prisons, password, loader, now)
    counts = {"prisons": len(prisons), "persons": len(persons), "stays": len(stays),
              "status_periods": len(status_rows), "placements": len(placement_rows), "users": len(logins)}
    if records is not None:
        decider = rm.User.objects.get(username=f"demo-{DECIDER}")
        counts.update(load_isolation_records(registry, records, persons, prisons, loader=loader, decider=decider,
                                             now=now, sessions_from=sessions_from))
    else:
        sessions_from = None
    # The demo registers time only from ``sessions_from``: like prisons that went live that day, the days
    # before it are not judged (Prison.records_from), instead of a year of "unregistered isolation".
    rm.Prison.objects.filter(pk__in=[p.pk for p in prisons.values()]).update(records_from=sessions_from)
    dataset = DemoDataset.objects.create(seed=registry.seed, year=registry.year, scale=registry.scale,
                                         period_start=registry.period_start, period_end=registry.period_end,
                                         sessions_from=sessions_from, loaded_at=now, counts=counts)
    _audit_summary(loader, dataset)
    return LoadResult(created=True, dataset=dataset, logins=logins, password=password)


def _placements(places, stays, units, cells_by_unit, loader, now) -> list[rm.Placement]:
    """One placement per stay, in a free cell of its unit when there is one.

    Cells are handed out by a sweep over time so that no two persons share a
    cell at once; when a unit is full the placement has no cell, as happens.
    """
    free: dict[tuple[str, str], list[str]] = {}
    busy: dict[tuple[str, str], list[tuple[datetime, int]]] = {}
    cells_by_number: dict[tuple[str, str, str], rm.Cell] = {}
    rows: list[rm.Placement | None] = [None] * len(places)
    far = datetime.max.replace(tzinfo=UTC)
    order = sorted(range(len(places)), key=lambda i: places[i][3])
    for i in order:
        index, prison, unit_name, start, end = places[i]
        key = (prison, unit_name)
        if key not in free:
            cells = cells_by_unit.get(key, [])
            free[key] = [c.number for c in reversed(cells)]
            busy[key] = []
            for c in cells:
                cells_by_number[(prison, unit_name, c.number)] = c
        heap = busy[key]
        while heap and heap[0][0] <= start:
            _, j = heapq.heappop(heap)
            free[key].append(rows[j].cell.number)
        cell = None
        if free[key]:
            cell = cells_by_number[(prison, unit_name, free[key].pop())]
            heapq.heappush(heap, (end or far, i))
        rows[i] = _stamp(rm.Placement(stay=stays[index], unit=units[key],
                                      cell=cell, start=start, end=end), loader, now)
    return [r for r in rows if r is not None]


def _demo_users(prisons: dict[str, rm.Prison], password: str, loader: rm.User, now: datetime) -> list[DemoLogin]:
    region = rm.Region.objects.get(code=DEMO_REGION)
    logins = []
    hashed = make_password(password)  # hashed once: the hasher is slow by design
    for suffix, role, scope in DEMO_USERS:
        username = f"demo-{suffix}"
        user, created = rm.User.objects.get_or_create(
            username=username, defaults={"first_name": "Demo", "last_name": suffix.replace("-", " ")})
        user.password = hashed
        user.is_staff = role == roles.ADMINISTRATOR
        user.save()
        valid_to = now + timedelta(days=90) if role == roles.INSPECTOR else None
        grant = rm.RoleGrant.objects.create(
            user=user, role=role, scope="prisons" if scope == "region_prisons" else scope,
            region=region if scope == "region" else None,
            valid_from=now - timedelta(days=400), valid_to=valid_to, granted_by=loader,
            note="demo user (fellesskap demo)")
        if scope == "prisons":
            grant.prisons.add(prisons[DEMO_PRISON])
        elif scope == "region_prisons":
            grant.prisons.add(*[p for p in prisons.values() if p.region_id == region.pk])
        logins.append(DemoLogin(username, role, _scope_text(scope, prisons)))
    return logins


def _scope_text(scope: str, prisons: dict[str, rm.Prison]) -> str:
    if scope == "prisons":
        return prisons[DEMO_PRISON].name
    if scope == "region":
        return f"region {DEMO_REGION}"
    if scope == "region_prisons":
        return f"the prisons of region {DEMO_REGION}"
    return "national"


def current_logins() -> list[DemoLogin]:
    """The demo log-ins of a loaded demo (to print them again)."""
    return _logins()


def _logins() -> list[DemoLogin]:
    prisons = {p.code: p for p in rm.Prison.objects.filter(code=DEMO_PRISON)}
    return [DemoLogin(f"demo-{suffix}", role, _scope_text(scope, prisons) if prisons else scope)
            for suffix, role, scope in DEMO_USERS]


def _audit_summary(loader: rm.User, dataset: DemoDataset) -> None:
    """One audit event for the whole load instead of one per row (see the module docstring)."""
    try:
        from fellesskap.audit.services import record_event
    except ImportError:  # the audit service is not merged yet
        return
    record_event(user=loader, action="create", object_type="demo.demodataset", object_id=str(dataset.pk),
                 reason="synthetic demo data loaded (fellesskap demo)",
                 data={"seed": dataset.seed, "period_start": str(dataset.period_start),
                       "period_end": str(dataset.period_end),
                       "sessions_from": str(dataset.sessions_from) if dataset.sessions_from else None,
                       "scale": dataset.scale, **dataset.counts})
