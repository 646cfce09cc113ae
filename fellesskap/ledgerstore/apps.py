from django.apps import AppConfig


class LedgerstoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fellesskap.ledgerstore"
    label = "ledgerstore"
    verbose_name = "Stored ledger"
