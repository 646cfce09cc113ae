from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "fellesskap.dashboards"
    label = "dashboards"

    def ready(self):
        from fellesskap.dashboards import navigation

        navigation.register_items()
