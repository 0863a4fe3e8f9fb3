"""The Zorgplein gate: the reviewer reaches forwarded maatwerk requests and their extracts,
and nothing else (P-2.2.2). Dossiers, residents and plans stay behind `cases.access.access_case`,
which gives the reviewer no grant, so those answer 404 as well.

access_request(user, pk, purpose=..., write=False) returns the request or raises Http404;
every outcome, allowed or refused, is logged (L-LOG).
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts import roles
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.access import may_reach_client_data

from .models import Decision, MaatwerkRequest


def is_reviewer(user) -> bool:
    """A Zorgplein reviewer of the municipality itself, past both login factors."""
    return may_reach_client_data(user) and not user.is_external and user.has_role(roles.REVIEWER)


def requests_for_reviewer(user) -> QuerySet[MaatwerkRequest]:
    """The queue: every request forwarded to the Zorgplein; nothing for anyone else."""
    if not is_reviewer(user):
        return MaatwerkRequest.objects.none()
    return MaatwerkRequest.objects.filter(forwarded_at__isnull=False).exclude(status=MaatwerkRequest.Status.DRAFT)


def access_request(user, pk, *, purpose: str = "maatwerkverzoek_beoordelen") -> MaatwerkRequest:
    """Whether the request may still be decided is the service's question (status), not the gate's."""
    request = MaatwerkRequest.objects.filter(pk=pk).select_related("case").first()
    refusal = ""
    if not is_reviewer(user):
        refusal = "geen_zorgplein"
    elif request is None:
        refusal = "bestaat_niet"
    elif request.forwarded_at is None or request.status == MaatwerkRequest.Status.DRAFT:
        refusal = "niet_doorgestuurd"
    _log(user, request, purpose, AccessLogEntry.Result.REFUSED if refusal else AccessLogEntry.Result.ALLOWED,
         refusal)
    if refusal:
        raise Http404
    return request


def access_decision(user, pk, *, purpose: str = "besluit") -> Decision:
    decision = Decision.objects.filter(pk=pk).select_related("request__case", "decided_by").first()
    if decision is None or not is_reviewer(user) or decision.request.forwarded_at is None:
        _log(user, decision.request if decision else None, purpose, AccessLogEntry.Result.REFUSED,
             "geen_zorgplein" if decision else "bestaat_niet")
        raise Http404
    _log(user, decision.request, purpose, AccessLogEntry.Result.ALLOWED, "")
    return decision


def log_export(user, request: MaatwerkRequest, purpose: str, detail: str = "") -> None:
    log_access(actor=user, events=[AccessEvent(
        action=AccessLogEntry.Action.EXPORT, case_id=request.case_id, resident_id=request.case.resident_id,
        purpose=purpose, detail=detail)])


def _log(user, request, purpose, result, detail):
    log_access(actor=user, events=[AccessEvent(
        action=AccessLogEntry.Action.READ, result=result,
        case_id=request.case_id if request else None,
        resident_id=request.case.resident_id if request else None,
        purpose=purpose, detail=(detail + (f" verzoek {request.pk}" if request else "")).strip())])
