from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fellesskap.audit"
    label = "audit"

    def ready(self):
        from fellesskap.audit import signals  # noqa: F401 - connects the receivers
