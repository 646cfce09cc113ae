from django.apps import AppConfig


class LettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fellesskap.letters"
    verbose_name = "Decision letters"
