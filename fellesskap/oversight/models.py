"""Oversight records: the board's acknowledgement of a notification, and
inspection reports kept as versions that are never overwritten.

The notification itself is :class:`fellesskap.records.models.SupervisoryBoardNotification`
(the records app owns it, as it is made by the incident command);
what the board does with it lives here, beside it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fellesskap.records.models import SupervisoryBoardNotification
from fellesskap.registry.models import Prison

USER = settings.AUTH_USER_MODEL


class AppendOnlyError(RuntimeError):
    """A stored version was about to be changed; make a new version instead."""


class AppendOnly(models.Model):
    """A row written once: an acknowledgement or a report version is evidence,
    so a correction is a new row, never an update."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are written once")
        super().save(*args, **kwargs)


class BoardAcknowledgement(AppendOnly):
    """Kvittering — the supervisory board has received and read a notification."""

    notification = models.OneToOneField(SupervisoryBoardNotification, on_delete=models.PROTECT,
                                        related_name="acknowledgement")
    acknowledged_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Acknowledgement of notification {self.notification_id}"


class Inspection(models.Model):
    """Inspeksjon — one inspection of one prison over a period; its content
    is in :class:`InspectionVersion` rows, the newest being the current report."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField(help_text=_("Last day of the period (inclusive)."))
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Inspection {self.public_id}"

    @property
    def current(self) -> InspectionVersion | None:
        return self.versions.order_by("-number").first()


class InspectionVersion(AppendOnly):
    """One stored version of an inspection report: the checklist as computed
    from the data at ``made_at`` (frozen, so the report says what the inspector
    saw) and the inspector's answers and comments."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    items = models.JSONField(help_text="The checklist: per item the automatic result, evidence, answer, comment.")
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="inspection_version_once")]

    def __str__(self) -> str:
        return f"Inspection {self.inspection_id} v{self.number}"


class NoticeDelivery(models.Model):
    """The e-mail that tells a prison's supervisory board a notice awaits it
    (utsending av melding til tilsynsrådet): an outbox row per notice.

    The e-mail carries no personal data — not the person, the incident's kind
    or its time — only the prison and a link to log in and read the notice,
    because e-mail leaves the system's access control. A row is pending until
    sent; a failure is tried again later with a growing pause (attempts and
    the last error are kept, the error as its type only); a prison without an
    address holds its rows until one is set (the board's screens and the
    leader see the warning). Sent once: workers lock rows with SKIP LOCKED.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        NO_ADDRESS = "no_address", _("no address for the supervisory board")

    notification = models.OneToOneField(SupervisoryBoardNotification, on_delete=models.PROTECT,
                                        related_name="delivery")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    address = models.EmailField(blank=True, help_text="Where it was sent (empty until sent).")
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="noticedelivery_due")]

    def __str__(self) -> str:
        return f"delivery of notice {self.notification_id}: {self.status}"
