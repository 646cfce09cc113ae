from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "fellesskap.stats"
    label = "stats"
