"""Which prison a screen shows: ``?prison=CODE`` among the user's prisons.

A user without the ability anywhere gets 403 (the screen is not for their
role); a prison code outside their grants gets 404, exactly like a code that
does not exist, so that nothing is learnt about another prison.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from fellesskap.oversight import permissions as P
from fellesskap.registry.models import Prison

MESSAGES = {
    P.HEALTH: _("This screen is for the health service of a prison."),
    P.OVERSEE: _("These screens are for the supervisory board and inspectors."),
    P.ACKNOWLEDGE: _("Only the supervisory board acknowledges notifications."),
    P.INSPECT: _("Only the supervisory board and inspectors make inspection reports."),
}


def allowed(user, what: str) -> list[Prison]:
    allowed = list(P.prisons(user, what).select_related("region"))
    if not allowed:
        raise PermissionDenied(str(MESSAGES[what]))
    return allowed


def chosen(request, what: str) -> tuple[Prison, list[Prison]]:
    """(the prison to show, every prison the user may choose)."""
    prisons = allowed(request.user, what)
    code = request.GET.get("prison") or request.POST.get("prison")
    if not code:
        return prisons[0], prisons
    for prison in prisons:
        if prison.code == code:
            return prison, prisons
    raise Http404("No such prison.")
