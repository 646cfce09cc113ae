"""The health service's screen (helse): today's isolated and excluded persons,
a health contact, and "health notified" on a coercive means.

Writes go through the records command layer (``do_register_session`` with
counterpart health, ``do_notify_health``), so they are validated, versioned
and audited like every other registration. Ids travel in the form body, and a
person or means outside the user's prisons is a 404.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.oversight import permissions as P
from fellesskap.oversight import scope
from fellesskap.oversight.forms import HealthContactForm, HealthNotifiedForm
from fellesskap.oversight.health import health_rows
from fellesskap.records import actions as records
from fellesskap.records.models import Category, CoerciveMeans, Counterpart
from fellesskap.registry import access


def _back(prison_code: str | None):
    url = reverse("oversight:health")
    return redirect(f"{url}?prison={prison_code}" if prison_code else url)


def _errors(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(m for ms in error.message_dict.values() for m in ms)
    return " ".join(error.messages)


@login_required
def health_today(request):
    prison, prisons = scope.chosen(request, P.HEALTH)
    now = timezone.now()
    today = timezone.localdate(now)
    rows = health_rows(prison, now, today, today - timedelta(days=1))
    trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=("oversight.health", ""), prison=prison.code,
                 request=request, data={"screen": "health", "rows": len(rows),
                                        "persons": [str(r.person.public_id) for r in rows]})
    local_now = timezone.localtime(now).replace(second=0, microsecond=0)
    return render(request, "oversight/health.html", {
        "prison": prison, "prisons": prisons, "rows": rows, "now": now,
        "default_start": (local_now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "default_end": local_now.strftime("%Y-%m-%dT%H:%M"),
    })


@login_required
@require_POST
def health_contact(request):
    """Registers a contact session with the health service (counterpart health)."""
    scope.allowed(request.user, P.HEALTH)
    form = HealthContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the person and when the contact began and ended."))
        return _back(request.POST.get("prison"))
    person = access.get_person_or_404(request.user, form.cleaned_data["person"])
    try:
        records.do_register_session(
            actor=request.user, person=person, category=Category.CONTACT, kind="health",
            counterpart=Counterpart.HEALTH, start=form.cleaned_data["start"], end=form.cleaned_data["end"],
            note=form.cleaned_data["note"], backdate_reason=form.cleaned_data["backdate_reason"], request=request)
    except ValidationError as error:
        messages.error(request, _errors(error))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Health contact registered."))
    return _back(request.POST.get("prison"))


@login_required
@require_POST
def health_notified(request):
    """Acknowledges that the health service has been told of a coercive means."""
    prison_ids = P.prisons_where(request.user, P.HEALTH)
    if not prison_ids:
        raise PermissionDenied(str(scope.MESSAGES[P.HEALTH]))
    form = HealthNotifiedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give when the health service was told."))
        return _back(request.POST.get("prison"))
    means = CoerciveMeans.objects.filter(public_id=form.cleaned_data["means"], prison_id__in=prison_ids).first()
    if means is None:
        raise Http404("No such coercive means.")
    if means.health_notified_at is not None:
        messages.info(request, _("The health service was already recorded as told."))
        return _back(request.POST.get("prison"))
    try:
        records.do_notify_health(actor=request.user, means=means, at=form.cleaned_data["at"], request=request)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Recorded that the health service was told."))
    return _back(request.POST.get("prison"))
