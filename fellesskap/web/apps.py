from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fellesskap.web"
    label = "web"
