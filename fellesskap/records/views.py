"""Registration screens: the unit's cell list (unlock toggle, group association,
confirm the normal day), a person's isolation records, and the forms for
exclusions, reviews and coercive means with the supervision log.

Paths carry opaque ids only. Reads of a person's data go through
:mod:`fellesskap.registry.reading` (audited), writes through
:mod:`fellesskap.records.actions`. Buttons are plain forms that work without
JavaScript; with htmx loaded, the unlock toggle swaps only its row.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions, forms, states
from fellesskap.records import permissions as P
from fellesskap.records.models import (
    Category,
    CoerciveMeans,
    Exclusion,
    GroupSession,
    Review,
    Supervision,
    TimeSession,
)
from fellesskap.registry import access, reading
from fellesskap.registry.forms import put_errors
from fellesskap.registry.models import Placement, Unit
from fellesskap.registry.versioning import StaleVersion


def _visible_unit(request, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("prison"), pk=unit_id)
    if unit.prison_id not in access.prisons_for(request.user, access.VIEW_PERSON):
        raise Http404
    return unit


def _record(request, model, public_id, purpose: str):
    record = model.objects.select_related("person", "prison").filter(public_id=public_id).first()
    if record is None:
        raise Http404
    reading.read_person(request.user, record.person.public_id, request=request, purpose=purpose)
    return record


def _versioned_form(form_class, request, record):
    """A form carrying the record's version: the current one on GET, the one
    the officer saw on POST."""
    return form_class(request.POST or None, initial={"version": record.version})


def _refresh_version(form, error: ValidationError) -> None:
    """After a refusal for a stale version, the form (input kept) carries the
    current version, so saving again is a deliberate choice over the new one."""
    if isinstance(error, StaleVersion):
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = error.current


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


# --- the unit's cell list ----------------------------------------------------------------------


@login_required
def unit_list(request):
    prison_ids = access.prisons_for(request.user, access.VIEW_PERSON)
    if not prison_ids:
        raise PermissionDenied
    units = Unit.objects.filter(prison_id__in=prison_ids, active=True).select_related("prison")
    return render(request, "records/unit_list.html", {"units": units})


def _rows(unit: Unit, now: dt.datetime) -> list[dict]:
    placements = (Placement.objects.filter(unit=unit, start__lte=now).filter(Q(end__isnull=True) | Q(end__gt=now))
                  .select_related("stay__person", "cell").order_by("cell__number", "stay__person__family_name"))
    rows = []
    for placement in placements:
        person = placement.stay.person
        rows.append({
            "person": person, "cell": placement.cell,
            "unlocked": TimeSession.objects.filter(person=person, category=Category.UNLOCK, end__isnull=True).first(),
            "excluded": Exclusion.objects.filter(person=person, state__in=states.COUNTED, start__lte=now).filter(
                Q(end__isnull=True) | Q(end__gt=now)).first(),
        })
    return rows


def _board(request, unit: Unit, error: str = ""):
    now = timezone.now()
    rows = _rows(unit, now)
    trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=("registry.unit", unit.pk), request=request,
                 prison=unit.prison.code, data={"screen": "unit_board", "rows": len(rows)})
    return render(request, "records/unit_board.html", {
        "unit": unit, "rows": rows, "can_register": P.may(request.user, P.REGISTER, unit.prison),
        "groups": GroupSession.objects.filter(unit=unit, end__isnull=True),
        "schedule": actions.schedule_for(unit, timezone.localdate()),
        "error": error,
    }, status=422 if error else 200)


@login_required
def unit_board(request, unit_id: int):
    return _board(request, _visible_unit(request, unit_id))


@login_required
@require_POST
def toggle_unlock(request, unit_id: int, person_id):
    """"Unlocked now" / "locked": opens or closes the person's unlock session."""
    unit = _visible_unit(request, unit_id)
    person = reading.read_person(request.user, person_id, request=request, purpose="toggle_unlock")
    open_session = TimeSession.objects.filter(person=person, category=Category.UNLOCK, end__isnull=True).first()
    error = ""
    # The row says which session it showed open ("" for locked): if that is no
    # longer the state, another officer toggled first, and this click would undo it.
    shown = request.POST.get("session")
    try:
        if shown is not None and shown != (str(open_session.public_id) if open_session else ""):
            raise ValidationError(_("Someone else changed this while you had the page open. Nothing was saved: "
                                    "look at the row again."))
        if open_session is None:
            actions.do_open_session(actor=request.user, person=person, category=Category.UNLOCK, request=request)
        else:
            actions.do_close_session(actor=request.user, session=open_session,
                                     expected_version=request.POST.get("version"), request=request)
    except ValidationError as e:
        error = " ".join(_messages(e))
    if request.headers.get("HX-Request"):
        row = next((r for r in _rows(unit, timezone.now()) if r["person"].pk == person.pk), None)
        return render(request, "records/_unit_row.html", {"row": row, "unit": unit, "can_register": True,
                                                          "error": error}, status=422 if error else 200)
    if error:
        return _board(request, unit, error)
    return redirect("records:unit_board", unit_id=unit.pk)


