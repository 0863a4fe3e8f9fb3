"""Reads for the signal screens, already narrowed by the gate's rule (quarantine)."""

from django.db.models import QuerySet

from core.dates import today

from . import rules
from .access import is_intake
from .models import Signal, SignalFeed


def signals_for_user(user) -> QuerySet[Signal]:
    """Only intake users see signals at all (P-2.2.3 quarantine); nobody else gets a row."""
    if not is_intake(user):
        return Signal.objects.none()
    return Signal.objects.select_related("partner", "feed")


def queue(user, *, status: str = Signal.Status.NEW, source_kind: str = "") -> QuerySet[Signal]:
    qs = signals_for_user(user).filter(status=status)
    if source_kind:
        qs = qs.filter(source_kind=source_kind)
    return qs.order_by("received_at", "pk")


def feeds_with_flags(*, on=None) -> list[tuple[SignalFeed, bool, bool]]:
    """Each feed with (review overdue, review soon) per P-2.2.3."""
    on = on or today()
    feeds = SignalFeed.objects.select_related("organisation").order_by("review_date", "name")
    return [(f, rules.feed_review_due(f.review_date, today=on), rules.feed_review_soon(f.review_date, today=on))
            for f in feeds]


def taken_up_for_user(user) -> QuerySet[Signal]:
    """UX 'Mijn werk': signals taken up into one of the user's open dossiers, newest first.
    Within the gate's dossier rule (cases_for_user), so a coach sees only their own residents."""
    from cases.models import Case
    from cases.selectors import cases_for_user

    open_cases = cases_for_user(user).filter(status=Case.Status.OPEN).values("pk")
    return (Signal.objects.filter(status=Signal.Status.TAKEN_UP, case__in=open_cases)
            .select_related("case", "partner").order_by("-received_at", "-pk"))
