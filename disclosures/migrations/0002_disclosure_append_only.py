from django.db import migrations

# The disclosure register is append-only (issue 7, "An audit log for every disclosure"): even SQL
# run past the application cannot change or remove a disclosure. Telling the client afterwards is
# a separate ClientInformed row, so no column needs an exception.
CREATE = """
CREATE OR REPLACE FUNCTION disclosures_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'disclosure register is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER disclosures_disclosure_append_only
    BEFORE UPDATE OR DELETE ON disclosures_disclosure
    FOR EACH ROW EXECUTE FUNCTION disclosures_refuse_change();
"""
DROP = """
DROP TRIGGER IF EXISTS disclosures_disclosure_append_only ON disclosures_disclosure;
DROP FUNCTION IF EXISTS disclosures_refuse_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
