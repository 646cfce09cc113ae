from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "fellesskap.registry"
    label = "registry"
