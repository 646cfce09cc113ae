"""Log-in rate limiting and the two-factor step for leaders and administrators."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fellesskap.audit.models import AuditEvent
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h
from fellesskap.security import otp, ratelimit
from fellesskap.security.ratelimit import counters

pytestmark = pytest.mark.django_db
PASSWORD = "et langt og godt passord"


@pytest.fixture(autouse=True)
def _fresh_cache():
    counters().clear()
    yield
    counters().clear()


def _user(role=R.OFFICER, username="kari"):
    prison = h.make_prison("A") if not h.Prison.objects.filter(code="A").exists() else h.Prison.objects.get(code="A")
    user = h.make_user(username)
    user.set_password(PASSWORD)
    user.save()
    h.grant(user, role, prison)
    return user


def _login(client, username="kari", password=PASSWORD, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


# --- rate limiting --------------------------------------------------------------------------------------


def test_failures_lock_the_user_name_and_address_even_for_the_right_password(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    _user()
    for _ in range(2):
        assert _login(client, password="feil").status_code == 200
    assert AuditEvent.objects.filter(action="login_locked").count() == 0
    third = _login(client, password="feil")
    assert "Too many failed log-ins" in third.content.decode() or "For mange" in third.content.decode()
    assert AuditEvent.objects.filter(action="login_locked").count() == 1
    right = _login(client)
    assert right.status_code == 200 and "_auth_user_id" not in client.session
    # Another address is not locked: a colleague's desk still works.
    other = _login(client, address="10.0.0.2")
    assert other.status_code == 302 and "_auth_user_id" in client.session


def test_a_success_before_the_limit_clears_the_count(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    _user()
    _login(client, password="feil")
    _login(client, password="feil")
    assert _login(client).status_code == 302
    client.logout()
    _login(client, password="feil")
    _login(client, password="feil")
    assert _login(client).status_code == 302


def test_the_lock_ends_after_the_lockout(monkeypatch, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT = 600
    now = 1_800_000_000.0
    assert not ratelimit.record_failure("kari", "10.0.0.1", now=now)
    assert ratelimit.record_failure("kari", "10.0.0.1", now=now + 1)
    assert ratelimit.locked_until("KARI ", "10.0.0.1", now=now + 2) == now + 601
    assert ratelimit.locked_until("kari", "10.0.0.1", now=now + 602) is None
    assert ratelimit.locked_until("kari", "10.0.0.9", now=now + 2) is None


def test_failures_outside_the_window_do_not_count(settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW = 900
    now = 1_800_000_000.0
    assert not ratelimit.record_failure("kari", "a", now=now)
    assert not ratelimit.record_failure("kari", "a", now=now + 901)
    assert ratelimit.record_failure("kari", "a", now=now + 902)


def test_unknown_user_names_are_counted_too(client, settings):
    """Otherwise the lock would tell an attacker which user names exist."""
    settings.LOGIN_FAILURE_LIMIT = 2
    _login(client, username="finnes-ikke", password="x")
    response = _login(client, username="finnes-ikke", password="x")
    assert "Too many failed log-ins" in response.content.decode() or "For mange" in response.content.decode()


def test_cache_keys_hold_no_user_name():
    assert "kari" not in ratelimit._key("fail", "kari", "10.0.0.1")


# --- TOTP ---------------------------------------------------------------------------------------------


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.mark.parametrize("role", sorted(otp.TOTP_ROLES))
def test_leaders_are_sent_to_set_up_and_reach_nothing_else(client, settings, role):
    settings.TOTP_REQUIRED = True
    scope = {"region": "east"} if role == R.REGION_ADVISOR else {"national": True} if role == R.ADMINISTRATOR else {}
    prison = h.make_prison("A")
    user = h.user_with_role(role, *([] if scope else [prison]), **scope)
    client.force_login(user)
    for path in ("/", "/registry/persons/", "/audit/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/security/totp/setup/"), path
    assert client.get("/api/v1/prisons").status_code == 403
    assert client.get("/security/totp/setup/").status_code == 200


def test_officers_need_no_code(client, settings):
    settings.TOTP_REQUIRED = True
    h.login_as(client, R.OFFICER, h.make_prison("A"))
    assert client.get("/registry/persons/").status_code == 200


def test_set_up_then_log_in_again_with_a_code(client, settings):
    settings.TOTP_REQUIRED = True
    user = _user(R.PRISON_LEADER, "leder")
    assert _login(client, "leder")["Location"] == "/"
    assert client.get("/registry/persons/")["Location"].startswith("/security/totp/setup/")
    page = client.get("/security/totp/setup/?next=/registry/persons/")
    device = TOTPDevice.objects.get(user=user)
    assert otp.secret_base32(device) in page.content.decode()
    assert not device.confirmed
    settings.OTP_TOTP_THROTTLE_FACTOR = 3600  # so that the throttle still holds on a slow machine
    wrong = client.post("/security/totp/setup/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    # django-otp slows down guessing: straight after a wrong code even the right one waits.
    throttled = client.post("/security/totp/setup/", {"token": _code(device)})
    assert throttled.status_code == 200 and "For mange forsøk" in throttled.content.decode()
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    ok = client.post("/security/totp/setup/", {"token": _code(device), "next": "/registry/persons/"})
    assert ok.status_code == 302 and ok["Location"] == "/registry/persons/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/registry/persons/").status_code == 200
    assert AuditEvent.objects.filter(action="totp_setup", user=user).count() == 1

    client.logout()
    _login(client, "leder")
    assert client.get("/registry/persons/")["Location"].startswith("/security/totp/?next=")
    assert client.get("/api/v1/prisons").status_code == 403
    device.refresh_from_db()
    assert client.post("/security/totp/", {"token": "abcdef"}).status_code == 200
    # A fresh code from the next time step: the one used at set-up may not be reused.
    response = client.post("/security/totp/", {"token": _code(device, offset=1)})
    assert response.status_code == 302
    assert client.get("/api/v1/prisons").status_code == 200


def test_totp_can_be_turned_off_only_by_the_setting(client, settings):
    settings.TOTP_REQUIRED = False
    h.login_as(client, R.PRISON_LEADER, h.make_prison("A"))
    assert client.get("/registry/persons/").status_code == 200
