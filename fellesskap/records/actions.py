"""The records command layer: every write to an isolation record is one
``do_*`` function here.

Like the registry's, each runs in one transaction, takes the acting user as
``actor=``, checks access (:mod:`fellesskap.records.permissions`), validates
(:mod:`fellesskap.records.validation`, messages keyed by field), saves a new
version (:mod:`fellesskap.registry.versioning`) and writes the audit event
(:mod:`fellesskap.audit.trail`) in the same transaction. Screens and the API
call these functions; they never save records themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesskap import vocabulary as voc
from fellesskap.alerts import hooks as alerts_hooks
from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.ledgerstore import hooks as ledger_hooks
from fellesskap.oversight import hooks as oversight_hooks
from fellesskap.records import permissions as P
from fellesskap.records import states, weekplan
from fellesskap.records import validation as V
from fellesskap.records.models import (
    Appeal,
    Category,
    CoerciveMeans,
    Counterpart,
    DailyScheduleEntry,
    DecisionLevel,
    Exclusion,
    GroupSession,
    Incident,
    IsolationReducingMeasure,
    Review,
    Supervision,
    TimeSession,
    UnitLockIn,
    WeekPlan,
    WeekPlanItem,
)
from fellesskap.records.states import ExclusionState as S
from fellesskap.registry.models import Person, Placement, Unit
from fellesskap.registry.versioning import (
    check_version,
    correct_versioned,
    create_versioned,
    withdraw_versioned,
)

Action = AuditEvent.Action
invalid = V.invalid

# The minimum meaningful contact a week plan must offer every day (KDI).
WEEK_PLAN_DAILY_MINUTES = weekplan.DAILY_MINUTES


def _now_minute() -> datetime:
    """Now, to the minute: two clicks on "unlocked now" in the same minute are
    the same session."""
    return timezone.now().replace(second=0, microsecond=0)


def _lock(person: Person) -> Person:
    # Serialises commands on one person, so that two overlapping decisions or
    # sessions cannot both pass their checks.
    locked = Person.all_objects.select_for_update().get(pk=person.pk)
    if locked.withdrawn_at is not None:
        invalid("person", _("This person has been withdrawn and cannot be changed."))
    return locked


def _audit(actor, action: str, obj, *, command: str, person=None, reason: str = "", request=None,
           prison: str | None = None, **data):
    trail.record(actor=actor, action=action, obj=obj, person=person, reason=reason, request=request, prison=prison,
                 data={"command": command, **data})
    _ledger_changed(obj)


def _ledger_changed(record) -> None:
    """Refresh the stored ledger of the persons this record counts for, from
    its start (called with the old version too when a correction moves it),
    and their stored deadlines, findings and alerts where a decision changed."""
    if isinstance(record, UnitLockIn):
        placements = Placement.objects.filter(unit_id=record.unit_id).filter(
            Q(end__isnull=True) | Q(end__gt=record.start))
        if record.end is not None:
            placements = placements.filter(start__lt=record.end)
        persons = set(placements.values_list("stay__person_id", flat=True))
        ledger_hooks.records_changed(persons, since=record.start)
        alerts_hooks.records_changed(persons)
    elif isinstance(record, Exclusion | CoerciveMeans | TimeSession):
        ledger_hooks.records_changed([record.person_id], since=record.start)
    if isinstance(record, Exclusion | CoerciveMeans | Review | Supervision | WeekPlan):
        # Deadlines and findings follow decisions and what answers them at once; a
        # time session only moves daily findings, which the worker's sweep catches up.
        alerts_hooks.records_changed([record.person_id])


def _choice(field: str, value: str, allowed, message: str) -> str:
    if value not in allowed:
        invalid(field, message)
    return value


def _level(value: str, field: str = "level") -> str:
    return _choice(field, value, DecisionLevel.values, _("Choose prison, region or directorate."))


# --- exclusions ----------------------------------------------------------------------------------


def _overlapping_exclusion(person: Person, scope: str, start: datetime, end: datetime | None,
                           exclude: tuple[int, ...] = ()) -> Exclusion | None:
    others = Exclusion.objects.filter(person=person, scope=scope).exclude(state=S.REVOKED)
    others = others.filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        others = others.filter(start__lt=end)
    return others.exclude(pk__in=exclude).order_by("start").first()


def _check_exclusion_overlap(person, scope, start, end, exclude=()) -> None:
    other = _overlapping_exclusion(person, scope, start, end, exclude)
    if other is not None:
        invalid("start", _(
            "This overlaps another %(scope)s of the same person (%(state)s, %(start)s to %(end)s). "
            "If this is a renewal of that decision, register it as a renewal; otherwise correct the times."
        ) % {"scope": dict(voc.choices(voc.SCOPES, "en"))[scope], "state": S(other.state).label,
             "start": V.local(other.start), "end": V.local(other.end)})


def _letter(letter: dict | None) -> dict:
    letter = dict(letter or {})
    unknown = set(letter) - set(Exclusion.LETTER_FIELDS)
    if unknown:
        invalid(sorted(unknown)[0], _("This is not a field of the decision letter."))
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in letter.items()}


def _check_exclusion_fields(scope: str, ground: str, partial_from: str) -> None:
    _choice("scope", scope, voc.SCOPE_CODES, _("Choose full or partial exclusion."))
    _choice("ground", ground, voc.GROUND_CODES, _("Choose a ground for the exclusion."))
    if scope == "partial" and not (partial_from or "").strip():
        invalid("partial_from", _("Say what the person is excluded from in a partial exclusion."))


@transaction.atomic
def do_create_exclusion(*, actor, person: Person, scope: str, ground: str, start: datetime,
                        end: datetime | None = None, partial_from: str = "", renews: Exclusion | None = None,
                        letter: dict | None = None, decided_level: str = DecisionLevel.PRISON,
                        backdate_reason: str = "", request=None) -> Exclusion:
    """Drafts an exclusion decision (utelukkelse); :func:`do_put_in_force` makes it apply.

    An overlap with another decision of the same scope is refused unless that
    decision is the one this renews (``renews``)."""
    person = _lock(person)
    start = V.aware("start", start)
    end = V.optional_aware("end", end)
    V.order(start, end)
    V.not_future("start", start)
    _check_exclusion_fields(scope, ground, partial_from)
    _level(decided_level, "decided_level")
    prison = V.held_prison(person, start, None)
    P.require(actor, P.REGISTER, prison)
    exclude: tuple[int, ...] = ()
    if renews is not None:
        if renews.person_id != person.pk:
            invalid("renews", _("A renewal must be of a decision about the same person."))
        if renews.state not in states.RENEWABLE:
            invalid("renews", _("Only a decision in force or ended can be renewed."))
        if renews.scope != scope:
            invalid("renews", _("A renewal has the same scope as the decision it renews."))
        if start < renews.start:
            invalid("start", _("A renewal cannot start before the decision it renews."))
        exclude = (renews.pk,)
    _check_exclusion_overlap(person, scope, start, end, exclude)
    backdated, backdate_reason = V.backdating(start, backdate_reason)
    letter = _letter(letter)
    letter.setdefault("legal_basis", next(t.source for t in voc.GROUNDS if t.code == ground))
    exclusion = create_versioned(Exclusion(
        person=person, prison=prison, scope=scope, partial_from=(partial_from or "").strip(), ground=ground,
        start=start, end=end, renews=renews, decided_level=decided_level, backdated=backdated,
        backdate_reason=backdate_reason, **letter,
    ), actor=actor)
    _audit(actor, Action.CREATE, exclusion, command="create_exclusion", person=person, request=request,
           scope=scope, ground=ground, start=start, end=end, renews=str(renews.public_id) if renews else None,
           backdated=backdated)
    return exclusion


def _transition(exclusion: Exclusion, target: str) -> None:
    if not states.can_transition(exclusion.state, target):
        invalid("state", _("A decision that is %(state)s cannot become %(target)s.")
                % {"state": S(exclusion.state).label, "target": S(target).label})


def _reload_exclusion(exclusion: Exclusion) -> Exclusion:
    _lock(exclusion.person)
    return Exclusion.objects.select_related("person", "prison").get(pk=exclusion.pk)


@transaction.atomic
def do_put_in_force(*, actor, exclusion: Exclusion, expected_version: int | None = None,
                    request=None) -> Exclusion:
    """Decides a drafted exclusion: it applies from its start. The letter must
    give reasons and the person's statement (or why it was not obtained).
    ``expected_version`` (here and in every command that changes a record) is
    the version the officer saw; a save from an older one is refused."""
    exclusion = _reload_exclusion(exclusion)
    check_version(exclusion, expected_version)
    P.require(actor, P.DECIDE, exclusion.prison)
    _transition(exclusion, S.IN_FORCE)
    if not exclusion.reasons.strip():
        invalid("reasons", _("Give the reasons for the decision."))
    if not (exclusion.own_statement.strip() or exclusion.statement_not_obtained_reason.strip()):
        invalid("own_statement", _("Record the person's statement, or why it was not obtained."))
    changes = {"state": S.IN_FORCE, "decided_by": actor, "decided_at": timezone.now()}
    previous = exclusion.renews
    if previous is not None and (previous.end is None or previous.end > exclusion.start):
        # The renewal takes over: the decision it renews ends where it starts.
        previous = Exclusion.objects.get(pk=previous.pk)
        prev_changes = {"end": exclusion.start}
        if states.can_transition(previous.state, S.ENDED):
            prev_changes["state"] = S.ENDED
        correct_versioned(previous, prev_changes, actor=actor, reason=f"renewed by {exclusion.public_id}")
        _audit(actor, Action.CORRECT, previous, command="end_by_renewal", person=exclusion.person, request=request,
               end=exclusion.start)
    correct_versioned(exclusion, changes, actor=actor, reason="put in force")
    _audit(actor, Action.CORRECT, exclusion, command="put_in_force", person=exclusion.person, request=request,
           state=S.IN_FORCE)
    return exclusion


@transaction.atomic
def do_renew_exclusion(*, actor, previous: Exclusion, end: datetime | None = None, start: datetime | None = None,
                       ground: str | None = None, letter: dict | None = None, put_in_force: bool = True,
                       decided_level: str = DecisionLevel.PRISON, backdate_reason: str = "",
                       expected_version: int | None = None, request=None) -> Exclusion:
    """A new decision that continues ``previous`` (fornyet vedtak), starting at
    its end (or now if it is still open) and linked to it."""
    previous = _reload_exclusion(previous)
    check_version(previous, expected_version)
    start = start or previous.end or _now_minute()
    renewal = do_create_exclusion(
        actor=actor, person=previous.person, scope=previous.scope, ground=ground or previous.ground, start=start,
        end=end, partial_from=previous.partial_from, renews=previous, letter=letter, decided_level=decided_level,
        backdate_reason=backdate_reason, request=request)
    if put_in_force:
        renewal = do_put_in_force(actor=actor, exclusion=renewal, request=request)
    return renewal


@transaction.atomic
def do_end_exclusion(*, actor, exclusion: Exclusion, at: datetime | None = None, reason: str = "",
                     expected_version: int | None = None, request=None) -> Exclusion:
    """Ends a decision in force (or under appeal) at ``at`` (default now)."""
    exclusion = _reload_exclusion(exclusion)
    check_version(exclusion, expected_version)
    P.require(actor, P.DECIDE, exclusion.prison)
    _transition(exclusion, S.ENDED)
    at = V.aware("at", at or _now_minute())
    V.order(exclusion.start, at, "at")
    V.not_future("at", at)
    if exclusion.end is not None and at > exclusion.end:
        at = exclusion.end
    correct_versioned(exclusion, {"state": S.ENDED, "end": at}, actor=actor, reason=reason or "ended")
    _audit(actor, Action.CORRECT, exclusion, command="end_exclusion", person=exclusion.person, reason=reason,
           request=request, end=at)
    return exclusion


@transaction.atomic
def do_revoke_exclusion(*, actor, exclusion: Exclusion, reason: str, expected_version: int | None = None,
                        request=None) -> Exclusion:
    """Annuls a decision (it is no longer counted); needs a reason."""
    exclusion = _reload_exclusion(exclusion)
    check_version(exclusion, expected_version)
    P.require(actor, P.DECIDE, exclusion.prison)
    _transition(exclusion, S.REVOKED)
    reason = V.require_reason(reason)
    correct_versioned(exclusion, {"state": S.REVOKED}, actor=actor, reason=reason)
    _audit(actor, Action.CORRECT, exclusion, command="revoke_exclusion", person=exclusion.person, reason=reason,
           request=request)
    return exclusion


def do_transition(*, actor, exclusion: Exclusion, target: str, at: datetime | None = None, reason: str = "",
                  expected_version: int | None = None, request=None) -> Exclusion:
    """One entry point for the state changes the API and screens offer."""
    seen = {"expected_version": expected_version}
    if target == S.IN_FORCE:
        return do_put_in_force(actor=actor, exclusion=exclusion, request=request, **seen)
    if target == S.ENDED:
        return do_end_exclusion(actor=actor, exclusion=exclusion, at=at, reason=reason, request=request, **seen)
    if target == S.REVOKED:
        return do_revoke_exclusion(actor=actor, exclusion=exclusion, reason=reason, request=request, **seen)
    invalid("state", _("This change of state is made through an appeal, or not at all."))


EXCLUSION_CORRECTABLE = ("scope", "ground", "partial_from", "start", "end", "decided_level", *Exclusion.LETTER_FIELDS)


@transaction.atomic
def do_correct_exclusion(*, actor, exclusion: Exclusion, changes: dict, reason: str,
                         expected_version: int | None = None, request=None) -> Exclusion:
    """Corrects a decision as a new version (the old stays in its history)."""
    exclusion = _reload_exclusion(exclusion)
    check_version(exclusion, expected_version)
    P.require(actor, P.DECIDE if exclusion.state != S.DRAFT else P.REGISTER, exclusion.prison)
    reason = V.require_reason(reason)
    unknown = set(changes) - set(EXCLUSION_CORRECTABLE)
    if unknown:
        invalid(sorted(unknown)[0], _("This field cannot be corrected here."))
    if exclusion.state == S.REVOKED:
        invalid("state", _("A revoked decision cannot be corrected."))
    merged = {f: getattr(exclusion, f) for f in EXCLUSION_CORRECTABLE} | changes
    start = V.aware("start", merged["start"])
    end = V.optional_aware("end", merged["end"])
    V.order(start, end)
    V.not_future("start", start)
    _check_exclusion_fields(merged["scope"], merged["ground"], merged["partial_from"])
    _level(merged["decided_level"], "decided_level")
    V.held_prison(exclusion.person, start, None)
    exclude = (exclusion.pk,) + ((exclusion.renews_id,) if exclusion.renews_id else ())
    _check_exclusion_overlap(exclusion.person, merged["scope"], start, end, exclude)
    changed = {f: merged[f] for f in EXCLUSION_CORRECTABLE if merged[f] != getattr(exclusion, f)}
    if not changed:
        invalid("changes", _("Nothing to correct: the values are the same."))
    _ledger_changed(exclusion)
    correct_versioned(exclusion, changed, actor=actor, reason=reason)
    _audit(actor, Action.CORRECT, exclusion, command="correct_exclusion", person=exclusion.person, reason=reason,
           request=request, fields=sorted(changed), version=exclusion.version)
    return exclusion


# --- appeals -------------------------------------------------------------------------------------


def _appeal_subject(exclusion: Exclusion | None, coercive_means: CoerciveMeans | None):
    if (exclusion is None) == (coercive_means is None):
        invalid("subject", _("An appeal is against one exclusion or one coercive means."))
    if exclusion is not None:
        return _reload_exclusion(exclusion)
    return _reload_means(coercive_means)


@transaction.atomic
def do_lodge_appeal(*, actor, exclusion: Exclusion | None = None, coercive_means: CoerciveMeans | None = None,
                    lodged_at: datetime, grounds: str = "", lodged_by: str = "", request=None) -> Appeal:
    """Registers an appeal (klage) against an exclusion or a coercive means;
    the decision still applies meanwhile (an exclusion in force is marked
    appealed so that its page and the letters show it)."""
    subject = _appeal_subject(exclusion, coercive_means)
    P.require(actor, P.REGISTER, subject.prison)
    lodged_at = V.aware("lodged_at", lodged_at)
    V.not_future("lodged_at", lodged_at)
    # A decision may be made known a little before it applies, not long before.
    if lodged_at < subject.start - timedelta(days=1):
        invalid("lodged_at", _("An appeal cannot be lodged before the decision was made."))
    if isinstance(subject, Exclusion):
        if subject.state == S.IN_FORCE:
            correct_versioned(subject, {"state": S.APPEALED}, actor=actor, reason="appeal lodged")
        elif subject.state not in (S.APPEALED, S.ENDED):
            invalid("exclusion", _("Only a decision that has been made can be appealed."))
    appeal = create_versioned(Appeal(
        exclusion=subject if isinstance(subject, Exclusion) else None,
        coercive_means=subject if isinstance(subject, CoerciveMeans) else None,
        lodged_at=lodged_at, lodged_by=(lodged_by or "").strip()[:200], grounds=(grounds or "").strip()), actor=actor)
    _audit(actor, Action.CREATE, appeal, command="lodge_appeal", person=subject.person, request=request,
           prison=subject.prison.code, subject=str(subject.public_id))
    return appeal


def _reload_appeal(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_related("exclusion__prison", "exclusion__person", "coercive_means__prison",
                                         "coercive_means__person").get(pk=appeal.pk)


@transaction.atomic
def do_forward_appeal(*, actor, appeal: Appeal, at: datetime, to: str = DecisionLevel.REGION,
                      request=None) -> Appeal:
    """The prison upholds its decision and sends the appeal to the region (or KDI)."""
    appeal = _reload_appeal(appeal)
    subject = appeal.subject
    P.require(actor, P.DECIDE, subject.prison)
    _level(to, "to")
    if to == DecisionLevel.PRISON:
        invalid("to", _("An appeal is forwarded to the region or the directorate."))
    at = V.aware("at", at)
    V.not_future("at", at)
    V.order(appeal.lodged_at, at, "at")
    if appeal.forwarded_at is not None:
        invalid("at", _("The appeal has already been forwarded."))
    if appeal.decided_at is not None:
        invalid("at", _("The appeal has already been decided."))
    correct_versioned(appeal, {"forwarded_at": at, "forwarded_to": to}, actor=actor, reason="forwarded")
    _audit(actor, Action.CORRECT, appeal, command="forward_appeal", person=subject.person, request=request,
           prison=subject.prison.code, to=to)
    return appeal


@transaction.atomic
def do_decide_appeal(*, actor, appeal: Appeal, at: datetime, outcome: str, level: str = DecisionLevel.REGION,
                     reasons: str = "", request=None) -> Appeal:
    """Records the decision on an appeal. Upheld or changed: the decision
    applies again; quashed: it ends at ``at`` (the time already spent still counts)."""
    appeal = _reload_appeal(appeal)
    subject = _appeal_subject(appeal.exclusion, appeal.coercive_means)
    if not (P.may(actor, P.DECIDE, subject.prison) or P.may(actor, P.REVIEW_REGION, subject.prison)):
        P.require(actor, P.DECIDE, subject.prison)
    at = V.aware("at", at)
    V.not_future("at", at)
    V.order(appeal.lodged_at, at, "at")
    _choice("outcome", outcome, Appeal.Outcome.values, _("Choose upheld, changed or quashed."))
    _level(level)
    if appeal.decided_at is not None:
        invalid("at", _("The appeal has already been decided."))
    correct_versioned(appeal, {"decided_at": at, "outcome": outcome, "decided_level": level,
                               "decision_reasons": (reasons or "").strip()}, actor=actor, reason=f"appeal {outcome}")
    if isinstance(subject, Exclusion) and subject.state == S.APPEALED:
        if outcome == Appeal.Outcome.QUASHED:
            end = at if subject.end is None or subject.end > at else subject.end
            correct_versioned(subject, {"state": S.ENDED, "end": end}, actor=actor, reason="appeal quashed")
        else:
            correct_versioned(subject, {"state": S.IN_FORCE}, actor=actor, reason=f"appeal {outcome}")
    elif isinstance(subject, CoerciveMeans) and outcome == Appeal.Outcome.QUASHED and (
            subject.end is None or subject.end > at):
        correct_versioned(subject, {"end": max(at, subject.start)}, actor=actor, reason="appeal quashed")
    _ledger_changed(subject)
    _audit(actor, Action.CORRECT, appeal, command="decide_appeal", person=subject.person, request=request,
           prison=subject.prison.code, outcome=outcome, level=level)
    return appeal


# --- reviews and supervision ---------------------------------------------------------------------


def _subject_interval(subject) -> tuple[datetime, datetime | None]:
    return subject.start, subject.end


@transaction.atomic
def do_record_review(*, actor, subject, at: datetime, level: str, outcome: str, reasons: str = "",
                     backdate_reason: str = "", expected_version: int | None = None, request=None) -> Review:
    """A review (fortløpende vurdering) of an exclusion or a coercive means.
    ``expected_version`` is the version of the decision the reviewer read: a
    review of a decision that has changed since is refused, to be made anew."""
    if not isinstance(subject, Exclusion | CoerciveMeans):
        invalid("subject", _("A review is of an exclusion or a coercive means."))
    _lock(subject.person)
    subject = type(subject).objects.select_related("prison", "person").get(pk=subject.pk)
    check_version(subject, expected_version)
    _level(level)
    if level == DecisionLevel.PRISON:
        P.require(actor, P.DECIDE, subject.prison)
    elif not P.may(actor, P.REVIEW_REGION, subject.prison):
        P.require(actor, P.DECIDE, subject.prison)
    _choice("outcome", outcome, Review.Outcome.values, _("Choose continue, end or change."))
    if isinstance(subject, Exclusion) and subject.state not in states.COUNTED:
        invalid("subject", _("Only a decision that has been made can be reviewed."))
    at = V.aware("at", at)
    V.not_future("at", at)
    if at < subject.start:
        invalid("at", _("A review cannot be before the decision starts (%(start)s).") % {"start": V.local(subject.start)})
    backdated, backdate_reason = V.backdating(at, backdate_reason)
    review = create_versioned(Review(
        person=subject.person, prison=subject.prison, at=at, level=level, outcome=outcome, reasons=reasons.strip(),
        exclusion=subject if isinstance(subject, Exclusion) else None,
        coercive_means=subject if isinstance(subject, CoerciveMeans) else None,
        backdated=backdated, backdate_reason=backdate_reason,
    ), actor=actor)
    _audit(actor, Action.CREATE, review, command="record_review", person=subject.person, request=request,
           subject=str(subject.public_id), level=level, outcome=outcome)
    return review


@transaction.atomic
def do_record_supervision(*, actor, subject, at: datetime, observation: str = "", condition: str = "",
                          health_called: bool = False, backdate_reason: str = "", request=None) -> Supervision:
    """A documented check (tilsyn) of a person in a security cell or bed, or in full exclusion."""
    if isinstance(subject, CoerciveMeans):
        if subject.kind not in CoerciveMeans.SUPERVISED_KINDS:
            invalid("subject", _("Supervision is recorded for a security cell or a security bed."))
    elif isinstance(subject, Exclusion):
        if subject.scope != "full" or subject.state not in states.COUNTED:
            invalid("subject", _("Supervision is recorded for a full exclusion in force."))
    else:
        invalid("subject", _("Supervision is of a coercive means or an exclusion."))
    _lock(subject.person)
    P.require(actor, P.REGISTER, subject.prison)
    at = V.aware("at", at)
    V.not_future("at", at)
    start, end = _subject_interval(subject)
    if at < start or (end is not None and at > end):
        invalid("at", _("The check must lie within the measure (%(start)s to %(end)s).")
                % {"start": V.local(start), "end": V.local(end)})
    backdated, backdate_reason = V.backdating(at, backdate_reason)
    check = create_versioned(Supervision(
        person=subject.person, prison=subject.prison, at=at, observation=observation.strip(),
        condition=condition.strip(), health_called=bool(health_called),
        exclusion=subject if isinstance(subject, Exclusion) else None,
        coercive_means=subject if isinstance(subject, CoerciveMeans) else None,
        backdated=backdated, backdate_reason=backdate_reason,
    ), actor=actor)
    _audit(actor, Action.CREATE, check, command="record_supervision", person=subject.person, request=request,
           subject=str(subject.public_id), health_called=bool(health_called))
    return check


# --- coercive means ------------------------------------------------------------------------------


@transaction.atomic
def do_start_coercive_means(*, actor, person: Person, kind: str, reason: str, start: datetime,
                            end: datetime | None = None, reason_text: str = "", decided_by=None,
                            decided_level: str = DecisionLevel.PRISON, renews: CoerciveMeans | None = None,
                            letter: dict | None = None, backdate_reason: str = "", request=None) -> CoerciveMeans:
    """Registers the use of a coercive means (strgjfl. § 38) with its decision."""
    person = _lock(person)
    _choice("kind", kind, voc.COERCIVE_KIND_CODES, _("Choose a kind of coercive means."))
    _choice("reason", reason, voc.COERCIVE_REASON_CODES, _("Choose a reason."))
    _level(decided_level, "decided_level")
    start = V.aware("start", start)
    end = V.optional_aware("end", end)
    V.order(start, end)
    V.not_future("start", start)
    V.not_future("end", end)
    prison = V.held_prison(person, start, end)
    P.require(actor, P.REGISTER, prison)
    if renews is not None:
        if renews.person_id != person.pk or renews.kind != kind:
            invalid("renews", _("A renewal is of the same kind of means for the same person."))
        if start < renews.start:
            invalid("start", _("A renewal cannot start before the decision it renews."))
    same = CoerciveMeans.objects.filter(person=person, kind=kind).filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        same = same.filter(start__lt=end)
    if renews is not None:
        same = same.exclude(pk=renews.pk)
    other = same.first()
    if other is not None:
        invalid("start", _("This overlaps another use of the same means (%(start)s to %(end)s); "
                           "if it is a renewal, register it as one.")
                % {"start": V.local(other.start), "end": V.local(other.end)})
    backdated, backdate_reason = V.backdating(start, backdate_reason)
    means = create_versioned(CoerciveMeans(
        person=person, prison=prison, kind=kind, reason=reason, reason_text=reason_text.strip(), start=start,
        end=end, decided_by=decided_by or actor, decided_level=decided_level, renews=renews,
        backdated=backdated, backdate_reason=backdate_reason, **_letter(letter),
    ), actor=actor)
    if renews is not None and (renews.end is None or renews.end > start):
        correct_versioned(renews, {"end": start}, actor=actor, reason=f"renewed by {means.public_id}")
    _audit(actor, Action.CREATE, means, command="start_coercive_means", person=person, request=request,
           kind=kind, reason=reason, start=start, end=end, backdated=backdated)
    return means


def _reload_means(means: CoerciveMeans) -> CoerciveMeans:
    _lock(means.person)
    return CoerciveMeans.objects.select_related("person", "prison").get(pk=means.pk)


@transaction.atomic
def do_end_coercive_means(*, actor, means: CoerciveMeans, at: datetime | None = None,
                          expected_version: int | None = None, request=None) -> CoerciveMeans:
    means = _reload_means(means)
    check_version(means, expected_version)
    P.require(actor, P.REGISTER, means.prison)
    if means.end is not None:
        invalid("at", _("This has already ended."))
    at = V.aware("at", at or _now_minute())
    V.order(means.start, at, "at")
    V.not_future("at", at)
    correct_versioned(means, {"end": at}, actor=actor, reason="ended")
    _audit(actor, Action.CORRECT, means, command="end_coercive_means", person=means.person, request=request, end=at)
    return means


@transaction.atomic
def do_escalate_coercive_means(*, actor, means: CoerciveMeans, level: str, at: datetime,
                               expected_version: int | None = None, request=None) -> CoerciveMeans:
    """Records that the region or KDI was told (or took over the decision)."""
    means = _reload_means(means)
    check_version(means, expected_version)
    P.require(actor, P.DECIDE, means.prison)
    _level(level)
    if level == DecisionLevel.PRISON:
        invalid("level", _("Escalation is to the region or the directorate."))
    at = V.aware("at", at)
    V.not_future("at", at)
    if at < means.start:
        invalid("at", _("This is before the means started."))
    correct_versioned(means, {"escalated_level": level, "escalated_at": at}, actor=actor, reason=f"escalated to {level}")
    _audit(actor, Action.CORRECT, means, command="escalate_coercive_means", person=means.person, request=request,
           level=level)
    return means


@transaction.atomic
def do_notify_health(*, actor, means: CoerciveMeans, at: datetime, expected_version: int | None = None,
                     request=None) -> CoerciveMeans:
    """Records when the health service was told of the coercive means."""
    means = _reload_means(means)
    check_version(means, expected_version)
    P.require(actor, P.REGISTER, means.prison)
    at = V.aware("at", at)
    V.not_future("at", at)
    if at < means.start:
        invalid("at", _("This is before the means started."))
    correct_versioned(means, {"health_notified_at": at}, actor=actor, reason="health service notified")
    _audit(actor, Action.CORRECT, means, command="notify_health", person=means.person, request=request)
    return means


# --- time sessions -------------------------------------------------------------------------------


def _check_session_kind(category: str, kind: str, counterpart: str) -> str:
    _choice("category", category, Category.values, _("Choose contact, outdoor or unlock."))
    if category == Category.CONTACT:
        _choice("kind", kind, voc.CONTACT_KIND_CODES, _("Choose a kind of contact."))
    else:
        kind = ""
    if counterpart:
        _choice("counterpart", counterpart, Counterpart.values, _("Choose who the contact was with."))
    return kind


def _duplicate_message(existing: TimeSession) -> str:
    return _("This session is already registered (from %(start)s); it was not counted twice.") % {
        "start": V.local(existing.start)}


def _save_session(session: TimeSession, *, actor) -> TimeSession:
    existing = TimeSession.objects.filter(person=session.person, category=session.category, kind=session.kind,
                                          start=session.start).first()
    if existing is not None:
        invalid("start", _duplicate_message(existing))
    try:
        # A savepoint, so that losing the race to the unique constraint leaves
        # the transaction usable for the clear message.
        with transaction.atomic():
            return create_versioned(session, actor=actor)
    except IntegrityError:
        invalid("start", _("This session was registered by someone else at the same time; it was not counted twice."))


@dataclass(frozen=True)
class _Idempotent:
    session: TimeSession | None


def _replay(idempotency_key: str | None, person: Person) -> _Idempotent:
    if not idempotency_key:
        return _Idempotent(None)
    existing = TimeSession.all_objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None and existing.person_id != person.pk:
        invalid("idempotency_key", _("This key was used for another registration."))
    return _Idempotent(existing)


@transaction.atomic
def do_register_session(*, actor, person: Person, category: str, start: datetime | None = None,
                        end: datetime | None = None, kind: str = "", counterpart: str = "",
                        idempotency_key: str | None = None, note: str = "", group: GroupSession | None = None,
                        backdate_reason: str = "", request=None) -> TimeSession:
    """Registers actual time: a contact or association session, outdoor or
    unlock time. Without ``end`` the session is open ("unlocked now") and is
    closed with :func:`do_close_session`. Sending the same ``idempotency_key``
    again returns the first registration instead of counting it twice."""
    person = _lock(person)
    replay = _replay(idempotency_key, person)
    if replay.session is not None:
        return replay.session
    kind = _check_session_kind(category, kind, counterpart)
    start = V.aware("start", start or _now_minute())
    end = V.optional_aware("end", end)
    V.order(start, end)
    V.not_future("start", start)
    V.not_future("end", end)
    V.session_length(start, end)
    prison = V.held_prison(person, start, end)
    P.require(actor, P.REGISTER, prison)
    if end is None:
        open_one = TimeSession.objects.filter(person=person, category=category, kind=kind, end__isnull=True).first()
        if open_one is not None:
            invalid("start", _("A session of this kind is already open for this person (since %(start)s); "
                               "close it first.") % {"start": V.local(open_one.start)})
    backdated, backdate_reason = V.backdating(start, backdate_reason)
    session = _save_session(TimeSession(
        person=person, prison=prison, category=category, kind=kind, counterpart=counterpart, start=start, end=end,
        group=group, idempotency_key=idempotency_key or None, note=note.strip(), backdated=backdated,
        backdate_reason=backdate_reason,
    ), actor=actor)
    _audit(actor, Action.CREATE, session, command="register_session", person=person, request=request,
           category=category, kind=kind, start=start, end=end, backdated=backdated)
    return session


def do_open_session(*, actor, person: Person, category: str, kind: str = "", start: datetime | None = None,
                    **kwargs) -> TimeSession:
    """Opens a session now (or at ``start``): "unlocked now"."""
    return do_register_session(actor=actor, person=person, category=category, kind=kind, start=start, end=None,
                               **kwargs)


@transaction.atomic
def do_close_session(*, actor, session: TimeSession, end: datetime | None = None,
                     expected_version: int | None = None, request=None) -> TimeSession:
    """Closes an open session at ``end`` (default now): "locked"."""
    _lock(session.person)
    session = TimeSession.all_objects.select_related("person", "prison").get(pk=session.pk)
    check_version(session, expected_version)
    if session.withdrawn_at is not None:
        invalid("end", _("This session has been withdrawn."))
    P.require(actor, P.REGISTER, session.prison)
    if session.end is not None:
        invalid("end", _("This session is already closed."))
    # Closing uses the exact instant: a door opened and shut within the
    # minute it was opened still closes after it opened.
    end = V.aware("end", end or timezone.now())
    V.order(session.start, end)
    V.not_future("end", end)
    V.session_length(session.start, end)
    V.held_prison(session.person, session.start, end, field="end")
    correct_versioned(session, {"end": end}, actor=actor, reason="closed")
    _audit(actor, Action.CORRECT, session, command="close_session", person=session.person, request=request, end=end)
    return session


def _persons_in_unit(unit: Unit, start: datetime, end: datetime | None = None) -> list[Person]:
    placements = Placement.objects.filter(unit=unit, start__lt=end or start + timedelta(seconds=1)).filter(
        Q(end__isnull=True) | Q(end__gt=start)).select_related("stay__person")
    seen: dict[int, Person] = {}
    for p in placements:
        if p.stay.withdrawn_at is None and p.stay.person.withdrawn_at is None:
            seen.setdefault(p.stay.person_id, p.stay.person)
    return sorted(seen.values(), key=lambda person: person.pk)


@transaction.atomic
def do_start_group_session(*, actor, unit: Unit, persons, kind: str = "association",
                           category: str = Category.CONTACT, start: datetime | None = None,
                           end: datetime | None = None, backdate_reason: str = "", idempotency_key: str | None = None,
                           request=None) -> GroupSession:
    """One registration for many persons (e.g. association in the unit): one
    group row and one session per person, each checked as if registered alone.
    Sending the same ``idempotency_key`` again returns the first registration."""
    P.require(actor, P.REGISTER, unit.prison)
    if idempotency_key:
        existing = GroupSession.all_objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.unit_id != unit.pk:
                invalid("idempotency_key", _("This key was used for another registration."))
            return existing
    kind = _check_session_kind(category, kind, "")
    persons = list(persons)
    if not persons:
        invalid("persons", _("Choose at least one person."))
    start = V.aware("start", start or _now_minute())
    end = V.optional_aware("end", end)
    V.order(start, end)
    V.not_future("start", start)
    V.not_future("end", end)
    V.session_length(start, end)
    V.backdating(start, backdate_reason)
    group = create_versioned(GroupSession(unit=unit, prison=unit.prison, category=category, kind=kind, start=start,
                                          end=end, idempotency_key=idempotency_key or None), actor=actor)
    for person in persons:
        do_register_session(actor=actor, person=person, category=category, kind=kind, start=start, end=end,
                            group=group, counterpart=Counterpart.PRISONERS if kind == "association" else "",
                            backdate_reason=backdate_reason, request=request)
    _audit(actor, Action.CREATE, group, command="start_group_session", request=request, persons=len(persons),
           kind=kind, start=start, end=end)
    return group


@transaction.atomic
def do_end_group_session(*, actor, group: GroupSession, end: datetime | None = None,
                         expected_version: int | None = None, request=None) -> GroupSession:
    """Closes the group and every one of its sessions still open."""
    group = GroupSession.objects.select_related("prison").get(pk=group.pk)
    check_version(group, expected_version)
    P.require(actor, P.REGISTER, group.prison)
    if group.end is not None:
        invalid("end", _("This group session is already closed."))
    end = V.aware("end", end or timezone.now())
    V.order(group.start, end)
    V.not_future("end", end)
    V.session_length(group.start, end)
    for session in TimeSession.objects.filter(group=group, end__isnull=True):
        do_close_session(actor=actor, session=session, end=end, request=request)
    correct_versioned(group, {"end": end}, actor=actor, reason="closed")
    _audit(actor, Action.CORRECT, group, command="end_group_session", request=request, end=end)
    return group


# --- the daily schedule (planned) and confirming the normal day ----------------------------------


@transaction.atomic
def do_add_schedule_entry(*, actor, unit: Unit, category: str, start_time: time, end_time: time,
                          valid_from: date, kind: str = "", weekday: int | None = None,
                          valid_to: date | None = None, request=None) -> DailyScheduleEntry:
    """Adds a block to the unit's daily schedule (dagsorden)."""
    P.require(actor, P.DECIDE, unit.prison)
    kind = _check_session_kind(category, kind, "")
    if weekday is not None and weekday not in range(7):
        invalid("weekday", _("Choose a weekday from Monday (0) to Sunday (6), or none for every day."))
    if not isinstance(start_time, time) or not isinstance(end_time, time):
        invalid("start_time", _("Enter a time of day."))
    if end_time <= start_time:
        invalid("end_time", _("The end must be after the start."))
    if valid_to is not None and valid_to < valid_from:
        invalid("valid_to", _("The end must be after the start."))
    entry = create_versioned(DailyScheduleEntry(unit=unit, weekday=weekday, category=category, kind=kind,
                                                start_time=start_time, end_time=end_time, valid_from=valid_from,
                                                valid_to=valid_to), actor=actor)
    _audit(actor, Action.CREATE, (entry._meta.label_lower, entry.public_id), command="add_schedule_entry",
           prison=unit.prison.code, request=request)
    return entry


