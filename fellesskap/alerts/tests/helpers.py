"""Set-up for the alerts tests: a held person with a full exclusion in force
since seven days ago (held for ten) and no week plan, so that the engine yields a pending
region deadline (due in seven days), a missed week-plan deadline and
unregistered isolation on the day before the exclusion."""

from __future__ import annotations

from datetime import timedelta

from fellesskap.records.tests.helpers import World, exclusion_in_force, make_world


def world_with_exclusion(code: str = "A") -> tuple[World, object]:
    w = make_world(code)
    exclusion = exclusion_in_force(w, start=w.ago(days=7))
    return w, exclusion


def region_due(exclusion):
    return exclusion.start + timedelta(days=14)


def alert_and_deviation_in(prison, person) -> dict:
    """One alert and one deviation of ``person`` in ``prison`` (for the authorization walk)."""
    from django.utils import timezone

    from fellesskap.alerts import actions
    from fellesskap.alerts.models import Alert, Deadline
    from fellesskap.registry.tests import helpers as h

    now = timezone.now()
    deadline = Deadline.objects.create(
        person=person, prison=prison, rule="no.full_exclusion.region_14d", pack="no-current", pack_version="1",
        subject="E1", due=now + timedelta(hours=3), status="pending", responsible_role="region",
        warn_from=now - timedelta(hours=21), first_seen_at=now, refreshed_at=now)
    alert = Alert.objects.create(deadline=deadline, prison=prison, role="region", raised_at=now)
    deviation = actions.do_create_deviation(actor=h.registrar(prison), prison=prison, kind="other", severity="low",
                                            description="test data", date=now.date(), person=person)
    return {"alert_id": str(alert.public_id), "deviation_id": str(deviation.public_id)}
