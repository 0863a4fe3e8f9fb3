"""The access-log write through the one-row chain head (L-LOG, issue 10): two statements, one
chain under concurrent writers, a head that follows every insert path and survives retention.
PostgreSQL only (the head table, its trigger and the row lock exist there)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from audit import chain
from audit.models import AccessLogEntry, ChainHead
from audit.services import AccessEvent, log_access, remove_entries_older_than, verify_chain

from .conftest import verified_login
from .factories import make_case

pytestmark = [pytest.mark.policy("L-LOG")]
TX_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the chain head table and its trigger exist on PostgreSQL only")


def _statements(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(TX_CONTROL)]


def _read(actor, case, n=1, **kw):
    log_access(actor=actor, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier_lezen", **kw)] * n)


def _head() -> tuple[int, str]:
    head = ChainHead.objects.get(pk=1)
    return head.seq, head.hash


@pytest.mark.django_db
def test_the_write_is_two_statements_the_head_lock_and_one_insert(caseworker):
    case = make_case(caseworker)
    _read(caseworker, case)
    caseworker.role_names  # noqa: B018 as in a request: the gate and the menu have loaded the roles
    with CaptureQueriesContext(connection) as ctx:
        _read(caseworker, case, 3)
    statements = _statements(ctx)
    assert len(statements) == 2, statements
    assert statements[0] == "SELECT seq, hash FROM audit_chainhead WHERE id = 1 FOR UPDATE"
    assert statements[1].startswith('INSERT INTO "audit_accesslogentry"')
    assert _head() == AccessLogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    assert AccessLogEntry.objects.filter(role=roles.CASEWORKER).count() == 4
    assert verify_chain().ok


@pytest.mark.django_db
def test_a_dossier_page_loads_the_roles_once_and_its_write_asks_for_them_no_more(client, caseworker):
    case = make_case(caseworker)
    verified_login(client, caseworker)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/dossiers/{case.pk}/").status_code == 200
    statements = _statements(ctx)
    groups = [s for s in statements if 'FROM "auth_group" INNER JOIN "accounts_user_groups"' in s]
    assert len(groups) == 1, groups  # gate, menu and the log write share one load of the roles
    log = [i for i, s in enumerate(statements) if "audit_chainhead" in s or "audit_accesslogentry" in s]
    assert len(log) == 2, [statements[i] for i in log]
    assert statements[log[0]] == "SELECT seq, hash FROM audit_chainhead WHERE id = 1 FOR UPDATE"
    assert statements[log[1]].startswith('INSERT INTO "audit_accesslogentry"')
    assert log[1] == log[0] + 1  # nothing in between: no role lookup in the write
    assert not [s for s in statements if "pg_advisory" in s]
    assert AccessLogEntry.objects.get(case_id=case.pk).role == roles.CASEWORKER


@pytest.mark.django_db
def test_the_cached_roles_follow_a_change_of_the_users_groups(caseworker):
    assert caseworker.role_names == [roles.CASEWORKER]
    caseworker.groups.add(Group.objects.get(name=roles.PRIVACY_OFFICER))
    assert sorted(caseworker.role_names) == sorted([roles.CASEWORKER, roles.PRIVACY_OFFICER])
    caseworker.groups.remove(Group.objects.get(name=roles.CASEWORKER))
    assert caseworker.role_names == [roles.PRIVACY_OFFICER]


@pytest.mark.django_db
def test_the_trigger_moves_the_head_for_any_insert_path(caseworker):
    case = make_case(caseworker)
    _read(caseworker, case, 2)
    prev = AccessLogEntry.objects.get(seq=2).hash
    entries = []
    for seq in (3, 4):  # not through the service: the trigger still follows
        entry = AccessLogEntry(seq=seq, at=timezone.now(), user_id=caseworker.pk, role="", action="read",
                               result="allowed", prev_hash=prev)
        entry.hash = prev = chain.entry_hash(prev, entry)
        entries.append(entry)
    AccessLogEntry.objects.bulk_create(entries)
    assert _head() == (4, entries[-1].hash)
    _read(caseworker, case)
    assert _head()[0] == 5 and verify_chain().ok


@pytest.mark.django_db
def test_a_missing_head_row_is_rebuilt_from_the_log(caseworker):
    case = make_case(caseworker)
    _read(caseworker, case, 3)
    with connection.cursor() as cursor:  # what a flush (TRUNCATE of every table) leaves behind
        cursor.execute("DELETE FROM audit_chainhead")
    _read(caseworker, case, 2)
    assert list(AccessLogEntry.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert _head()[0] == 5 and verify_chain().ok


@pytest.mark.django_db
def test_after_retention_removed_every_entry_the_chain_continues_after_the_checkpoint(caseworker):
    case = make_case(caseworker)
    with time_machine.travel(timezone.now() - dt.timedelta(days=400)):
        _read(caseworker, case, 3)
    checkpoint = remove_entries_older_than(older_than=timezone.now() - dt.timedelta(days=365))
    assert (checkpoint.up_to_seq, AccessLogEntry.objects.count()) == (3, 0)
    assert _head() == (3, checkpoint.last_hash)
    _read(caseworker, case, 2)
    assert list(AccessLogEntry.objects.values_list("seq", flat=True)) == [4, 5]
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 2)


def _thread(fn, out: dict) -> threading.Thread:
    """fn in a thread of its own, so on a connection of its own (autocommit: its writes commit)."""

    def run():
        try:
            out["value"] = fn()
        except Exception as error:  # noqa: BLE001 raised again in the test's thread
            out["error"] = error
        finally:
            connection.close()

    return threading.Thread(target=run)


def _own_connection(fn):
    out = {}
    thread = _thread(fn, out)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


def _committed_head():
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, hash FROM audit_chainhead WHERE id = 1")
        return cursor.fetchone()


def _remove_committed_entries_after(seq, last_hash):
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # append-only trigger off: superuser only
        cursor.execute("DELETE FROM audit_accesslogentry WHERE seq > %s", [seq])
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("UPDATE audit_chainhead SET seq = %s, hash = %s WHERE id = 1", [seq, last_hash])


@pytest.mark.django_db
def test_two_concurrent_writers_keep_one_chain_without_gaps_or_duplicates():
    """Two connections, 50 writes of two entries each, at the same time (real PostgreSQL). The
    writers commit outside the test's transaction; their entries are removed afterwards."""
    writes, start = 50, threading.Barrier(2)
    first_seq, first_hash = _own_connection(_committed_head)

    def writer(name):
        start.wait()
        for _ in range(writes):
            log_access(actor=None, events=[AccessEvent(action="read", detail=name)] * 2)

    outs = [{}, {}]
    try:
        threads = [_thread(lambda n=n: writer(n), out) for n, out in zip("ab", outs, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [out.get("error") for out in outs] == [None, None]
        seqs = list(AccessLogEntry.objects.order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(first_seq + 1, first_seq + 2 * 2 * writes + 1))  # no gap, no duplicate
        assert AccessLogEntry.objects.filter(detail="a").count() == 2 * writes
        assert AccessLogEntry.objects.filter(detail="b").count() == 2 * writes
        result = verify_chain()
        assert (result.ok, result.checked) == (True, 2 * 2 * writes)
        assert _head() == AccessLogEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    finally:
        _own_connection(lambda: _remove_committed_entries_after(first_seq, first_hash))


@pytest.mark.django_db
def test_a_large_write_goes_in_by_copy_and_chains_like_a_small_one(caseworker):
    """A purge or destruction batch logs its entries by COPY (from audit.services.COPY_FROM):
    the same rows, the same chain, the head moved on by the trigger, in one statement."""
    from audit.services import COPY_FROM

    case = make_case(caseworker)
    _read(caseworker, case, 3, detail="klein")
    before = AccessLogEntry.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        _read(caseworker, case, COPY_FROM + 5, detail="groot", resident_id=case.resident_id)
    assert len(_statements(ctx)) == 1  # the head lock; the COPY goes past Django's cursor wrapper
    big = list(AccessLogEntry.objects.filter(detail="groot").order_by("seq"))
    assert len(big) == COPY_FROM + 5 and AccessLogEntry.objects.count() == before + COPY_FROM + 5
    first = big[0]
    assert (first.user_id, first.role, first.case_id, first.resident_id, first.purpose, first.result) == (
        caseworker.pk, "consulent", case.pk, case.resident_id, "dossier_lezen", "allowed")
    head = ChainHead.objects.get()
    assert (head.seq, head.hash) == (big[-1].seq, big[-1].hash)
    _read(caseworker, case, 1, detail="daarna")
    assert verify_chain().ok


@pytest.mark.django_db
def test_the_writers_spelled_out_canonical_text_is_the_chains(caseworker):
    """_write builds the canonical text itself for speed; verification uses chain.canonical.
    Both must give the same hash for every field, None and odd values included."""
    log_access(actor=caseworker, events=[
        AccessEvent(action="read", case_id=None, resident_id=7, purpose="", detail="a|b\\tc"),
        AccessEvent(action="list", case_id=12, resident_id=None, purpose="dossierlijst", detail="")],
        on_behalf_of="Teamleider")
    log_access(actor=None, events=[AccessEvent(action="change", purpose="signaal_vernietigen")])
    from audit.services import COPY_FROM  # and through the COPY path, with values COPY must escape
    odd = ["tab\there", "regel\nnieuw", "back\\slash", "\\N", "", "é ü ß", "a|b"]
    log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=n, resident_id=None if n % 2 else n,
                                                     purpose="dossier_lezen", detail=odd[n % len(odd)])
                                         for n in range(COPY_FROM + 3)])
    assert set(AccessLogEntry.objects.values_list("detail", flat=True)) >= set(odd)
    prev = chain.GENESIS
    for entry in AccessLogEntry.objects.order_by("seq"):
        assert entry.hash == chain.entry_hash(prev, entry)
        prev = entry.hash
