"""Template context every screen needs: the main navigation and who is logged in."""

from django.utils.translation import gettext as _

from fellesskap.web import nav


def role_label(user) -> str:
    """A short text naming the user's role, for the header.

    Roles are time-limited grants owned by the registry; a user model (or the
    registry) that knows better exposes ``role_label`` (a string or a
    no-argument method) and this uses it. Until then, groups stand in.
    """
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
    """``nav_links`` (list of :class:`nav.NavLink`) and ``user_role`` for base.html."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "user_role": ""}
    return {"nav_links": nav.links_for(user, request.path), "user_role": role_label(user)}
