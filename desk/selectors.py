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


def many_residents(*, start: dt.date, end: dt.date, threshold: int) -> list[dict]:
    from . import rules

    rows = (AccessLogEntry.objects
            .filter(at__gte=_local_midnight(start), at__lt=_local_midnight(end + dt.timedelta(days=1)),
                    result=AccessLogEntry.Result.ALLOWED, resident_id__isnull=False, user__isnull=False)
            .order_by("user_id", "at").values_list("user_id", "at", "resident_id"))
    return rules.bursts(rows.iterator(chunk_size=5000), threshold=threshold)


def reads_after_archiving(*, start: dt.date, end: dt.date):
    """Allowed reads of a dossier after it was archived (P-2.2.4 lets only a few read it)."""
    from django.db.models import F, OuterRef, Subquery

    from cases.models import Case

    archived = Case.objects.filter(pk=OuterRef("case_id"), status=Case.Status.ARCHIVED).values("archived_at")[:1]
    return (AccessLogEntry.objects
            .filter(at__gte=_local_midnight(start), at__lt=_local_midnight(end + dt.timedelta(days=1)),
                    result=AccessLogEntry.Result.ALLOWED, case_id__isnull=False)
            .annotate(archived_at=Subquery(archived)).filter(archived_at__isnull=False, at__gt=F("archived_at"))
            .select_related("user").order_by("-seq"))
