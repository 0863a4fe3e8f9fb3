"""Reads for screens, already narrowed to what the user may see (the gate's rule)."""

from django.db.models import Q, QuerySet

from core.crypto import keyed_hash
from core.dates import today
from processors.models import DataCategory, Purpose
from processors.rules import organisation_may_process

from .access import VIEW, granted_case_ids, may_reach_client_data
from .models import Case, Resident
from .rules import normalise_bsn


def cases_for_user(user) -> QuerySet[Case]:
    """The dossiers the user's task covers: assigned to them or their team (P-2.1.2).

    The same EXISTS rule as the gate, so a list never shows more than a detail page would.
    Superusers and administrators get nothing extra.
    """
    if not may_reach_client_data(user):
        return Case.objects.none()
    qs = Case.objects.filter(pk__in=granted_case_ids(user, VIEW)).exclude(status=Case.Status.DESTROYED)
    # P-2.2.4: of the archive, only the dossiers the user handled (the gate's archive rule).
    qs = qs.exclude(Q(status=Case.Status.ARCHIVED) & ~Q(caseworker=user))
    if user.is_external:
        on = today()
        allowed = [p for p in Purpose.values if organisation_may_process(
            user.organisation, purpose=p, category=DataCategory.ORDINARY, on=on)]
        qs = qs.filter(statute__in=allowed)
    return qs


def case_by_number(number: str) -> Case | None:
    """Exact lookup of any dossier, for the emergency-access route only (not for display)."""
    return Case.objects.exclude(status=Case.Status.DESTROYED).filter(
        number=number.strip().upper()).first()


def resident_by_bsn(bsn: str) -> Resident | None:
    return Resident.objects.filter(bsn_hash=keyed_hash(normalise_bsn(bsn), purpose="bsn")).first()
