"""The main navigation: which items a user sees, which are links, which is current."""

import pytest
from django.contrib.auth.models import AnonymousUser

from fellesskap.web import nav


class FakeUser:
    is_authenticated = True

    def __init__(self, perms=()):
        self.perms = set(perms)

    def has_perm(self, perm):
        return perm in self.perms


@pytest.fixture
def menu(monkeypatch):
    """A menu of three items, isolated from the project's real registrations."""
    monkeypatch.setattr(nav, "_ITEMS", {})
    nav.register(nav.NavItem("b", "Second", "x:b", order=20))
    nav.register(nav.NavItem("a", "First", "x:a", order=10))
    nav.register(nav.NavItem("c", "Secret", "x:c", permission="alerts.view_deviation", order=30))
    return {"x:a": "/a/", "x:c": "/c/"}.get  # x:b has no URL yet


def test_anonymous_users_get_no_menu(menu):
    assert nav.links_for(AnonymousUser(), "/", url=menu) == []


def test_items_come_in_order_and_unresolved_ones_are_disabled(menu):
    links = nav.links_for(FakeUser(), "/a/", url=menu)
    assert [link.key for link in links] == ["a", "b"]  # "c" needs a permission
    assert links[0].enabled and links[0].url == "/a/"
    assert not links[1].enabled and links[1].url is None


def test_permission_shows_the_item(menu):
    links = nav.links_for(FakeUser({"alerts.view_deviation"}), "/", url=menu)
    assert [link.key for link in links] == ["a", "b", "c"]


def test_visibility_function_decides_for_rules_that_are_not_permissions(menu):
    nav.register(nav.NavItem("d", "Leaders only", "x:a", visible=lambda user: "leader" in user.perms,
                             order=40))
    assert "d" not in [link.key for link in nav.links_for(FakeUser(), "/", url=menu)]
    assert "d" in [link.key for link in nav.links_for(FakeUser({"leader"}), "/", url=menu)]


def test_current_page_and_its_subpages_mark_the_item(menu):
    assert [link.current for link in nav.links_for(FakeUser(), "/a/42/", url=menu)] == [True, False]
    assert [link.current for link in nav.links_for(FakeUser(), "/z/", url=menu)] == [False, False]


def test_register_replaces_an_item_with_the_same_key(menu):
    nav.register(nav.NavItem("b", "Second, real", "x:a", order=20))
    links = nav.links_for(FakeUser(), "/", url=menu)
    assert [(link.key, str(link.label), link.enabled) for link in links] == [
        ("a", "First", True), ("b", "Second, real", True)]


def test_the_planned_screens_are_registered_in_the_project_menu():
    # "rules" is added by the alerts app (the rules page, for every logged-in role);
    # "health" and "oversight" by the oversight app (health staff; the board and inspectors);
    # "day-measurement" by the stats app; other apps (the dashboards) add their own items around these.
    planned = ["ward", "health", "persons", "deadlines", "deviations", "oversight", "statistics", "day-measurement",
               "audit", "rules"]
    assert [item.key for item in nav.items() if item.key in planned] == planned
