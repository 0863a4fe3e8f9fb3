"""Thin Celery adapters: ids in, one service call, counts out (DESIGN.md job rules).

acks_late with reject_on_worker_lost: a task whose worker dies is redelivered, and the
services are idempotent, so a redelivered run finishes the work without doing any twice.
"""

from celery import shared_task

from . import services

JOB = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**JOB)
def archive_closed_cases() -> dict:
    """P-2.2.4: closed, cleaned dossiers into the archive; reminders for uncleaned ones."""
    return services.run_archive()


@shared_task(**JOB)
def propose_destruction_list() -> dict:
    """P-2.2.4: archived dossiers past their term become a list for the archivist."""
    return services.run_propose()


@shared_task(**JOB)
def execute_destruction(list_id: int | None = None) -> dict:
    """P-2.2.4: destroy the dossiers of approved lists (a list id, never personal data)."""
    return services.run_destruction(list_id=list_id)


@shared_task(**JOB)
def purge_signals() -> dict:
    """P-2.2.3: expired signals, and rejected signals whose content still exists."""
    return services.run_signal_purge()