def schedule_for(unit: Unit, day: date) -> list[DailyScheduleEntry]:
    """The unit's planned blocks for ``day``, in time order."""
    entries = DailyScheduleEntry.objects.filter(unit=unit, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)).filter(Q(weekday__isnull=True) | Q(weekday=day.weekday()))
    return sorted(entries, key=lambda e: e.start_time)


def _local_instant(day: date, t: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, t), timezone.get_default_timezone())


@dataclass(frozen=True)
class ConfirmedDay:
    """What confirming a normal day did: sessions made, and what was left out and why."""

    created: list[TimeSession]
    skipped: list[tuple[str, str, str]]  # (person public id, entry public id, reason)


@transaction.atomic
def do_confirm_normal_day(*, actor, unit: Unit, day: date, exceptions=(), changed=None, backdate_reason: str = "",
                          request=None) -> ConfirmedDay:
    """"The day went as planned": makes each person's actual sessions from the
    unit's daily schedule. ``exceptions`` are ``(person public id, entry public
    id)`` pairs that did not happen; ``changed`` maps such a pair to the actual
    ``(start time, end time)`` when the person was out shorter (or at other
    times) that day. A person under full exclusion is left out of association;
    blocks not yet over and sessions already registered are skipped, so
    confirming twice counts nothing twice. The schedule itself (planned) is
    never changed. A malformed change refuses the whole confirmation before
    anything is saved, so the officer can correct it and lose nothing."""
    P.require(actor, P.REGISTER, unit.prison)
    excepted = {(str(p), str(e)) for p, e in exceptions}
    times = {(str(p), str(e)): v for (p, e), v in (changed or {}).items()}
    for (a, b) in times.values():
        if not isinstance(a, time) or not isinstance(b, time):
            invalid("changed", _("Enter the times as hours and minutes, e.g. 09:30."))
        if b <= a:
            invalid("changed", _("The end must be after the start (%(start)s–%(end)s).")
                    % {"start": a.strftime("%H:%M"), "end": b.strftime("%H:%M")})
    now = timezone.now()
    created: list[TimeSession] = []
    skipped: list[tuple[str, str, str]] = []
    for entry in schedule_for(unit, day):
        planned = _local_instant(day, entry.start_time), _local_instant(day, entry.end_time)
        for person in _persons_in_unit(unit, *planned):
            key = (str(person.public_id), str(entry.public_id))
            start, end = planned
            if key in times:
                start, end = (_local_instant(day, t) for t in times[key])
            if end > now:
                skipped.append((*key, "not_over"))
                continue
            if key in excepted:
                skipped.append((*key, "exception"))
                continue
            if entry.kind == "association" and Exclusion.objects.filter(
                    person=person, scope="full", state__in=states.COUNTED, start__lt=end).filter(
                    Q(end__isnull=True) | Q(end__gt=start)).exists():
                skipped.append((*key, "excluded"))
                continue
            if TimeSession.objects.filter(person=person, category=entry.category, kind=entry.kind,
                                          start=start).exists():
                skipped.append((*key, "already_registered"))
                continue
            try:
                created.append(do_register_session(
                    actor=actor, person=person, category=entry.category, kind=entry.kind, start=start, end=end,
                    counterpart=Counterpart.PRISONERS if entry.kind == "association" else "",
                    note="confirmed from the daily schedule" + (", times changed" if key in times else ""),
                    backdate_reason=backdate_reason or "confirmed normal day", request=request))
            except ValidationError as error:
                # E.g. arrived or left during the block: left for a manual registration.
                skipped.append((*key, "refused: " + " ".join(error.messages)))
    _audit(actor, Action.CREATE, ("records.unit", unit.pk), command="confirm_normal_day", prison=unit.prison.code,
           request=request, day=day.isoformat(), created=len(created), skipped=len(skipped))
    return ConfirmedDay(created, skipped)


