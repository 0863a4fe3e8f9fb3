"""A real Celery worker on Redis is killed (SIGKILL) in the middle of a destruction run; after a
restart the redelivered task finishes it: every due dossier destroyed, nothing else touched,
each destruction recorded exactly once (P-2.2.4, DESIGN.md job rules).

Redelivery, not a re-enqueue: the task is acks_late with reject_on_worker_lost, so its message
stays unacknowledged in Redis when the worker dies. kombu's Redis transport makes it visible
again after the visibility timeout; a starting worker sweeps for such messages at once. The
test worker gets a visibility timeout of a few seconds (CELERY_VISIBILITY_TIMEOUT) and its own
key prefix (CELERY_BROKER_KEYPREFIX), so the sweep never touches another run's messages.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection

from cases.models import Case, CaseUserObjectPermission, Document, Note, Resident
from doetinchem_privacy.celery import app
from retention import services
from retention.models import DestructionRecord, JobRun
from retention.tasks import execute_destruction

from ..factories import make_archived_case

ROOT = Path(__file__).resolve().parents[2]
AMS = ZoneInfo("Europe/Amsterdam")
VISIBILITY = 4
DUE, NOT_DUE = 30, 3


class Worker:
    def __init__(self, queue: str, prefix: str, files: Path):
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        self.env = {**os.environ, "DATABASE_URL": url,
                    "MEDIA_ROOT": str(files), "RETENTION_PAUSE_MS": "250",
                    "RETENTION_DESTRUCTION_BATCH": "5",
                    "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY), "CELERY_BROKER_KEYPREFIX": prefix}
        self.queue, self.proc = queue, None

    def start(self):
        celery = Path(sys.executable).with_name("celery")
        self.proc = subprocess.Popen([str(celery), "-A", "doetinchem_privacy", "worker", "--pool", "solo",
                                      "-Q", self.queue, "-l", "warning", "--without-heartbeat", "--without-gossip",
                                      "--without-mingle"],
                                     cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def wait_for(condition, timeout: float, step: float = 0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return False


def snapshot(case_ids) -> dict:
    """Every row of the dossiers that must survive, and everything hanging off them."""
    cases = Case.objects.filter(pk__in=case_ids)
    return {
        "cases": sorted(cases.values_list("pk", "number", "status", "closed_at", "request")),
        "residents": sorted(Resident.objects.filter(cases__in=cases).values_list("pk", "bsn_hash", "surname")),
        "notes": sorted(Note.objects.filter(case__in=cases).values_list("pk", "text")),
        "documents": sorted(Document.objects.filter(case__in=cases).values_list("pk", "file")),
        "grants": sorted(CaseUserObjectPermission.objects.filter(content_object__in=cases).values_list("pk")),
    }


@pytest.mark.policy("P-2.2.4")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_leaves_nothing_half_done(retention_rules, caseworker, archivist, settings_files):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs REDIS_URL (make test sets it)")
    due = [make_archived_case(caseworker, closed_at=dt.datetime(2005, 1, 10, 10, tzinfo=AMS), documents=int(i < 3))
           for i in range(DUE)]
    keep = [make_archived_case(caseworker, closed_at=dt.datetime(2020, 1, 10, 10, tzinfo=AMS), documents=1)
            for _ in range(NOT_DUE)]
    due_files = [settings_files / d.file.name for d in Document.objects.filter(case__in=due)]
    before = snapshot([c.pk for c in keep])
    batch = services.propose_destruction_list(today=dt.date.today(), cap=1000)
    services.approve_list(destruction_list=batch, actor=archivist, count=DUE)

    prefix, queue = f"test-{uuid.uuid4().hex[:8]}:", f"test-retention-{uuid.uuid4().hex[:8]}"
    worker = Worker(queue, prefix, settings_files)
    worker.start()
    try:
        connection_ = app.connection_for_write(transport_options={**settings.CELERY_BROKER_TRANSPORT_OPTIONS,
                                                                  "global_keyprefix": prefix})
        with connection_ as conn, conn.Producer() as producer:
            execute_destruction.apply_async(args=[batch.pk], queue=queue, producer=producer)
        sent = time.monotonic()
        assert wait_for(lambda: DestructionRecord.objects.count() >= 5, timeout=180), "the run did not start"
        worker.kill()
        killed_at = DestructionRecord.objects.count()
        assert 5 <= killed_at < DUE, "the worker must die mid-run"
        assert JobRun.objects.get(job="destruction").finished_at is None  # the killed run never finished

        time.sleep(max(0.0, VISIBILITY + 1 - (time.monotonic() - sent)))  # the message becomes visible again
        worker = Worker(queue, prefix, settings_files)
        worker.start()
        assert wait_for(lambda: DestructionRecord.objects.count() == DUE
                        and JobRun.objects.filter(job="destruction", status=JobRun.Status.DONE).exists(),
                        timeout=180, step=0.25), "the redelivered task did not finish the run"
    finally:
        worker.stop()

    assert not Case.objects.filter(pk__in=[c.pk for c in due]).exists()
    assert sorted(DestructionRecord.objects.values_list("case_ref", flat=True)) == sorted(c.pk for c in due)
    assert snapshot([c.pk for c in keep]) == before  # nothing else touched
    assert not any(path.exists() for path in due_files)
    batch.refresh_from_db()
    assert batch.status == "executed" and bytes(batch.statement_pdf).startswith(b"%PDF")
