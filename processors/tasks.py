import logging

from celery import shared_task

from core.dates import today

from . import selectors

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def warn_expiring_agreements() -> dict:
    """P-3: list the processor agreements that end within 60 days; the page for the privacy
    officer and the functional administrator shows the same list. Only references are logged."""
    references = list(selectors.agreements_expiring(today=today()).values_list("reference", flat=True))
    if references:
        logger.warning("Verwerkersovereenkomsten verlopen binnen 60 dagen: %s", ", ".join(references))
    return {"expiring": len(references), "references": references}