# --- isolation-reducing measures and week plans --------------------------------------------------


@transaction.atomic
def do_record_measure(*, actor, person: Person, at: datetime, description: str, offered_by: str, response: str,
                      session: TimeSession | None = None, backdate_reason: str = "",
                      request=None) -> IsolationReducingMeasure:
    """An isolation-reducing measure offered, and accepted or declined."""
    person = _lock(person)
    at = V.aware("at", at)
    V.not_future("at", at)
    prison = V.held_prison(person, at, None, field="at")
    P.require(actor, P.REGISTER, prison)
    if not (description or "").strip():
        invalid("description", _("Say what was offered."))
    _choice("offered_by", offered_by, Counterpart.values, _("Choose who offered it."))
    _choice("response", response, IsolationReducingMeasure.Response.values, _("Choose accepted or declined."))
    if session is not None and session.person_id != person.pk:
        invalid("session", _("The session is another person's."))
    backdated, backdate_reason = V.backdating(at, backdate_reason)
    measure = create_versioned(IsolationReducingMeasure(
        person=person, prison=prison, at=at, description=description.strip(), offered_by=offered_by,
        response=response, session=session, backdated=backdated, backdate_reason=backdate_reason), actor=actor)
    _audit(actor, Action.CREATE, measure, command="record_measure", person=person, request=request, response=response)
    return measure


