"""The dashboards' menu items, shown only to the roles that reach them."""

from django.utils.translation import gettext_lazy as _

from fellesskap.dashboards import roles
from fellesskap.web import nav


def register_items() -> None:
    nav.register(nav.NavItem(
        "dashboard_prison", _("Prison dashboard"), "dashboards:prison",
        _("Isolated today, long streaks, deadlines, deviations and units compared."),
        visible=lambda user: roles.reaches(user, roles.PRISON), order=5))
    nav.register(nav.NavItem(
        "dashboard_region", _("Region dashboard"), "dashboards:region",
        _("The region's prisons compared, trends and long exclusions."),
        visible=lambda user: roles.reaches(user, roles.REGION), order=6))
    nav.register(nav.NavItem(
        "dashboard_national", _("Directorate dashboard"), "dashboards:national",
        _("Every prison compared, national trends and long exclusions."),
        visible=lambda user: roles.reaches(user, roles.NATIONAL), order=7))
