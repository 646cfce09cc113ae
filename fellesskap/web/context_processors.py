"""Template context every screen needs: the main navigation and who is logged in."""

from collections.abc import Callable

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from fellesskap.web import nav

_role_label_provider: Callable[[object], str | None] | None = None


def set_role_label_provider(provider: Callable[[object], str | None] | None) -> None:
    """Let the app that owns roles (the registry, whose roles are time-limited
    grants) name a user's current role for the header, from its
    ``AppConfig.ready()``. ``provider(user)`` returns the text, or None to
    fall back to the defaults below."""
    global _role_label_provider
    _role_label_provider = provider


def role_label(user) -> str:
    """A short text naming the user's role, for the header.

    In order: the registered provider; ``user.role_label`` (a string or a
    no-argument method); a superuser's "System administrator"; the user's
    groups; "No role assigned".
    """
    label = _role_label_provider(user) if _role_label_provider else None
    if not label:
        label = getattr(user, "role_label", None)
        if callable(label):
            label = label()
    if label:
        return str(label)
    if user.is_superuser:
        return _("System administrator")
    groups = [g.name for g in user.groups.all()] if user.pk else []
    if groups:
        return ", ".join(sorted(groups))
    return _("No role assigned")


def navigation(request):
    """``nav_links`` (list of :class:`nav.NavLink`) and ``user_role`` for base.html.

    Both are lazy: worked out only when a template shows them. A fragment
    (an htmx row of the ward board) renders with this context too but shows
    neither, and the menu's permission checks were a third of such a click."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "user_role": ""}
    return {"nav_links": SimpleLazyObject(lambda: nav.links_for(user, request.path)),
            "user_role": SimpleLazyObject(lambda: role_label(user))}
