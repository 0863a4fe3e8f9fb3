"""The access log (L-LOG): complete, one insert per request, append-only, chained."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.models import AccessLogEntry
from audit.services import verify_chain

from .conftest import verified_login
from .factories import make_case

pytestmark = [pytest.mark.django_db, pytest.mark.policy("L-LOG")]


def _inserts(ctx):
    return [q for q in ctx.captured_queries
            if q["sql"].startswith('INSERT INTO "audit_accesslogentry"')]


def test_a_list_of_many_dossiers_is_logged_in_one_insert_one_entry_per_resident(client, caseworker):
    cases = [make_case(caseworker) for _ in range(5)]
    verified_login(client, caseworker)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/dossiers/").status_code == 200
    assert len(_inserts(ctx)) == 1
    logged = AccessLogEntry.objects.filter(action="list", user=caseworker)
    assert {e.resident_id for e in logged} == {c.resident_id for c in cases}
    entry = logged.first()
    assert entry.role == "consulent" and entry.origin == "127.0.0.1" and entry.result == "allowed"
    assert entry.purpose == "dossierlijst"


def test_dossier_list_query_count_is_constant(client, caseworker, django_assert_max_num_queries):
    make_case(caseworker)
    verified_login(client, caseworker)
    client.get("/dossiers/")  # the first page after login may renew the session (one write more)
    with CaptureQueriesContext(connection) as one:
        client.get("/dossiers/")
    for _ in range(49):
        make_case(caseworker)
    with CaptureQueriesContext(connection) as fifty:
        client.get("/dossiers/")
    assert len(fifty.captured_queries) == len(one.captured_queries)


def test_searches_log_the_kind_not_the_term(client, caseworker):
    case = make_case(caseworker)
    verified_login(client, caseworker)
    client.post("/zoeken/", {"query": case.resident.bsn})
    client.post("/zoeken/", {"query": "Pietersen"})
    entries = list(AccessLogEntry.objects.filter(action="search").order_by("seq"))
    assert [e.detail for e in entries] == ["bsn", "naam_geen_resultaat"]
    invalid = client.post("/zoeken/", {"query": "123 456 781"})
    assert "Dit is geen geldig BSN" in invalid.content.decode() and invalid.status_code == 200
    assert AccessLogEntry.objects.filter(action="search").count() == 2
    assert entries[0].resident_id == case.resident_id
    for e in entries:
        assert case.resident.bsn not in e.detail and "Pietersen" not in e.detail


def test_refusals_are_logged(client, caseworker, other_team_case):
    verified_login(client, caseworker)
    assert client.get(f"/dossiers/{other_team_case.pk}/").status_code == 404
    entry = AccessLogEntry.objects.get(case_id=other_team_case.pk, user=caseworker)
    assert (entry.result, entry.detail) == ("refused", "niet_toegewezen")


def test_entries_cannot_be_changed_or_deleted_through_the_application(client, caseworker, own_case):
    verified_login(client, caseworker)
    client.get(f"/dossiers/{own_case.pk}/")
    entry = AccessLogEntry.objects.last()
    entry.detail = "anders"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="x")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()


def test_the_database_refuses_update_and_delete(client, caseworker, own_case):
    verified_login(client, caseworker)
    client.get(f"/dossiers/{own_case.pk}/")
    for sql in ("UPDATE audit_accesslogentry SET detail = 'x'", "DELETE FROM audit_accesslogentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)


def _tamper(sql, params=()):
    """A database administrator working around the trigger."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # triggers off: superuser only
        cursor.execute(sql, params)
        cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def five_entries(client, caseworker):
    case = make_case(caseworker)
    verified_login(client, caseworker)
    for _ in range(5):
        client.get(f"/dossiers/{case.pk}/")
    assert verify_chain().ok
    return list(AccessLogEntry.objects.order_by("seq"))


def test_chain_detects_an_altered_entry(five_entries):
    _tamper("UPDATE audit_accesslogentry SET user_id = NULL WHERE seq = 3")
    result = verify_chain()
    assert (result.ok, result.first_broken_seq, result.checked) == (False, 3, 2)


