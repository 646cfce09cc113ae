"""Deadlines, findings, alerts and deviations (frister, funn, varsler, avvik) as stored rows.

The rule engine (:mod:`fellesskap.rules`) computes deadlines and findings from
the records; this app keeps them so that a leader can see what falls due, be
warned in time, and handle what went wrong. Rows are kept current by
:func:`fellesskap.alerts.refresh.refresh_person` and never deleted: a deadline
or finding that the engine no longer produces after a correction is marked
*withdrawn* with the reason, so the history of what was once missed survives.

A :class:`Deviation` (avvik) is the case a leader handles: made by the worker
from a missed deadline or a finding, at most one per cause (a database
constraint), assigned, commented, given measures and closed with a reason.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fellesskap.registry.models import Person, Prison, Unit, VersionedRecord

USER = settings.AUTH_USER_MODEL


class PrisonRulePacks(models.Model):
    """Which rule packs apply in a prison (regelpakker per fengsel).

    Without a row a prison uses :data:`fellesskap.alerts.packs.DEFAULT_PACKS`;
    administrators choose others (e.g. the Swedish pack for a comparison)."""

    prison = models.OneToOneField(Prison, on_delete=models.CASCADE, related_name="rule_packs")
    packs = models.JSONField(default=list)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("rule packs of a prison")
        verbose_name_plural = _("rule packs of prisons")

    def __str__(self) -> str:
        return f"{self.prison.code}: {', '.join(self.packs)}"


class PersonRefresh(models.Model):
    """When a person's deadlines and findings were last recomputed, so that the
    worker's daily sweep of everyone held skips those already current today."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"refreshed {self.refreshed_at:%Y-%m-%d %H:%M}"


class Tracked(models.Model):
    """What stored deadlines and findings share: who, where, which rule of
    which pack version, and when the row was first seen, last refreshed and
    (if the engine stopped producing it) withdrawn, with why."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=100)
    pack = models.CharField(max_length=20)
    pack_version = models.CharField(max_length=20)
    first_seen_at = models.DateTimeField()
    refreshed_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    # Set by the worker once it has decided whether the row raises a deviation,
    # so each run looks only at rows it has not seen.
    deviation_checked_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True


class Deadline(Tracked):
    """A stored deadline (frist): something must be recorded by ``due``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        MET = "met", _("met")
        MISSED = "missed", _("missed")

    subject = models.CharField(max_length=100, help_text="The episode's first decision (opaque id).")
    due = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices)
    met_at = models.DateTimeField(null=True, blank=True)
    responsible_role = models.CharField(max_length=30, blank=True)
    warn_from = models.DateTimeField(help_text="From here on the deadline is coming due (due - warn_hours).")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "rule", "subject", "due"], name="alerts_deadline_unique"),
        ]
        indexes = [models.Index(fields=["prison", "status", "due"]), models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.due:%Y-%m-%d %H:%M} {self.status}"


class Finding(Tracked):
    """A stored finding (funn): a rule was broken on ``date`` (or must be checked)."""

    date = models.DateField()
    evidence = models.JSONField(default=dict, blank=True)
    ledger_day = models.JSONField(default=dict, blank=True, help_text="The ledger row of that person-day.")
    severity = models.CharField(max_length=10, default="breach")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "rule", "date", "pack_version"], name="alerts_finding_unique"),
        ]
        indexes = [models.Index(fields=["prison", "date"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.date}"


class Alert(models.Model):
    """A warning (varsel) to the responsible role that a deadline is coming due.

    One per deadline; resolved when the deadline is met, missed (a deviation
    takes over) or withdrawn."""

    class Resolution(models.TextChoices):
        MET = "met", _("met")
        MISSED = "missed", _("missed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    deadline = models.OneToOneField(Deadline, on_delete=models.PROTECT, related_name="alert")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30)
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["prison", "resolved_at"])]

    def __str__(self) -> str:
        return f"alert {self.public_id}"


class Deviation(VersionedRecord):
    """An avvik: a departure from a rule or plan that a leader must handle and close."""

    class Kind(models.TextChoices):
        MISSED_DEADLINE = "missed_deadline", _("missed deadline")
        PROLONGED_SOLITARY = "prolonged_solitary", _("prolonged solitary confinement")
        UNREGISTERED_ISOLATION = "unregistered_isolation", _("unregistered isolation")
        MISSING_SUPERVISION = "missing_supervision", _("missing supervision")
        MISSING_WEEK_PLAN = "missing_week_plan", _("missing week plan")
        UNIT_LOCK_IN = "unit_lock_in", _("unit lock-in")
        OTHER = "other", _("other")

    class Severity(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    kind = models.CharField(max_length=30, choices=Kind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rule = models.CharField(max_length=100, blank=True)
    pack = models.CharField(max_length=20, blank=True)
    pack_version = models.CharField(max_length=20, blank=True)
    cause = models.CharField(max_length=120, help_text="What the deviation is about: a deadline's subject and "
                             "due instant, or a finding's date; one deviation per cause.")
    date = models.DateField(help_text="The day the deviation concerns (Oslo).")
    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, null=True, blank=True, related_name="deviations")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="deviations")
    evidence = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)
    assigned_to = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    measures = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    close_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "person", "rule", "cause"], name="alerts_deviation_one_per_cause"),
        ]
        indexes = [models.Index(fields=["prison", "status"])]

    def __str__(self) -> str:
        return f"deviation {self.public_id}"


class DeviationNote(models.Model):
    """One step of a deviation's handling: a comment, measures, an assignment,
    a closing or reopening — the log a leader reads, beside the versions."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        MEASURES = "measures", _("measures")
        ASSIGN = "assign", _("assigned")
        CLOSE = "close", _("closed")
        REOPEN = "reopen", _("reopened")

    deviation = models.ForeignKey(Deviation, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