def short_days(items: list[dict]) -> list[int]:
    """Weekdays (0 = Monday) whose planned meaningful contact, overlaps counted
    once, is under two hours (:func:`fellesskap.records.weekplan.short_days`)."""
    return weekplan.short_days(items)


@transaction.atomic
def do_make_week_plan(*, actor, exclusion: Exclusion, week_start: date, items: list[dict],
                      made_at: datetime | None = None, backdate_reason: str = "", request=None) -> WeekPlan:
    """A week plan (ukeplan) for an excluded person. Days planned with less
    than two hours of meaningful contact are kept in ``short_days`` and warned
    about, not refused."""
    exclusion = _reload_exclusion(exclusion)
    P.require(actor, P.REGISTER, exclusion.prison)
    if exclusion.state not in states.COUNTED and exclusion.state != S.DRAFT:
        invalid("exclusion", _("A week plan is made for an exclusion that is drafted or in force."))
    made_at = V.aware("made_at", made_at or timezone.now())
    V.not_future("made_at", made_at)
    clean = []
    for i, item in enumerate(items):
        weekday, kind = item.get("weekday"), item.get("kind", "")
        s, e = item.get("start_time"), item.get("end_time")
        if weekday not in range(7):
            invalid(f"items[{i}].weekday", _("Choose a weekday from Monday (0) to Sunday (6)."))
        _choice(f"items[{i}].kind", kind, voc.CONTACT_KIND_CODES, _("Choose a kind of contact."))
        if not isinstance(s, time) or not isinstance(e, time):
            invalid(f"items[{i}].start_time", _("Enter a time of day."))
        if e <= s:
            invalid(f"items[{i}].end_time", _("The end must be after the start."))
        clean.append({"weekday": weekday, "kind": kind, "start_time": s, "end_time": e})
    backdated, backdate_reason = V.backdating(made_at, backdate_reason)
    plan = create_versioned(WeekPlan(person=exclusion.person, prison=exclusion.prison, exclusion=exclusion,
                                     made_at=made_at, week_start=week_start, short_days=short_days(clean),
                                     backdated=backdated, backdate_reason=backdate_reason), actor=actor)
    WeekPlanItem.objects.bulk_create(WeekPlanItem(plan=plan, **item) for item in clean)
    _audit(actor, Action.CREATE, plan, command="make_week_plan", person=exclusion.person, request=request,
           subject=str(exclusion.public_id), short_days=plan.short_days)
    return plan


