"""L-LOG: the application's database role may only read and append to the append-only tables.

On PostgreSQL: create the NOLOGIN role DATABASE_APP_ROLE if it is missing, grant it ordinary
rights on every table (now and, through default privileges, tables later migrations create),
then take UPDATE, DELETE and TRUNCATE on the append-only tables away. The legitimate deletes
go through two SECURITY DEFINER functions owned by the role that runs the migrations (the
owner). docs/decisions/0014-database-roles.md explains the design. A no-op on SQLite.
"""

from django.db import migrations

from core.db_roles import MIN_LOG_AGE_DAYS, app_role

TABLES = ("audit_accesslogentry", "audit_chaincheckpoint", "disclosures_disclosure")

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION audit_remove_access_log_range(p_up_to bigint, p_older_than timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    floor_seq bigint;
    newest timestamptz;
    removed bigint;
    previous text;
BEGIN
    IF p_older_than > now() - make_interval(days => {MIN_LOG_AGE_DAYS}) THEN
        RAISE EXCEPTION 'access-log retention keeps at least {MIN_LOG_AGE_DAYS} days';
    END IF;
    SELECT COALESCE(MAX(up_to_seq), 0) INTO floor_seq FROM audit_chaincheckpoint;
    SELECT MAX(at) INTO newest FROM audit_accesslogentry WHERE seq > floor_seq AND seq <= p_up_to;
    IF newest IS NOT NULL AND newest >= p_older_than THEN
        RAISE EXCEPTION 'access-log retention removes only entries older than the cutoff';
    END IF;
    previous := COALESCE(current_setting('doetinchem.log_retention', true), '');
    PERFORM set_config('doetinchem.log_retention', 'on', true);
    DELETE FROM audit_accesslogentry WHERE seq > floor_seq AND seq <= p_up_to;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('doetinchem.log_retention', previous, true);  -- the caller's flag stays as it was
    RETURN removed;
END;
$$;
CREATE OR REPLACE FUNCTION disclosures_destroy_for_case(p_case_id bigint)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    removed bigint;
    previous text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM retention_destructionrecord WHERE case_ref = p_case_id) THEN
        RAISE EXCEPTION 'the disclosure register goes only with the destruction of its dossier';
    END IF;
    previous := COALESCE(current_setting('doetinchem.destruction', true), '');
    PERFORM set_config('doetinchem.destruction', 'on', true);
    DELETE FROM disclosures_disclosure WHERE case_id = p_case_id;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('doetinchem.destruction', previous, true);  -- the caller's flag stays as it was
    RETURN removed;
END;
$$;
"""


def _forward_sql(role: str) -> str:
    tables = ", ".join(TABLES)
    return f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
        CREATE ROLE {role} NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- created at the same moment by a parallel migration (test databases)
END
$$;
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role};
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {tables} FROM {role};
GRANT SELECT, INSERT ON {tables} TO {role};
{FUNCTIONS}
REVOKE ALL ON FUNCTION audit_remove_access_log_range(bigint, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION disclosures_destroy_for_case(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_remove_access_log_range(bigint, timestamptz) TO {role};
GRANT EXECUTE ON FUNCTION disclosures_destroy_for_case(bigint) TO {role};
"""


def _backward_sql(role: str) -> str:
    # The role is shared by every database of the cluster: it is not dropped, only its rights here.
    return f"""
DROP FUNCTION IF EXISTS audit_remove_access_log_range(bigint, timestamptz);
DROP FUNCTION IF EXISTS disclosures_destroy_for_case(bigint);
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {role};
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role};
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role};
REVOKE USAGE ON SCHEMA public FROM {role};
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_forward_sql(app_role()), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_backward_sql(app_role()), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_log_retention"),
        ("disclosures", "0003_destruction_may_delete"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
