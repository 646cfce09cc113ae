"""Creates the single chain-tip row, so that writers always have a row to lock."""

from django.db import migrations


def create_tip(apps, schema_editor):
    apps.get_model("audit", "ChainTip").objects.get_or_create(id=1, defaults={"seq": 0, "hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_tip, migrations.RunPython.noop)]
