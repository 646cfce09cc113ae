"""Production settings pass Django's deploy checks; every form carries a CSRF
token; the Content-Security-Policy allows no inline script; the password policy."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from fellesskap.registry.tests import helpers as h

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = sorted(ROOT.glob("fellesskap/*/templates/**/*.html"))


def _deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests in this process; a
    # deployment never has it, and the deploy check rightly refuses it.
    base = {k: v for k, v in os.environ.items()
            if k not in {"DEBUG", "HTTPS", "SECURE_COOKIES", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    base.update(DJANGO_SETTINGS_MODULE="fellesskap.settings", FELLESSKAP_VAR_DIR=str(tmp_path),
                DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **env)
    return subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                          env=base, capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = _deploy_check(tmp_path, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64),
                           ALLOWED_HOSTS="fellesskap.kriminalomsorgen.example", HTTPS="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_without_https(tmp_path):
    """The check above can fail: without HTTPS the same run reports HSTS, SSL
    redirect and insecure cookies."""
    result = _deploy_check(tmp_path, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64),
                           ALLOWED_HOSTS="fellesskap.kriminalomsorgen.example")
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout


def test_session_settings(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"}


@pytest.mark.parametrize("password", ["kort-pass1", "password1234", "123456789012345", "ola.nordmann.1"])
def test_password_policy_refuses_weak_passwords(password, db):
    user = h.make_user("ola.nordmann")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_password_policy_accepts_a_long_passphrase(db):
    validate_password("korrekt hest batteri stift", h.make_user("kari"))


# --- CSRF -----------------------------------------------------------------------------------------

FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_post_form_carries_a_csrf_token(template):
    text = template.read_text()
    for match in FORM.finditer(text):
        if re.search(r'method\s*=\s*"post"', match["attrs"], re.I):
            assert "{% csrf_token %}" in match["body"], f"a POST form in {template.name} has no csrf_token"
        else:
            # A GET form must not change anything; it carries no token, which is right.
            assert re.search(r'method\s*=\s*"get"', match["attrs"], re.I), f"form without method in {template.name}"


def test_templates_were_found():
    assert len(TEMPLATES) >= 10


@pytest.mark.django_db
def test_a_post_without_the_token_is_refused_on_screens_and_api():
    prison = h.make_prison("A")
    person = h.make_person(prison)
    h.make_stay(person, prison, h.at("2026-01-05 10:00"))
    client = Client(enforce_csrf_checks=True)
    h.login_as(client, "prison_leader", prison)
    screen = client.post(f"/registry/persons/{person.public_id}/flags/", {"pregnant": "on"})
    assert screen.status_code == 403
    api = client.post(f"/api/v1/persons/{person.public_id}/flags", {"pregnant": True},
                      content_type="application/json")
    assert api.status_code == 403
    person.refresh_from_db()
    assert not person.pregnant


@pytest.mark.django_db
def test_log_in_without_the_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"username": "x", "password": "y"}).status_code == 403


# --- Content-Security-Policy ------------------------------------------------------------------------

# Templates that may carry inline styles or script, each with why. None does
# today: the statistics PDF links a stylesheet and the person page's timeline
# bars are SVG placed by x/width attributes, so no page is served with
# 'unsafe-inline' or 'unsafe-eval'.
INLINE_ALLOWED: dict[str, set[str]] = {}

INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_or_style(template):
    text = template.read_text()
    allowed = INLINE_ALLOWED.get(template.relative_to(ROOT).as_posix(), set())
    for pattern, what in INLINE:
        if what in allowed:
            continue
        assert not pattern.search(text), f"{what} in {template.name}: the CSP would block it; use a static file"


@pytest.mark.django_db
def test_every_page_gets_the_content_security_policy(client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    prison = h.make_prison("A")
    h.login_as(client, "officer", prison)
    assert "Content-Security-Policy" in client.get("/registry/persons/")
    assert "Content-Security-Policy" in client.get("/api/v1/prisons")


@pytest.mark.django_db
def test_chart_pages_get_the_strict_policy(client, settings):
    """Charts are drawn by Vega in AST mode with vega-interpreter (no Function()),
    so the pages that draw them get the same policy as every other page: no
    'unsafe-eval' anywhere (the browser test in tests/browser/test_stats_charts.py
    shows a chart drawn under it)."""
    strict = client.get("/login/")["Content-Security-Policy"]
    public = client.get("/statistikk/")["Content-Security-Policy"]
    assert public == strict
    assert "unsafe-eval" not in public and "unsafe-inline" not in public
    assert not hasattr(settings, "CSP_EVAL_VIEWS")
