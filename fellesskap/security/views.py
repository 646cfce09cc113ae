"""The two-factor screens: set up an authenticator, and give a code after log-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from fellesskap.audit import trail
from fellesskap.security import otp
from fellesskap.security.forms import TokenForm


def _too_many() -> str:
    return _("There were too many tries; wait a few seconds and try again.")


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "web:home"


@login_required
def totp_setup(request):
    """Shows a new secret to add to an authenticator app and confirms it with
    the first code, so that a mistyped secret is caught before it is needed."""
    if otp.confirmed_device(request.user) is not None:
        return redirect("security:totp_verify")
    device = otp.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            trail.record(actor=request.user, action="totp_setup", obj=("registry.user", request.user.pk),
                         prison="", request=request)
            messages.success(request, _("Two-factor log-in is set up."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or too old. Check the time on the phone and try again.")
                       if allowed else _too_many())
    return render(request, "security/totp_setup.html", {
        "form": form, "secret": otp.secret_base32(device), "otpauth_uri": device.config_url,
        "next": request.GET.get("next", ""),
    })


@login_required
def totp_verify(request):
    """Asks for the code from the confirmed authenticator (django-otp slows
    down repeated wrong codes)."""
    device = otp.confirmed_device(request.user)
    if device is None:
        return redirect("security:totp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or too old.") if allowed else _too_many())
    return render(request, "security/totp_verify.html", {"form": form, "next": request.GET.get("next", "")})
