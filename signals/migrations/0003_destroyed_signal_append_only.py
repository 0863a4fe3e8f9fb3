"""P-2.2.3 / issue 10: the content-free trace of a destroyed signal is the record of its
destruction, and the purge's access-log entry names a whole batch of them (decision 0005). So
the traces are append-only: a trigger refuses UPDATE and DELETE, and the application's database
role may only read and insert them (decision 0014)."""

from django.db import migrations

from core.append_only import on_postgresql, refuse_change_function
from core.db_roles import app_role

TRIGGER = refuse_change_function("signals_refuse_trace_change", "destroyed-signal traces are append-only") + """
CREATE TRIGGER signals_destroyedsignal_append_only
    BEFORE UPDATE OR DELETE ON signals_destroyedsignal
    FOR EACH ROW EXECUTE FUNCTION signals_refuse_trace_change();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS signals_destroyedsignal_append_only ON signals_destroyedsignal;
DROP FUNCTION IF EXISTS signals_refuse_trace_change();
"""


def _grants(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        role = app_role()
        schema_editor.execute(
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON signals_destroyedsignal FROM {role};"
            f"GRANT SELECT, INSERT ON signals_destroyedsignal TO {role};", params=None)


def _ungrant(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"GRANT UPDATE, DELETE ON signals_destroyedsignal TO {app_role()};", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("signals", "0002_purge_index"),
        ("audit", "0004_database_roles"),
    ]

    operations = [
        on_postgresql(TRIGGER, DROP_TRIGGER),
        migrations.RunPython(_grants, _ungrant),
    ]
