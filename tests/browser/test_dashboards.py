"""The dashboards in a real browser: accessibility (axe-core) for each, the
trend chart drawn under the page's policy, and screenshots for the docs."""

import pytest

from fellesskap.dashboards.tests.helpers import build_world
from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "korrekt-hest-batteri-stift"


def log_in(page, user):
    user.set_password(PASSWORD)
    user.save()
    page.goto("/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:not([name=language])")
    page.wait_for_url("**/")


@pytest.mark.parametrize(("role", "scope", "url", "shot"), [
    (R.PRISON_LEADER, "prison", "/dashboards/prison/", "dashboard-prison"),
    (R.REGION_ADVISOR, "region", "/dashboards/region/", "dashboard-region"),
    (R.DIRECTORATE_ANALYST, "national", "/dashboards/national/", "dashboard-national"),
])
def test_dashboard_has_no_serious_accessibility_violations(page, transactional_db, axe_violations, screenshot,
                                                           role, scope, url, shot):
    world = build_world()
    kwargs = {"prison": {}, "region": {"region": "east"}, "national": {"national": True}}[scope]
    user = h.user_with_role(role, *((world["a"],) if scope == "prison" else ()), **kwargs)
    log_in(page, user)
    page.goto(url)
    assert page.locator("h1").is_visible()
    if scope != "prison":
        page.wait_for_selector("#trend-chart svg, #trend-chart canvas")
    assert axe_violations() == []
    screenshot(shot)
