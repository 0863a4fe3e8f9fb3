"""L-LOG: the application's database role cannot change or remove the append-only tables, even
with the triggers gone; the legitimate deletes still work as that role (decision 0014).

Test databases are created by the postgres superuser, who bypasses grants: every check here
runs after SET ROLE to the application's role, inside the test's transaction.
"""

import contextlib
import datetime as dt

import pytest
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone

from accounts import roles
from audit.models import AccessLogEntry, ChainCheckpoint, SecurityEvent
from audit.services import AccessEvent, log_access, remove_entries_older_than, verify_chain
from core.db_roles import APPEND_ONLY_TABLES, HEAD_TABLES, app_role
from disclosures.models import Disclosure
from retention import services as retention_services
from retention.models import DestructionRecord

from ..conftest import _persona, verified
from ..factories import make_case
from ..retention.test_destruction import TODAY, approved_list
from ..retention.test_linked_destruction import _linked_everything

pytestmark = [pytest.mark.django_db, pytest.mark.policy("L-LOG")]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("grants exist on PostgreSQL only")


@contextlib.contextmanager
def as_app_role():
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role()}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _refused(sql: str) -> str:
    """Run sql in a savepoint; return PostgreSQL's error text (the statement must fail)."""
    with pytest.raises(ProgrammingError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return str(caught.value)


def _current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def test_the_app_role_may_only_read_and_append_to_the_append_only_tables():
    role = app_role()
    with connection.cursor() as cursor:
        for table in APPEND_ONLY_TABLES:
            for privilege, expected in [("SELECT", True), ("INSERT", True), ("UPDATE", False),
                                        ("DELETE", False), ("TRUNCATE", False)]:
                cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
                assert cursor.fetchone()[0] is expected, (table, privilege)
        for table in HEAD_TABLES:  # the chain head: read, lock and move on; never insert or remove
            for privilege, expected in [("SELECT", True), ("UPDATE", True), ("INSERT", False),
                                        ("DELETE", False), ("TRUNCATE", False)]:
                cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
                assert cursor.fetchone()[0] is expected, (table, privilege)
        # every other table of the application is usable, also tables made by later migrations
        cursor.execute("""SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                          AND NOT (has_table_privilege(%(r)s, c.oid, 'SELECT')
                                   AND has_table_privilege(%(r)s, c.oid, 'INSERT')
                                   AND has_table_privilege(%(r)s, c.oid, 'UPDATE')
                                   AND has_table_privilege(%(r)s, c.oid, 'DELETE'))
                       """, {"r": role})
        assert sorted(r[0] for r in cursor.fetchall()) == sorted(APPEND_ONLY_TABLES + HEAD_TABLES)
        cursor.execute("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", [role])
        assert cursor.fetchone() == (False, False)


def test_update_delete_truncate_are_refused_by_postgresql_even_without_the_triggers(caseworker):
    case = make_case(caseworker)
    log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier_lezen")])
    SecurityEvent.objects.create(at=timezone.now(), kind=SecurityEvent.Kind.FAILED_LOGINS, detail="test")
    with connection.cursor() as cursor:  # as the superuser: the triggers are out of the way
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks block ALTER TABLE
        for table in APPEND_ONLY_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    with as_app_role():
        assert _current_user() == app_role()
        for table in APPEND_ONLY_TABLES:
            assert "permission denied" in _refused(f"UPDATE {table} SET id = id")
            assert "permission denied" in _refused(f"DELETE FROM {table}")  # noqa: S608
            assert "permission denied" in _refused(f"TRUNCATE {table}")
            # setting the triggers' flags does not help either: the grant is missing
            assert "permission denied" in _refused(
                f"SET LOCAL doetinchem.destruction = 'on'; SET LOCAL doetinchem.log_retention = 'on'; "
                f"DELETE FROM {table}")  # noqa: S608
            assert "must be owner" in _refused(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        # reading and appending work as the application role
        log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier_lezen")])
        assert AccessLogEntry.objects.filter(case_id=case.pk).count() == 2
        assert verify_chain().ok
    assert _current_user() != app_role()


def test_the_functions_refuse_what_the_retention_would_not_do(caseworker):
    case = make_case(caseworker)
    log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier_lezen")])
    with as_app_role():
        # a recent cutoff (newer than 30 days), or a range with a recent entry, is refused
        assert "at least 30 days" in _refused(
            "SELECT audit_remove_access_log_range(1000, now() - interval '1 day')")
        # the register of a dossier that is not being destroyed stays
        assert "goes only with the destruction" in _refused(
            f"SELECT disclosures_destroy_for_cases(ARRAY[{case.pk}]::bigint[])")
    assert AccessLogEntry.objects.count() == 1


def test_access_log_retention_works_as_the_app_role(client, caseworker):
    import time_machine

    case = make_case(caseworker)
    with time_machine.travel(timezone.now() - dt.timedelta(days=400)):
        log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier_lezen")] * 3)
    log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier_lezen")] * 2)
    with as_app_role():
        # an entry newer than the cutoff in the range is refused by the owner's function
        newest = AccessLogEntry.objects.order_by("-seq").first()
        assert "older than the cutoff" in _refused(
            f"SELECT audit_remove_access_log_range({newest.seq}, now() - interval '365 days')")
        checkpoint = remove_entries_older_than(older_than=timezone.now() - dt.timedelta(days=365))
        assert checkpoint.removed == 3
        assert AccessLogEntry.objects.count() == 2
        assert ChainCheckpoint.objects.count() == 1
        result = verify_chain()
        assert (result.ok, result.checked) == (True, 2)
        # after the function the flag is as before: a direct DELETE is still refused
        assert "permission denied" in _refused("DELETE FROM audit_accesslogentry")


@pytest.mark.usefixtures("retention_rules")
@pytest.mark.policy("P-2.2.4")
def test_destruction_with_the_disclosure_register_works_as_the_app_role(coach_with_agreement, zorgplein_reviewer,
                                                                       statement, archivist):
    af = _persona("af", roles.AF, statement=statement)
    case = _linked_everything(verified(coach_with_agreement), verified(zorgplein_reviewer), af, "ROLE-TEST")
    assert Disclosure.objects.filter(case_id=case.pk).count() == 1
    batch = approved_list(archivist)
    with as_app_role():
        assert retention_services.run_destruction(list_id=batch.pk, today=TODAY) == {"destroyed": 1}
        assert _current_user() == app_role()
    assert DestructionRecord.objects.filter(case_ref=case.pk).exists()
    assert not Disclosure.objects.filter(case_id=case.pk).exists()
