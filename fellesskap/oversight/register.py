"""The exclusion register (utelukkelsesregister) of one prison, for the
supervisory board and inspectors: every exclusion decision and every
coercive means that applied in a period, with its dates, ground, duration,
reviews and the deadlines met or missed.

Read-only and computed from the records and the stored deadlines
(:class:`fellesskap.alerts.models.Deadline`, whose ``subject`` is the episode's
first decision). Drafts are not decisions and are left out; a revoked
decision is shown, as the board should see decisions made in error too.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q

from fellesskap.alerts.models import Deadline
from fellesskap.records.models import CoerciveMeans, Exclusion, Review
from fellesskap.records.states import ExclusionState
from fellesskap.registry.models import Prison

OSLO = ZoneInfo("Europe/Oslo")


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The half-open instants of the local days ``first`` to ``last`` inclusive."""
    return (datetime.combine(first, time(0), OSLO), datetime.combine(last + timedelta(days=1), time(0), OSLO))


@dataclass
class RegisterRow:
    """One decision of the register."""

    record: Exclusion | CoerciveMeans
    type: str  # "exclusion" or "coercive_means"
    what: str  # scope (exclusion) or kind (coercive means)
    ground: str  # ground (exclusion) or reason (coercive means)
    start: datetime
    end: datetime | None
    hours: float
    state: str
    level: str
    reasoned: bool
    health_notified_at: datetime | None
    reviews: list[Review] = field(default_factory=list)
    deadlines_met: int = 0
    deadlines_missed: int = 0
    deadlines_pending: int = 0

    @property
    def person(self):
        return self.record.person

    @property
    def last_review(self) -> Review | None:
        return self.reviews[-1] if self.reviews else None


def _hours(start: datetime, end: datetime | None, now: datetime) -> float:
    return round(((end or now) - start).total_seconds() / 3600, 1)


def _reasoned(record) -> bool:
    """A written, reasoned decision: reasons given and, for an exclusion, why
    less intrusive measures were not enough (the Ombudsman's first finding)."""
    if not (record.reasons or "").strip():
        return False
    return isinstance(record, CoerciveMeans) or bool((record.less_intrusive_measures or "").strip())


def register_rows(prison: Prison, start: datetime, end: datetime, now: datetime) -> list[RegisterRow]:
    overlaps = Q(start__lt=end) & (Q(end__isnull=True) | Q(end__gt=start))
    reviews = Prefetch("reviews", queryset=Review.objects.order_by("at"))
    exclusions = (Exclusion.objects.filter(prison=prison).filter(overlaps).exclude(state=ExclusionState.DRAFT)
                  .select_related("person").prefetch_related(reviews))
    means = CoerciveMeans.objects.filter(prison=prison).filter(overlaps).select_related("person").prefetch_related(
        reviews)
    rows = [RegisterRow(record=e, type="exclusion", what=e.scope, ground=e.ground, start=e.start, end=e.end,
                        hours=_hours(e.start, e.end, now), state=e.state, level=e.decided_level,
                        reasoned=_reasoned(e), health_notified_at=None, reviews=list(e.reviews.all()))
            for e in exclusions]
    rows += [RegisterRow(record=m, type="coercive_means", what=m.kind, ground=m.reason, start=m.start, end=m.end,
                         hours=_hours(m.start, m.end, now), state="ended" if m.end else "ongoing",
                         level=m.decided_level, reasoned=_reasoned(m), health_notified_at=m.health_notified_at,
                         reviews=list(m.reviews.all()))
             for m in means]
    by_subject = {str(r.record.public_id): r for r in rows}
    for subject, status in Deadline.objects.filter(
            prison=prison, withdrawn_at__isnull=True, subject__in=list(by_subject)).values_list("subject", "status"):
        row = by_subject[subject]
        if status == Deadline.Status.MET:
            row.deadlines_met += 1
        elif status == Deadline.Status.MISSED:
            row.deadlines_missed += 1
        else:
            row.deadlines_pending += 1
    return sorted(rows, key=lambda r: (r.start, r.type))


COLUMNS = ["vedtak_id", "type", "innsatt_id", "fengsel", "omfang_eller_tvangsmiddel", "grunnlag", "start", "slutt",
           "timer", "status", "nivaa", "skriftlig_begrunnet", "helse_varslet", "vurderinger", "siste_vurdering",
           "frister_overholdt", "frister_oversittet", "frister_aapne"]


def _local(instant) -> str:
    return "" if instant is None else instant.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


def write_csv(rows: list[RegisterRow], prison: Prison, out) -> int:
    """The register as CSV (semicolon-separated, Norwegian column names, the
    person by opaque id only); returns how many rows."""
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([
            r.record.public_id, r.type, r.person.public_id, prison.code, r.what, r.ground, _local(r.start),
            _local(r.end), f"{r.hours:.1f}".replace(".", ","), r.state, r.level, "ja" if r.reasoned else "nei",
            "" if r.type == "exclusion" else _local(r.health_notified_at) or "nei", len(r.reviews),
            _local(r.last_review.at) if r.last_review else "", r.deadlines_met, r.deadlines_missed,
            r.deadlines_pending,
        ])
    return len(rows)
