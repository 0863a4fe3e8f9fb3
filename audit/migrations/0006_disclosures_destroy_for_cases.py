"""P-2.2.4, L-LOG, issue 10: the destruction removes the disclosure register of a batch of
dossiers with one call. disclosures_destroy_for_cases(bigint[]) replaces the one-dossier
function of 0004, with the same check for every dossier in the array (its destruction record
exists, written earlier in the same transaction) and the same grants: SECURITY DEFINER, owned
by the role that runs the migrations, EXECUTE for the application's role only.
"""

from django.db import migrations

from core.db_roles import app_role

ARRAY_FUNCTION = """
CREATE OR REPLACE FUNCTION disclosures_destroy_for_cases(p_case_ids bigint[])
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    removed bigint;
    previous text;
BEGIN
    IF EXISTS (SELECT 1 FROM unnest(p_case_ids) AS c(id)
               WHERE NOT EXISTS (SELECT 1 FROM retention_destructionrecord r WHERE r.case_ref = c.id)) THEN
        RAISE EXCEPTION 'the disclosure register goes only with the destruction of its dossier';
    END IF;
    previous := COALESCE(current_setting('doetinchem.destruction', true), '');
    PERFORM set_config('doetinchem.destruction', 'on', true);
    DELETE FROM disclosures_disclosure WHERE case_id = ANY(p_case_ids);
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('doetinchem.destruction', previous, true);  -- the caller's flag stays as it was
    RETURN removed;
END;
$$;
"""

SINGLE_FUNCTION = """
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


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        role = app_role()
        schema_editor.execute(ARRAY_FUNCTION + f"""
REVOKE ALL ON FUNCTION disclosures_destroy_for_cases(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION disclosures_destroy_for_cases(bigint[]) TO {role};
DROP FUNCTION IF EXISTS disclosures_destroy_for_case(bigint);
""", params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        role = app_role()
        schema_editor.execute(SINGLE_FUNCTION + f"""
REVOKE ALL ON FUNCTION disclosures_destroy_for_case(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION disclosures_destroy_for_case(bigint) TO {role};
DROP FUNCTION IF EXISTS disclosures_destroy_for_cases(bigint[]);
""", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_security_events"),
        ("retention", "0002_load_selectielijst_2020"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
