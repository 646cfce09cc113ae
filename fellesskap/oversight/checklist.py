"""The inspection checklist (sjekkliste for inspeksjoner), built on the
Parliamentary Ombudsman's findings.

KDI made an inspection checklist "based on the findings of the Ombudsman's
prevention unit" (KDI annual report 2020). Its items are what Sivilombudet
(special reports 2019 and 2025, thematic reports on the security bed 2020
and the security cell 2025, suicide report 2023), NIM and CPT found wanting:
decisions written and reasoned, the person heard, reviews on time, health
told, supervision at least hourly in a security cell (Prop. 165 L proposes
it in law), week plans, two hours of meaningful contact a day, outdoor time,
lock-ins registered, long restraint reviewed, the supervisory board told.

Each item is answered first from the data (:func:`evaluate`): how many cases
were checked, how many fall short, and the evidence (opaque ids of the
records and persons, which the screens turn into links). The inspector then
gives an assessment and a comment; :mod:`fellesskap.oversight.actions`
stores the whole as a version of the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesskap.alerts.models import Deadline, Deviation
from fellesskap.ledgerstore.models import LedgerDay
from fellesskap.oversight import rules
from fellesskap.oversight.register import period_bounds
from fellesskap.records import states
from fellesskap.records.models import (
    CoerciveMeans,
    Counterpart,
    Exclusion,
    Incident,
    Supervision,
    SupervisoryBoardNotification,
    TimeSession,
    UnitLockIn,
    WeekPlan,
)
from fellesskap.records.states import ExclusionState
from fellesskap.registry.models import Prison, Stay

OK, FINDINGS, NO_DATA = "ok", "findings", "no_data"
MET, PARTLY, NOT_MET, NOT_ASSESSED = "met", "partly", "not_met", "not_assessed"
ANSWERS = [(MET, _("met")), (PARTLY, _("partly met")), (NOT_MET, _("not met")), (NOT_ASSESSED, _("not assessed"))]
STATUSES = {OK: _("no findings in the data"), FINDINGS: _("findings in the data"), NO_DATA: _("no cases in the period")}

# Longest gap between documented checks of a person in a security cell or bed.
SUPERVISION_GAP = timedelta(minutes=60)
# A health contact this soon after an exclusion starts counts as health told.
HEALTH_CONTACT_WITHIN = timedelta(hours=24)
# A security cell or bed placement this long must have a documented review.
LONG_PLACEMENT = timedelta(hours=24)
DAILY_CONTACT_MINUTES = 120
DAILY_OUTDOOR_MINUTES = 60
FULL_DAY_MINUTES = 24 * 60
MAX_EVIDENCE = 50


@dataclass
class Result:
    """One item as the data answers it."""

    code: str
    checked: int = 0
    failed: int = 0
    evidence: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return NO_DATA if not self.checked else FINDINGS if self.failed else OK

    def fail(self, **evidence) -> None:
        self.failed += 1
        if len(self.evidence) < MAX_EVIDENCE:
            self.evidence.append({k: str(v) for k, v in evidence.items()})

    def fail_record(self, kind: str, record, **more) -> None:
        """A decision or coercive means that fails the item, as evidence: its
        opaque id, its person's and its start."""
        self.fail(type=kind, record=record.public_id, person=record.person.public_id, at=record.start.isoformat(),
                  **more)


@dataclass(frozen=True)
class Item:
    code: str
    title: str
    basis: str
    check: Callable


@dataclass(frozen=True)
class Period:
    prison: Prison
    first: date
    last: date
    start: datetime
    end: datetime
    now: datetime

    def overlapping(self, qs):
        return qs.filter(start__lt=self.end).filter(Q(end__isnull=True) | Q(end__gt=self.start))

    def started(self, qs):
        return qs.filter(start__gte=self.start, start__lt=self.end)


def _decisions(p: Period):
    return p.started(Exclusion.objects.filter(prison=p.prison).exclude(
        state__in=(ExclusionState.DRAFT, ExclusionState.REVOKED))).select_related("person")


