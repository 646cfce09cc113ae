from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fellesskap.demo"
    label = "demo"
