"""The pages that are not ours to write — Django's admin and the interactive
API docs (Swagger UI) — work under the strict Content-Security-Policy.

Our own templates are read for inline script and style by
``test_templates_have_no_inline_script_or_style``; the admin's and Swagger
UI's are not ours, so they are checked in a browser that enforces the policy:
every page of the admin (index, each model's list and add form) and the API
docs load with no CSP complaint in the console, and the docs ask nothing of
any other host (no CDN).
"""

from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.browser.conftest import PASSWORD, csp_errors


@pytest.fixture
def superuser(django_user_model, transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TOTP_REQUIRED = False  # the second factor is tested on its own (test_login.py)
    return django_user_model.objects.create_superuser("admin", password=PASSWORD)


def _admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(_Superuser()):
            pages.append(reverse(f"{name}_add"))
    return pages


class _Superuser:
    """Enough of a request for ``has_add_permission`` (which asks the user)."""

    class user:  # noqa: N801 - stands in for request.user
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


def test_every_admin_page_works_under_the_policy(strict_page, live_server, superuser):
    page = strict_page
    page.goto("/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    visited = []
    for url in _admin_pages():
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        visited.append(url)
    assert len(visited) > 10, "the admin's pages were found"
    assert csp_errors(page) == []


def test_the_api_docs_draw_from_our_own_files_under_the_policy(strict_page, live_server, transactional_db):
    page = strict_page
    response = page.goto("/api/v1/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() > 10, "Swagger UI listed the operations"
    ours = urlsplit(live_server.url).netloc
    foreign = [u for u in page.requested if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != ours]
    assert foreign == [], "nothing is loaded from another host (no CDN)"
    assert csp_errors(page) == []
