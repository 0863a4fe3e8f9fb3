"""Services of the privacy officer's desk."""

import datetime as dt

from audit.models import AccessLogEntry
from core.errors import ApplicationError

from .models import Breach


def affected_residents(user, start: dt.datetime, end: dt.datetime) -> list[int]:
    """Residents whose data a (compromised) account looked at in [start, end] (L-33).

    From the access log: every entry of that user in the window that names a resident,
    refused looks excluded (nothing was shown). Returns distinct resident ids, sorted.
    """
    if end < start:
        raise ApplicationError("Het einde van het venster ligt vóór het begin.", field="window_end")
    ids = (AccessLogEntry.objects
           .filter(user=user, at__gte=start, at__lte=end, resident_id__isnull=False,
                   result=AccessLogEntry.Result.ALLOWED)
           .order_by().values_list("resident_id", flat=True).distinct())
    return sorted(ids)


def register_breach(*, actor, **fields) -> Breach:
    return Breach.objects.create(registered_by=actor, **fields)
