from django.db import migrations

# P-2.2.2: an issued decision (besluit) is immutable. Besides the service and the model's
# save()/delete() guards, the database itself refuses UPDATE and DELETE on the decision table,
# so SQL run past the application cannot rewrite a decision either. A correction is a new row.
CREATE = """
CREATE OR REPLACE FUNCTION plans_refuse_decision_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'decisions are immutable (% refused); record a correcting decision', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER plans_decision_immutable
    BEFORE UPDATE OR DELETE ON plans_decision
    FOR EACH ROW EXECUTE FUNCTION plans_refuse_decision_change();
"""
DROP = """
DROP TRIGGER IF EXISTS plans_decision_immutable ON plans_decision;
DROP FUNCTION IF EXISTS plans_refuse_decision_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
