"""Job discipline (DESIGN.md): static schedule naming real tasks, acks_late with
reject_on_worker_lost, ids in and counts out (P-2.2.4, P-2.2.3)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from doetinchem_privacy.celery import app
from retention import services, tasks

from ..factories import make_archived_case

RETENTION_TASKS = [tasks.archive_closed_cases, tasks.propose_destruction_list, tasks.execute_destruction,
                   tasks.purge_signals]


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {t.name for t in RETENTION_TASKS} <= scheduled


@pytest.mark.policy("P-2.2.4")
def test_retention_tasks_are_acked_late_and_rejected_when_the_worker_is_lost():
    for task in RETENTION_TASKS:
        assert task.acks_late and task.reject_on_worker_lost, task.name


@pytest.mark.policy("P-2.2.4")
@pytest.mark.django_db
def test_tasks_take_ids_and_return_counts_only(retention_rules, caseworker, archivist):
    make_archived_case(caseworker, closed_at=dt.datetime(2005, 1, 10, 10, tzinfo=ZoneInfo("Europe/Amsterdam")))
    assert tasks.archive_closed_cases.apply().get() == {"archived": 0, "reminders": 0}
    assert tasks.propose_destruction_list.apply().get() == {"proposed": 1}
    batch = services.DestructionList.objects.get()
    services.approve_list(destruction_list=batch, actor=archivist, count=1)
    result = tasks.execute_destruction.apply(args=[batch.pk]).get()
    assert result == {"destroyed": 1}
    assert tasks.purge_signals.apply().get() == {"expired": 0, "rejected_leftovers": 0}
    for value in result.values():
        assert isinstance(value, int)