def check_written_reasoned(p: Period) -> Result:
    r = Result("written_reasoned")
    for e in _decisions(p):
        r.checked += 1
        if not e.reasons.strip() or not e.less_intrusive_measures.strip():
            r.fail_record("exclusion", e)
    for m in p.started(CoerciveMeans.objects.filter(prison=p.prison, kind__in=CoerciveMeans.SUPERVISED_KINDS)):
        r.checked += 1
        if not m.reasons.strip() and not m.reason_text.strip():
            r.fail_record("coercive_means", m)
    return r


def check_statement(p: Period) -> Result:
    r = Result("own_statement")
    for e in _decisions(p).filter(scope="full"):
        r.checked += 1
        if not e.own_statement.strip() and not e.statement_not_obtained_reason.strip():
            r.fail_record("exclusion", e)
    return r


def check_reviews_on_time(p: Period) -> Result:
    r = Result("reviews_on_time")
    due = Deadline.objects.filter(prison=p.prison, withdrawn_at__isnull=True, due__gte=p.start,
                                  due__lt=min(p.end, p.now)).select_related("person")
    for d in due.exclude(status=Deadline.Status.PENDING):
        r.checked += 1
        if d.status == Deadline.Status.MISSED:
            r.fail(type="deadline", record=d.subject, person=d.person.public_id, at=d.due.isoformat(), rule=d.rule)
    return r


def check_health_coercive(p: Period) -> Result:
    r = Result("health_coercive")
    for m in p.started(CoerciveMeans.objects.filter(prison=p.prison)).select_related("person"):
        r.checked += 1
        if m.health_notified_at is None:
            r.fail_record("coercive_means", m)
    return r


def check_health_excluded(p: Period) -> Result:
    r = Result("health_excluded")
    exclusions = list(_decisions(p).filter(scope="full", renews__isnull=True))
    contacts: dict[int, list[datetime]] = {}
    for pk, start in TimeSession.objects.filter(
            person_id__in={e.person_id for e in exclusions}, counterpart=Counterpart.HEALTH).values_list(
            "person_id", "start"):
        contacts.setdefault(pk, []).append(start)
    for e in exclusions:
        r.checked += 1
        if not any(e.start - timedelta(hours=1) <= c <= e.start + HEALTH_CONTACT_WITHIN
                   for c in contacts.get(e.person_id, [])):
            r.fail_record("exclusion", e)
    return r


def supervision_gaps(start: datetime, end: datetime, checks: list[datetime], gap: timedelta = SUPERVISION_GAP) -> int:
    """How many intervals between the start, the checks and the end are longer than ``gap``."""
    points = [start, *sorted(c for c in checks if start <= c <= end), end]
    return sum(1 for a, b in zip(points, points[1:], strict=False) if b - a > gap)


def check_supervision(p: Period) -> Result:
    r = Result("supervision_hourly")
    means = list(p.overlapping(CoerciveMeans.objects.filter(prison=p.prison, kind__in=("security_cell",
                                                                                       "security_bed"))))
    checks: dict[int, list[datetime]] = {}
    for pk, at in Supervision.objects.filter(coercive_means__in=means).values_list("coercive_means_id", "at"):
        checks.setdefault(pk, []).append(at)
    for m in means:
        r.checked += 1
        gaps = supervision_gaps(m.start, min(m.end or p.now, p.now), checks.get(m.pk, []))
        if gaps:
            r.fail_record("coercive_means", m, gaps=gaps)
    return r


def check_week_plans(p: Period) -> Result:
    r = Result("week_plans")
    exclusions = [e for e in p.overlapping(Exclusion.objects.filter(prison=p.prison, scope="full",
                                                                    state__in=states.COUNTED)).select_related("person")
                  if ((e.end or p.now) - e.start) > timedelta(hours=24)]
    planned = set(WeekPlan.objects.filter(exclusion__in=exclusions).values_list("exclusion_id", flat=True))
    for e in exclusions:
        r.checked += 1
        if e.pk not in planned:
            r.fail_record("exclusion", e)
    return r


