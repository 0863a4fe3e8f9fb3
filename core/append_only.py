"""SQL for the append-only guards (access log, disclosure register, Zorgplein decisions).

One trigger function per table refuses UPDATE and DELETE; a DELETE passes only while a
transaction-local flag is on, which only the one service allowed to remove rows sets
(the retention destruction or the access-log retention). Used by migrations, so keep the
signatures stable.
"""

from django.db import migrations


def refuse_change_function(name: str, message: str, *, delete_flag: str | None = None) -> str:
    allow = (f"    IF TG_OP = 'DELETE' AND current_setting('{delete_flag}', true) = 'on' THEN\n"
             f"        RETURN OLD;\n    END IF;\n") if delete_flag else ""
    return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\nBEGIN\n{allow}"
            f"    RAISE EXCEPTION '{message} (% refused)', TG_OP;\nEND;\n$$ LANGUAGE plpgsql;\n")


def on_postgresql(forward_sql: str, backward_sql: str) -> migrations.RunPython:
    """A migration step that runs only on PostgreSQL (the embedded SQLite demo has no triggers)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql, params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(backward_sql, params=None)

    return migrations.RunPython(forwards, backwards)
