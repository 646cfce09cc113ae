"""Forms of the oversight screens. They only parse input; the command layers
(records and :mod:`fellesskap.oversight.actions`) validate the meaning."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fellesskap.oversight.checklist import ANSWERS
from fellesskap.registry.forms import DATETIME_FORMATS, DATETIME_WIDGET


class HealthContactForm(forms.Form):
    """A conversation or examination by the health service (a contact session)."""

    person = forms.UUIDField(widget=forms.HiddenInput)
    start = forms.DateTimeField(label=_("From"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)
    end = forms.DateTimeField(label=_("To"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)
    note = forms.CharField(label=_("Note (no health information)"), required=False, max_length=300)
    backdate_reason = forms.CharField(label=_("Reason for late registration"), required=False, max_length=300)


class HealthNotifiedForm(forms.Form):
    means = forms.UUIDField(widget=forms.HiddenInput)
    at = forms.DateTimeField(label=_("Health told at"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)


class AcknowledgeForm(forms.Form):
    incident = forms.UUIDField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class NewInspectionForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period to (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))


def answer_form(items) -> type[forms.Form]:
    """A form with an answer and a comment for each checklist item."""
    fields = {"summary": forms.CharField(label=_("Summary"), required=False, max_length=5000,
                                         widget=forms.Textarea(attrs={"rows": 4}))}
    for item in items:
        fields[f"answer_{item['code']}"] = forms.ChoiceField(label=_("Assessment"), choices=ANSWERS, required=True)
        fields[f"comment_{item['code']}"] = forms.CharField(label=_("Comment"), required=False, max_length=3000,
                                                            widget=forms.Textarea(attrs={"rows": 2}))
    return type("AnswerForm", (forms.Form,), fields)
