"""What the health service must know of today (helsetjenestens oversikt).

Health staff must be told of every person excluded from association and of
every coercive means (strgjfl. §§ 37–38 and the health regulation for
prisoners; Sivilombudet and CPT found them too often told late or not at
all). :func:`health_rows` lists, for one prison, everyone held there now who
is excluded now, under a coercive means now or lately without health told, or
whose last whole day was an isolated day (under 2 h of meaningful contact, from
the stored ledger), with what they are under since when, their contact so far
today and the last health contact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q

from fellesskap.ledgerstore.models import LedgerDay
from fellesskap.records import states
from fellesskap.records.models import CoerciveMeans, Counterpart, Exclusion, TimeSession
from fellesskap.registry.models import Person, Prison, Stay

# A coercive means that ended within this time and was never told to health
# is still shown: health must be told of every one, short ones too.
UNTOLD_SHOWN = timedelta(days=7)


@dataclass
class HealthRow:
    person: Person
    exclusions: list[Exclusion] = field(default_factory=list)
    means: list[CoerciveMeans] = field(default_factory=list)
    isolated_yesterday: bool = False
    isolated_streak: int = 0
    contact_minutes_today: int | None = None
    last_health_contact: datetime | None = None

    @property
    def untold_means(self) -> list[CoerciveMeans]:
        return [m for m in self.means if m.health_notified_at is None]


def held_now(prison: Prison, now: datetime):
    """Persons with a stay in ``prison`` at ``now``."""
    stays = Stay.objects.filter(prison=prison, start__lte=now).filter(Q(end__isnull=True) | Q(end__gt=now))
    return Person.objects.filter(pk__in=stays.values("person_id"))


def health_rows(prison: Prison, now: datetime, today, yesterday) -> list[HealthRow]:
    persons = {p.pk: p for p in held_now(prison, now)}
    rows: dict[int, HealthRow] = {}

    def row(pk: int) -> HealthRow:
        return rows.setdefault(pk, HealthRow(person=persons[pk]))

    ongoing = Q(end__isnull=True) | Q(end__gt=now)
    for e in Exclusion.objects.filter(person_id__in=persons, state__in=states.COUNTED, start__lte=now).filter(
            ongoing).order_by("start"):
        row(e.person_id).exclusions.append(e)
    for m in CoerciveMeans.objects.filter(person_id__in=persons, start__lte=now).filter(
            ongoing | Q(health_notified_at__isnull=True, end__gt=now - UNTOLD_SHOWN)).order_by("start"):
        row(m.person_id).means.append(m)
    for day in LedgerDay.objects.filter(person_id__in=persons, date=yesterday, isolated=True):
        r = row(day.person_id)
        r.isolated_yesterday, r.isolated_streak = True, day.isolated_streak
    for day in LedgerDay.objects.filter(person_id__in=list(rows), date=today):
        rows[day.person_id].contact_minutes_today = day.contact_minutes
    last = {}
    for pk, start in TimeSession.objects.filter(person_id__in=list(rows), counterpart=Counterpart.HEALTH).order_by(
            "start").values_list("person_id", "start"):
        last[pk] = start
    for pk, r in rows.items():
        r.last_health_contact = last.get(pk)
    return sorted(rows.values(), key=lambda r: (not r.untold_means, not r.means, r.person.family_name,
                                                r.person.given_name, r.person.pk))
