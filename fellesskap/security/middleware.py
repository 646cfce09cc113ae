"""Middleware: the TOTP gate for leaders and administrators, and the
Content-Security-Policy header."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from fellesskap.security import otp

# What a leader who has logged in but not given a code may still reach.
OPEN_BEFORE_TOTP = frozenset({"security:totp_setup", "security:totp_verify", "web:logout", "web:login",
                              "set_language", "api:health"})


class TotpRequiredMiddleware:
    """Sends a leader or administrator without a verified one-time code to the
    set-up page (no confirmed device yet) or the code page. The API answers 403
    instead of redirecting. Must come after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not otp.totp_required_for(user) or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_TOTP:
            return None
        if (match is not None and match.namespace == "api") or request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Two-factor log-in is required: give a code on the log-in page.")},
                                status=403)
        target = "security:totp_verify" if otp.confirmed_device(user) else "security:totp_setup"
        response = redirect(target)
        if request.method == "GET":
            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response


DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Adds ``Content-Security-Policy``: scripts and styles only from our own
    static files, no inline script, no framing. A script injected into a page
    (say through a name field) does not run. Views listed by URL name in
    ``CSP_EXEMPT_VIEWS`` get no header (none are: the interactive API docs
    serve Swagger UI from our own static files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        exempt = getattr(settings, "CSP_EXEMPT_VIEWS", ())
        if match is not None and match.view_name in exempt:
            return response
        if "Content-Security-Policy" not in response:
            policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)
            response["Content-Security-Policy"] = policy
        return response
