"""Exclusion decisions through the command layer: states, renewals, overlap,
appeals, corrections, and the validations that guard them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions
from fellesskap.records.models import Appeal, Exclusion
from fellesskap.records.states import ExclusionState as S
from fellesskap.records.tests.helpers import LETTER, exclusion_in_force, make_world
from fellesskap.registry.versioning import history

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_draft_then_in_force_is_versioned_and_audited(w):
    draft = actions.do_create_exclusion(actor=w.officer, person=w.person, scope="full", ground="order_and_security",
                                        start=w.ago(hours=2), letter=LETTER)
    assert draft.state == S.DRAFT and draft.legal_basis == "strgjfl. § 37 første ledd bokstav b"
    decided = actions.do_put_in_force(actor=w.leader, exclusion=draft)
    assert (decided.state, decided.decided_by, decided.version) == (S.IN_FORCE, w.leader, 2)
    assert [v.snapshot["state"] for v in history(decided)] == ["draft", "in_force"]
    commands = list(AuditEvent.objects.filter(person=str(w.person.public_id)).values_list("data__command", flat=True))
    assert "create_exclusion" in commands and "put_in_force" in commands
    event = AuditEvent.objects.filter(object_id=str(draft.public_id)).last()
    assert event.prison == "A" and str(w.person.national_id) not in str(event.data)


def test_an_officer_drafts_but_does_not_decide(w):
    draft = actions.do_create_exclusion(actor=w.officer, person=w.person, scope="full", ground="own_wish",
                                        start=w.ago(hours=1), letter=LETTER)
    with pytest.raises(PermissionDenied):
        actions.do_put_in_force(actor=w.officer, exclusion=draft)


def test_in_force_needs_reasons_and_the_persons_statement(w):
    draft = actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                        start=w.ago(hours=1))
    with pytest.raises(ValidationError) as e:
        actions.do_put_in_force(actor=w.leader, exclusion=draft)
    assert "reasons" in errors(e)
    actions.do_correct_exclusion(actor=w.leader, exclusion=draft, changes={"reasons": "Asked for it."},
                                 reason="letter completed")
    with pytest.raises(ValidationError) as e:
        actions.do_put_in_force(actor=w.leader, exclusion=draft)
    assert "own_statement" in errors(e)


def test_partial_exclusion_must_say_from_what(w):
    with pytest.raises(ValidationError) as e:
        actions.do_create_exclusion(actor=w.leader, person=w.person, scope="partial", ground="own_wish",
                                    start=w.ago(hours=1))
    assert "partial_from" in errors(e)


def test_unknown_ground_is_refused(w):
    with pytest.raises(ValidationError) as e:
        actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="boredom",
                                    start=w.ago(hours=1))
    assert "ground" in errors(e)


def test_overlap_of_same_scope_is_refused_and_shows_the_other_and_asks_about_renewal(w):
    exclusion_in_force(w, start=w.ago(days=3))
    with pytest.raises(ValidationError) as e:
        actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                    start=w.ago(days=1), letter=LETTER, backdate_reason="late")
    message = errors(e)["start"][0]
    assert "renewal" in message and "ongoing" in message
    from django.utils import timezone
    assert timezone.localtime(w.ago(days=3)).strftime("%Y-%m-%d %H:%M") in message
    assert Exclusion.objects.count() == 1


def test_partial_may_overlap_full(w):
    exclusion_in_force(w, start=w.ago(days=3))
    partial = actions.do_create_exclusion(actor=w.leader, person=w.person, scope="partial", ground="own_wish",
                                          partial_from="work", start=w.ago(days=1), backdate_reason="late")
    assert partial.pk


def test_revoked_decisions_do_not_block(w):
    first = exclusion_in_force(w, start=w.ago(days=3))
    actions.do_revoke_exclusion(actor=w.leader, exclusion=first, reason="wrong person")
    assert exclusion_in_force(w, start=w.ago(days=2)).pk


def test_renewal_ends_the_previous_where_it_starts_and_links_to_it(w):
    first = exclusion_in_force(w, start=w.ago(days=3))
    renewal = actions.do_renew_exclusion(actor=w.leader, previous=first, start=w.ago(hours=5),
                                         letter=LETTER)
    first.refresh_from_db()
    assert (first.state, first.end) == (S.ENDED, w.ago(hours=5))
    assert (renewal.renews, renewal.state, renewal.start) == (first, S.IN_FORCE, w.ago(hours=5))
    assert history(first).last().reason == f"renewed by {renewal.public_id}"


def test_a_renewal_cannot_start_before_what_it_renews(w):
    first = exclusion_in_force(w, start=w.ago(days=3))
    with pytest.raises(ValidationError) as e:
        actions.do_renew_exclusion(actor=w.leader, previous=first, start=w.ago(days=4), letter=LETTER,
                                   backdate_reason="late")
    assert "start" in errors(e)


def test_end_then_no_way_back(w):
    e1 = exclusion_in_force(w, start=w.ago(days=3))
    ended = actions.do_end_exclusion(actor=w.leader, exclusion=e1, at=w.ago(hours=1))
    assert (ended.state, ended.end) == (S.ENDED, w.ago(hours=1))
    with pytest.raises(ValidationError) as e:
        actions.do_put_in_force(actor=w.leader, exclusion=ended)
    assert "state" in errors(e)


def test_revoke_needs_a_reason(w):
    e1 = exclusion_in_force(w, start=w.ago(days=1))
    with pytest.raises(ValidationError) as e:
        actions.do_revoke_exclusion(actor=w.leader, exclusion=e1, reason="  ")
    assert "reason" in errors(e)


def test_end_before_start_is_refused(w):
    with pytest.raises(ValidationError) as e:
        actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                    start=w.ago(hours=1), end=w.ago(hours=2))
    assert "end" in errors(e)


def test_start_far_in_the_future_is_refused(w):
    with pytest.raises(ValidationError) as e:
        actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                    start=w.now + timedelta(days=2))
    assert "future" in errors(e)["start"][0]


def test_person_not_held_at_the_start_is_refused(w):
    with pytest.raises(ValidationError) as e:
        actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                    start=w.ago(days=11), backdate_reason="late")
    assert "not held" in errors(e)["start"][0]


def test_backdated_needs_a_reason_and_is_flagged(w):
    with pytest.raises(ValidationError) as e:
        actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                    start=w.ago(days=2))
    assert "backdate_reason" in errors(e)
    late = actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                       start=w.ago(days=2), backdate_reason="paper form typed in")
    recent = actions.do_create_exclusion(actor=w.leader, person=w.person, scope="partial", ground="own_wish",
                                         partial_from="work", start=w.ago(hours=2))
    assert (late.backdated, late.backdate_reason, recent.backdated) == (True, "paper form typed in", False)


def test_correction_needs_a_reason_and_keeps_the_old_version(w):
    e1 = exclusion_in_force(w, start=w.ago(days=3))
    with pytest.raises(ValidationError) as e:
        actions.do_correct_exclusion(actor=w.leader, exclusion=e1, changes={"ground": "own_wish"}, reason="")
    assert "reason" in errors(e)
    actions.do_correct_exclusion(actor=w.leader, exclusion=e1, changes={"ground": "own_wish"}, reason="typo")
    versions = list(history(e1))
    assert [v.snapshot["ground"] for v in versions] == ["order_and_security", "order_and_security", "own_wish"]
    assert versions[-1].reason == "typo"


def test_correction_cannot_create_an_overlap(w):
    exclusion_in_force(w, start=w.ago(days=5), end=w.ago(days=4))
    second = exclusion_in_force(w, start=w.ago(days=3))
    with pytest.raises(ValidationError) as e:
        actions.do_correct_exclusion(actor=w.leader, exclusion=second, changes={"start": w.ago(days=4, hours=12)},
                                     reason="wrong day")
    assert "renewal" in errors(e)["start"][0]


def test_appeal_lodged_forwarded_and_quashed_ends_the_decision(w):
    e1 = exclusion_in_force(w, start=w.ago(days=3))
    appeal = actions.do_lodge_appeal(actor=w.officer, exclusion=e1, lodged_at=w.ago(days=2), grounds="disagrees")
    e1.refresh_from_db()
    assert e1.state == S.APPEALED
    actions.do_forward_appeal(actor=w.leader, appeal=appeal, at=w.ago(days=1))
    actions.do_decide_appeal(actor=w.leader, appeal=appeal, at=w.ago(hours=3), outcome=Appeal.Outcome.QUASHED)
    e1.refresh_from_db()
    appeal.refresh_from_db()
    assert (e1.state, e1.end) == (S.ENDED, w.ago(hours=3))
    assert (appeal.outcome, appeal.forwarded_at) == ("quashed", w.ago(days=1))


def test_an_upheld_appeal_puts_the_decision_back_in_force(w):
    e1 = exclusion_in_force(w, start=w.ago(days=3))
    appeal = actions.do_lodge_appeal(actor=w.officer, exclusion=e1, lodged_at=w.ago(days=2))
    actions.do_decide_appeal(actor=w.leader, appeal=appeal, at=w.ago(hours=3), outcome="upheld")
    e1.refresh_from_db()
    assert e1.state == S.IN_FORCE and e1.end is None


def test_a_draft_cannot_be_appealed(w):
    draft = actions.do_create_exclusion(actor=w.leader, person=w.person, scope="full", ground="own_wish",
                                        start=w.ago(hours=2))
    with pytest.raises(ValidationError) as e:
        actions.do_lodge_appeal(actor=w.leader, exclusion=draft, lodged_at=w.ago(hours=1))
    assert "exclusion" in errors(e)


def test_a_user_of_another_prison_cannot_register(w):
    from fellesskap.registry import roles as R
    from fellesskap.registry.tests import helpers as h
    other = h.make_prison("B")
    stranger = h.user_with_role(R.PRISON_LEADER, other)
    with pytest.raises(PermissionDenied):
        actions.do_create_exclusion(actor=stranger, person=w.person, scope="full", ground="own_wish",
                                    start=w.ago(hours=1))
