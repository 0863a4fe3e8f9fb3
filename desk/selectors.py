"""Queries for the FG's access-log report (L-LOG)."""

import datetime as dt

from django.utils import timezone

from audit.models import AccessLogEntry


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def access_log(*, start: dt.date, end: dt.date, user_id=None, case_id=None, resident_id=None, kind=""):
    """Entries from the start of `start` up to and including the whole day `end` (local time)."""
    rows = AccessLogEntry.objects.filter(at__gte=_local_midnight(start),
                                         at__lt=_local_midnight(end + dt.timedelta(days=1)))
    if user_id:
        rows = rows.filter(user_id=user_id)
    if case_id:
        rows = rows.filter(case_id=case_id)
    if resident_id:
        rows = rows.filter(resident_id=resident_id)
    if kind == "refused":
        rows = rows.filter(result=AccessLogEntry.Result.REFUSED)
    elif kind == "emergency":
        rows = rows.filter(action=AccessLogEntry.Action.EMERGENCY)
    elif kind == "export":
        rows = rows.filter(action=AccessLogEntry.Action.EXPORT)
    return rows.select_related("user").order_by("-seq")
