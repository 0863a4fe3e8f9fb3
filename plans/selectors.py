"""Read-side queries for household plans, always within the gate's own dossier rule."""

from django.db.models import Count, Q, QuerySet

from cases.models import Case
from cases.selectors import cases_for_user

from .models import MaatwerkRequest, Plan


def requests_needing_information(user) -> QuerySet[MaatwerkRequest]:
    """UX 'Mijn werk': requests the Zorgplein sent back (Meer informatie nodig), oldest first."""
    return (MaatwerkRequest.objects.filter(status=MaatwerkRequest.Status.MORE_INFO,
                                           case__in=cases_for_user(user).values("pk"))
            .select_related("case", "case__resident").order_by("deadline", "pk"))


def plans_for_user(user) -> QuerySet[Plan]:
    """The household plans of the user's open dossiers, last changed first, with their requests
    counted per status."""
    statuses = MaatwerkRequest.Status
    return (Plan.objects.filter(case__in=cases_for_user(user).filter(status=Case.Status.OPEN).values("pk"))
            .select_related("case", "case__resident")
            .annotate(forwarded=Count("case__maatwerk_requests",
                                      filter=Q(case__maatwerk_requests__status=statuses.FORWARDED)),
                      more_info=Count("case__maatwerk_requests",
                                      filter=Q(case__maatwerk_requests__status=statuses.MORE_INFO)),
                      decided=Count("case__maatwerk_requests",
                                    filter=Q(case__maatwerk_requests__status=statuses.DECIDED)))
            .order_by("-updated_at", "pk"))
