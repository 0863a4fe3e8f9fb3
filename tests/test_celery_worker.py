"""The nightly chain verification runs in a real Celery worker on Redis (L-LOG)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from audit.models import AccessLogEntry, ChainVerification
from audit.tasks import verify_access_log_chain
from cases.access import access_case

from .conftest import verified

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def worker():
    """A real worker process on its own queue, against this test's database."""
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs REDIS_URL (make test sets it)")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                                         f"{db['PORT'] or 5432}/{db['NAME']}"}
    celery = Path(sys.executable).with_name("celery")
    proc = subprocess.Popen([str(celery), "-A", "doetinchem_privacy", "worker", "--pool", "solo",
                             "-Q", queue, "-l", "warning", "--without-heartbeat", "--without-gossip"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    yield queue
    proc.terminate()
    proc.wait(timeout=30)


@pytest.mark.policy("L-LOG")
@pytest.mark.django_db(transaction=True)
def test_chain_verification_task_in_a_real_worker(worker, caseworker, own_case):
    for _ in range(3):
        access_case(verified(caseworker), own_case.pk)
    expected = AccessLogEntry.objects.count()
    result = verify_access_log_chain.apply_async(queue=worker).get(timeout=90)
    assert result == {"ok": True, "checked": expected, "first_broken_seq": None}
    recorded = ChainVerification.objects.latest()
    assert recorded.ok and recorded.checked == expected
