from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fellesskap.api"
    label = "api"
