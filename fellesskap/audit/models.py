"""The audit trail (revisjonsspor): an append-only, hash-chained event log.

Each event's hash is SHA-256 over a canonical serialisation of the event and
the previous event's hash, so that editing or deleting a row in the database
breaks the chain at that row, which ``fellesskap audit verify`` reports.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete audit events through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be updated")

    def bulk_create(self, *args, **kwargs):
        raise AppendOnlyError("audit events are written one by one through fellesskap.audit.trail.record")


class AuditEvent(models.Model):
    """One audited action: who did what to which record, when and why.

    ``object_id`` and ``person`` are opaque ids (UUIDs), never a name or a
    national identity number.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("view")
        LIST = "list", _("list")
        CREATE = "create", _("create")
        CORRECT = "correct", _("correct")
        WITHDRAW = "withdraw", _("withdraw")
        EXPORT = "export", _("export")
        LOGIN = "login", _("log in")
        LOGOUT = "logout", _("log out")
        GRANT = "grant", _("grant role")
        SEARCH = "search", _("search")

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person = models.CharField(max_length=64, blank=True, db_index=True)
    prison = models.CharField(max_length=20, blank=True, db_index=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


class ChainTip(models.Model):
    """The last sequence number and hash; one row. Locking it serialises
    writers so that the chain stays linear under concurrent transactions."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"tip #{self.seq}"
