"""Charts drawn under the app's strict Content-Security-Policy (no 'unsafe-eval').

The ``page`` fixture bypasses the policy (Playwright's own helpers evaluate
strings); these tests open a context that keeps it, so a chart that needed
Function() would fail to draw and leave a CSP violation in the console.
"""


from fellesskap.stats.models import ReferenceFigure
from tests.browser.conftest import csp_errors as _csp_errors


def test_public_statistics_charts_draw_under_the_strict_policy(strict_page, transactional_db):
    # The history chart's figures are the data migration's (fellesskap/reference_data.py puts them back
    # after a transactional test's flush).
    assert ReferenceFigure.objects.filter(source="meld-st-31", measure="security_cell").count() >= 2
    response = strict_page.goto("/statistikk/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    charts = strict_page.locator("[data-chart-spec]")
    assert charts.count() >= 3
    for i in range(charts.count()):
        charts.nth(i).locator("svg").wait_for()
        assert charts.nth(i).get_attribute("data-chart-error") is None
        assert charts.nth(i).get_attribute("data-chart-drawn") == "true"
    history = strict_page.locator("[data-chart-spec=chart-history] svg")
    assert history.locator("path").count() > 0
    # A tooltip (vega-tooltip) must not add a <style> element either.
    strict_page.locator("[data-chart-spec=chart-history] svg .mark-symbol path").first.hover()
    assert _csp_errors(strict_page) == []


def test_the_shared_chart_component_draws_under_the_strict_policy(strict_page, settings):
    """web/_chart.html (the dashboards' component) uses the interpreter too."""
    settings.ROOT_URLCONF = "tests.browser.chart_urls"
    strict_page.goto("/test-chart/")
    chart = strict_page.locator("#hours .fk-chart__canvas")
    chart.locator("svg").wait_for()
    assert chart.get_attribute("data-vega-error") is None
    assert "87,3" in chart.locator("svg text").all_text_contents()
    assert _csp_errors(strict_page) == []
