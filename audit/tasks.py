from celery import shared_task

from . import services


@shared_task(acks_late=True)
def verify_access_log_chain() -> dict:
    """L-LOG: nightly check of the chain; the result is kept for the privacy officer."""
    result = services.verify_chain()
    return {"ok": result.ok, "checked": result.checked, "first_broken_seq": result.first_broken_seq}


@shared_task(acks_late=True)
def remove_old_access_log_entries() -> dict:
    """L-LOG retention: entries older than ACCESS_LOG_RETENTION_DAYS go in one range, with a
    checkpoint in the chain. Idempotent: a second run finds nothing older."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    cutoff = timezone.now() - dt.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    checkpoint = services.remove_entries_older_than(older_than=cutoff)
    return {"removed": checkpoint.removed if checkpoint else 0}


@shared_task(acks_late=True)
def export_access_log_chain_head() -> dict:
    """L-LOG: append the chain head to AUDIT_CHAIN_HEAD_EXPORT (outside the database), so that a
    complete rewrite or a truncation of the chain is detected by verification."""
    from .heads import export_head

    head = export_head()
    return {"last_seq": head["last_seq"], "count": head["count"]}
