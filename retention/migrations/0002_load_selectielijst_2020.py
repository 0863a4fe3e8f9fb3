"""Load the Selectielijst 2020 rules (P-2.2.4). The same loader as `manage.py load_selectielijst`."""

from django.db import migrations


def load(apps, schema_editor):
    from retention import schedule

    schedule.load(apps.get_model("retention", "RetentionRule"))


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
