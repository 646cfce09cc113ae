"""The dashboards' figures (nøkkeltall), aggregated in the database.

Every function takes prison primary keys and an instant and answers with a few
grouped queries (``values``/``annotate``), never a loop over persons, so that
the leader dashboard stays fast with the national demo loaded
(docs/performance.md). Person-days come from the stored ledger
(:mod:`fellesskap.ledgerstore`), deadlines and deviations from
:mod:`fellesskap.alerts`.

A person-day is counted for the prison (and unit) where the person is held
*now* for today's figures and the week's share; the 12-week trend counts each
day for the prison whose stay covered it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from fellesskap.alerts.models import Deadline, Deviation
from fellesskap.ledgerstore.models import LedgerDay, LedgerEpisode
from fellesskap.registry.models import Placement, Stay

STREAK_WEEK = 7  # isolated 7 days or more in a row
STREAK_LONG = 15  # 15 days or more: prolonged solitary confinement (Mandela rule 44)
DEADLINE_HORIZON = timedelta(hours=72)
CONTACT_MINUTES = 120  # under 2 h meaningful human contact
LONG_DAYS = (14, 42)  # exclusions over 14 and over 42 days
TREND_WEEKS = 12


def _held_now(prefix: str, prison_ids, now: datetime) -> Q:
    """A stay (reached through ``prefix``) in one of the prisons that is ongoing at ``now``."""
    p = f"{prefix}stays__" if prefix is not None else ""
    return (Q(**{f"{p}prison_id__in": list(prison_ids), f"{p}withdrawn_at__isnull": True, f"{p}start__lte": now})
            & (Q(**{f"{p}end__isnull": True}) | Q(**{f"{p}end__gt": now})))


def _placed_now(prison_ids, now: datetime) -> Q:
    """An ongoing placement of a person in a unit of one of the prisons (via ``person__stays__placements``)."""
    p = "person__stays__placements__"
    return (_held_now("person__", prison_ids, now) & Q(**{f"{p}withdrawn_at__isnull": True, f"{p}start__lte": now})
            & (Q(**{f"{p}end__isnull": True}) | Q(**{f"{p}end__gt": now})))


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class PrisonFigures:
    """One prison's row: persons held, isolated today, streaks, deadlines, deviations, unregistered."""

    prison_id: int
    persons: int = 0
    isolated: int = 0
    streak_7: int = 0
    streak_15: int = 0
    unregistered: int = 0
    deadlines_72h: int = 0
    deviations_open: int = 0