@login_required
@require_POST
def group_start(request, unit_id: int):
    unit = _visible_unit(request, unit_id)
    persons = [reading.read_person(request.user, pid, request=request, purpose="group_session")
               for pid in request.POST.getlist("persons")]
    try:
        actions.do_start_group_session(actor=request.user, unit=unit, persons=persons, request=request)
    except ValidationError as e:
        return _board(request, unit, " ".join(_messages(e)))
    return redirect("records:unit_board", unit_id=unit.pk)


@login_required
@require_POST
def group_end(request, unit_id: int, group_id):
    unit = _visible_unit(request, unit_id)
    group = get_object_or_404(GroupSession, public_id=group_id, unit=unit)
    try:
        actions.do_end_group_session(actor=request.user, group=group, request=request)
    except ValidationError as e:
        return _board(request, unit, " ".join(_messages(e)))
    return redirect("records:unit_board", unit_id=unit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def confirm_day(request, unit_id: int):
    """The day's sessions pre-filled from the unit's daily schedule; untick
    what did not happen, then confirm."""
    unit = _visible_unit(request, unit_id)
    P.require(request.user, P.REGISTER, unit.prison)
    try:
        day = dt.date.fromisoformat(request.POST.get("date") or request.GET.get("date") or "")
    except ValueError:
        day = timezone.localdate()
    entries = actions.schedule_for(unit, day)
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    persons = [r["person"] for r in _rows(unit, noon)]
    result = None
    if request.method == "POST":
        ticked = set(request.POST.getlist("happened"))
        exceptions = [(p.public_id, e.public_id) for p in persons for e in entries
                      if f"{p.public_id}:{e.public_id}" not in ticked]
        try:
            result = actions.do_confirm_normal_day(actor=request.user, unit=unit, day=day, exceptions=exceptions,
                                                   backdate_reason=request.POST.get("backdate_reason", ""),
                                                   request=request)
        except ValidationError as e:
            result = {"errors": _messages(e)}
    return render(request, "records/confirm_day.html", {
        "unit": unit, "day": day, "entries": entries, "persons": persons, "result": result})


# --- a person's records ------------------------------------------------------------------------


@login_required
def person_records(request, person_id):
    person = reading.read_person(request.user, person_id, request=request, purpose="records")
    prison_ids = P.prisons_where(request.user, P.DECIDE)
    exclusions = Exclusion.objects.filter(person=person).select_related("renews").order_by("-start")
    return render(request, "records/person_records.html", {
        "person": person,
        "exclusions": [{"e": e, "next": states.allowed_next(e.state)} for e in exclusions],
        "means": CoerciveMeans.objects.filter(person=person).order_by("-start"),
        "reviews": Review.objects.filter(person=person).select_related("exclusion", "coercive_means").order_by("-at"),
        "sessions": TimeSession.objects.filter(person=person).order_by("-start")[:50],
        "can_decide": bool(prison_ids),
    })


def _form_page(request, form, title, person, status=200):
    return render(request, "records/form.html", {"form": form, "title": title, "person": person},
                  status=422 if form.errors else status)


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_new(request, person_id):
    person = reading.read_person(request.user, person_id, request=request, purpose="exclusion_new")
    form = forms.ExclusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            exclusion = actions.do_create_exclusion(
                actor=request.user, person=person, scope=d["scope"], ground=d["ground"], start=d["start"],
                end=d["end"], partial_from=d["partial_from"], decided_level=d["decided_level"],
                letter=form.letter(), backdate_reason=d["backdate_reason"], request=request)
            if d["put_in_force"]:
                actions.do_put_in_force(actor=request.user, exclusion=exclusion, request=request)
        except ValidationError as error:
            put_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return redirect("records:person_records", person_id=person.public_id)
    return _form_page(request, form, _("New exclusion"), person)


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_renew(request, exclusion_id):
    previous = _record(request, Exclusion, exclusion_id, "exclusion_renew")
    form = _versioned_form(forms.RenewForm, request, previous)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_renew_exclusion(actor=request.user, previous=previous, start=d["start"], end=d["end"],
                                       letter=form.letter(), backdate_reason=d["backdate_reason"],
                                       expected_version=d["version"], request=request)
        except ValidationError as error:
            put_errors(form, error)
            _refresh_version(form, error)
        else:
            return redirect("records:person_records", person_id=previous.person.public_id)
    return _form_page(request, form, _("Renew exclusion"), previous.person)


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_end(request, exclusion_id):
    exclusion = _record(request, Exclusion, exclusion_id, "exclusion_end")
    form = _versioned_form(forms.EndForm, request, exclusion)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_end_exclusion(actor=request.user, exclusion=exclusion, at=form.cleaned_data["at"],
                                     reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"],
                                     request=request)
        except ValidationError as error:
            put_errors(form, error)
            _refresh_version(form, error)
        else:
            return redirect("records:person_records", person_id=exclusion.person.public_id)
    return _form_page(request, form, _("End exclusion"), exclusion.person)


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_revoke(request, exclusion_id):
    exclusion = _record(request, Exclusion, exclusion_id, "exclusion_revoke")
    form = _versioned_form(forms.RevokeForm, request, exclusion)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_revoke_exclusion(actor=request.user, exclusion=exclusion, reason=form.cleaned_data["reason"],
                                        expected_version=form.cleaned_data["version"], request=request)
        except ValidationError as error:
            put_errors(form, error)
            _refresh_version(form, error)
        else:
            return redirect("records:person_records", person_id=exclusion.person.public_id)
    return _form_page(request, form, _("Revoke exclusion"), exclusion.person)


@login_required
@require_POST
def exclusion_decide(request, exclusion_id):
    exclusion = _record(request, Exclusion, exclusion_id, "exclusion_decide")
    try:
        actions.do_put_in_force(actor=request.user, exclusion=exclusion, expected_version=request.POST.get("version"),
                                request=request)
    except ValidationError as error:
        return render(request, "records/refused.html", {"messages_": _messages(error), "person": exclusion.person},
                      status=422)
    return redirect("records:person_records", person_id=exclusion.person.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request, subject_id):
    model = Exclusion if Exclusion.objects.filter(public_id=subject_id).exists() else CoerciveMeans
    subject = _record(request, model, subject_id, "review")
    form = _versioned_form(forms.ReviewForm, request, subject)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_record_review(actor=request.user, subject=subject, at=d["at"], level=d["level"],
                                     outcome=d["outcome"], reasons=d["reasons"],
                                     backdate_reason=d["backdate_reason"], expected_version=d["version"],
                                     request=request)
        except ValidationError as error:
            put_errors(form, error)
            _refresh_version(form, error)
        else:
            return redirect("records:person_records", person_id=subject.person.public_id)
    return _form_page(request, form, _("Review"), subject.person)


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request, person_id):
    person = reading.read_person(request.user, person_id, request=request, purpose="session_new")
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_register_session(actor=request.user, person=person, category=Category.CONTACT,
                                        kind=d["kind"], counterpart=d["counterpart"], start=d["start"], end=d["end"],
                                        backdate_reason=d["backdate_reason"], request=request)
        except ValidationError as error:
            put_errors(form, error)
        else:
            return redirect("records:person_records", person_id=person.public_id)
    return _form_page(request, form, _("Contact session"), person)


