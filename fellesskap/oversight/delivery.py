"""Telling the supervisory board that a notice awaits it (utsending).

A notice (:class:`~fellesskap.records.models.SupervisoryBoardNotification`) is
made when an incident is committed (:mod:`.notify`); the board reads it on its
screen. :func:`queue` adds an outbox row for it in the same transaction, and
:func:`send_due` — run by the worker every sweep, or ``fellesskap
notices_send`` — sends what is due through Django's e-mail backend
(``EMAIL_*`` settings).

Why the e-mail says so little: e-mail leaves the system's access control and
its audit trail, so it holds no personal data and nothing about the incident
(no name, no kind, no time) — only the prison and a link to the notices
screen, where the board logs in and reading is audited.

Why an outbox: a mail server that is down must not lose a notice or stop a
registration; a row waits and is tried again with a growing pause. Two
workers never send one twice: rows are claimed with ``SELECT … FOR UPDATE
SKIP LOCKED`` on PostgreSQL (SQLite serialises writers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.oversight.models import NoticeDelivery
from fellesskap.records.models import SupervisoryBoardNotification

FIRST_PAUSE = timedelta(minutes=5)
LONGEST_PAUSE = timedelta(hours=6)
BATCH = 50


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    failed: int = 0
    no_address: int = 0


def queue(notice: SupervisoryBoardNotification, now: datetime | None = None) -> NoticeDelivery:
    """The notice's outbox row (made once)."""
    now = now or timezone.now()
    delivery, _created = NoticeDelivery.objects.get_or_create(
        notification=notice, defaults={"created_at": now, "next_attempt_at": now})
    return delivery


def pause_after(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed tries: 5 min, 10, 20, … at most 6 h."""
    return min(FIRST_PAUSE * (2 ** max(0, attempts - 1)), LONGEST_PAUSE)


def message(notice: SupervisoryBoardNotification) -> tuple[str, str]:
    """Subject and body, in bokmål then English; the prison and a link only."""
    prison = notice.prison
    link = settings.SITE_URL.rstrip("/") + reverse("oversight:notifications") + f"?prison={prison.code}"
    parts = []
    for language in ("nb", "en"):
        with translation.override(language):
            parts.append(_("The supervisory board has a new notice from %(prison)s in fellesskap. "
                           "Log in to read it: %(link)s") % {"prison": prison.name, "link": link})
    with translation.override("nb"):
        subject = _("fellesskap: a new notice to the supervisory board (%(prison)s)") % {"prison": prison.name}
    return subject, "\n\n".join(parts) + "\n"


def _due(now: datetime):
    rows = (NoticeDelivery.objects.filter(status__in=(NoticeDelivery.Status.PENDING, NoticeDelivery.Status.NO_ADDRESS),
                                          next_attempt_at__lte=now)
            .select_related("notification__prison").order_by("next_attempt_at", "pk"))
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    return rows


def _send_one(delivery: NoticeDelivery, now: datetime) -> str:
    notice = delivery.notification
    address = notice.prison.board_email
    if not address:
        # Held until an administrator sets the address; looked at again each hour.
        delivery.status, delivery.next_attempt_at = NoticeDelivery.Status.NO_ADDRESS, now + timedelta(hours=1)
        delivery.save(update_fields=["status", "next_attempt_at"])
        return "no_address"
    subject, body = message(notice)
    delivery.attempts += 1
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception as error:  # any failure of the mail server: try again later
        delivery.status = NoticeDelivery.Status.PENDING
        delivery.last_error = type(error).__name__[:200]
        delivery.next_attempt_at = now + pause_after(delivery.attempts)
        delivery.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
        trail.record(actor=None, action=AuditEvent.Action.EXPORT, obj=("records.supervisoryboardnotification",
                     str(notice.pk)), prison=notice.prison.code,
                     data={"command": "board_notice_delivery", "outcome": "failed", "attempt": delivery.attempts,
                           "error": delivery.last_error})
        return "failed"
    delivery.status, delivery.address, delivery.sent_at, delivery.last_error = (
        NoticeDelivery.Status.SENT, address, now, "")
    delivery.save(update_fields=["status", "address", "sent_at", "attempts", "last_error"])
    trail.record(actor=None, action=AuditEvent.Action.EXPORT, obj=("records.supervisoryboardnotification",
                 str(notice.pk)), prison=notice.prison.code,
                 data={"command": "board_notice_delivery", "outcome": "sent", "attempt": delivery.attempts})
    return "sent"


def send_due(now: datetime | None = None, batch: int = BATCH) -> SendResult:
    """Sends every due outbox row (in batches, each in its own transaction)."""
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "no_address": 0}
    while True:
        with transaction.atomic():
            rows = list(_due(now)[:batch])
            for delivery in rows:
                counts[_send_one(delivery, now)] += 1
        if len(rows) < batch:
            return SendResult(**counts)
