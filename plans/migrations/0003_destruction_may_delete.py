from django.db import migrations

# P-2.2.4: decisions stay immutable, except that the retention destruction (which sets the
# transaction-local flag doetinchem.destruction) removes them with their dossier.
FUNCTION = """
CREATE OR REPLACE FUNCTION plans_refuse_decision_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('doetinchem.destruction', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'decisions are immutable (% refused); record a correcting decision', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION plans_refuse_decision_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'decisions are immutable (% refused); record a correcting decision', TG_OP;
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
    dependencies = [("plans", "0002_decision_immutable")]
    operations = [migrations.RunPython(forwards, backwards)]