# --- coercive means with the supervision log ---------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def coercive_new(request, person_id):
    person = reading.read_person(request.user, person_id, request=request, purpose="coercive_new")
    form = forms.CoerciveMeansForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            means = actions.do_start_coercive_means(
                actor=request.user, person=person, kind=d["kind"], reason=d["reason"], reason_text=d["reason_text"],
                start=d["start"], end=d["end"], backdate_reason=d["backdate_reason"], request=request)
        except ValidationError as error:
            put_errors(form, error)
        else:
            return redirect("records:coercive_detail", means_id=means.public_id)
    return _form_page(request, form, _("Coercive means"), person)


@login_required
@require_http_methods(["GET", "POST"])
def coercive_detail(request, means_id):
    means = _record(request, CoerciveMeans, means_id, "coercive_detail")
    form = forms.SupervisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_record_supervision(actor=request.user, subject=means, at=d["at"], observation=d["observation"],
                                          condition=d["condition"], health_called=d["health_called"],
                                          backdate_reason=d["backdate_reason"], request=request)
        except ValidationError as error:
            put_errors(form, error)
        else:
            return redirect("records:coercive_detail", means_id=means.public_id)
    return render(request, "records/coercive_detail.html", {
        "means": means, "person": means.person, "form": form,
        "checks": Supervision.objects.filter(coercive_means=means).order_by("at"),
        "supervised": means.kind in CoerciveMeans.SUPERVISED_KINDS,
    }, status=422 if form.errors else 200)


@login_required
@require_POST
def coercive_end(request, means_id):
    means = _record(request, CoerciveMeans, means_id, "coercive_end")
    try:
        actions.do_end_coercive_means(actor=request.user, means=means, expected_version=request.POST.get("version"),
                                      request=request)
    except ValidationError as error:
        return render(request, "records/refused.html", {"messages_": _messages(error), "person": means.person},
                      status=422)
    return redirect("records:coercive_detail", means_id=means.public_id)
