"""Reads for screens and jobs, narrowed to what the user may see."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from cases.access import VIEW, grant_exists, may_reach_client_data
from cases.models import Case

from .models import ClientInformed, ClientInformedDecision, Consultation, Disclosure, Objection, StatutoryRequest


def reminders_due(user, today: dt.date) -> QuerySet[Disclosure]:
    """P-2.1.4: disclosures whose agreed day to tell the client has come and that are not yet
    marked as told, in open dossiers assigned to the user (the same EXISTS rule as the gate)."""
    if not may_reach_client_data(user):
        return Disclosure.objects.none()
    return (Disclosure.objects
            .filter(client_informed=ClientInformedDecision.WILL_INFORM, inform_on__lte=today,
                    case__caseworker=user, case__status=Case.Status.OPEN)
            .filter(grant_exists(user, VIEW, case_ref=OuterRef("case_id")))
            .exclude(Exists(ClientInformed.objects.filter(disclosure=OuterRef("pk"))))
            .select_related("case", "recipient").order_by("inform_on", "pk"))


def disclosures_of(case: Case) -> QuerySet[Disclosure]:
    """For a dossier already opened through the gate."""
    return (Disclosure.objects.filter(case=case).select_related("recipient", "decided_by", "informed")
            .order_by("-recorded_at"))


def statutory_requests_of(case: Case) -> QuerySet[StatutoryRequest]:
    return StatutoryRequest.objects.filter(case=case).select_related("requester").order_by("-registered_at")


def objections_of(case: Case) -> QuerySet[Objection]:
    return Objection.objects.filter(case=case).select_related("decided_by").order_by("-registered_at")


def consultations_for(user) -> QuerySet[Consultation]:
    """The consultation inbox: requests addressed to this user only."""
    return (Consultation.objects.filter(consultee=user).select_related("case", "requested_by")
            .order_by("answered_at", "-requested_at"))


def answered_consultations(case: Case) -> QuerySet[Consultation]:
    return (Consultation.objects.filter(case=case, answered_at__isnull=False)
            .select_related("consultee").order_by("-answered_at"))


def flagged_for_privacy_officer() -> QuerySet[Disclosure]:
    """P-2.1.3 / P-2.3.3: disclosures to enforcement bodies and without telling the client."""
    return (Disclosure.objects.filter(flagged_for_privacy_officer=True)
            .select_related("case", "recipient", "decided_by").order_by("-recorded_at"))


def flagged_to_review() -> QuerySet[Disclosure]:
    """The privacy officer's review queue: flagged and not yet reviewed, oldest first."""
    return (Disclosure.objects.filter(flagged_for_privacy_officer=True, review__isnull=True)
            .select_related("case", "recipient", "decided_by").order_by("recorded_at"))
