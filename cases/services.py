import datetime as dt
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts import roles
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from core.crypto import keyed_hash
from core.errors import ApplicationError
from processors.models import Purpose

from .access import may_request_emergency_access
from .models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    EmergencyAccess,
    LegalBasis,
    Resident,
)
from .rules import is_valid_bsn, normalise_bsn

# P-2.1.1 / P-2.3.1: which legal bases fit which statute; consent is not among them.
BASES_PER_STATUTE = {
    Purpose.WMO: {LegalBasis.WMO_TASK},
    Purpose.JEUGDWET: {LegalBasis.JW_TASK},
    Purpose.PARTICIPATIEWET: {LegalBasis.PW_OBLIGATION},
    Purpose.WGS: {LegalBasis.WGS_TASK},
}


def create_resident(*, actor, bsn: str, first_names: str, surname: str,
                    date_of_birth: dt.date, address: str | None = None,
                    phone: str | None = None, email: str | None = None) -> Resident:
    """P-2.1.5: a resident is identified by a valid BSN; duplicates are refused."""
    bsn = normalise_bsn(bsn)
    if not is_valid_bsn(bsn):
        raise ApplicationError("Dit BSN is niet geldig. Controleer de 9 cijfers.", field="bsn")
    bsn_hash = keyed_hash(bsn, purpose="bsn")
    if Resident.objects.filter(bsn_hash=bsn_hash).exists():
        raise ApplicationError("Er is al een inwoner met dit BSN.", field="bsn")
    try:
        with transaction.atomic():
            return Resident.objects.create(
                bsn=bsn, bsn_hash=bsn_hash, first_names=first_names, surname=surname,
                date_of_birth=date_of_birth, address=address, phone=phone, email=email,
            )
    except IntegrityError:
        raise ApplicationError("Er is al een inwoner met dit BSN.", field="bsn") from None


@transaction.atomic
def open_case(*, actor, resident: Resident, statute: str, legal_basis: str, request: str,
              team=None, compulsory_framework: bool = False,
              court_order_reference: str = "") -> Case:
    """P-2.1.1: a dossier is opened for a stated request under a named statute, on a legal
    basis that fits that statute (P-2.3.1: never consent)."""
    if statute not in Purpose.values:
        raise ApplicationError("Kies de wet waaronder de hulpvraag valt.", field="statute")
    if legal_basis not in BASES_PER_STATUTE[Purpose(statute)]:
        raise ApplicationError("Deze grondslag past niet bij de gekozen wet.", field="legal_basis")
    if not (request or "").strip():
        raise ApplicationError("Beschrijf de hulpvraag van de inwoner.", field="request")
    if compulsory_framework and not court_order_reference.strip():
        raise ApplicationError("Vul het kenmerk van de uitspraak van de rechter in.",
                               field="court_order_reference")
    case = Case.objects.create(
        number=f"tmp-{uuid.uuid4().hex[:12]}", resident=resident, statute=statute,
        legal_basis=legal_basis, request=request.strip(), compulsory_framework=compulsory_framework,
        court_order_reference=court_order_reference.strip(),
    )
    case.number = f"D-{case.opened_at.year}-{case.pk:04d}"
    case.save(update_fields=["number"])
    assign_case(case=case, actor=actor, caseworker=actor, team=team)
    return case


@transaction.atomic
def assign_case(*, case: Case, actor, caseworker=None, team=None) -> Case:
    """Assignment drives the grants: the caseworker and the team get view and change on this
    one dossier; whoever had it before loses them (P-2.1.2)."""
    CaseUserObjectPermission.objects.filter(content_object=case).delete()
    CaseGroupObjectPermission.objects.filter(content_object=case).delete()
    case.caseworker, case.team = caseworker, team
    case.save(update_fields=["caseworker", "team"])
    for perm in ("view_case", "change_case"):
        if caseworker is not None:
            assign_perm(f"cases.{perm}", caseworker, case)
        if team is not None:
            assign_perm(f"cases.{perm}", team.group, case)
    return case


@transaction.atomic
def request_emergency_access(*, actor, case: Case, reason: str, explanation: str) -> EmergencyAccess:
    """UX 3.10: opening a dossier outside one's assignment needs a reason and an explanation;
    it is read-only, ends after EMERGENCY_ACCESS_HOURS and goes to the FG's review queue."""
    if not may_request_emergency_access(actor):
        raise ApplicationError("Je rol kan geen toegang buiten toewijzing vragen.")
    if reason not in EmergencyAccess.Reason.values:
        raise ApplicationError("Kies de reden waarom je dit dossier nu moet openen.", field="reason")
    if len((explanation or "").strip()) < 10:
        raise ApplicationError("Licht in een paar woorden toe waarom dit nu nodig is.",
                               field="explanation")
    if case.status in (Case.Status.ARCHIVED, Case.Status.DESTROYED):
        raise ApplicationError("Dit dossier is gearchiveerd. Vraag het archief om inzage.")
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        user=actor, case=case, reason=reason, explanation=explanation.strip(),
        expires_at=now + dt.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    log_access(actor=actor, events=[AccessEvent(
        action=AccessLogEntry.Action.EMERGENCY, case_id=case.pk, resident_id=case.resident_id,
        purpose="toegang_buiten_toewijzing", detail=reason,
    )])
    return access


def current_emergency_access(*, user, case: Case) -> EmergencyAccess | None:
    return EmergencyAccess.objects.filter(
        user=user, case=case, expires_at__gt=timezone.now()).order_by("-expires_at").first()


@transaction.atomic
def review_emergency_access(*, actor, access: EmergencyAccess, decision: str, comment: str) -> EmergencyAccess:
    """The privacy officer accepts or escalates an access outside the assignment, with a
    comment; the review is recorded and cannot be made twice."""
    if not actor.has_role(roles.PRIVACY_OFFICER):
        raise ApplicationError("Alleen de functionaris gegevensbescherming beoordeelt deze toegang.")
    if decision not in (EmergencyAccess.Review.ACCEPTED, EmergencyAccess.Review.ESCALATED):
        raise ApplicationError("Kies akkoord of escaleren.", field="decision")
    if not (comment or "").strip():
        raise ApplicationError("Schrijf kort op waarom je tot dit oordeel komt.", field="comment")
    access = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
    if access.review != EmergencyAccess.Review.PENDING:
        raise ApplicationError("Deze toegang is al beoordeeld.")
    access.review, access.reviewed_by, access.reviewed_at = decision, actor, timezone.now()
    access.review_comment = comment.strip()
    access.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_comment"])
    return access