def test_chain_detects_a_deleted_entry(five_entries):
    _tamper("DELETE FROM audit_accesslogentry WHERE seq = 2")
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 3)
    with pytest.raises(CommandError, match="broken at entry 3"):
        call_command("verify_access_log")


def test_chain_detects_an_inserted_entry(five_entries):
    first = five_entries[0]
    _tamper("UPDATE audit_accesslogentry SET seq = seq + 1000 WHERE seq >= 3")
    _tamper(
        "INSERT INTO audit_accesslogentry (seq, at, user_id, on_behalf_of, role, resident_id, case_id,"
        " action, purpose, origin, result, detail, prev_hash, hash) VALUES"
        " (3, %s, %s, '', 'consulent', %s, %s, 'read', 'dossier', NULL, 'allowed', '', %s, %s)",
        [first.at, first.user_id, first.resident_id, first.case_id, five_entries[1].hash, "f" * 64],
    )
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, 3)


def test_intact_chain_passes_the_command(five_entries, capsys):
    call_command("verify_access_log")
    assert "5 entries verified" in capsys.readouterr().out


def _entries_on(client, caseworker, case, days_ago, count):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() - dt.timedelta(days=days_ago)):
        verified_login(client, caseworker)
        for _ in range(count):
            client.get(f"/dossiers/{case.pk}/")


def test_retention_removes_old_entries_in_one_range_and_the_chain_still_verifies(client, caseworker, settings):
    import datetime as dt

    from django.utils import timezone

    from audit.models import ChainCheckpoint
    from audit.services import remove_entries_older_than

    case = make_case(caseworker)
    _entries_on(client, caseworker, case, days_ago=400, count=4)
    _entries_on(client, caseworker, case, days_ago=1, count=3)
    old = AccessLogEntry.objects.filter(at__lt=timezone.now() - dt.timedelta(days=365)).count()
    assert old == 4
    with CaptureQueriesContext(connection) as ctx:
        checkpoint = remove_entries_older_than(older_than=timezone.now() - dt.timedelta(days=365))
    # PostgreSQL: one call of the owner's function, which runs one range DELETE (decision 0014)
    deletes = [q for q in ctx.captured_queries
               if q["sql"].startswith(("DELETE FROM audit_accesslogentry", "SELECT audit_remove_access_log_range"))]
    assert len(deletes) == 1  # one range, never row by row
    assert (checkpoint.removed, AccessLogEntry.objects.count()) == (4, 3)
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 3)
    assert remove_entries_older_than(older_than=timezone.now() - dt.timedelta(days=365)) is None  # idempotent
    assert ChainCheckpoint.objects.count() == 1


def test_a_forged_checkpoint_or_a_gap_after_it_is_still_found(client, caseworker):
    import datetime as dt

    from django.utils import timezone

    from audit.models import ChainCheckpoint
    from audit.services import remove_entries_older_than

    case = make_case(caseworker)
    _entries_on(client, caseworker, case, days_ago=400, count=2)
    _entries_on(client, caseworker, case, days_ago=1, count=4)
    checkpoint = remove_entries_older_than(older_than=timezone.now() - dt.timedelta(days=365))
    _tamper("DELETE FROM audit_accesslogentry WHERE seq = %s", [checkpoint.up_to_seq + 2])
    result = verify_chain()
    assert (result.ok, result.first_broken_seq) == (False, checkpoint.up_to_seq + 3)
    # A database administrator hides the next entries behind a checkpoint of their own.
    last = AccessLogEntry.objects.order_by("-seq").first()
    _tamper("DELETE FROM audit_accesslogentry WHERE seq < %s", [last.seq])
    ChainCheckpoint.objects.create(up_to_seq=last.seq - 1, last_hash=last.prev_hash, removed=5,
                                   older_than=timezone.now(), mac="0" * 64)
    result = verify_chain()
    assert not result.ok and "controlepunt" in result.reason
