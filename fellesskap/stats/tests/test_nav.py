"""The main menu links the internal statistics and the day measurement for the roles that may use them."""

import pytest

from fellesskap.registry import roles as R
from fellesskap.registry.tests import helpers as h
from fellesskap.web import nav


def _menu(user) -> dict[str, str | None]:
    return {link.key: link.url for link in nav.links_for(user, "/")}


@pytest.mark.django_db
def test_each_role_sees_the_statistics_items_its_views_let_it_use(client):
    prison = h.make_prison("A", "east")
    directorate = h.user_with_role(R.DIRECTORATE_ANALYST, national=True)
    advisor = h.user_with_role(R.REGION_ADVISOR, region="east")
    leader = h.user_with_role(R.PRISON_LEADER, prison)
    officer = h.user_with_role(R.OFFICER, prison)

    assert _menu(directorate)["statistics"] == "/statistikk/intern/"
    assert _menu(directorate)["day-measurement"] == "/statistikk/dagsmaling/"
    assert _menu(leader)["statistics"] == "/statistikk/intern/"
    assert _menu(leader)["day-measurement"] == "/statistikk/dagsmaling/"
    assert "statistics" in _menu(advisor) and "day-measurement" not in _menu(advisor)
    assert "statistics" not in _menu(officer) and "day-measurement" not in _menu(officer)

    # The menu agrees with the views: what is shown opens, what is hidden is refused.
    for user in (directorate, advisor, leader, officer):
        client.force_login(user)
        menu = _menu(user)
        for key, url in (("statistics", "/statistikk/intern/"), ("day-measurement", "/statistikk/dagsmaling/")):
            assert client.get(url).status_code == (200 if key in menu else 403), (user.username, key)


@pytest.mark.django_db
def test_the_menu_on_a_page_links_the_statistics(client):
    h.login_as(client, R.DIRECTORATE_ANALYST, national=True)
    html = client.get("/statistikk/intern/").content.decode()
    assert 'href="/statistikk/intern/"' in html and 'href="/statistikk/dagsmaling/"' in html
