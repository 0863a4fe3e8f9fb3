from celery import shared_task

from . import services


@shared_task
def purge_expired_signals() -> int:
    """P-2.2.3: destroy "no action" signals whose retention date has passed."""
    return services.purge_expired_signals()
