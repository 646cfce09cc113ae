from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def may_see_internal(user) -> bool:
    """Directorate analysts, region advisors and prison leaders (``access.stats_scope``)."""
    from fellesskap.stats.access import stats_scope

    return stats_scope(user).any


def may_use_day_measurement(user) -> bool:
    """The directorate announces and concludes; prison leaders confirm their prisons."""
    from fellesskap.stats.access import confirming_prisons, is_directorate

    return is_directorate(user) or bool(confirming_prisons(user))


class StatsConfig(AppConfig):
    """Statistics and publications (statistikk og publiseringer)."""

    name = "fellesskap.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        from fellesskap.web import nav

        # Replaces the placeholder "statistics" item (which pointed at a screen
        # that never came) with the internal tables; the menu shows each item
        # only to the roles whose view would let them in.
        nav.register(nav.NavItem("statistics", _("Statistics"), "stats:internal",
                                 _("Isolation figures by prison, region and period, as the directorate "
                                   "publishes them."), visible=may_see_internal, order=50))
        nav.register(nav.NavItem("day-measurement", _("Day measurement"), "stats:day-index",
                                 _("The directorate's day measurement: registrations checked and confirmed "
                                   "per prison, and the national result."),
                                 visible=may_use_day_measurement, order=55))