# --- incidents -----------------------------------------------------------------------------------


@transaction.atomic
def do_record_incident(*, actor, person: Person, kind: str, at: datetime, serious: bool = False,
                       health_told_at: datetime | None = None, description: str = "", backdate_reason: str = "",
                       request=None) -> Incident:
    """Self-harm, a suicide attempt, a suicide or violence. A suicide, a
    suicide attempt or repeated serious self-harm also makes the notice the
    supervisory board must receive."""
    person = _lock(person)
    _choice("kind", kind, voc.INCIDENT_KIND_CODES, _("Choose a kind of incident."))
    at = V.aware("at", at)
    V.not_future("at", at)
    health_told_at = V.optional_aware("health_told_at", health_told_at)
    if health_told_at is not None and health_told_at < at:
        invalid("health_told_at", _("The health service cannot be told before the incident."))
    prison = V.held_prison(person, at, None, field="at")
    P.require(actor, P.REGISTER, prison)
    backdated, backdate_reason = V.backdating(at, backdate_reason)
    incident = create_versioned(Incident(
        person=person, prison=prison, kind=kind, at=at, serious=bool(serious) or kind in ("suicide", "suicide_attempt"),
        health_told_at=health_told_at, description=description.strip(), backdated=backdated,
        backdate_reason=backdate_reason), actor=actor)
    _audit(actor, Action.CREATE, incident, command="record_incident", person=person, request=request, kind=kind,
           serious=incident.serious)
    # The supervisory board's notice, made on commit (fellesskap/oversight/notify.py).
    oversight_hooks.incident_recorded(incident, actor=actor)
    return incident


