"""Test helpers shared by every app: prisons, persons, stays, and users who
hold a role in a prison.

Use them as plain functions inside a ``django_db`` test::

    from fellesskap.registry.tests import helpers as h

    a = h.make_prison("A")
    person = h.make_person(a)
    stay = h.make_stay(person, a, h.at("2026-03-01 08:00"))
    user = h.login_as(client, "officer", a)          # client is pytest-django's

Persons get synthetic H-numbers (month + 40): they pass the checksum but are
never a real person's fødselsnummer.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from stdnum.no import fodselsnummer

from fellesskap.registry import access, actions
from fellesskap.registry import roles as R
from fellesskap.registry.models import Cell, Person, Prison, Region, RoleGrant, Stay, Unit, User

OSLO = ZoneInfo("Europe/Oslo")
_counter = itertools.count(1)
_serials = itertools.count(0)


def at(text: str) -> datetime:
    """An aware instant from ``"YYYY-MM-DD HH:MM"`` read as Oslo time."""
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def synthetic_fnr(birth: date, serial: int | None = None) -> str:
    """A valid-checksum H-number for ``birth`` (never issued to a real person)."""
    start = next(_serials) if serial is None else serial
    low, high = (500, 999) if birth.year >= 2000 else (0, 499)
    for i in range(start, start + 500):
        individual = low + i % (high - low + 1)
        base = f"{birth.day:02d}{birth.month + 40:02d}{birth.year % 100:02d}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        k2 = fodselsnummer.calc_check_digit2(base + k1)
        number = base + k1 + k2
        if (len(number) == 11 and fodselsnummer.is_valid(number)
                and (serial is not None or not Person.all_objects.filter(national_id=number).exists())):
            return number
    raise AssertionError("no valid number found")  # pragma: no cover


def make_prison(code: str = "A", region: str = "east", *, name: str | None = None,
                security_level: str = "high", **fields) -> Prison:
    return Prison.objects.create(code=code, name=name or f"Prison {code}", region=Region.objects.get(code=region),
                                 security_level=security_level, **fields)


def make_unit(prison: Prison, name: str = "A", kind: str = Unit.Kind.ORDINARY) -> Unit:
    return Unit.objects.create(prison=prison, name=name, kind=kind)


def make_cell(unit: Unit, number: str = "1", kind: str = Cell.Kind.ORDINARY) -> Cell:
    return Cell.objects.create(unit=unit, number=number, kind=kind)


def make_user(username: str | None = None) -> User:
    # No password: hashing one costs a second, and tests log in with force_login.
    return User.objects.create_user(username=username or f"user{next(_counter)}", password=None)


def grant(user: User, role: str, *prisons: Prison, region: str | None = None, national: bool = False,
          valid_from: datetime | None = None, valid_to: datetime | None = None) -> RoleGrant:
    """Gives ``user`` a role over ``prisons`` (or a region, or the country)."""
    scope = RoleGrant.Scope.NATIONAL if national else RoleGrant.Scope.REGION if region else RoleGrant.Scope.PRISONS
    region_obj = Region.objects.get(code=region) if region else None
    valid_from = valid_from or timezone.now() - timedelta(days=365)
    if role in access.TIME_LIMITED_ROLES and valid_to is None:
        valid_to = timezone.now() + timedelta(days=30)
    access.validate_grant(role=role, scope=scope, prison_ids=[p.pk for p in prisons], region=region_obj,
                          valid_from=valid_from, valid_to=valid_to)
    g = RoleGrant.objects.create(user=user, role=role, scope=scope, region=region_obj,
                                 valid_from=valid_from, valid_to=valid_to)
    g.prisons.set(prisons)
    return g


def user_with_role(role: str, *prisons: Prison, **scope) -> User:
    """A new user holding one role; see :func:`grant` for the scope arguments."""
    user = make_user(f"{role}{next(_counter)}")
    grant(user, role, *prisons, **scope)
    return user


def login_as(client, role: str, *prisons: Prison, **scope) -> User:
    """Logs the test client in as a new user with ``role`` in ``prisons``."""
    user = user_with_role(role, *prisons, **scope)
    client.force_login(user)
    return user


def registrar(prison: Prison) -> User:
    """A prison leader of ``prison``, for setting up data through the command layer."""
    user = User.objects.filter(username=f"registrar-{prison.code}").first()
    if user is None:
        user = make_user(f"registrar-{prison.code}")
        grant(user, R.PRISON_LEADER, prison)
    return user


def make_person(prison: Prison, *, actor: User | None = None, birth_date: date | None = None,
                **fields) -> Person:
    """Registers a synthetic person in ``prison`` through the command layer
    (born 1990-05-17 with a synthetic number unless told otherwise)."""
    fields.setdefault("sex", "male")
    fields.setdefault("given_name", "Test")
    fields.setdefault("family_name", f"Person{next(_counter)}")
    if "national_id" not in fields and fields.get("identity_kind") != "unknown":
        birth_date = birth_date or date(1990, 5, 17)
        fields["national_id"] = synthetic_fnr(birth_date)
    fields["birth_date"] = birth_date
    return actions.do_register_person(actor=actor or registrar(prison), prison=prison, **fields)


def make_stay(person: Person, prison: Prison, start: datetime, end: datetime | None = None, *,
              status: str = "remand", unit: Unit | None = None, actor: User | None = None,
              arrival_reason: str = "arrest", release_reason: str = "released") -> Stay:
    """Admits ``person`` at ``start`` and, if ``end`` is given, releases them then."""
    actor = actor or registrar(prison)
    stay = actions.do_admit(actor=actor, person=person, prison=prison, start=start, arrival_reason=arrival_reason,
                            status=status, unit=unit)
    if end is not None:
        stay = actions.do_release(actor=actor, stay=stay, at=end, release_reason=release_reason)
    return stay


def held(prison: Prison, start: datetime | None = None, **fields) -> Person:
    """A person registered in and currently held in ``prison``."""
    person = make_person(prison, **fields)
    make_stay(person, prison, start or timezone.now() - timedelta(days=10))
    return person


def bare_held(prison: Prison, start: datetime | None = None, end: datetime | None = None) -> Person:
    """A person held in ``prison``, written straight to the database: no
    command layer, no versions, no audit. Several times faster than
    :func:`held`; for tests of reading and access, never of writing."""
    actor = User.objects.filter(username="bare-data").first() or make_user("bare-data")
    now = timezone.now()
    person = Person.objects.create(
        identity_kind=Person.IdentityKind.UNKNOWN, alias=f"Bare {next(_counter)}", sex="male", registered_in=prison,
        created_at=now, created_by=actor,
    )
    Stay.objects.create(person=person, prison=prison, start=start or now - timedelta(days=10), end=end,
                        arrival_reason=Stay.Arrival.ARREST, release_reason="released" if end else "",
                        created_at=now, created_by=actor)
    return person
