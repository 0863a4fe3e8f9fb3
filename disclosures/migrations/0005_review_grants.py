"""The privacy officer's reviews of flagged disclosures join the append-only register for the
application's database role too (issue 11, decision 0014): it may read and insert them, never
update, delete or truncate. They go only with their disclosure, through the owner's
disclosures_destroy_for_cases() (audit/migrations/0006)."""

from django.db import migrations

from core.db_roles import app_role


def _grants(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        role = app_role()
        schema_editor.execute(
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON disclosures_disclosurereview FROM {role};"
            f"GRANT SELECT, INSERT ON disclosures_disclosurereview TO {role};", params=None)


def _undo(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        role = app_role()
        schema_editor.execute(f"GRANT UPDATE, DELETE, TRUNCATE ON disclosures_disclosurereview TO {role};",
                              params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("disclosures", "0004_disclosure_review"),
        ("audit", "0006_disclosures_destroy_for_cases"),
    ]

    operations = [migrations.RunPython(_grants, _undo)]
