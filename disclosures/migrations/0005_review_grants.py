"""The privacy officer's reviews of flagged disclosures join the append-only register for the
application's database role too (issue 11, decision 0014): it may read and insert them, never
update, delete or truncate. They go only with their disclosure: the owner's
disclosures_destroy_for_cases() (audit/migrations/0006) now removes a disclosure's reviews
before the disclosure, with the same check that every dossier's destruction record exists."""

import importlib

from django.db import migrations

from core.db_roles import app_role

# The function as audit/0006 made it: the base of the new one, and the way back.
previous = importlib.import_module("audit.migrations.0006_disclosures_destroy_for_cases")

FUNCTION = previous.ARRAY_FUNCTION.replace(
    "    DELETE FROM disclosures_disclosure WHERE case_id = ANY(p_case_ids);",
    "    DELETE FROM disclosures_disclosurereview WHERE disclosure_id IN (\n"
    "        SELECT id FROM disclosures_disclosure WHERE case_id = ANY(p_case_ids));\n"
    "    DELETE FROM disclosures_disclosure WHERE case_id = ANY(p_case_ids);")
assert FUNCTION != previous.ARRAY_FUNCTION


def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        role = app_role()
        schema_editor.execute(
            FUNCTION
            + f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON disclosures_disclosurereview FROM {role};"
            f"GRANT SELECT, INSERT ON disclosures_disclosurereview TO {role};", params=None)


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        role = app_role()
        schema_editor.execute(previous.ARRAY_FUNCTION + f"GRANT DELETE ON disclosures_disclosurereview TO {role};",
                              params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("disclosures", "0004_disclosure_review"),
        ("audit", "0006_disclosures_destroy_for_cases"),
    ]

    operations = [migrations.RunPython(_forwards, _backwards)]