def prison_figures(prison_ids, now: datetime | None = None) -> dict[int, PrisonFigures]:
    """Today's key figures per prison, in four grouped queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = list(prison_ids)
    persons = dict(Stay.objects.filter(_held_now(None, ids, now)).values("prison_id")
                   .annotate(n=Count("person_id", distinct=True)).values_list("prison_id", "n"))
    days = (LedgerDay.objects.filter(_held_now("person__", ids, now), date=today, isolated=True)
            .values(pid=F("person__stays__prison_id"))
            .annotate(isolated=Count("id", distinct=True),
                      streak_7=Count("id", distinct=True, filter=Q(isolated_streak__gte=STREAK_WEEK)),
                      streak_15=Count("id", distinct=True, filter=Q(isolated_streak__gte=STREAK_LONG)),
                      unregistered=Count("id", distinct=True, filter=Q(cause="unregistered"))))
    by_prison = {row["pid"]: row for row in days}
    deadlines = dict(pending_deadlines(ids, now).values("prison_id").annotate(n=Count("id"))
                     .values_list("prison_id", "n"))
    deviations = dict(open_deviations(ids).values("prison_id").annotate(n=Count("id"))
                      .values_list("prison_id", "n"))
    out = {}
    for pid in ids:
        row = by_prison.get(pid, {})
        out[pid] = PrisonFigures(pid, persons.get(pid, 0), row.get("isolated", 0), row.get("streak_7", 0),
                                 row.get("streak_15", 0), row.get("unregistered", 0), deadlines.get(pid, 0),
                                 deviations.get(pid, 0))
    return out


def pending_deadlines(prison_ids, now: datetime):
    """Pending deadlines (frister) due from now to 72 h ahead, soonest first."""
    return (Deadline.objects.filter(prison_id__in=list(prison_ids), status=Deadline.Status.PENDING,
                                    withdrawn_at__isnull=True, due__gte=now, due__lte=now + DEADLINE_HORIZON)
            .order_by("due"))


def open_deviations(prison_ids):
    """Open deviations (avvik) not withdrawn."""
    return Deviation.objects.filter(prison_id__in=list(prison_ids), status=Deviation.Status.OPEN,
                                    withdrawn_at__isnull=True)


def deviations_by_kind(prison_ids) -> list[tuple[str, int]]:
    """(the kind's label, count) of the open deviations."""
    rows = open_deviations(prison_ids).values("kind").annotate(n=Count("id")).order_by("kind").values_list("kind", "n")
    return [(Deviation.Kind(kind).label if kind in Deviation.Kind.values else kind, n) for kind, n in rows]


def isolated_today(prison_ids, now: datetime | None = None):
    """Today's isolated ledger rows of persons held now, longest streak first
    (the leader's list; shown with names only to those who may see persons)."""
    now = now or timezone.now()
    return (LedgerDay.objects.filter(_held_now("person__", prison_ids, now), date=timezone.localdate(now),
                                     isolated=True)
            .select_related("person").distinct().order_by("-isolated_streak", "person_id"))


@dataclass(frozen=True)
class UnitFigures:
    """One unit's row of the comparison (enheter sammenlignet)."""

    unit_id: int
    name: str
    persons: int
    isolated: int
    week_days: int
    week_under_2h: int

    @property
    def share_under_2h(self) -> float | None:
        return self.week_under_2h / self.week_days if self.week_days else None


def unit_figures(prison_ids, now: datetime | None = None) -> list[UnitFigures]:
    """Per unit: persons placed now, isolated today, and the share of this
    week's person-days (Monday to today) with under 2 h contact."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = list(prison_ids)
    placed = (Placement.objects.filter(stay__prison_id__in=ids, stay__withdrawn_at__isnull=True,
                                       withdrawn_at__isnull=True, start__lte=now)
              .filter(Q(end__isnull=True) | Q(end__gt=now)).filter(Q(stay__end__isnull=True) | Q(stay__end__gt=now))
              .values("unit_id", "unit__name", "unit__prison_id")
              .annotate(n=Count("stay__person_id", distinct=True)).order_by("unit__prison_id", "unit__name"))
    days = (LedgerDay.objects.filter(_placed_now(ids, now), date__gte=week_start(today), date__lte=today)
            .values(uid=F("person__stays__placements__unit_id"))
            .annotate(days=Count("id", distinct=True),
                      under=Count("id", distinct=True, filter=Q(contact_minutes__lt=CONTACT_MINUTES)),
                      iso=Count("id", distinct=True, filter=Q(date=today, isolated=True))))
    by_unit = {row["uid"]: row for row in days}
    return [UnitFigures(p["unit_id"], p["unit__name"], p["n"], by_unit.get(p["unit_id"], {}).get("iso", 0),
                        by_unit.get(p["unit_id"], {}).get("days", 0), by_unit.get(p["unit_id"], {}).get("under", 0))
            for p in placed]


def weekly_trend(prison_ids, now: datetime | None = None, weeks: int = TREND_WEEKS) -> list[dict]:
    """Isolated person-days per week (Monday) over the last ``weeks`` weeks,
    each day counted for the prison whose stay covered it; weeks with none are 0."""
    now = now or timezone.now()
    first = week_start(timezone.localdate(now)) - timedelta(weeks=weeks - 1)
    covered = (Q(person__stays__prison_id__in=list(prison_ids), person__stays__withdrawn_at__isnull=True,
                 person__stays__start__date__lte=F("date"))
               & (Q(person__stays__end__isnull=True) | Q(person__stays__end__date__gte=F("date"))))
    rows = (LedgerDay.objects.filter(covered, isolated=True, date__gte=first)
            .annotate(week=TruncWeek("date")).values("week").annotate(n=Count("id", distinct=True)))
    counts = {(r["week"].date() if isinstance(r["week"], datetime) else r["week"]): r["n"] for r in rows}
    return [{"week": (first + timedelta(weeks=i)).isoformat(), "days": counts.get(first + timedelta(weeks=i), 0)}
            for i in range(weeks)]


def long_exclusions(prison_ids, now: datetime | None = None):
    """Ongoing exclusion episodes (utelukkelser) of persons held now that have
    lasted over 14 days, longest first; ``over_42`` marks those over 42 days."""
    now = now or timezone.now()
    return (LedgerEpisode.objects.filter(_held_now("person__", prison_ids, now),
                                         kind__in=("full_exclusion", "partial_exclusion"), end__isnull=True,
                                         start__lt=now - timedelta(days=LONG_DAYS[0]))
            .annotate(prison_id=F("person__stays__prison_id")).select_related("person").distinct()
            .order_by("start"))


def region_subjects(prison_ids) -> set[str]:
    """The decisions whose pending deadline falls to the region (the cases it must decide)."""
    return set(Deadline.objects.filter(prison_id__in=list(prison_ids), responsible_role="region",
                                       status=Deadline.Status.PENDING, withdrawn_at__isnull=True)
               .values_list("subject", flat=True))
