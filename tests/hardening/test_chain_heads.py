"""L-LOG: the chain head exported outside the database reveals a complete rewrite of the access
log with the right key, and a truncation, which the hash chain alone cannot show."""

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from audit import chain
from audit.heads import export_head
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access, remove_entries_older_than, verify_chain
from audit.tasks import export_access_log_chain_head

from ..factories import make_case

pytestmark = [pytest.mark.policy("L-LOG")]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def heads_file(settings, tmp_path):
    settings.AUDIT_CHAIN_HEAD_EXPORT = str(tmp_path / "heads" / "chain-heads.jsonl")
    return Path(settings.AUDIT_CHAIN_HEAD_EXPORT)


def _read(caseworker, case, n):
    log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier_lezen")] * n)


def _chain_alone_ok() -> bool:
    return chain.verify(AccessLogEntry.objects.order_by("seq")).ok


def _rewrite_from(seq: int, **changes) -> None:
    """What an attacker with the chain key and the superuser does: change an entry and recompute
    every hash after it, so the chain is intact in itself."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_accesslogentry DISABLE TRIGGER USER")
        entries = list(AccessLogEntry.objects.order_by("seq"))
        prev = chain.GENESIS
        for entry in entries:
            if entry.seq == seq:
                for name, value in changes.items():
                    setattr(entry, name, value)
            entry.prev_hash, entry.hash = prev, chain.entry_hash(prev, entry)
            prev = entry.hash
            cursor.execute("UPDATE audit_accesslogentry SET prev_hash = %s, hash = %s, detail = %s, purpose = %s "
                           "WHERE seq = %s", [entry.prev_hash, entry.hash, entry.detail, entry.purpose, entry.seq])
        cursor.execute("ALTER TABLE audit_accesslogentry ENABLE TRIGGER USER")


@pytest.mark.django_db
def test_a_complete_rewrite_with_the_key_is_found_through_the_exported_heads(caseworker, heads_file):
    case = make_case(caseworker)
    _read(caseworker, case, 5)
    assert export_access_log_chain_head() == {"last_seq": 5, "count": 5}  # the beat task's function
    _read(caseworker, case, 2)
    export_head()
    assert verify_chain().ok
    lines = [json.loads(line) for line in heads_file.read_text().splitlines()]
    assert [(h["last_seq"], h["count"]) for h in lines] == [(5, 5), (7, 7)]
    assert all(h["last_hash"] == AccessLogEntry.objects.get(seq=h["last_seq"]).hash for h in lines)

    _rewrite_from(3, purpose="iets_anders")
    assert _chain_alone_ok()  # the chain cannot show it: every hash was recomputed with the key
    result = verify_chain()
    assert not result.ok
    assert result.first_broken_seq == 5 and "herschreven" in result.reason


@pytest.mark.django_db
def test_truncation_is_found_through_the_exported_heads(caseworker, heads_file):
    case = make_case(caseworker)
    _read(caseworker, case, 6)
    export_head()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_accesslogentry DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM audit_accesslogentry WHERE seq > 3")
        cursor.execute("ALTER TABLE audit_accesslogentry ENABLE TRIGGER USER")
    assert _chain_alone_ok()  # the newest entries were cut off: the rest still links up
    result = verify_chain()
    assert not result.ok
    assert result.first_broken_seq == 6 and "ingekort" in result.reason


@pytest.mark.django_db
def test_a_head_line_written_past_the_application_is_refused(caseworker, heads_file):
    case = make_case(caseworker)
    _read(caseworker, case, 2)
    export_head()
    forged = json.loads(heads_file.read_text())
    forged.update(last_seq=1, last_hash="f" * 64)
    with heads_file.open("a") as handle:
        handle.write(json.dumps(forged) + "\n")
    result = verify_chain()
    assert not result.ok and "niet door de applicatie geschreven" in result.reason


@pytest.mark.django_db
def test_heads_behind_the_retention_checkpoint_and_of_other_databases_are_accepted(caseworker, heads_file, settings):
    import time_machine

    case = make_case(caseworker)
    with time_machine.travel(timezone.now() - dt.timedelta(days=400)):
        _read(caseworker, case, 2)
        export_head()  # head at entry 2
        _read(caseworker, case, 2)
        export_head()  # head at entry 4, the newest old one: becomes the checkpoint
    _read(caseworker, case, 1)
    remove_entries_older_than(older_than=timezone.now() - dt.timedelta(days=365))
    other = json.loads(heads_file.read_text().splitlines()[0])
    other.update(database="another_database", last_seq=99)
    other.pop("mac")
    from audit.heads import _mac

    other["mac"] = _mac(other)
    with heads_file.open("a") as handle:
        handle.write(json.dumps(other) + "\n")
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 1), result.reason


@pytest.mark.django_db
def test_the_command_appends_one_head(caseworker, heads_file, tmp_path):
    call_command("export_chain_head", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("export_chain_head", path=str(tmp_path / "elsewhere.jsonl"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert len(heads_file.read_text().splitlines()) == 1
    assert json.loads((tmp_path / "elsewhere.jsonl").read_text())["last_seq"] == 0


@pytest.mark.django_db(transaction=True)
def test_the_export_task_runs_in_a_real_worker(caseworker, tmp_path):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs REDIS_URL (make test sets it)")
    case = make_case(caseworker)
    _read(caseworker, case, 3)
    target = tmp_path / "worker-heads.jsonl"
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {**os.environ, "AUDIT_CHAIN_HEAD_EXPORT": str(target),
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}
    celery = Path(sys.executable).with_name("celery")
    proc = subprocess.Popen([str(celery), "-A", "doetinchem_privacy", "worker", "--pool", "solo", "-Q", queue,
                             "-l", "warning", "--without-heartbeat", "--without-gossip"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        result = export_access_log_chain_head.apply_async(queue=queue).get(timeout=90)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert result == {"last_seq": 3, "count": 3}
    head = json.loads(target.read_text())
    assert head["database"] == db["NAME"] and head["last_hash"] == AccessLogEntry.objects.get(seq=3).hash