@dataclass(frozen=True)
class _Day:
    person: str  # public id
    date: date
    contact_minutes: int
    outdoor_minutes: int


def _ledger_days(p: Period) -> list[_Day]:
    """The stored ledger's whole days of the persons while held in this
    prison in the period (a day of a stay elsewhere is not this prison's)."""
    stays = Stay.objects.filter(prison=p.prison, start__lt=p.end).filter(Q(end__isnull=True) | Q(end__gt=p.start))
    held: dict[int, list[tuple[date, date]]] = {}
    for person_id, start, end in stays.values_list("person_id", "start", "end"):
        held.setdefault(person_id, []).append((timezone.localdate(start), timezone.localdate(end) if end else p.last))
    days = LedgerDay.objects.filter(person_id__in=list(held), date__gte=p.first, date__lte=p.last,
                                    custody_minutes__gte=FULL_DAY_MINUTES).order_by("date", "person_id")
    out = []
    for person_id, public_id, day, contact, outdoor in days.values_list(
            "person_id", "person__public_id", "date", "contact_minutes", "outdoor_minutes"):
        if any(first <= day <= last for first, last in held[person_id]):
            out.append(_Day(str(public_id), day, contact, outdoor))
    return out


def _daily_minimum(code: str, field_name: str, minimum: int):
    """An item that every whole day in custody has at least ``minimum`` minutes of ``field_name``."""
    def check(p: Period) -> Result:
        r = Result(code)
        for day in _ledger_days(p):
            r.checked += 1
            minutes = getattr(day, field_name)
            if minutes < minimum:
                r.fail(type="ledger_day", person=day.person, at=day.date.isoformat(), minutes=minutes)
        return r
    return check


check_two_hours = _daily_minimum("two_hours_contact", "contact_minutes", DAILY_CONTACT_MINUTES)
check_outdoor = _daily_minimum("outdoor_time", "outdoor_minutes", DAILY_OUTDOOR_MINUTES)


def check_lock_ins(p: Period) -> Result:
    r = Result("lock_ins_registered")
    for lock_in in p.overlapping(UnitLockIn.objects.filter(prison=p.prison)):
        r.checked += 1
        if not lock_in.reason.strip():
            r.fail(type="unit_lock_in", record=lock_in.public_id, at=lock_in.start.isoformat())
    for d in Deviation.objects.filter(prison=p.prison, kind=Deviation.Kind.UNREGISTERED_ISOLATION,
                                      date__gte=p.first, date__lte=p.last).select_related("person"):
        r.checked += 1
        r.fail(type="deviation", record=d.public_id, person=d.person.public_id if d.person else "",
               at=d.date.isoformat())
    return r


def check_long_placements(p: Period) -> Result:
    r = Result("long_placements_reviewed")
    means = [m for m in p.overlapping(CoerciveMeans.objects.filter(
        prison=p.prison, kind__in=CoerciveMeans.SUPERVISED_KINDS)).prefetch_related("reviews").select_related("person")
        if (m.end or p.now) - m.start > LONG_PLACEMENT]
    for m in means:
        r.checked += 1
        if not any(rv.withdrawn_at is None for rv in m.reviews.all()) or (
                m.kind == "security_bed" and not m.escalated_at):
            r.fail_record("coercive_means", m)
    return r


def check_board_notified(p: Period) -> Result:
    r = Result("board_notified")
    notified = set(SupervisoryBoardNotification.objects.filter(prison=p.prison).values_list("incident_id", flat=True))
    incidents = list(Incident.objects.filter(prison=p.prison, at__gte=p.start, at__lt=p.end,
                                             kind__in=("self_harm", "suicide_attempt", "suicide")).select_related(
        "person").order_by("at"))
    # The window reaches past the period's ends: a pair may straddle them.
    serious_self_harm: dict[int, list[tuple[int, datetime]]] = {}
    for pk, person_id, at in Incident.objects.filter(
            prison=p.prison, kind="self_harm", serious=True, at__gte=p.start - rules.REPEATED_WINDOW,
            at__lt=p.end + rules.REPEATED_WINDOW).values_list("pk", "person_id", "at"):
        serious_self_harm.setdefault(person_id, []).append((pk, at))
    for i in incidents:
        others = [at for pk, at in serious_self_harm.get(i.person_id, []) if pk != i.pk]
        if rules.board_reason(i.kind, i.serious, i.at, others) is None:
            continue
        r.checked += 1
        if i.pk not in notified or i.health_told_at is None:
            r.fail(type="incident", record=i.public_id, person=i.person.public_id, at=i.at.isoformat())
    return r