# --- unit lock-ins -------------------------------------------------------------------------------


@transaction.atomic
def do_start_unit_lock_in(*, actor, unit: Unit, start: datetime, reason: str, end: datetime | None = None,
                          backdate_reason: str = "", request=None) -> UnitLockIn:
    """Locks in a whole unit for building or staffing reasons."""
    P.require(actor, P.DECIDE, unit.prison)
    start = V.aware("start", start)
    end = V.optional_aware("end", end)
    V.order(start, end)
    V.not_future("start", start)
    V.not_future("end", end)
    reason = V.require_reason(reason)
    backdated, backdate_reason = V.backdating(start, backdate_reason)
    overlapping = UnitLockIn.objects.filter(unit=unit).filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        overlapping = overlapping.filter(start__lt=end)
    if overlapping.exists():
        invalid("start", _("The unit is already locked in at this time."))
    lock_in = create_versioned(UnitLockIn(unit=unit, prison=unit.prison, start=start, end=end, reason=reason,
                                          backdated=backdated, backdate_reason=backdate_reason), actor=actor)
    _audit(actor, Action.CREATE, lock_in, command="start_unit_lock_in", request=request, start=start, end=end)
    return lock_in


@transaction.atomic
def do_end_unit_lock_in(*, actor, lock_in: UnitLockIn, at: datetime | None = None,
                        expected_version: int | None = None, request=None) -> UnitLockIn:
    lock_in = UnitLockIn.objects.select_related("prison").get(pk=lock_in.pk)
    check_version(lock_in, expected_version)
    P.require(actor, P.DECIDE, lock_in.prison)
    if lock_in.end is not None:
        invalid("at", _("This lock-in has already ended."))
    at = V.aware("at", at or _now_minute())
    V.order(lock_in.start, at, "at")
    V.not_future("at", at)
    correct_versioned(lock_in, {"end": at}, actor=actor, reason="ended")
    _audit(actor, Action.CORRECT, lock_in, command="end_unit_lock_in", request=request, end=at)
    return lock_in


