"""Editions: publishing freezes the tables; a correction is a new edition listing what changed."""

from __future__ import annotations

import dataclasses
import io

import pytest

from fellesskap.audit.models import AuditEvent
from fellesskap.registry import roles as R
from fellesskap.registry.tests.helpers import make_prison, user_with_role
from fellesskap.stats.actions import NotAllowed, PublishError, latest_editions, publish_edition
from fellesskap.stats.models import Edition, FrozenError
from fellesskap.stats.service import monthly_publication
from fellesskap.stats.tests.builders import excl, person, scenario, stay

pytestmark = pytest.mark.django_db

PACKS = {"no-current": "2026.1"}


def march(extra_exclusion: bool = False):
    exclusions = [excl("A1", "2026-03-10T10:00:00+01:00", "2026-03-12T10:00:00+01:00")]
    if extra_exclusion:
        exclusions.append(excl("A2", "2026-03-20T10:00:00+01:00", "2026-03-21T10:00:00+01:00", ground="own_wish"))
    a = person("A", [stay("OSL", "2026-01-01T08:00:00+01:00", status="remand")], exclusions)
    return monthly_publication(scenario([a], evaluated_at="2026-04-02T00:00:00+02:00"), "2026-03",
                               rule_packs=PACKS)


@pytest.fixture
def analyst():
    return user_with_role(R.DIRECTORATE_ANALYST, national=True)


def test_publishing_freezes_values_instant_packs_and_publisher(analyst):
    pub = march()
    edition = publish_edition(pub, actor=analyst)
    stored = Edition.objects.get(pk=edition.pk)
    assert (stored.period, stored.area, stored.number) == ("2026-03", "nation", 1)
    assert stored.published_by == analyst and stored.rule_packs == PACKS
    assert stored.data_instant == pub.data_instant
    assert stored.tables["started"]["rows"] == [{"prison": "OSL", "scope": "full", "status": "remand", "count": 1}]
    assert stored.tables["started"]["title_nb"] == "Iverksatte utelukkelser"
    assert stored.changes == [] and stored.supersedes is None
    event = AuditEvent.objects.get(action="publish")
    assert event.user == analyst and event.data["period"] == "2026-03" and event.data["number"] == 1


def test_a_correction_is_a_new_edition_listing_the_changes(analyst):
    first = publish_edition(march(), actor=analyst)
    second = publish_edition(march(extra_exclusion=True), actor=analyst, reason="A2 registered late")
    assert second.number == 2 and second.supersedes == first and second.reason == "A2 registered late"
    assert [c for c in second.changes if c["table"] != "grounds"] == [
        {"table": "started", "key": {"prison": "OSL", "scope": "full", "status": "remand"}, "change": "changed",
         "old": {"count": 1}, "new": {"count": 2}}]
    # The late decision's ground enters the month's shares by ground too.
    assert {(c["key"]["ground"], c["change"]) for c in second.changes if c["table"] == "grounds"} >= {
        ("own_wish", "added")}
    # The first edition still says what it said.
    again = Edition.objects.get(pk=first.pk)
    assert again.tables["started"]["rows"][0]["count"] == 1 and again.number == 1
    assert [e.number for e in latest_editions()] == [2]
    assert AuditEvent.objects.filter(action="publish").count() == 2


def test_a_correction_needs_a_reason_and_a_change(analyst):
    publish_edition(march(), actor=analyst)
    with pytest.raises(PublishError, match="reason"):
        publish_edition(march(extra_exclusion=True), actor=analyst)
    with pytest.raises(PublishError, match="nothing changed"):
        publish_edition(march(), actor=analyst, reason="again")
    # A new rule-pack version alone is a reason to publish again, even with the same figures.
    repacked = dataclasses.replace(march(), rule_packs={"no-current": "2026.2"})
    assert publish_edition(repacked, actor=analyst, reason="pack 2026.2").number == 2
    assert Edition.objects.count() == 2


def test_only_directorate_analysts_publish():
    prison = make_prison("OSL")
    leader = user_with_role(R.PRISON_LEADER, prison)
    with pytest.raises(NotAllowed):
        publish_edition(march(), actor=leader)
    assert not Edition.objects.exists() and not AuditEvent.objects.filter(action="publish").exists()


def test_editions_cannot_be_changed_or_deleted(analyst):
    edition = publish_edition(march(), actor=analyst)
    edition.reason = "rewritten"
    with pytest.raises(FrozenError):
        edition.save()
    with pytest.raises(FrozenError):
        edition.delete()
    with pytest.raises(FrozenError):
        Edition.objects.filter(pk=edition.pk).update(reason="x")
    with pytest.raises(FrozenError):
        Edition.objects.all().delete()
    assert Edition.objects.get(pk=edition.pk).reason == ""


def test_areas_have_their_own_numbering(analyst):
    publish_edition(march(), actor=analyst)
    osl = dataclasses.replace(march(), area="prison:OSL")
    assert publish_edition(osl, actor=analyst).number == 1


def test_publish_command(analyst):
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("publish_statistics", "2026-03", user=analyst.username, stdout=out)
    assert "published 2026-03 nation edition 1" in out.getvalue()
    with pytest.raises(CommandError, match="reason"):
        call_command("publish_statistics", "2026-03", user=analyst.username, stdout=out)
    with pytest.raises(CommandError, match="period"):
        call_command("publish_statistics", "2026-3", user=analyst.username, stdout=out)
    with pytest.raises(CommandError, match="--user"):
        call_command("publish_statistics", "2026-03", user="nobody", stdout=out)
