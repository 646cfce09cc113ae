"""Forms of the registry screens. They only parse input; the command layer
(``actions``) validates the meaning and its errors are put back on the fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fellesskap import vocabulary as voc
from fellesskap.registry.models import Cell, Person, Prison, Stay, Unit

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _when(label):
    return forms.DateTimeField(label=label, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)


def put_errors(form: forms.Form, error: ValidationError) -> None:
    """Puts a command's ValidationError on the form fields it names (the rest on the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class RegisterPersonForm(forms.Form):
    prison = forms.ModelChoiceField(label=_("Prison"), queryset=Prison.objects.none())
    identity_kind = forms.ChoiceField(label=_("Identity"), choices=Person.IdentityKind.choices)
    national_id = forms.CharField(label=_("National identity number or D-number"), required=False, max_length=13)
    alias = forms.CharField(label=_("Alias (unknown identity)"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=voc.choices(voc.SEXES, "en"))

    def __init__(self, *args, prisons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prison"].queryset = prisons if prisons is not None else Prison.objects.none()


class AdmitForm(forms.Form):
    prison = forms.ModelChoiceField(label=_("Prison"), queryset=Prison.objects.none())
    start = _when(_("Arrival"))
    arrival_reason = forms.ChoiceField(label=_("Reason for arrival"), choices=Stay.Arrival.choices)
    status = forms.ChoiceField(label=_("Status"), choices=voc.choices(voc.STATUSES, "en"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, prisons=None, **kwargs):
        super().__init__(*args, **kwargs)
        prisons = prisons if prisons is not None else Prison.objects.none()
        self.fields["prison"].queryset = prisons
        self.fields["unit"].queryset = Unit.objects.filter(prison__in=prisons, active=True).select_related("prison")


class TransferForm(forms.Form):
    to_prison = forms.ModelChoiceField(label=_("To prison"), queryset=Prison.objects.filter(active=True))
    at = _when(_("Time of transfer"))


class ReleaseForm(forms.Form):
    at = _when(_("Time of release"))
    release_reason = forms.ChoiceField(label=_("Reason"), choices=Stay.Release.choices)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=voc.choices(voc.STATUSES, "en"))
    at = _when(_("From"))


class PlacementForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    cell = forms.ModelChoiceField(label=_("Cell"), queryset=Cell.objects.none(), required=False)
    at = _when(_("From"))

    def __init__(self, *args, prison=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(prison=prison, active=True)
        self.fields["cell"].queryset = Cell.objects.filter(unit__prison=prison, active=True).select_related("unit")


class FlagsForm(forms.Form):
    pregnant = forms.BooleanField(label=_("Pregnant"), required=False)
    infant = forms.BooleanField(label=_("Has an infant"), required=False)
    mental_illness = forms.BooleanField(label=_("Mental illness"), required=False)
    disability = forms.BooleanField(label=_("Disability"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectPersonForm(forms.Form):
    identity_kind = forms.ChoiceField(label=_("Identity"), choices=Person.IdentityKind.choices)
    national_id = forms.CharField(label=_("National identity number or D-number"), required=False, max_length=13)
    alias = forms.CharField(label=_("Alias (unknown identity)"), required=False, max_length=200)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=voc.choices(voc.SEXES, "en"))
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))
