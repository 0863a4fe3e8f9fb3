"""L-LOG, issue 10: the access log's chain head in a one-row table, so a write is two statements.

The write locks the row (SELECT ... FOR UPDATE: it waits for a concurrent writer and then sees
its committed head) and inserts; a statement-level AFTER INSERT trigger moves the head on, so
every insert path keeps it current. The row is a cache: verification never reads it
(docs/decisions/0012, 0014). The application's role may read and update it, not insert, delete
or truncate; the owner's function audit_init_chainhead() re-creates a missing row from the log
(after a TRUNCATE of every table, which only test runs do).
"""

from django.db import migrations, models

from core.db_roles import app_role

# The head as the log and the newest checkpoint say: the newest entry, or after a retention
# that removed every entry the checkpoint, or the genesis of an empty log.
HEAD_FROM_LOG = """
SELECT 1,
       CASE WHEN e.seq >= COALESCE(c.up_to_seq, 0) THEN e.seq ELSE COALESCE(c.up_to_seq, 0) END,
       CASE WHEN e.seq >= COALESCE(c.up_to_seq, 0) THEN e.hash ELSE COALESCE(c.last_hash, repeat('0', 64)) END
FROM (SELECT 1) AS one
LEFT JOIN (SELECT seq, hash FROM audit_accesslogentry ORDER BY seq DESC LIMIT 1) AS e ON true
LEFT JOIN (SELECT up_to_seq, last_hash FROM audit_chaincheckpoint ORDER BY up_to_seq DESC LIMIT 1) AS c ON true
"""

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION audit_advance_chainhead() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE audit_chainhead AS h SET seq = n.seq, hash = n.hash
    FROM (SELECT seq, hash FROM inserted ORDER BY seq DESC LIMIT 1) AS n
    WHERE h.id = 1 AND n.seq > h.seq;
    RETURN NULL;
END;
$$;
CREATE TRIGGER audit_accesslogentry_chainhead
    AFTER INSERT ON audit_accesslogentry REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION audit_advance_chainhead();
CREATE OR REPLACE FUNCTION audit_init_chainhead() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO audit_chainhead (id, seq, hash) {HEAD_FROM_LOG} ON CONFLICT (id) DO NOTHING;
$$;
REVOKE ALL ON FUNCTION audit_init_chainhead() FROM PUBLIC;
"""
DROP = """
DROP TRIGGER IF EXISTS audit_accesslogentry_chainhead ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_advance_chainhead();
DROP FUNCTION IF EXISTS audit_init_chainhead();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite (make run): the write reads the newest entry, the table stays empty
    role = app_role()
    schema_editor.execute(FUNCTIONS, params=None)
    schema_editor.execute(f"""
REVOKE INSERT, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_chainhead FROM {role};
GRANT SELECT, UPDATE ON audit_chainhead TO {role};
GRANT EXECUTE ON FUNCTION audit_init_chainhead() TO {role};
SELECT audit_init_chainhead();
""", params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_disclosures_destroy_for_cases")]
    operations = [
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("seq", models.BigIntegerField()),
                ("hash", models.CharField(max_length=64)),
            ],
            options={
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)),
                                                       name="audit_chainhead_one_row")],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
