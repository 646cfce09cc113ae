"""Correct, delete and see the version history of any isolation record on screen.

One set of screens for every record kind, so that "correct" and "delete"
(withdraw, the row stays marked with who, when and why) work the same
everywhere and each needs a reason. The version history — who, when, why and
the old values — is shown to leaders and auditors only (the decide right or the
audit right in the record's prison); others see that the record was corrected,
not what it said before.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.records import actions, forms
from fellesskap.records import permissions as P
from fellesskap.records.models import (
    Appeal,
    CoerciveMeans,
    Exclusion,
    Incident,
    IsolationReducingMeasure,
    Review,
    Supervision,
    TimeSession,
    UnitLockIn,
    WeekPlan,
)
from fellesskap.registry import access, reading
from fellesskap.registry.forms import put_errors
from fellesskap.registry.versioning import history


def _posted(request):
    return request.POST if request.method == "POST" else None

# The record kinds in the paths, with what they are called on screen.
KINDS: dict[str, tuple[type, str]] = {
    "exclusion": (Exclusion, pgettext_lazy("record kind", "exclusion")),
    "coercive-means": (CoerciveMeans, pgettext_lazy("record kind", "coercive means")),
    "review": (Review, pgettext_lazy("record kind", "review")),
    "supervision": (Supervision, pgettext_lazy("record kind", "supervision check")),
    "session": (TimeSession, pgettext_lazy("record kind", "time session")),
    "measure": (IsolationReducingMeasure, pgettext_lazy("record kind", "isolation-reducing measure")),
    "incident": (Incident, pgettext_lazy("record kind", "incident")),
    "lock-in": (UnitLockIn, pgettext_lazy("record kind", "unit lock-in")),
    "appeal": (Appeal, pgettext_lazy("record kind", "appeal")),
    "week-plan": (WeekPlan, pgettext_lazy("record kind", "week plan")),
}
KIND_OF = {model: kind for kind, (model, _label) in KINDS.items()}


def kind_of(record) -> str:
    return KIND_OF[type(record)]


def _load(request, kind: str, record_id, purpose: str, *, withdrawn: bool = False):
    """The record if the user may see it (404 otherwise, also for another
    prison's), with the read of the person's data audited."""
    if kind not in KINDS:
        raise Http404
    model = KINDS[kind][0]
    manager = model.all_objects if withdrawn else model.objects
    record = manager.filter(public_id=record_id).first()
    if record is None:
        raise Http404
    prison, person = actions.owner(record)
    if person is not None:
        reading.read_person(request.user, person.public_id, request=request, purpose=purpose)
    elif prison.pk not in access.prisons_for(request.user, access.VIEW_PERSON):
        raise Http404
    else:
        trail.record(actor=request.user, action=AuditEvent.Action.VIEW, obj=record, request=request,
                     prison=prison.code, data={"purpose": purpose})
    return record, prison, person


def back_url(record) -> str:
    """Where a record is shown."""
    from django.urls import reverse

    if isinstance(record, Exclusion):
        return reverse("records:exclusion_detail", args=[record.public_id])
    if isinstance(record, CoerciveMeans):
        return reverse("records:coercive_detail", args=[record.public_id])
    if isinstance(record, Supervision) and record.coercive_means_id:
        return reverse("records:coercive_detail", args=[record.coercive_means.public_id])
    if isinstance(record, Appeal):
        return back_url(record.subject)
    if isinstance(record, UnitLockIn):
        return reverse("records:lock_in_unit", args=[record.unit_id])
    if isinstance(record, WeekPlan):
        return reverse("records:week_plan", args=[record.exclusion.public_id])
    return reverse("records:person_records", args=[record.person.public_id])


def may_see_history(user, prison) -> bool:
    return P.may(user, P.DECIDE, prison) or prison.pk in access.prisons_for(user, access.VIEW_AUDIT)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, kind: str, record_id):
    record, prison, person = _load(request, kind, record_id, "correct")
    model = type(record)
    if model is WeekPlan:
        # A week plan is corrected by editing it: the new plan is the new version.
        return redirect("records:week_plan", exclusion_id=record.exclusion.public_id)
    fields = actions.EXCLUSION_CORRECTABLE if model is Exclusion else actions.CORRECTABLE[model]
    form = forms.correction_form(model, fields, record, _posted(request))
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f != "correction_reason"}
        try:
            if model is Exclusion:
                actions.do_correct_exclusion(actor=request.user, exclusion=record, changes=changes,
                                             reason=form.cleaned_data["correction_reason"], request=request)
            else:
                actions.do_correct_record(actor=request.user, record=record, changes=changes,
                                          reason=form.cleaned_data["correction_reason"], request=request)
        except ValidationError as error:
            put_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return redirect(back_url(record))
    return render(request, "records/form.html", {
        "form": form, "title": _("Correct the %(kind)s") % {"kind": KINDS[kind][1]}, "person": person,
        "back": back_url(record),
        "intro": _("The correction is saved as a new version; the old one stays in the history."),
    }, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, kind: str, record_id):
    record, prison, person = _load(request, kind, record_id, "delete")
    form = forms.WithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_withdraw_record(actor=request.user, record=record, reason=form.cleaned_data["reason"],
                                       request=request)
        except ValidationError as error:
            put_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if isinstance(record, Exclusion | CoerciveMeans | WeekPlan):
                target = person.public_id if person is not None else None
                return redirect("records:person_records", person_id=target)
            return redirect(back_url(record))
    return render(request, "records/form.html", {
        "form": form, "title": _("Delete the %(kind)s") % {"kind": KINDS[kind][1]}, "person": person,
        "back": back_url(record),
        "intro": _("A deleted record is kept, marked as deleted with who, when and why, and is no longer counted."),
    }, status=422 if form.errors else 200)


def _rows(versions) -> list[dict]:
    """Each version with the fields that changed from the one before (old → new)."""
    rows, previous = [], None
    for v in versions:
        changed = []
        if previous is not None:
            for key in sorted(set(previous.snapshot) | set(v.snapshot)):
                if previous.snapshot.get(key) != v.snapshot.get(key):
                    changed.append({"field": key, "old": previous.snapshot.get(key), "new": v.snapshot.get(key)})
        rows.append({"v": v, "changed": changed})
        previous = v
    return rows


@login_required
def record_history(request, kind: str, record_id):
    record, prison, person = _load(request, kind, record_id, "history", withdrawn=True)
    if not may_see_history(request.user, prison):
        raise PermissionDenied(_("Only leaders and auditors see the version history."))
    versions = list(history(record).select_related("actor"))
    trail.record(actor=request.user, action=AuditEvent.Action.VIEW, obj=record, person=person, request=request,
                 prison=prison.code, data={"purpose": "version_history", "versions": len(versions)})
    return render(request, "records/history.html", {
        "record": record, "kind_label": KINDS[kind][1], "person": person, "rows": _rows(versions),
        "back": back_url(record),
    })
