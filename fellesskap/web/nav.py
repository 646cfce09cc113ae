"""The main navigation (hovedmeny): one list of items that every screen shows.

Apps add or replace items from their ``AppConfig.ready()`` with :func:`register`
instead of editing the base template, so a new screen appears in the menu the
moment its URL exists. An item whose URL name does not resolve yet is shown
disabled, which keeps the menu's shape stable while screens are being built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation.

    ``key`` identifies the item (for :func:`register` and ``aria-current``);
    ``url_name`` is a Django URL name, reversed without arguments;
    ``permission`` is a Django permission string the user must have, and
    ``visible`` a function of the user that must return True (for access rules
    that are not Django permissions, such as the registry's capabilities); with
    neither, every logged-in user sees the item. The view still checks access.
    """

    key: str
    label: str | Promise
    url_name: str
    description: str | Promise = ""
    permission: str | None = None
    visible: Callable[[object], bool] | None = None
    order: int = 100


@dataclass(frozen=True)
class NavLink:
    """A :class:`NavItem` resolved for one request: what a template renders."""

    key: str
    label: str | Promise
    description: str | Promise
    url: str | None
    current: bool

    @property
    def enabled(self) -> bool:
        return self.url is not None


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add ``item`` to the menu, replacing any item with the same key."""
    _ITEMS[item.key] = item


def items() -> list[NavItem]:
    """Every registered item in menu order."""
    return sorted(_ITEMS.values(), key=lambda i: (i.order, i.key))


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def links_for(user, path: str, *, url: Callable[[str], str | None] = _url) -> list[NavLink]:
    """The items ``user`` may see, resolved against the current ``path``.

    Anonymous users get no menu: every screen behind it needs a login.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    links = []
    for item in items():
        if item.permission and not user.has_perm(item.permission):
            continue
        if item.visible is not None and not item.visible(user):
            continue
        href = url(item.url_name)
        current = href is not None and (path == href or (href != "/" and path.startswith(href)))
        links.append(NavLink(item.key, item.label, item.description, href, current))
    return links


# The placeholders of the screens planned in the architecture; each app
# re-registers its own item (same key) when it mounts the real view, or simply
# uses the URL name below so the item enables itself.
for _item in (
    NavItem("ward", _("Ward board"), "web:ward",
            _("Who is on the ward today, their contact time so far and who is isolated."), order=10),
    NavItem("persons", _("Persons"), "registry:person_list",
            _("A person's days as a timeline of contact, outdoor time and lock-in."), order=20),
    NavItem("deadlines", _("Deadlines"), "alerts:deadlines",
            _("Reviews, reports and decisions that fall due, with the rule behind each."), order=30),
    NavItem("deviations", _("Deviations"), "alerts:deviations",
            _("Departures from rules and plans that a leader must close."), order=40),
    NavItem("statistics", _("Statistics"), "stats:index",
            _("Isolation figures by prison, region and period, as the directorate publishes them."),
            order=50),
    NavItem("audit", _("Audit"), "audit:index",
            _("Who looked at or changed what, and when."), order=60),
):
    register(_item)
