"""The demo keeps two-factor log-in on and prints a key for each leader."""

import io
from types import SimpleNamespace

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from fellesskap.demo.management.commands.demo import Command
from fellesskap.registry.tests import helpers as h
from fellesskap.security import otp

pytestmark = pytest.mark.django_db


def test_demo_prints_a_confirmed_key_for_leaders_only(settings):
    settings.TOTP_REQUIRED = True
    prison = h.make_prison("A")
    leader = h.user_with_role("prison_leader", prison)
    officer = h.user_with_role("officer", prison)
    command = Command(stdout=io.StringIO())
    command._print_totp_secrets([SimpleNamespace(username=leader.username), SimpleNamespace(username=officer.username)])
    text = command.stdout.getvalue()
    device = TOTPDevice.objects.get(user=leader, confirmed=True)
    assert otp.secret_base32(device) in text and leader.username in text
    assert officer.username not in text and not TOTPDevice.objects.filter(user=officer).exists()
