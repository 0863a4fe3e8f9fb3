"""The gate for dossiers: the one place that decides who sees a dossier and logs the look.

access_case(user, pk, purpose=..., write=False) returns the dossier or raises Http404 (no
access at all, identical to "does not exist") or PermissionDenied (may see, may not change).
Every outcome, allowed or refused, writes an access-log entry (L-LOG).
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from accounts import roles
from accounts.rules import has_acknowledged_current_text, mfa_satisfied
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from core.dates import today
from processors.models import DataCategory
from processors.rules import organisation_may_process

from .models import ArchiveReadConsent, Case, CaseGroupObjectPermission, CaseUserObjectPermission, EmergencyAccess

VIEW, CHANGE = "view_case", "change_case"


def grant_exists(user, codename: str, case_ref=None) -> Q:
    """EXISTS over the direct-FK grant tables, for the user and the user's teams.

    Never guardian's has_perm: that says yes to every superuser (P-2.1.2: no implicit access).
    """
    case_ref = case_ref if case_ref is not None else OuterRef("pk")
    user_grant = CaseUserObjectPermission.objects.filter(
        content_object=case_ref, user=user, permission__codename=codename
    )
    team_grant = CaseGroupObjectPermission.objects.filter(
        content_object=case_ref, permission__codename=codename,
        group__in=user.groups.values("pk"),
    )
    return Q(Exists(user_grant)) | Q(Exists(team_grant))


def granted_case_ids(user, codename: str):
    """Ids of the dossiers the user holds a grant on, directly or through one of their teams:
    one UNION of two index scans (the user's grants, the teams' grants).

    For lists (cases.selectors). `grant_exists` ORs two EXISTS per dossier, which PostgreSQL can
    only check by walking every dossier; `pk IN (this union)` lets it start from the grants
    (docs/benchmarks.md, issue 10). The same grants, so the same dossiers.
    """
    permission = _permission_id(codename)  # a value, not a join: the planner then knows how many grants
    by_user = CaseUserObjectPermission.objects.filter(user=user, permission_id=permission).values("content_object_id")
    by_team = CaseGroupObjectPermission.objects.filter(
        group__in=user.groups.values("pk"), permission_id=permission).values("content_object_id")
    return by_user.union(by_team)


def granted_with_facts(user, codename: str, rule: Q):
    """The user's grants, directly or through a team, narrowed by `rule` on the dossier facts
    copied onto each grant (cases.models.GrantListFacts), as (dossier id, opened at, number)
    rows: one UNION of two index-only scans of the grants, no lookup per dossier (issue 10).
    The same grants as granted_case_ids."""
    permission = _permission_id(codename)
    columns = ("content_object_id", "case_opened_at", "case_number")
    by_user = CaseUserObjectPermission.objects.filter(rule, user=user, permission_id=permission).values_list(*columns)
    by_team = CaseGroupObjectPermission.objects.filter(
        rule, group__in=user.groups.values("pk"), permission_id=permission).values_list(*columns)
    return by_user.union(by_team)


def _permission_id(codename: str) -> Subquery:
    """A scalar subquery (one InitPlan, no extra round trip): its value is a parameter to the
    planner, which then estimates grants per user from the table's statistics."""
    return Subquery(Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), codename=codename).values("pk")[:1])


def active_emergency(user, case_ref=None) -> Q:
    case_ref = case_ref if case_ref is not None else OuterRef("pk")
    return Q(Exists(EmergencyAccess.objects.filter(
        case=case_ref, user=user, expires_at__gt=timezone.now()
    )))


def may_reach_client_data(user) -> bool:
    """The preconditions for any client data: logged in with both factors, confidentiality
    acknowledged (P-2.1.2)."""
    return (
        user.is_authenticated and user.is_active
        and mfa_satisfied(user, mfa_required=settings.MFA_REQUIRED)
        and has_acknowledged_current_text(user)
    )


def external_may_see(user, case: Case) -> bool:
    """P-1.1, P-3: users of external organisations only under an agreement in force."""
    if not user.is_external:
        return True
    return organisation_may_process(
        user.organisation, purpose=case.statute, category=DataCategory.ORDINARY, on=today()
    )


def _with_grants(user, qs):
    """The dossier with the user's view grant, change grant and live emergency access as
    annotations: one query for everything the gate decides on (issue 10)."""
    def flag(q):
        return ExpressionWrapper(q, output_field=BooleanField())
    if not user.is_authenticated:
        return qs
    return qs.annotate(_may_view=flag(grant_exists(user, VIEW)), _may_change=flag(grant_exists(user, CHANGE)),
                       _emergency=flag(active_emergency(user)))


