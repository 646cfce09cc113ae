from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "fellesskap.records"
    label = "records"
