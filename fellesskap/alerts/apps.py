from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Deadlines, alerts and deviations (frister, varsler, avvik), and the rules page."""

    name = "fellesskap.alerts"
    label = "alerts"
    verbose_name = _("Deadlines and deviations")

    def ready(self):
        from fellesskap.alerts import permissions
        from fellesskap.web import nav

        nav.register(nav.NavItem("deadlines", _("Deadlines"), "alerts:deadlines",
                                 _("Reviews, reports and decisions that fall due, with the rule behind each."),
                                 visible=permissions.may_see, order=30))
        nav.register(nav.NavItem("deviations", _("Deviations"), "alerts:deviations",
                                 _("Departures from rules and plans that a leader must close."),
                                 visible=permissions.may_see, order=40))
        nav.register(nav.NavItem("rules", _("Rules"), "rules:index",
                                 _("Every rule of every rule pack, with its source."), order=70))
