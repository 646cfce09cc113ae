from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Health staff, the supervisory board (tilsynsråd) and inspectors: the
    screens of those who must be told of isolation and who check it."""

    name = "fellesskap.oversight"
    label = "oversight"
    verbose_name = _("Oversight")

    def ready(self):
        from fellesskap.oversight import permissions as P
        from fellesskap.web import nav

        nav.register(nav.NavItem("health", _("Health"), "oversight:health",
                                 _("Who is isolated or excluded today, and coercive means health must be told of."),
                                 visible=lambda user: P.has(user, P.HEALTH), order=15))
        nav.register(nav.NavItem("oversight", _("Oversight"), "oversight:index",
                                 _("The exclusion register, notifications to the supervisory board and inspections."),
                                 visible=lambda user: P.has(user, P.OVERSEE), order=45))
