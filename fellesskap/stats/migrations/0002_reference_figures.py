"""Load the reference figures shipped in fellesskap/stats/data/reference.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from fellesskap.stats import reference

    model = apps.get_model("stats", "ReferenceFigure")
    model.objects.bulk_create(
        model(source=f.source, measure=f.measure, year=f.year, value=f.value, document=f.document,
              table=f.table, location=f.location, published=f.published)
        for f in reference.load()
    )


def unload(apps, schema_editor):
    apps.get_model("stats", "ReferenceFigure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