# --- corrections and withdrawal of the other records ---------------------------------------------

CORRECTABLE: dict[type, tuple[str, ...]] = {
    TimeSession: ("start", "end", "kind", "counterpart", "note"),
    CoerciveMeans: ("kind", "reason", "reason_text", "start", "end", "decided_level", *CoerciveMeans.LETTER_FIELDS),
    Review: ("at", "level", "outcome", "reasons"),
    Supervision: ("at", "observation", "condition", "health_called"),
    Incident: ("kind", "at", "serious", "health_told_at", "description"),
    IsolationReducingMeasure: ("at", "description", "offered_by", "response"),
    UnitLockIn: ("start", "end", "reason"),
    Appeal: ("lodged_at", "lodged_by", "grounds", "decision_reasons"),
}


def owner(record) -> tuple:
    """(prison, person) a record belongs to: an appeal's are its decision's; a
    unit's records have no person."""
    if isinstance(record, Appeal):
        return record.subject.prison, record.subject.person
    if isinstance(record, DailyScheduleEntry):
        return record.unit.prison, None
    return record.prison, getattr(record, "person", None)


def _revalidate(record, merged: dict) -> None:
    if "start" in merged:
        start = V.aware("start", merged["start"])
        end = V.optional_aware("end", merged.get("end"))
        V.order(start, end)
        V.not_future("start", start)
        V.not_future("end", end)
        if isinstance(record, TimeSession):
            _check_session_kind(record.category, merged["kind"], merged["counterpart"])
            V.session_length(start, end)
        if hasattr(record, "person_id"):
            V.held_prison(record.person, start, end)
    if "at" in merged:
        at = V.aware("at", merged["at"])
        V.not_future("at", at)
        if hasattr(record, "person_id"):
            V.held_prison(record.person, at, None, field="at")
    if isinstance(record, CoerciveMeans):
        _choice("kind", merged["kind"], voc.COERCIVE_KIND_CODES, _("Choose a kind of coercive means."))
        _choice("reason", merged["reason"], voc.COERCIVE_REASON_CODES, _("Choose a reason."))
    if isinstance(record, Review):
        _level(merged["level"])
        _choice("outcome", merged["outcome"], Review.Outcome.values, _("Choose continue, end or change."))
    if isinstance(record, Incident):
        _choice("kind", merged["kind"], voc.INCIDENT_KIND_CODES, _("Choose a kind of incident."))
    if isinstance(record, IsolationReducingMeasure):
        if not (merged["description"] or "").strip():
            invalid("description", _("Say what was offered."))
        _choice("offered_by", merged["offered_by"], Counterpart.values, _("Choose who offered it."))
        _choice("response", merged["response"], IsolationReducingMeasure.Response.values,
                _("Choose accepted or declined."))
    if isinstance(record, UnitLockIn):
        V.require_reason(merged["reason"])
    if isinstance(record, Appeal):
        lodged_at = V.aware("lodged_at", merged["lodged_at"])
        V.not_future("lodged_at", lodged_at)
        if lodged_at < record.subject.start - timedelta(days=1):
            invalid("lodged_at", _("An appeal cannot be lodged before the decision was made."))


