from django.db import migrations

# P-2.2.4: the register stays append-only, except for the retention destruction, which sets
# the transaction-local flag doetinchem.destruction before it removes a dossier's rows.
FUNCTION = """
CREATE OR REPLACE FUNCTION disclosures_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('doetinchem.destruction', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'disclosure register is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION disclosures_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'disclosure register is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0002_disclosure_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
