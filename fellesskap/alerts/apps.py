from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "fellesskap.alerts"
    label = "alerts"