def access_case(user, pk, *, purpose: str = "dossier", write: bool = False) -> Case:
    case = _with_grants(user, Case.objects.select_related("resident").filter(pk=_int_or_none(pk)).exclude(
        status=Case.Status.DESTROYED)).first()
    refusal = _refusal(user, case)
    if refusal:
        _log(user, case, pk, purpose, AccessLogEntry.Result.REFUSED, refusal)
        raise Http404
    if case.status == Case.Status.ARCHIVED:
        return _access_archived(user, case, pk, purpose, write)
    assigned = case._may_view
    emergency = not assigned and case._emergency
    if not (assigned or emergency):
        _log(user, case, pk, purpose, AccessLogEntry.Result.REFUSED, "niet_toegewezen")
        raise Http404
    if write and not _may_change(user, case, emergency):
        _log(user, case, pk, purpose, AccessLogEntry.Result.REFUSED, "alleen_lezen")
        raise PermissionDenied("Je kunt dit dossier alleen inzien.")
    action = AccessLogEntry.Action.EMERGENCY if emergency else AccessLogEntry.Action.READ
    _log(user, case, pk, purpose, AccessLogEntry.Result.ALLOWED, "buiten_toewijzing" if emergency else "",
         action=action)
    return case


def archive_reader_reason(user, case: Case) -> str:
    """P-2.2.4: an archived dossier is read only by the caseworker who handled it, archive
    staff, and a third party with the resident's recorded consent. Team grants and emergency
    access no longer reach it. Returns the log detail, or "" when refused."""
    if case.caseworker_id is not None and case.caseworker_id == user.pk:
        return "archief_consulent"
    if user.has_role(roles.ARCHIVIST) and not user.is_external:
        return "archief_medewerker"
    if ArchiveReadConsent.objects.filter(case=case, user=user).exists():
        return "archief_toestemming"
    return ""


def _access_archived(user, case, pk, purpose, write):
    detail = archive_reader_reason(user, case)
    if not detail:
        _log(user, case, pk, purpose, AccessLogEntry.Result.REFUSED, "archief_geen_toegang")
        raise Http404
    if write:  # archived is read-only for everyone (DOMAIN_RULES R1.10)
        _log(user, case, pk, purpose, AccessLogEntry.Result.REFUSED, "alleen_lezen")
        raise PermissionDenied("Dit dossier is gearchiveerd en kan niet meer worden gewijzigd.")
    _log(user, case, pk, purpose, AccessLogEntry.Result.ALLOWED, detail)
    return case


def _refusal(user, case) -> str:
    if not may_reach_client_data(user):
        return "geen_bevestiging"
    if case is None:
        return "bestaat_niet"
    if not external_may_see(user, case):
        return "geen_verwerkersovereenkomst"
    return ""


def _may_change(user, case: Case, emergency: bool) -> bool:
    if emergency or case.status != Case.Status.OPEN:
        return False
    if hasattr(case, "_may_change"):  # loaded by the gate in this request
        return case._may_change
    return Case.objects.filter(pk=case.pk).filter(grant_exists(user, CHANGE)).exists()


def _log(user, case, pk, purpose, result, detail, *, action=AccessLogEntry.Action.READ):
    event = AccessEvent(
        action=action, result=result, case_id=case.pk if case else _int_or_none(pk),
        resident_id=case.resident_id if case else None, purpose=purpose, detail=detail,
    )
    log_access(actor=user, events=[event])


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def may_request_emergency_access(user) -> bool:
    return (
        not user.is_external
        and any(user.has_role(r) for r in roles.EMERGENCY_ACCESS_ROLES)
    )


def may_change_case(user, case: Case) -> bool:
    """For showing or hiding actions (UX 3.11): the same test as access_case(write=True),
    without logging. The gate itself still decides on every write."""
    if hasattr(case, "_may_view"):  # the dossier as the gate returned it in this request
        return _may_change(user, case, not case._may_view)
    emergency = not Case.objects.filter(pk=case.pk).filter(grant_exists(user, VIEW)).exists()
    return _may_change(user, case, emergency)


def may_open_case(user) -> bool:
    """Caseworkers and team leads of the municipality open dossiers (P-2.1.1)."""
    return (
        may_reach_client_data(user) and not user.is_external
        and (user.has_role(roles.CASEWORKER) or user.has_role(roles.TEAM_LEAD))
    )
