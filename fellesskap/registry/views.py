"""Registry screens: person list and detail, register, admit, transfer, release.

Paths carry only opaque UUIDs; nothing personal is put in a URL or query
string. Every read of a person's data goes through :mod:`reading` (audited);
every write through :mod:`actions`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.registry import access, actions, reading
from fellesskap.registry.forms import (
    AdmitForm,
    CorrectPersonForm,
    FlagsForm,
    PlacementForm,
    RegisterPersonForm,
    ReleaseForm,
    StatusForm,
    TransferForm,
    put_errors,
)
from fellesskap.registry.models import Person, Prison


def _instant_of(day_text: str | None) -> tuple[dt.date, dt.datetime]:
    """The date asked for (default today) and the instant shown: noon Oslo
    time on a past day, now for today."""
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(day_text) if day_text else today
    except ValueError:
        day = today
    if day == today:
        return day, timezone.now()
    return day, timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@login_required
def person_list(request):
    """Persons held in the user's prisons on a day."""
    if not access.has_capability(request.user, access.VIEW_PERSON):
        raise PermissionDenied
    day, instant = _instant_of(request.GET.get("date"))
    held = reading.held_at(request.user, instant)
    facts = reading.facts_at([stay for _, stay in held], instant)
    rows = [{"person": person, "stay": stay, "status": facts[stay.pk][0], "placement": facts[stay.pk][1]}
            for person, stay in held]
    trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=("registry.person", ""), request=request,
                 prison="", data={"date": day.isoformat(), "rows": len(rows)})
    return render(request, "registry/person_list.html", {
        "rows": rows, "day": day, "can_register": access.has_capability(request.user, access.EDIT_REGISTRY),
    })


@login_required
def person_detail(request, person_id):
    person = reading.read_person(request.user, person_id, request=request)
    return render(request, "registry/person_detail.html", {
        "person": person,
        "stays": reading.stays_of(person),
        "show_sensitive": access.can_see_sensitive_flags(request.user, person),
        "can_edit": access.can_edit_person(request.user, person),
        "can_edit_flags": access.can_edit_sensitive_flags(request.user, person),
    })


@login_required
@require_http_methods(["GET", "POST"])
def register_person(request):
    prisons = Prison.objects.filter(pk__in=access.prisons_for(request.user, access.EDIT_REGISTRY), active=True)
    if not prisons.exists():
        raise PermissionDenied
    form = RegisterPersonForm(request.POST or None, prisons=prisons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = actions.do_register_person(
                actor=request.user, prison=data["prison"], sex=data["sex"], identity_kind=data["identity_kind"],
                national_id=data["national_id"], alias=data["alias"], given_name=data["given_name"],
                family_name=data["family_name"], birth_date=data["birth_date"], request=request,
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            return redirect("registry:person_admit", person_id=person.public_id)
    return render(request, "registry/form.html", {"form": form, "title": _("Register a person")},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def admit(request, person_id):
    person = reading.read_person(request.user, person_id, request=request, purpose="admit")
    prisons = Prison.objects.filter(pk__in=access.prisons_for(request.user, access.EDIT_REGISTRY), active=True)
    if not prisons.exists():
        raise PermissionDenied
    form = AdmitForm(request.POST or None, prisons=prisons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_admit(actor=request.user, person=person, prison=data["prison"], start=data["start"],
                             arrival_reason=data["arrival_reason"], status=data["status"], unit=data["unit"],
                             request=request)
        except ValidationError as error:
            put_errors(form, error)
        else:
            return redirect("registry:person_detail", person_id=person.public_id)
    return render(request, "registry/form.html", {"form": form, "title": _("Admit"), "person": person},
                  status=422 if form.errors else 200)


def _stay_form(request, stay_id, form_class, title, command):
    stay = reading.read_stay(request.user, stay_id, request=request, purpose=command.__name__.strip("_"))
    if not access.can_edit_person(request.user, stay.person):
        raise PermissionDenied
    extra = {"prison": stay.prison} if form_class is PlacementForm else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            command(request, stay, form.cleaned_data)
        except ValidationError as error:
            put_errors(form, error)
        else:
            return redirect("registry:person_detail", person_id=stay.person.public_id)
    return render(request, "registry/form.html", {"form": form, "title": title, "person": stay.person},
                  status=422 if form.errors else 200)


def _transfer(request, stay, data):
    actions.do_transfer(actor=request.user, stay=stay, to_prison=data["to_prison"], at=data["at"], request=request)


def _release(request, stay, data):
    actions.do_release(actor=request.user, stay=stay, at=data["at"], release_reason=data["release_reason"],
                       request=request)


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request, stay_id):
    return _stay_form(request, stay_id, TransferForm, _("Transfer"), _transfer)


@login_required
@require_http_methods(["GET", "POST"])
def release(request, stay_id):
    return _stay_form(request, stay_id, ReleaseForm, _("Release"), _release)


def _change_status(request, stay, data):
    actions.do_change_status(actor=request.user, stay=stay, status=data["status"], at=data["at"], request=request)


def _place(request, stay, data):
    actions.do_place_in_cell(actor=request.user, stay=stay, unit=data["unit"], cell=data["cell"], at=data["at"],
                             request=request)


@login_required
@require_http_methods(["GET", "POST"])
def change_status(request, stay_id):
    return _stay_form(request, stay_id, StatusForm, _("Change status"), _change_status)


@login_required
@require_http_methods(["GET", "POST"])
def place(request, stay_id):
    return _stay_form(request, stay_id, PlacementForm, _("Place in unit or cell"), _place)


def _person_form(request, person_id, *, form_class, allowed, initial, title, command):
    person = reading.read_person(request.user, person_id, request=request, purpose=command.__name__.strip("_"))
    if not allowed(request.user, person):
        raise PermissionDenied
    form = form_class(request.POST or None, initial=initial(person))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            command(request, person, data, reason)
        except ValidationError as error:
            put_errors(form, error)
        else:
            return redirect("registry:person_detail", person_id=person.public_id)
    return render(request, "registry/form.html", {"form": form, "title": title, "person": person},
                  status=422 if form.errors else 200)


def _correct(request, person, data, reason):
    current = {f: getattr(person, f) for f in data}
    current["national_id"] = current["national_id"] or ""
    changes = {f: v for f, v in data.items() if v != current[f]}
    actions.do_correct_person(actor=request.user, person=person, changes=changes, reason=reason, request=request)


def _set_flags(request, person, data, reason):
    actions.do_set_sensitive_flags(actor=request.user, person=person, flags=data, reason=reason, request=request)


@login_required
@require_http_methods(["GET", "POST"])
def correct_person(request, person_id):
    return _person_form(
        request, person_id, form_class=CorrectPersonForm, allowed=access.can_edit_person, title=_("Correct"),
        initial=lambda p: {f: getattr(p, f) for f in CorrectPersonForm.base_fields if f != "reason"},
        command=_correct,
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_flags(request, person_id):
    return _person_form(
        request, person_id, form_class=FlagsForm, allowed=access.can_edit_sensitive_flags,
        title=_("Needs extra protection"),
        initial=lambda p: {f: getattr(p, f) for f in Person.SENSITIVE_FLAGS}, command=_set_flags,
    )