@transaction.atomic
def do_correct_record(*, actor, record, changes: dict, reason: str, expected_version: int | None = None,
                      request=None):
    """Corrects a session, coercive means, review, check, incident, measure or
    lock-in as a new version with a reason; the same checks as when registered."""
    model = type(record)
    if model not in CORRECTABLE:
        invalid("record", _("This kind of record is corrected elsewhere."))
    prison, person = owner(record)
    if person is not None:
        _lock(person)
    record = model.objects.get(pk=record.pk)
    check_version(record, expected_version)
    P.require(actor, P.DECIDE if model in (CoerciveMeans, Review, UnitLockIn, Appeal) else P.REGISTER, prison)
    reason = V.require_reason(reason)
    fields = CORRECTABLE[model]
    unknown = set(changes) - set(fields)
    if unknown:
        invalid(sorted(unknown)[0], _("This field cannot be corrected here."))
    merged = {f: getattr(record, f) for f in fields} | changes
    _revalidate(record, merged)
    changed = {f: merged[f] for f in fields if merged[f] != getattr(record, f)}
    if not changed:
        invalid("changes", _("Nothing to correct: the values are the same."))
    _ledger_changed(record)
    try:
        with transaction.atomic():
            correct_versioned(record, changed, actor=actor, reason=reason)
    except IntegrityError:
        invalid("start", _("Another registration of this session already exists."))
    _audit(actor, Action.CORRECT, record, command="correct_record", person=person, reason=reason, request=request,
           prison=prison.code, fields=sorted(changed), version=record.version)
    if isinstance(record, Incident):
        oversight_hooks.incident_recorded(record, actor=actor)
    return record


WITHDRAWABLE = (Exclusion, CoerciveMeans, Review, Supervision, TimeSession, IsolationReducingMeasure, WeekPlan,
                Incident, UnitLockIn, GroupSession, DailyScheduleEntry, Appeal)


@transaction.atomic
def do_withdraw_record(*, actor, record, reason: str, expected_version: int | None = None, request=None):
    """Withdraws a record registered in error (it stays, marked, with the reason)."""
    if not isinstance(record, WITHDRAWABLE):
        invalid("record", _("This kind of record cannot be withdrawn here."))
    model = type(record)
    prison, person = owner(record)
    if person is not None:
        _lock(person)
    record = model.all_objects.get(pk=record.pk)
    check_version(record, expected_version)
    if record.withdrawn_at is not None:
        invalid("record", _("This has already been withdrawn."))
    decision = isinstance(record, Exclusion | CoerciveMeans | Review | UnitLockIn | Appeal) and not (
        isinstance(record, Exclusion) and record.state == S.DRAFT)
    P.require(actor, P.DECIDE if decision else P.REGISTER, prison)
    reason = V.require_reason(reason)
    if isinstance(record, GroupSession):
        for session in TimeSession.objects.filter(group=record):
            _ledger_changed(session)
            withdraw_versioned(session, actor=actor, reason=reason)
    _ledger_changed(record)
    withdraw_versioned(record, actor=actor, reason=reason)
    _audit(actor, Action.WITHDRAW, (record._meta.label_lower, record.public_id), command="withdraw_record",
           person=person, reason=reason, request=request, prison=prison.code)
    return record
