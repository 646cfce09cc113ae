"""The isolation records (isolasjonsregistreringer): decisions, reviews, coercive
means, supervision checks, time sessions, week plans, incidents, unit lock-ins.

Every record inherits :class:`~fellesskap.registry.models.VersionedRecord`: it is
corrected by a new version with a reason and withdrawn (never deleted), so the
ledger can always be rebuilt from what was known and by whom. Every write goes
through :mod:`fellesskap.records.actions`; nothing here validates meaning.

Intervals are half-open ``[start, end)`` and ``end = NULL`` means ongoing.
Planned time (the unit's daily schedule, a person's week plan) is kept in its
own tables, apart from actual time (:class:`TimeSession`), so a plan can never
be counted as contact that happened.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fellesskap import vocabulary as voc
from fellesskap.records.states import ExclusionState
from fellesskap.registry.models import Person, Prison, Unit, VersionedRecord

USER = settings.AUTH_USER_MODEL


class DecisionLevel(models.TextChoices):
    """Who decided or reviewed: the prison, the region or the directorate (KDI)."""

    PRISON = "prison", _("prison")
    REGION = "region", _("region")
    DIRECTORATE = "directorate", _("directorate (KDI)")


class PersonRecord(VersionedRecord):
    """A record about one person, registered in one prison.

    ``prison`` is where the person was held when the record starts; it scopes
    access and lets the audit trail file the event under that prison.
    ``backdated`` marks a registration made more than a day after the fact, so
    that leaders can see late paperwork (its reason is kept).
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    backdated = models.BooleanField(default=False)
    backdate_reason = models.TextField(blank=True)

    class Meta:
        abstract = True


class DecisionLetter(models.Model):
    """The content of a written decision (vedtak, forvaltningsloven §§ 24–27).

    Kept as fields now so that the printable letter is a view of the record,
    and the archive reference ties it to the decision archived in Elements.
    """

    facts = models.TextField(blank=True, help_text=_("The facts the decision rests on."))
    legal_basis = models.TextField(blank=True, help_text=_("The provision applied."))
    reasons = models.TextField(blank=True, help_text=_("Why the provision applies here."))
    less_intrusive_measures = models.TextField(
        blank=True, help_text=_("Why less intrusive measures were not enough."))
    own_statement = models.TextField(blank=True, help_text=_("The person's own statement."))
    statement_not_obtained_reason = models.TextField(
        blank=True, help_text=_("Why the person's statement was not obtained."))
    appeal_information = models.TextField(blank=True, help_text=_("The right to appeal and how."))
    appeal_deadline = models.DateField(null=True, blank=True)
    archive_reference = models.CharField(max_length=100, blank=True, help_text=_("Reference in Elements."))

    LETTER_FIELDS = (
        "facts", "legal_basis", "reasons", "less_intrusive_measures", "own_statement",
        "statement_not_obtained_reason", "appeal_information", "appeal_deadline", "archive_reference",
    )

    class Meta:
        abstract = True


class Exclusion(PersonRecord, DecisionLetter):
    """Utelukkelse fra fellesskapet — a decision excluding a person from
    association, full (hel) or partial (delvis, ``partial_from`` says from what).

    ``state`` follows :mod:`fellesskap.records.states`. A renewal is a new
    decision whose ``renews`` is the one before, so the ledger can merge them
    into one episode without restarting the clock.
    """

    scope = models.CharField(max_length=10, choices=voc.choices(voc.SCOPES))
    partial_from = models.CharField(max_length=300, blank=True)
    ground = models.CharField(max_length=40, choices=voc.choices(voc.GROUNDS))
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=ExclusionState.choices, default=ExclusionState.DRAFT)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_level = models.CharField(max_length=20, choices=DecisionLevel.choices, default=DecisionLevel.PRISON)
    decided_at = models.DateTimeField(null=True, blank=True)
    renews = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals")

    class Meta:
        ordering = ["person", "start"]
        indexes = [models.Index(fields=["person", "start"])]

    def __str__(self) -> str:
        return f"Exclusion {self.public_id}"

    @property
    def legal_source(self) -> str:
        return next((t.source for t in voc.GROUNDS if t.code == self.ground), "")


