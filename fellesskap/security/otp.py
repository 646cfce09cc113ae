"""Two-factor log-in (tofaktorinnlogging) with time-based one-time codes.

Leaders and administrators can see and decide far more than an officer, so a
stolen password alone must not reach their screens: the roles in
:data:`TOTP_ROLES` (and Django staff) need a confirmed TOTP device
(django-otp) and a code at every log-in. ``settings.TOTP_REQUIRED`` turns the
requirement off; it is on unless the environment says ``TOTP_REQUIRED=0``.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from fellesskap.registry import access
from fellesskap.registry import roles as R

TOTP_ROLES = frozenset({R.PRISON_LEADER, R.UNIT_LEADER, R.REGION_ADVISOR, R.ADMINISTRATOR})
DEVICE_NAME = "authenticator"


def totp_required_for(user) -> bool:
    """Whether this user must have passed a one-time code to reach the application."""
    if not getattr(settings, "TOTP_REQUIRED", True) or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(TOTP_ROLES.intersection(access.active_roles(user)))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up, made on first use, so that reloading
    the set-up page shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    """The shared secret as authenticator apps want it typed in."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def confirmed_device_with_secret(user) -> tuple[TOTPDevice, str]:
    """A confirmed device for ``user`` and its secret — for the local demo only,
    which prints it so that the demo log-ins exercise the real two-step flow."""
    device = confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    return device, secret_base32(device)
