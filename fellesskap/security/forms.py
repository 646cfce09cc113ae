"""Log-in and one-time-code forms."""

from __future__ import annotations

import math
import time

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fellesskap.security import ratelimit


class RateLimitedAuthenticationForm(AuthenticationForm):
    """Django's log-in form that says so when the account is locked, instead of
    the usual "wrong user name or password" (the backend does the locking)."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            until = ratelimit.locked_until(self.cleaned_data.get("username") or "",
                                           ratelimit.client_address(self.request))
            if until is not None:
                minutes = max(1, math.ceil((until - time.time()) / 60))
                raise forms.ValidationError(
                    ngettext("Too many failed log-ins. Try again in %(minutes)d minute.",
                             "Too many failed log-ins. Try again in %(minutes)d minutes.", minutes)
                    % {"minutes": minutes}, code="locked") from None
            raise


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app."""

    token = forms.CharField(label=_("Code from the authenticator app"), min_length=6, max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("The code is the digits shown in the authenticator app."))
        return token
