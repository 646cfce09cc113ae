"""Forms of the registration screens. They only parse input; the command layer
validates the meaning and its errors are put back on the fields
(:func:`fellesskap.registry.forms.put_errors`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fellesskap import vocabulary as voc
from fellesskap.records.models import Appeal, Counterpart, DecisionLevel, IsolationReducingMeasure, Review
from fellesskap.registry.forms import DATETIME_FORMATS, DATETIME_WIDGET


def _when(label, required=True):
    return forms.DateTimeField(label=label, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS,
                               required=required)


def _text(label, required=False):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}))


def _version():
    """The version of the record the officer saw (optimistic locking): sent
    back on save, so that a save from a stale page is refused, not lost."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class LetterFields(forms.Form):
    """The decision letter (vedtak) fields shared by decisions."""

    facts = _text(_("Facts"))
    reasons = _text(_("Reasons"))
    less_intrusive_measures = _text(_("Why less intrusive measures were not enough"))
    own_statement = _text(_("The person's own statement"))
    statement_not_obtained_reason = _text(_("Why the statement was not obtained"))
    appeal_information = _text(_("Right to appeal"))
    appeal_deadline = forms.DateField(label=_("Appeal deadline"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    archive_reference = forms.CharField(label=_("Archive reference (Elements)"), required=False, max_length=100)

    def letter(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items()
                if k in LetterFields.base_fields and v not in ("", None)}


class ExclusionForm(LetterFields):
    scope = forms.ChoiceField(label=_("Scope"), choices=voc.choices(voc.SCOPES, "en"))
    partial_from = forms.CharField(label=_("Excluded from (partial)"), required=False, max_length=300)
    ground = forms.ChoiceField(label=_("Ground"), choices=voc.choices(voc.GROUNDS, "en"))
    start = _when(_("Start"))
    end = _when(_("End"), required=False)
    decided_level = forms.ChoiceField(label=_("Decided by"), choices=DecisionLevel.choices)
    backdate_reason = forms.CharField(label=_("Reason for late registration"), required=False, max_length=300)
    put_in_force = forms.BooleanField(label=_("Decide now (put in force)"), required=False)

    field_order = ["scope", "partial_from", "ground", "start", "end", "decided_level", "put_in_force"]


class RenewForm(LetterFields):
    version = _version()
    start = _when(_("Start (default: when the previous ends)"), required=False)
    end = _when(_("End"), required=False)
    backdate_reason = forms.CharField(label=_("Reason for late registration"), required=False, max_length=300)

    field_order = ["start", "end"]


class EndForm(forms.Form):
    version = _version()
    at = _when(_("Ended at"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class RevokeForm(forms.Form):
    version = _version()
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReviewForm(forms.Form):
    version = _version()  # of the decision under review
    at = _when(_("Time of the review"))
    level = forms.ChoiceField(label=_("Level"), choices=DecisionLevel.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Review.Outcome.choices)
    reasons = _text(_("Reasons"))
    backdate_reason = forms.CharField(label=_("Reason for late registration"), required=False, max_length=300)


class CoerciveMeansForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=voc.choices(voc.COERCIVE_KINDS, "en"))
    reason = forms.ChoiceField(label=_("Reason"), choices=voc.choices(voc.COERCIVE_REASONS, "en"))
    reason_text = _text(_("What happened"))
    start = _when(_("Start"))
    end = _when(_("End"), required=False)
    backdate_reason = forms.CharField(label=_("Reason for late registration"), required=False, max_length=300)


class SupervisionForm(forms.Form):
    at = _when(_("Time of the check"))
    observation = _text(_("Observation"))
    condition = forms.CharField(label=_("Condition"), required=False, max_length=200)
    health_called = forms.BooleanField(label=_("Health service called"), required=False)
    backdate_reason = forms.CharField(label=_("Reason for late registration"), required=False, max_length=300)


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=voc.choices(voc.CONTACT_KINDS, "en"))
    counterpart = forms.ChoiceField(label=_("With"), choices=[("", "–"), *Counterpart.choices], required=False)
    start = _when(_("Start"))
    end = _when(_("End"))
    backdate_reason = forms.CharField(label=_("Reason for late registration"), required=False, max_length=300)


# --- appeals, measures, incidents, lock-ins, corrections ------------------------------------------

LATE = _("Reason for late registration")


class AppealLodgeForm(forms.Form):
    lodged_at = _when(_("Lodged at"))
    lodged_by = forms.CharField(label=_("Lodged by"), required=False, max_length=200)
    grounds = _text(_("Summary of the appeal"))


class AppealForwardForm(forms.Form):
    to = forms.ChoiceField(label=_("Forwarded to"), choices=[c for c in DecisionLevel.choices if c[0] != "prison"])
    at = _when(_("Forwarded at"))


class AppealDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Appeal.Outcome.choices)
    level = forms.ChoiceField(label=_("Decided by"), choices=DecisionLevel.choices, initial=DecisionLevel.REGION)
    at = _when(_("Decided at"))
    reasons = _text(_("Reasons"))


class MeasureForm(forms.Form):
    at = _when(_("Offered at"))
    description = forms.CharField(label=_("What was offered"), max_length=300)
    offered_by = forms.ChoiceField(label=_("Offered by"), choices=Counterpart.choices)
    response = forms.ChoiceField(label=_("Response"), choices=IsolationReducingMeasure.Response.choices,
                                 widget=forms.RadioSelect)
    backdate_reason = forms.CharField(label=LATE, required=False, max_length=300)


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of incident"), choices=voc.choices(voc.INCIDENT_KINDS, "en"))
    at = _when(_("Time of the incident"))
    serious = forms.BooleanField(label=_("Serious"), required=False)
    health_told_at = _when(_("Health service told at (empty: not told)"), required=False)
    description = _text(_("What happened"))
    backdate_reason = forms.CharField(label=LATE, required=False, max_length=300)


class LockInForm(forms.Form):
    start = _when(_("Start"))
    end = _when(_("End (empty: still locked in)"), required=False)
    reason = _text(_("Reason (building or staffing)"), required=True)
    backdate_reason = forms.CharField(label=LATE, required=False, max_length=300)


class LockInEndForm(forms.Form):
    at = _when(_("Ended at (empty: now)"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is this deleted?"), max_length=300)


def correction_form(model, fields: tuple[str, ...], record, data=None) -> forms.Form:
    """A form with the correctable fields of ``model`` (pre-filled with the
    current version) and a required reason for the correction."""
    base = forms.models.fields_for_model(model, fields=[f for f in fields if f != "appeal_deadline"])
    for name, field in base.items():
        if isinstance(field, forms.DateTimeField):
            base[name] = _when(field.label, required=field.required)
        field.required = False if name not in ("start", "at", "lodged_at") else field.required
    if "appeal_deadline" in fields:
        base["appeal_deadline"] = forms.DateField(label=_("Appeal deadline"), required=False,
                                                  widget=forms.DateInput(attrs={"type": "date"}))
    # Named apart from the records' own "reason" fields (a coercive means', a lock-in's).
    base["correction_reason"] = forms.CharField(label=_("Why is this corrected?"), max_length=300)
    form_class = type("CorrectionForm", (forms.Form,), dict(base))
    initial = {f: getattr(record, f) for f in fields}
    for name, value in initial.items():
        if hasattr(value, "tzinfo") and value is not None and hasattr(value, "hour"):
            from django.utils import timezone as tz

            initial[name] = tz.localtime(value)
    return form_class(data, initial=initial)