ITEMS: tuple[Item, ...] = (
    Item("written_reasoned", _("Decisions are written and reasoned"),
         _("Every exclusion and security cell or bed has written reasons, and an exclusion says why less intrusive "
           "measures were not enough (forvaltningsloven §§ 24–25; Sivilombudet 2019, 2025)."), check_written_reasoned),
    Item("own_statement", _("The person was heard"),
         _("A full exclusion records the person's own statement or why it was not obtained (forvaltningsloven "
           "§ 16)."), check_statement),
    Item("reviews_on_time", _("Reviews and reports on time"),
         _("The continuous reviews and the reports to the region and KDI were made before their deadlines "
           "(strgjfl. § 37; the rule packs)."), check_reviews_on_time),
    Item("health_coercive", _("Health told of every coercive means"),
         _("The health service was told of every use of a coercive means (strgjfl. § 38; CPT 2024)."),
         check_health_coercive),
    Item("health_excluded", _("Health saw every excluded person"),
         _("A health contact is registered within 24 hours of the start of every full exclusion (health "
           "supervision of excluded prisoners; Sivilombudet 2019)."), check_health_excluded),
    Item("supervision_hourly", _("Supervision at least every hour"),
         _("A person in a security cell or bed was checked at least once an hour, each check documented "
           "(Prop. 165 L proposed § 38 c; Sivilombudet 2025)."), check_supervision),
    Item("week_plans", _("Week plans for excluded persons"),
         _("Every full exclusion lasting more than a day has a week plan for meaningful contact (KDI)."),
         check_week_plans),
    Item("two_hours_contact", _("Two hours of meaningful contact every day"),
         _("Every whole day in custody has at least 2 hours of meaningful human contact (Mandela rules 44–45; "
           "Sivilombudet 2019)."), check_two_hours),
    Item("outdoor_time", _("Outdoor time every day"),
         _("Every whole day in custody has at least one hour outdoors (Mandela rule 23; CPT)."), check_outdoor),
    Item("lock_ins_registered", _("Lock-ins are registered"),
         _("Locking in a unit for building or staffing reasons is registered with its reason, and no isolation "
           "without a registration was found (Sivilombudet 2025)."), check_lock_ins),
    Item("long_placements_reviewed", _("Long restraint is reviewed and escalated"),
         _("A security cell or bed over 24 hours has a documented review, and a security bed is reported to the "
           "region (strgjfl. § 38; Sivilombudet 2020, 2025)."), check_long_placements),
    Item("board_notified", _("Supervisory board and health told of serious incidents"),
         _("Every suicide, suicide attempt and repeated serious self-harm was notified to the supervisory board and "
           "told to the health service (strgjfl.; Meld. St. 31 (2024–2025) ch. 7.3.6)."), check_board_notified),
)
BY_CODE = {item.code: item for item in ITEMS}


def evaluate(prison: Prison, first: date, last: date, now: datetime) -> list[Result]:
    """Every item of the checklist answered from the data of ``prison`` for
    the local days ``first`` to ``last`` (inclusive)."""
    start, end = period_bounds(first, last)
    period = Period(prison=prison, first=first, last=last, start=start, end=end, now=now)
    return [item.check(period) for item in ITEMS]


def stored(result: Result) -> dict:
    """A result as the JSON a report version keeps (the inspector's part empty)."""
    return {"code": result.code, "status": result.status, "checked": result.checked, "failed": result.failed,
            "evidence": result.evidence, "answer": NOT_ASSESSED, "comment": ""}
