"""Registration screens: a person's isolation records, and the forms for
exclusions, reviews and coercive means with the supervision log. The unit's
cell list is the ward board (fellesskap.web.ward); its old addresses redirect.

Paths carry opaque ids only. Reads of a person's data go through
:mod:`fellesskap.registry.reading` (audited), writes through
:mod:`fellesskap.records.actions`. Buttons are plain forms that work without
JavaScript.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fellesskap.records import actions, forms, states
from fellesskap.records import permissions as P
from fellesskap.records.models import (
    Appeal,
    Category,
    CoerciveMeans,
    Exclusion,
    Incident,
    IsolationReducingMeasure,
    Review,
    Supervision,
    TimeSession,
)
from fellesskap.registry import access, reading
from fellesskap.registry.forms import put_errors
from fellesskap.registry.models import Unit
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


# --- the unit's cell list: now the ward board ----------------------------------------------------
# The cell list, association and the normal day moved to the one ward board
# (/ward/, fellesskap.web.ward and ward_day); the old addresses redirect there.


@login_required
def unit_list(request):
    return redirect("web:ward")


@login_required
def unit_board(request, unit_id: int):
    return redirect("web:ward_board", unit_id=_visible_unit(request, unit_id).pk)


@login_required
def confirm_day(request, unit_id: int):
    unit = _visible_unit(request, unit_id)
    url = reverse("web:ward_day", args=[unit.pk])
    day = request.GET.get("date", "")
    return redirect(f"{url}?{urlencode({'date': day})}" if day else url)


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
        "measures": IsolationReducingMeasure.objects.filter(person=person).order_by("-at")[:50],
        "incidents": Incident.objects.filter(person=person).order_by("-at"),
        "can_decide": bool(prison_ids),
        "show_history": _sees_history(request.user, person),
    })


def _sees_history(user, person) -> bool:
    """Leaders and auditors of a prison the person is held in see version histories."""
    from fellesskap.records.corrections import may_see_history

    return any(may_see_history(user, s.prison) for s in person.stays.select_related("prison"))


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
    from fellesskap.records.corrections import may_see_history

    return render(request, "records/coercive_detail.html", {
        "means": means, "person": means.person, "form": form,
        "appeals": Appeal.objects.filter(coercive_means=means), "show_history": may_see_history(request.user, means.prison),
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
