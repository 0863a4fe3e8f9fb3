"""Queries for the FG's access-log report (L-LOG)."""

import datetime as dt

from django.db.models import Count, Q
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


def _window(start: dt.date, end: dt.date) -> dict:
    return {"at__gte": _local_midnight(start), "at__lt": _local_midnight(end + dt.timedelta(days=1))}


def relative_reads(*, start: dt.date, end: dt.date) -> list[dict]:
    """Users who opened the dossier of a resident with their own family name (decision 0011:
    staff addresses are not held, so 'neighbour' cannot be matched; surname only).

    Distinct (user, resident) pairs from allowed reads in the period; resident surnames are
    decrypted in memory, never stored or logged. One row per pair with the first moment."""
    from django.contrib.auth import get_user_model
    from django.db.models import Min

    from cases.models import Resident

    from . import rules

    users = {u.pk: u for u in get_user_model().objects.exclude(last_name="")}
    if not users:
        return []
    pairs = (AccessLogEntry.objects
             .filter(**_window(start, end), result=AccessLogEntry.Result.ALLOWED, resident_id__isnull=False,
                     user_id__in=list(users))
             .order_by().values("user_id", "resident_id").annotate(first=Min("at"), n=Count("pk")))
    pairs = list(pairs)
    surnames = dict(Resident.objects.filter(pk__in={p["resident_id"] for p in pairs})
                    .values_list("pk", "surname"))
    found = [{**p, "username": users[p["user_id"]].username} for p in pairs
             if rules.same_family_name(users[p["user_id"]].last_name, surnames.get(p["resident_id"], ""))]
    return sorted(found, key=lambda r: (r["username"], r["first"]))


def outside_assignment(*, start: dt.date, end: dt.date) -> list[dict]:
    """Looks at dossiers without a grant, per user: opened outside the assignment (emergency
    access, allowed) and attempts the gate refused."""
    rows = (AccessLogEntry.objects.filter(**_window(start, end), user__isnull=False)
            .filter(Q(action=AccessLogEntry.Action.EMERGENCY) | Q(result=AccessLogEntry.Result.REFUSED))
            .order_by().values("user__username")
            .annotate(emergency=Count("pk", filter=Q(action=AccessLogEntry.Action.EMERGENCY,
                                                     result=AccessLogEntry.Result.ALLOWED)),
                      refused=Count("pk", filter=Q(result=AccessLogEntry.Result.REFUSED)),
                      dossiers=Count("case_id", distinct=True))
            .order_by("-emergency", "-refused", "user__username"))
    return list(rows)


def sensitive_disclosures(*, start: dt.date, end: dt.date):
    """P-2.1.3 / P-2.3.3: disclosures to enforcement bodies and disclosures without telling the
    client, recorded in the period."""
    from accounts.models import Organisation
    from disclosures.models import ClientInformedDecision, Disclosure

    return (Disclosure.objects
            .filter(recorded_at__gte=_local_midnight(start),
                    recorded_at__lt=_local_midnight(end + dt.timedelta(days=1)))
            .filter(Q(recipient_kind=Organisation.Kind.ENFORCEMENT)
                    | Q(client_informed=ClientInformedDecision.NOT_INFORMED))
            .select_related("case", "recipient").order_by("-recorded_at"))


def objections(*, start: dt.date, end: dt.date):
    """P-2.3.4: objections to processing received in the period, with their outcome."""
    from disclosures.models import Objection

    return (Objection.objects.filter(received_on__gte=start, received_on__lte=end)
            .select_related("case", "decided_by").order_by("-received_on", "-pk"))