class Appeal(VersionedRecord):
    """Klage — an appeal against an exclusion or a coercive-means decision:
    lodged (when, by whom, a summary), forwarded to the region or KDI, decided
    (outcome, when, reasons). An appeal does not suspend the decision.

    Exactly one of ``exclusion`` and ``coercive_means`` is set (the decision
    appealed against); the appeal is shown on that decision's page."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("decision upheld")
        CHANGED = "changed", _("decision changed")
        QUASHED = "quashed", _("decision quashed")

    exclusion = models.ForeignKey(Exclusion, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals")
    coercive_means = models.ForeignKey("CoerciveMeans", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="appeals")
    lodged_at = models.DateTimeField()
    lodged_by = models.CharField(max_length=200, blank=True, help_text=_("Who lodged it: the person, a lawyer, …"))
    forwarded_at = models.DateTimeField(null=True, blank=True)
    forwarded_to = models.CharField(max_length=20, choices=DecisionLevel.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_level = models.CharField(max_length=20, choices=DecisionLevel.choices, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    grounds = models.TextField(blank=True)
    decision_reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["lodged_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exclusion__isnull=False, coercive_means__isnull=True)
                | Q(exclusion__isnull=True, coercive_means__isnull=False),
                name="appeal_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"Appeal {self.public_id}"

    @property
    def subject(self):
        return self.exclusion or self.coercive_means


class CoerciveMeans(PersonRecord, DecisionLetter):
    """Tvangsmiddel (strgjfl. § 38) — one use of a coercive means.

    For a security cell or bed the checks are :class:`Supervision` rows; a
    renewed decision links to the one before; escalation to the region or KDI
    and notice to the health service are recorded with their instants.
    """

    kind = models.CharField(max_length=20, choices=voc.choices(voc.COERCIVE_KINDS))
    reason = models.CharField(max_length=20, choices=voc.choices(voc.COERCIVE_REASONS))
    reason_text = models.TextField(blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_level = models.CharField(max_length=20, choices=DecisionLevel.choices, default=DecisionLevel.PRISON)
    renews = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals")
    escalated_level = models.CharField(max_length=20, choices=DecisionLevel.choices, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    health_notified_at = models.DateTimeField(null=True, blank=True)

    SUPERVISED_KINDS = ("security_cell", "security_bed")

    class Meta:
        ordering = ["person", "start"]
        verbose_name_plural = "coercive means"

    def __str__(self) -> str:
        return f"Coercive means {self.public_id}"


class Review(PersonRecord):
    """Fortløpende vurdering — a documented reassessment of one decision (an
    exclusion or a coercive means) at a level, with its outcome."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("continue")
        END = "end", _("end")
        CHANGE = "change", _("change")

    exclusion = models.ForeignKey(Exclusion, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews")
    coercive_means = models.ForeignKey(CoerciveMeans, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="reviews")
    at = models.DateTimeField()
    level = models.CharField(max_length=20, choices=DecisionLevel.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["person", "at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exclusion__isnull=False, coercive_means__isnull=True)
                | Q(exclusion__isnull=True, coercive_means__isnull=False),
                name="review_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.public_id}"

    @property
    def subject(self):
        return self.exclusion or self.coercive_means


class Supervision(PersonRecord):
    """Tilsyn — one documented check of a person in a security cell, a security
    bed or full exclusion (tilsynsprotokoll)."""

    exclusion = models.ForeignKey(Exclusion, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="supervisions")
    coercive_means = models.ForeignKey(CoerciveMeans, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="supervisions")
    at = models.DateTimeField()
    observation = models.TextField(blank=True)
    condition = models.CharField(max_length=200, blank=True)
    health_called = models.BooleanField(default=False)

    class Meta:
        ordering = ["person", "at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exclusion__isnull=False, coercive_means__isnull=True)
                | Q(exclusion__isnull=True, coercive_means__isnull=False),
                name="supervision_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"Supervision {self.public_id}"


class Category(models.TextChoices):
    """What a time session counts as in the ledger."""

    CONTACT = "contact", _("contact or association")
    OUTDOOR = "outdoor", _("outdoor time (lufting)")
    UNLOCK = "unlock", _("unlock time (utlåsning)")


class Counterpart(models.TextChoices):
    """Who the person had contact with (for contact sessions)."""

    OFFICER = "officer", _("officer")
    HEALTH = "health", _("health service")
    CHAPLAIN = "chaplain", _("chaplain")
    VOLUNTEER = "volunteer", _("volunteer")
    ACTIVITY_TEAM = "activity_team", _("activity team")
    TEACHER = "teacher", _("teacher")
    VISITOR = "visitor", _("visitor")
    PRISONERS = "prisoners", _("other prisoners")
    OTHER = "other", _("other")


class GroupSession(VersionedRecord):
    """One registration of association (fellesskap) or an activity for many
    persons at once; each person gets their own :class:`TimeSession` linked here,
    so that the ledger counts persons, not registrations.

    ``idempotency_key``: the board's form sends one per press, so that the same
    press sent again (a lost answer, or a registration queued while the
    connection was down) gives the first registration back instead of a second."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=10, choices=Category.choices, default=Category.CONTACT)
    kind = models.CharField(max_length=30, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["unit", "start"]

    def __str__(self) -> str:
        return f"Group session {self.public_id}"


class TimeSession(PersonRecord):
    """Actual time: a contact or association session (``kind`` from
    vocabulary.CONTACT_KINDS), outdoor time or unlock time. Opened with no end
    ("unlocked now") and closed later.

    Two registrations of the same session (two officers at once, or a retry)
    are refused by the unique constraint on person, category, kind and start,
    and a client may send an ``idempotency_key`` to get its first answer back.
    """

    category = models.CharField(max_length=10, choices=Category.choices)
    kind = models.CharField(max_length=30, blank=True)
    counterpart = models.CharField(max_length=20, choices=Counterpart.choices, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    group = models.ForeignKey(GroupSession, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person", "start"]
        # The open sessions ("unlocked now") are few; the ward board asks for
        # them on every load and poll (docs/performance.md).
        indexes = [models.Index(fields=["person", "start"]),
                   models.Index(fields=["person", "start"], condition=Q(end__isnull=True),
                                name="timesession_open")]
        constraints = [
            models.UniqueConstraint(fields=["person", "category", "kind", "start"],
                                    condition=Q(withdrawn_at__isnull=True), name="time_session_once"),
        ]

    def __str__(self) -> str:
        return f"Session {self.public_id}"


class DailyScheduleEntry(VersionedRecord):
    """Dagsorden — one planned block of a unit's normal day (association,
    outdoor time, unlock time), on one weekday or every day. Planned, never
    counted: confirming the day turns it into actual :class:`TimeSession` rows."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    weekday = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("0 = Monday; empty = every day"))
    category = models.CharField(max_length=10, choices=Category.choices)
    kind = models.CharField(max_length=30, blank=True)
    start_time = models.TimeField()
    end_time = models.TimeField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit", "weekday", "start_time"]

    def __str__(self) -> str:
        return f"Schedule entry {self.public_id}"


class IsolationReducingMeasure(PersonRecord):
    """Isolasjonsreduserende tiltak — an activity offered to an isolated
    person. A declined offer is recorded too: the duty is to offer."""

    class Response(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    at = models.DateTimeField()
    description = models.CharField(max_length=300)
    offered_by = models.CharField(max_length=20, choices=Counterpart.choices)
    response = models.CharField(max_length=10, choices=Response.choices)
    session = models.ForeignKey(TimeSession, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["person", "at"]

    def __str__(self) -> str:
        return f"Measure {self.public_id}"


class WeekPlan(PersonRecord):
    """Ukeplan — the plan that must exist at once for an excluded person,
    offering at least two hours of meaningful contact every day. A day with
    less is a warning kept on the plan (``short_days``), not a refusal: the
    plan still has to be recorded."""

    exclusion = models.ForeignKey(Exclusion, on_delete=models.PROTECT, related_name="week_plans")
    made_at = models.DateTimeField()
    week_start = models.DateField()
    short_days = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["person", "made_at"]

    def __str__(self) -> str:
        return f"Week plan {self.public_id}"


class WeekPlanItem(models.Model):
    """One planned contact block of a week plan (part of the plan's version)."""

    plan = models.ForeignKey(WeekPlan, on_delete=models.CASCADE, related_name="items")
    weekday = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["plan", "weekday", "start_time"]

    def __str__(self) -> str:
        return f"Week plan item {self.pk}"


class Incident(PersonRecord):
    """Self-harm, a suicide attempt, a suicide or violence (Meld. St. 31 Table 7.1)."""

    kind = models.CharField(max_length=20, choices=voc.choices(voc.INCIDENT_KINDS))
    at = models.DateTimeField()
    serious = models.BooleanField(default=False)
    health_told_at = models.DateTimeField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["person", "at"]

    def __str__(self) -> str:
        return f"Incident {self.public_id}"


class SupervisoryBoardNotification(models.Model):
    """A notice the supervisory board (tilsynsrådet) must receive: repeated
    serious self-harm, a suicide attempt or a suicide. ``contents`` holds what
    the notice must say, with opaque ids only."""

    class Reason(models.TextChoices):
        REPEATED_SELF_HARM = "repeated_serious_self_harm", _("repeated serious self-harm")
        SUICIDE_ATTEMPT = "suicide_attempt", _("suicide attempt")
        SUICIDE = "suicide", _("suicide")

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="board_notification")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=40, choices=Reason.choices)
    created_at = models.DateTimeField()
    contents = models.JSONField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Supervisory board notification {self.pk}"


class UnitLockIn(VersionedRecord):
    """Innlåsning av en hel avdeling — every person present in the unit is
    locked in for building or staffing reasons. The bridge turns it into a
    collective full exclusion (ground ``building_or_staffing``) for each person
    placed in the unit during it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    reason = models.TextField()
    backdated = models.BooleanField(default=False)
    backdate_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["unit", "start"]

    def __str__(self) -> str:
        return f"Unit lock-in {self.public_id}"
