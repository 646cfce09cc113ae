from django import forms
from django.utils.translation import gettext_lazy as _

from fellesskap.audit.models import AuditEvent


class AuditSearchForm(forms.Form):
    """Search terms for the leader screen. The person is given by its opaque id."""

    person = forms.UUIDField(label=_("Person (id)"), required=False)
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", "—"), *AuditEvent.Action.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
