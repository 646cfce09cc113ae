"""Registration screens for appeals (klage), isolation-reducing measures,
incidents, week plans (ukeplan) and unit lock-ins, and the decision page of an
exclusion that shows its appeals and letters.

Like :mod:`fellesskap.records.views`: paths carry opaque ids only, reads of a
person's data go through :mod:`fellesskap.registry.reading` (audited, 404 for
another prison), writes through :mod:`fellesskap.records.actions` whose
refusals are put back on the form fields.
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
from django.views.decorators.http import require_http_methods

from fellesskap import vocabulary as voc
from fellesskap.audit import trail
from fellesskap.audit.models import AuditEvent
from fellesskap.ledgerstore.models import LedgerDay
from fellesskap.records import actions, forms, states, weekplan
from fellesskap.records import permissions as P
from fellesskap.records.corrections import may_see_history
from fellesskap.records.models import (
    Appeal,
    Category,
    CoerciveMeans,
    Exclusion,
    TimeSession,
    UnitLockIn,
    WeekPlan,
)
from fellesskap.records.views import _form_page, _record, _visible_unit
from fellesskap.registry import access, reading
from fellesskap.registry.forms import put_errors
from fellesskap.registry.models import Placement, Unit


def posted(request):
    """The form data of a POST (also an empty one, so that it is validated), else None."""
    return request.POST if request.method == "POST" else None


_posted = posted


def _save(form, command) -> bool:
    """Runs ``command`` and puts its refusal on the form; True when it went through."""
    try:
        command()
    except ValidationError as error:
        put_errors(form, error)
    except PermissionDenied as error:
        form.add_error(None, str(error))
    else:
        return True
    return False


# --- the decision page of an exclusion ---------------------------------------------------------


@login_required
def exclusion_detail(request, exclusion_id):
    """The decision with its reviews, appeals and week plans, and links to its letter."""
    exclusion = _record(request, Exclusion, exclusion_id, "exclusion_detail")
    return render(request, "records/exclusion_detail.html", {
        "e": exclusion, "person": exclusion.person, "next": states.allowed_next(exclusion.state),
        "appeals": Appeal.objects.filter(exclusion=exclusion),
        "reviews": exclusion.reviews.all().order_by("at"),
        "plans": WeekPlan.objects.filter(exclusion=exclusion).order_by("-made_at"),
        "can_decide": P.may(request.user, P.DECIDE, exclusion.prison),
        "show_history": may_see_history(request.user, exclusion.prison),
    })


# --- appeals -----------------------------------------------------------------------------------


def _subject_page(subject) -> str:
    if isinstance(subject, Exclusion):
        return redirect("records:exclusion_detail", exclusion_id=subject.public_id)
    return redirect("records:coercive_detail", means_id=subject.public_id)


def _lodge(request, subject):
    form = forms.AppealLodgeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        kind = {"exclusion": subject} if isinstance(subject, Exclusion) else {"coercive_means": subject}
        if _save(form, lambda: actions.do_lodge_appeal(actor=request.user, lodged_at=d["lodged_at"],
                                                       lodged_by=d["lodged_by"], grounds=d["grounds"],
                                                       request=request, **kind)):
            return _subject_page(subject)
    return _form_page(request, form, _("Appeal lodged"), subject.person)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new_exclusion(request, exclusion_id):
    return _lodge(request, _record(request, Exclusion, exclusion_id, "appeal_new"))


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new_means(request, means_id):
    return _lodge(request, _record(request, CoerciveMeans, means_id, "appeal_new"))


def _appeal(request, appeal_id, purpose: str) -> Appeal:
    appeal = Appeal.objects.select_related("exclusion__person", "coercive_means__person").filter(
        public_id=appeal_id).first()
    if appeal is None:
        raise Http404
    reading.read_person(request.user, appeal.subject.person.public_id, request=request, purpose=purpose)
    return appeal


@login_required
@require_http_methods(["GET", "POST"])
def appeal_forward(request, appeal_id):
    appeal = _appeal(request, appeal_id, "appeal_forward")
    form = forms.AppealForwardForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _save(form, lambda: actions.do_forward_appeal(actor=request.user, appeal=appeal, at=d["at"], to=d["to"],
                                                         request=request)):
            return _subject_page(appeal.subject)
    return _form_page(request, form, _("Appeal forwarded"), appeal.subject.person)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_decide(request, appeal_id):
    appeal = _appeal(request, appeal_id, "appeal_decide")
    form = forms.AppealDecideForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _save(form, lambda: actions.do_decide_appeal(actor=request.user, appeal=appeal, at=d["at"],
                                                        outcome=d["outcome"], level=d["level"],
                                                        reasons=d["reasons"], request=request)):
            return _subject_page(appeal.subject)
    return _form_page(request, form, _("Appeal decided"), appeal.subject.person)


# --- isolation-reducing measures and incidents -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def measure_new(request, person_id):
    person = reading.read_person(request.user, person_id, request=request, purpose="measure_new")
    form = forms.MeasureForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _save(form, lambda: actions.do_record_measure(
                actor=request.user, person=person, at=d["at"], description=d["description"],
                offered_by=d["offered_by"], response=d["response"], backdate_reason=d["backdate_reason"],
                request=request)):
            return redirect("records:person_records", person_id=person.public_id)
    return _form_page(request, form, _("Isolation-reducing measure"), person)


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request, person_id):
    person = reading.read_person(request.user, person_id, request=request, purpose="incident_new")
    form = forms.IncidentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        # The create command is left as it is, so that the supervisory-board
        # notification (another app) can chain on it.
        if _save(form, lambda: actions.do_record_incident(
                actor=request.user, person=person, kind=d["kind"], at=d["at"], serious=d["serious"],
                health_told_at=d["health_told_at"], description=d["description"],
                backdate_reason=d["backdate_reason"], request=request)):
            return redirect("records:person_records", person_id=person.public_id)
    return _form_page(request, form, _("Incident"), person)


# --- week plans --------------------------------------------------------------------------------

PLAN_ROWS_PER_DAY = 4
PLAN_KINDS = [("", "–"), *voc.choices(voc.CONTACT_KINDS, "en")]


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _plan_rows(plan: WeekPlan | None, data=None) -> list[dict]:
    """The editable grid: ``PLAN_ROWS_PER_DAY`` rows per weekday, pre-filled
    from the current plan (more rows if a day has more items)."""
    items = list(plan.items.all()) if plan is not None else []
    days = []
    for weekday in range(7):
        mine = [i for i in items if i.weekday == weekday]
        rows = []
        for n in range(max(PLAN_ROWS_PER_DAY, len(mine) + 1)):
            prefix = f"d{weekday}r{n}"
            if data is not None:
                rows.append({"prefix": prefix, "kind": data.get(f"{prefix}-kind", ""),
                             "start": data.get(f"{prefix}-start", ""), "end": data.get(f"{prefix}-end", "")})
            elif n < len(mine):
                rows.append({"prefix": prefix, "kind": mine[n].kind, "start": mine[n].start_time.strftime("%H:%M"),
                             "end": mine[n].end_time.strftime("%H:%M")})
            else:
                rows.append({"prefix": prefix, "kind": "", "start": "", "end": ""})
        days.append({"weekday": weekday, "rows": rows})
    return days


def _parse_items(days: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """Items from the grid; a row half filled in is an error on that row."""
    items, errors = [], {}
    for day in days:
        for row in day["rows"]:
            if not (row["kind"] or row["start"] or row["end"]):
                continue
            try:
                start = dt.time.fromisoformat(row["start"])
                end = dt.time.fromisoformat(row["end"])
            except ValueError:
                errors[row["prefix"]] = _("Enter a start and an end time (HH:MM).")
                continue
            if not row["kind"]:
                errors[row["prefix"]] = _("Choose a kind of contact.")
                continue
            items.append({"weekday": day["weekday"], "kind": row["kind"], "start_time": start, "end_time": end,
                          "prefix": row["prefix"]})
    return items, errors


def _actual_minutes(exclusion: Exclusion, week_start: dt.date) -> dict[dt.date, int]:
    """Meaningful contact that happened per day of the week: the stored ledger
    where it has the day, else the person's contact sessions clipped to the day.
    Days not yet over are left out."""
    days = [week_start + dt.timedelta(days=n) for n in range(7)]
    today = timezone.localdate()
    stored = dict(LedgerDay.objects.filter(person=exclusion.person, date__in=days).values_list(
        "date", "contact_minutes"))
    tz = timezone.get_current_timezone()
    result = {}
    for day in days:
        if day >= today:
            continue
        if day in stored:
            result[day] = stored[day]
            continue
        start = timezone.make_aware(dt.datetime.combine(day, dt.time()), tz)
        end = start + dt.timedelta(days=1)
        total = 0
        for s in TimeSession.objects.filter(person=exclusion.person, category=Category.CONTACT,
                                            kind__in=voc.MEANINGFUL_CONTACT_KINDS, start__lt=end).filter(
                Q(end__gt=start)):
            total += int((min(s.end, end) - max(s.start, start)).total_seconds() // 60)
        result[day] = total
    return result


@login_required
@require_http_methods(["GET", "POST"])
def week_plan(request, exclusion_id):
    """The excluded person's week plan: edit it (a new version each time),
    a clear warning for a day with under two hours, and planned against actual."""
    exclusion = _record(request, Exclusion, exclusion_id, "week_plan")
    plan = WeekPlan.objects.filter(exclusion=exclusion).order_by("-made_at", "-pk").first()
    try:
        week_start = _week_start(dt.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        week_start = plan.week_start if plan else _week_start(timezone.localdate())
    errors: dict[str, str] = {}
    form_errors: list[str] = []
    days = _plan_rows(plan)
    if request.method == "POST":
        days = _plan_rows(None, request.POST)
        items, errors = _parse_items(days)
        try:
            week_start = _week_start(dt.date.fromisoformat(request.POST.get("week_start", "")))
        except ValueError:
            form_errors.append(_("Enter the first day of the week."))
        if not errors and not form_errors:
            try:
                actions.do_make_week_plan(actor=request.user, exclusion=exclusion, week_start=week_start,
                                          items=[{k: v for k, v in i.items() if k != "prefix"} for i in items],
                                          backdate_reason=request.POST.get("backdate_reason", ""), request=request)
            except ValidationError as error:
                for field, messages in (error.message_dict.items() if hasattr(error, "error_dict")
                                        else [("", error.messages)]):
                    index = field[6:field.index("]")] if field.startswith("items[") else ""
                    if index.isdigit() and int(index) < len(items):
                        errors[items[int(index)]["prefix"]] = " ".join(messages)
                    else:
                        form_errors += messages
            except PermissionDenied as error:
                form_errors.append(str(error))
            else:
                return redirect(f"{request.path}?week={week_start.isoformat()}")
    for day in days:
        for row in day["rows"]:
            row["error"] = errors.get(row["prefix"], "")
    planned = weekplan.planned_minutes(
        [{"weekday": i.weekday, "kind": i.kind, "start_time": i.start_time, "end_time": i.end_time}
         for i in plan.items.all()] if plan else [])
    table = weekplan.day_table(week_start, planned, _actual_minutes(exclusion, week_start))
    weekdays = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
    for day in days:
        day["name"] = weekdays[day["weekday"]]
        day["planned"] = planned.get(day["weekday"], 0)
    return render(request, "records/week_plan.html", {
        "e": exclusion, "person": exclusion.person, "plan": plan, "days": days, "kinds": PLAN_KINDS,
        "table": table, "week_start": week_start, "minimum": weekplan.DAILY_MINUTES,
        "short_names": [weekdays[d] for d in (plan.short_days if plan else range(7))],
        "form_errors": form_errors, "has_errors": bool(errors or form_errors),
        "can_register": P.may(request.user, P.REGISTER, exclusion.prison),
        "show_history": may_see_history(request.user, exclusion.prison),
        "previous_week": week_start - dt.timedelta(days=7), "next_week": week_start + dt.timedelta(days=7),
    }, status=422 if (errors or form_errors) else 200)


@login_required
def week_plans_missing(request):
    """Every excluded person (an exclusion in force now) in the user's prisons
    without a week plan for that exclusion: the plan is required at once."""
    prison_ids = access.prisons_for(request.user, access.VIEW_PERSON)
    if not prison_ids:
        raise PermissionDenied
    now = timezone.now()
    current = Exclusion.objects.filter(prison_id__in=prison_ids, state__in=states.COUNTED, start__lte=now).filter(
        Q(end__isnull=True) | Q(end__gt=now)).select_related("person", "prison").order_by("start")
    missing = [e for e in current if not WeekPlan.objects.filter(exclusion=e).exists()]
    trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=("records.weekplan", "missing"),
                 request=request, data={"screen": "week_plans_missing", "rows": len(missing)})
    return render(request, "records/week_plans_missing.html", {"missing": missing, "current": len(current)})


# --- unit lock-ins -----------------------------------------------------------------------------


@login_required
def lock_in_units(request):
    prison_ids = access.prisons_for(request.user, access.VIEW_PERSON)
    if not prison_ids:
        raise PermissionDenied
    units = Unit.objects.filter(prison_id__in=prison_ids, active=True).select_related("prison")
    open_ids = set(UnitLockIn.objects.filter(unit__in=units, end__isnull=True).values_list("unit_id", flat=True))
    return render(request, "records/lock_in_units.html", {
        "units": [{"unit": u, "locked": u.pk in open_ids} for u in units]})


@login_required
@require_http_methods(["GET", "POST"])
def lock_in_unit(request, unit_id: int):
    """Register a lock-in of the whole unit, see its lock-ins and end the open one.
    It applies to every person present (the ledger bridge makes each one a
    collective full exclusion)."""
    unit = _visible_unit(request, unit_id)
    form = forms.LockInForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _save(form, lambda: actions.do_start_unit_lock_in(
                actor=request.user, unit=unit, start=d["start"], end=d["end"], reason=d["reason"],
                backdate_reason=d["backdate_reason"], request=request)):
            return redirect("records:lock_in_unit", unit_id=unit.pk)
    now = timezone.now()
    present = Placement.objects.filter(unit=unit, start__lte=now).filter(Q(end__isnull=True) | Q(end__gt=now))
    trail.record(actor=request.user, action=AuditEvent.Action.LIST, obj=("registry.unit", unit.pk), request=request,
                 prison=unit.prison.code, data={"screen": "lock_in_unit"})
    return render(request, "records/lock_in_unit.html", {
        "unit": unit, "form": form, "lock_ins": UnitLockIn.objects.filter(unit=unit).order_by("-start")[:50],
        "present": present.count(), "can_decide": P.may(request.user, P.DECIDE, unit.prison),
        "end_form": forms.LockInEndForm(),
    }, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def lock_in_end(request, lock_in_id):
    lock_in = get_object_or_404(UnitLockIn.objects.select_related("unit", "prison"), public_id=lock_in_id)
    if lock_in.prison_id not in access.prisons_for(request.user, access.VIEW_PERSON):
        raise Http404
    form = forms.LockInEndForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: actions.do_end_unit_lock_in(actor=request.user, lock_in=lock_in,
                                                           at=form.cleaned_data["at"], request=request)):
            return redirect("records:lock_in_unit", unit_id=lock_in.unit_id)
    return _form_page(request, form, _("End the lock-in"), None)
