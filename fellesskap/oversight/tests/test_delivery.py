"""The supervisory board is told by e-mail that a notice awaits it
(fellesskap/oversight/delivery.py): once, without personal data, again later
when the mail server fails, held while the prison has no address."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from fellesskap.audit.models import AuditEvent
from fellesskap.oversight import delivery
from fellesskap.oversight.models import NoticeDelivery
from fellesskap.oversight.tests.helpers import incident, world
from fellesskap.records.models import SupervisoryBoardNotification
from fellesskap.testing import at_once


@pytest.fixture
def w(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://fellesskap.example"
    world_ = world()
    world_.prison.board_email = "tilsynsraad@example.org"
    world_.prison.save()
    return world_


@pytest.fixture
def notice(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident(w, "suicide_attempt", w.ago(hours=3))
    return SupervisoryBoardNotification.objects.get()


@pytest.mark.django_db
def test_a_notice_is_queued_and_sent_once_without_personal_data(w, notice):
    row = NoticeDelivery.objects.get(notification=notice)
    assert row.status == "pending" and row.sent_at is None
    assert delivery.send_due().sent == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["tilsynsraad@example.org"]
    text = email.subject + email.body
    person = w.person
    for private in (person.given_name, person.family_name, person.national_id, str(person.public_id),
                    str(notice.incident.public_id), "suicide", "selvmord"):
        assert private and private not in text, private
    assert w.prison.name in text
    assert "https://fellesskap.example/oversight/notifications/?prison=A" in email.body
    assert "Tilsynsrådet har en ny melding" in email.body and "supervisory board" in email.body  # nb and en
    row.refresh_from_db()
    assert row.status == "sent" and row.sent_at is not None and row.attempts == 1
    assert delivery.send_due().sent == 0 and len(mail.outbox) == 1, "sent once"
    assert AuditEvent.objects.filter(data__command="board_notice_delivery", data__outcome="sent").count() == 1


@pytest.mark.django_db
def test_a_failing_mail_server_is_tried_again_later_and_nothing_is_lost(w, notice, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(delivery, "send_mail", down)
    now = timezone.now()
    assert delivery.send_due(now).failed == 1
    row = NoticeDelivery.objects.get()
    assert row.status == "pending" and row.attempts == 1 and row.last_error == "ConnectionRefusedError"
    assert row.next_attempt_at == now + timedelta(minutes=5)
    assert delivery.send_due(now + timedelta(minutes=1)).failed == 0, "not before its pause"
    assert delivery.send_due(now + timedelta(minutes=6)).failed == 1
    row.refresh_from_db()
    assert row.attempts == 2 and row.next_attempt_at == now + timedelta(minutes=6) + timedelta(minutes=10)
    monkeypatch.undo()
    assert delivery.send_due(now + timedelta(hours=1)).sent == 1
    assert len(mail.outbox) == 1


def test_the_pause_grows_and_has_a_ceiling():
    assert [delivery.pause_after(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (5, 10, 20)]
    assert delivery.pause_after(30) == timedelta(hours=6)


@pytest.mark.django_db
def test_without_an_address_the_notice_is_held_and_the_screen_says_so(w, notice, client):
    w.prison.board_email = ""
    w.prison.save()
    now = timezone.now()
    assert delivery.send_due(now).no_address == 1 and mail.outbox == []
    assert NoticeDelivery.objects.get().status == "no_address"
    from fellesskap.registry import roles as R
    from fellesskap.registry.tests import helpers as h

    client.force_login(h.user_with_role(R.SUPERVISORY_BOARD_MEMBER, w.prison))
    page = client.get("/oversight/notifications/?prison=A").content.decode()
    assert 'id="board-no-address"' in page
    # The address is set: the held notice goes out at the next try.
    w.prison.board_email = "tilsynsraad@example.org"
    w.prison.save()
    assert delivery.send_due(now + timedelta(hours=1, seconds=1)).sent == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_a_notice_once(settings, django_capture_on_commit_callbacks):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL; SQLite serialises writers by design")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    w = world()
    w.prison.board_email = "tilsynsraad@example.org"
    w.prison.save()
    for hours in (3, 5, 7):
        incident(w, "suicide_attempt", w.ago(hours=hours))
    from fellesskap.oversight.notify import sweep

    sweep()
    assert NoticeDelivery.objects.count() == 3
    results = at_once(delivery.send_due, 2, timeout=60)
    assert sum(r.sent for r in results) == 3
    assert len(mail.outbox) == 3
    assert NoticeDelivery.objects.filter(status="sent", attempts=1).count() == 3


@pytest.mark.django_db
def test_the_worker_sends_what_waits(w, notice):
    from fellesskap.alerts.worker import run_once

    run_once()
    assert len(mail.outbox) == 1 and NoticeDelivery.objects.get().status == "sent"
