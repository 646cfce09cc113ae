"""Loads the five regions (reference data, from fellesskap.vocabulary.REGIONS)."""

from django.db import migrations

REGIONS = [
    ("east", "region øst", "region east"),
    ("south", "region sør", "region south"),
    ("southwest", "region sørvest", "region south-west"),
    ("west", "region vest", "region west"),
    ("north", "region nord", "region north"),
]


def load(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    for code, nb, en in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name_nb": nb, "name_en": en})


def unload(apps, schema_editor):
    apps.get_model("registry", "Region").objects.filter(code__in=[c for c, _, _ in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_registry")]
    operations = [migrations.RunPython(load, unload)]
