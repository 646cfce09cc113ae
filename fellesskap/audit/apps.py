from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fellesskap.audit"
    label = "audit"
