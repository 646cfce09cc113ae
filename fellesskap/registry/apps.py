from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "fellesskap.registry"
    label = "registry"

    def ready(self):
        # The registry owns roles (time-limited grants), so it names them in the
        # header; web only asks (set_role_label_provider keeps web free of registry).
        from fellesskap.registry.access import role_label
        from fellesskap.web.context_processors import set_role_label_provider

        set_role_label_provider(role_label)

        from fellesskap.registry.request_scope import connect_signals

        connect_signals()
