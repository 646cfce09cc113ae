"""The load test's data: one prison of its own, units with cells and persons
held there for a month, officers and leaders with a password.

Everything is registered through the registry's command layer (versions,
audit, stored ledger), as in real use. Persons have no national identity
number (identity unknown, an alias): nothing here resembles a real person. A
new prison (``LT01``, ``LT02``, ...) is made each run, so runs can share a
database without meeting each other's data.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from fellesskap.registry import actions
from fellesskap.registry import roles as R
from fellesskap.registry.models import Cell, Prison, Region, RoleGrant, Unit, User


@dataclass
class Plan:
    """What the simulated users need to know: opaque ids and their log-ins."""

    prison: str
    password: str
    units: dict[int, list[str]] = field(default_factory=dict)  # unit id -> persons' public ids
    officers: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        return cls(prison=data["prison"], password=data["password"],
                   units={int(k): v for k, v in data["units"].items()},
                   officers=data["officers"], leaders=data["leaders"])


def _free_code() -> str:
    used = set(Prison.objects.filter(code__startswith="LT").values_list("code", flat=True))
    return next(f"LT{n:02d}" for n in range(1, 10_000) if f"LT{n:02d}" not in used)


def _user(username: str, role: str, prison: Prison, hashed: str, now) -> User:
    user = User.objects.create(username=username, password=hashed, first_name=role)
    grant = RoleGrant.objects.create(user=user, role=role, scope=RoleGrant.Scope.PRISONS,
                                     valid_from=now - timedelta(days=1))
    grant.prisons.set([prison])
    return user


def prepare(*, officers: int, leaders: int, persons_per_officer: int = 4, units: int = 4) -> Plan:
    """Makes the data for ``officers`` + ``leaders`` users; returns the plan."""
    now = timezone.now()
    password = secrets.token_urlsafe(18)
    hashed = make_password(password)  # once: the hasher is slow by design
    with transaction.atomic():
        code = _free_code()
        prison = Prison.objects.create(code=code, name=f"Load test {code}", region=Region.objects.order_by("pk")[0],
                                       security_level="high")
        registrar = _user(f"load-{code}-registrar", R.PRISON_LEADER, prison, "!", now)
        plan = Plan(prison=code, password=password)
        plan.officers = [_user(f"load-{code}-officer-{i}", R.OFFICER, prison, hashed, now).username
                         for i in range(officers)]
        plan.leaders = [_user(f"load-{code}-leader-{i}", R.PRISON_LEADER, prison, hashed, now).username
                        for i in range(leaders)]
        unit_rows = [Unit.objects.create(prison=prison, name=f"{code}-{u + 1}") for u in range(units)]
    total = max(officers * persons_per_officer, units)
    for i in range(total):
        unit = unit_rows[i % units]
        cell = Cell.objects.create(unit=unit, number=str(100 + i))
        person = actions.do_register_person(actor=registrar, prison=prison, sex="male", identity_kind="unknown",
                                            alias=f"{code}-{i:04d}")
        actions.do_admit(actor=registrar, person=person, prison=prison, start=now - timedelta(days=30),
                         arrival_reason="arrest", status="remand", unit=unit, cell=cell)
        plan.units.setdefault(unit.pk, []).append(str(person.public_id))
    return plan
