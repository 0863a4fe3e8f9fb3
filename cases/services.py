import datetime as dt
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts import roles
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from core.crypto import decrypt_bytes, encrypt_bytes, keyed_hash
from core.dates import today
from core.errors import ApplicationError
from processors.models import DataCategory, Purpose

from .access import may_change_case, may_request_emergency_access
from .models import (
    ArchiveReadConsent,
    Case,
    CaseGroupObjectPermission,
    CaseResult,
    CaseUserObjectPermission,
    Document,
    EmergencyAccess,
    Household,
    HouseholdMember,
    IdentityCheck,
    LegalBasis,
    MissingInformation,
    Note,
    ReductionRecord,
    Representation,
    Resident,
    TransparencyNotice,
)
from .rules import (
    MAX_DOCUMENT_BYTES,
    DossierFacts,
    document_type_by_content,
    has_active_content,
    is_valid_bsn,
    needs_justification,
    normalise_bsn,
    reasons_not_to_close,
    representation_on,
)
from .selectors import cases_for_user, newest_per_resident

# P-2.1.1 / P-2.3.1: which legal bases fit which statute; consent is not among them.
BASES_PER_STATUTE = {
    Purpose.WMO: {LegalBasis.WMO_TASK},
    Purpose.JEUGDWET: {LegalBasis.JW_TASK},
    Purpose.PARTICIPATIEWET: {LegalBasis.PW_OBLIGATION},
    Purpose.WGS: {LegalBasis.WGS_TASK},
}


def refuse_if_archived(case: Case) -> None:
    """P-2.2.4, DOMAIN_RULES R1.10: an archived dossier is read-only in every path (screen,
    API, command), not only behind the gate's write check."""
    if case.status in (Case.Status.ARCHIVED, Case.Status.DESTROYED):
        raise ApplicationError("Dit dossier is gearchiveerd en kan niet meer worden gewijzigd.")



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
    refuse_if_archived(case)
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
# --- P-2.1.5 identity -------------------------------------------------------------------

@transaction.atomic
def record_identity_check(*, case: Case, actor, document_type: str, checked_on: dt.date) -> IdentityCheck:
    """P-2.1.5: document type, date and who checked; never a copy or a number of the ID."""
    refuse_if_archived(case)
    if document_type not in IdentityCheck.DocumentType.values:
        raise ApplicationError("Kies het soort identiteitsbewijs.", field="document_type")
    if checked_on is None:
        raise ApplicationError("Vul de datum van de identiteitscontrole in.", field="checked_on")
    if checked_on > today():
        raise ApplicationError("De datum van de identiteitscontrole moet vandaag of eerder zijn.",
                               field="checked_on")
    return IdentityCheck.objects.create(resident=case.resident, case=case, document_type=document_type,
                                        checked_on=checked_on, checked_by=actor)


# --- households ---------------------------------------------------------------------------

@transaction.atomic
def add_household_member(*, case: Case, actor, member_case: Case) -> Household:
    """Link the resident of `member_case` to the household of this dossier's resident.

    Need-to-know: only residents of dossiers the actor may change both of; a household is
    never built from a search of residents one does not work with. A resident belongs to one
    household at a time: moving house is a removal first."""
    refuse_if_archived(case)
    if member_case.pk == case.pk or member_case.resident_id == case.resident_id:
        raise ApplicationError("Kies het dossier van een ander lid van het huishouden.", field="member_case")
    if not (may_change_case(actor, case) and may_change_case(actor, member_case)):
        raise ApplicationError("Je kunt alleen inwoners koppelen met een dossier waarin je werkt.",
                               field="member_case")
    refuse_if_archived(member_case)
    memberships = {m.resident_id: m for m in HouseholdMember.objects.select_for_update().filter(
        resident_id__in=[case.resident_id, member_case.resident_id])}
    own, other = memberships.get(case.resident_id), memberships.get(member_case.resident_id)
    if own and other:
        if own.household_id == other.household_id:
            raise ApplicationError("Deze inwoner hoort al bij dit huishouden.", field="member_case")
        raise ApplicationError("Deze inwoner hoort bij een ander huishouden. Haal de inwoner daar eerst uit.",
                               field="member_case")
    household = (own or other).household if (own or other) else Household.objects.create()
    for resident_id in (case.resident_id, member_case.resident_id):
        if resident_id not in memberships:
            HouseholdMember.objects.create(household=household, resident_id=resident_id)
    return household


@transaction.atomic
def remove_household_member(*, case: Case, actor, member_case: Case) -> None:
    """Take the resident of `member_case` out of this dossier's household. A household of one
    is no household: it is removed with its last link."""
    refuse_if_archived(case)
    if not may_change_case(actor, member_case):
        raise ApplicationError("Je kunt alleen inwoners uit het huishouden halen met een dossier waarin je werkt.")
    own = HouseholdMember.objects.select_for_update().filter(resident_id=case.resident_id).first()
    member = HouseholdMember.objects.select_for_update().filter(resident_id=member_case.resident_id).first()
    if own is None or member is None or own.household_id != member.household_id:
        raise ApplicationError("Deze inwoner hoort niet bij dit huishouden.")
    household = own.household
    member.delete()
    if household.members.count() <= 1:
        household.members.all().delete()
        household.delete()


def household_members(*, user, case: Case) -> tuple[list[Case], int]:
    """The other members of this dossier's household: the dossiers of theirs the user works on,
    and how many members the user has no dossier of (shown as a number, never a name)."""
    membership = HouseholdMember.objects.filter(resident_id=case.resident_id).first()
    if membership is None:
        return [], 0
    residents = set(membership.household.members.exclude(resident_id=case.resident_id)
                    .values_list("resident_id", flat=True))
    dossiers = newest_per_resident(cases_for_user(user).filter(resident_id__in=residents)
                                   .exclude(status=Case.Status.ARCHIVED)
                                   .select_related("resident").order_by("resident_id", "-opened_at"))
    return dossiers, len(residents - {c.resident_id for c in dossiers})


# --- P-2.1.6 representation -------------------------------------------------------------

@transaction.atomic
def add_representative(*, case: Case, actor, kind: str, name: str, custody_verified: bool) -> Representation:
    """P-2.1.6: custody (or the court's appointment) is verified and recorded by whom, when."""
    refuse_if_archived(case)
    if kind not in Representation.Kind.values:
        raise ApplicationError("Kies wat voor vertegenwoordiger dit is.", field="kind")
    if not (name or "").strip():
        raise ApplicationError("Vul de naam van de vertegenwoordiger in.", field="name")
    verified = bool(custody_verified)
    return Representation.objects.create(
        resident=case.resident, kind=kind, name=name.strip(), custody_verified=verified,
        verified_by=actor if verified else None, verified_at=timezone.now() if verified else None,
        recorded_by=actor)


@transaction.atomic
def record_representation_facts(*, case: Case, actor, incapacitated: bool, custodial_parents_disagree: bool,
                                client_support_offered_on: dt.date | None) -> Case:
    """P-2.1.6 / P-2.4: for an incapacitated adult, client support is offered and recorded."""
    refuse_if_archived(case)
    outcome = representation_on(case.resident.date_of_birth, today(), incapacitated=incapacitated,
                                custodial_parents_disagree=custodial_parents_disagree)
    if outcome.client_support_offered and client_support_offered_on is None:
        raise ApplicationError("Vul in wanneer cliëntondersteuning is aangeboden.",
                               field="client_support_offered_on")
    if client_support_offered_on and client_support_offered_on > today():
        raise ApplicationError("De datum van het aanbod moet vandaag of eerder zijn.",
                               field="client_support_offered_on")
    case.incapacitated, case.custodial_parents_disagree = incapacitated, custodial_parents_disagree
    case.client_support_offered_on = client_support_offered_on
    case.save(update_fields=["incapacitated", "custodial_parents_disagree", "client_support_offered_on"])
    return case


# --- P-2.2.1 notes and documents --------------------------------------------------------

def _check_category(category: str, justification: str | None) -> str | None:
    if category not in DataCategory.values:
        raise ApplicationError("Kies om wat voor gegevens het gaat.", field="category")
    justification = (justification or "").strip()
    if needs_justification(category) and not justification:
        raise ApplicationError("Leg uit waarom deze bijzondere gegevens nodig zijn voor de hulpvraag.",
                               field="justification")
    return justification or None


@transaction.atomic
def add_note(*, case: Case, actor, text: str, category: str, is_working_note: bool,
             justification: str | None = None) -> Note:
    """P-2.2.1: every note carries a data category; health and criminal data need a reason."""
    refuse_if_archived(case)
    if not (text or "").strip():
        raise ApplicationError("Schrijf de notitie.", field="text")
    justification = _check_category(category, justification)
    return Note.objects.create(case=case, text=text.strip(), category=category, justification=justification,
                               is_working_note=bool(is_working_note), author=actor)


def _read_upload(upload) -> bytes:
    if upload is None:
        raise ApplicationError("Kies een bestand.", field="file")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ApplicationError("Het bestand is groter dan 10 MB. Verklein het of laat delen weg.", field="file")
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ApplicationError("Het bestand is groter dan 10 MB. Verklein het of laat delen weg.", field="file")
    if not data:
        raise ApplicationError("Het bestand is leeg.", field="file")
    return data


@transaction.atomic
def add_document(*, case: Case, actor, upload, name: str, category: str,
                 justification: str | None = None) -> Document:
    """P-2.2.1: PDF, PNG or JPEG judged by content, at most 10 MB, with a data category.
    The file is encrypted and stored under a random name outside the web root."""
    refuse_if_archived(case)
    justification = _check_category(category, justification)
    data = _read_upload(upload)
    content_type = document_type_by_content(data[:16])
    if content_type is None:
        raise ApplicationError("Dit bestand is geen PDF, PNG of JPEG. Alleen die soorten kun je toevoegen.",
                               field="file")
    if has_active_content(data, content_type):
        raise ApplicationError("Deze PDF bevat scripts, bijlagen of formulieracties. Sla hem opnieuw op als "
                               "gewone PDF (bijvoorbeeld met ‘Afdrukken als PDF’) en voeg hem dan toe.",
                               field="file")
    name = (name or "").strip() or "Document"
    document = Document(case=case, name=name[:200], content_type=content_type, size=len(data),
                        category=category, justification=justification, uploaded_by=actor)
    document.file.save(f"{uuid.uuid4().hex}.bin", ContentFile(encrypt_bytes(data, context=_file_context(case))),
                       save=False)
    document.save()
    return document


def _file_context(case: Case) -> str:
    return f"cases.Document.file:{case.pk}"


def read_document(*, document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return decrypt_bytes(handle.read(), context=_file_context(document.case))


MAX_PAGES_REMOVED = 100_000


@transaction.atomic
def reduce_medical_file(*, case: Case, actor, document: Document, kept_upload, kind: str,
                        pages_removed: int) -> ReductionRecord:
    """P-2.2.1: a full medical file is reduced to what the case needs. The kept part becomes a
    new health document; the full file is destroyed; a record without content remains."""
    refuse_if_archived(case)
    if document.case_id != case.pk:
        raise ApplicationError("Dit document hoort niet bij dit dossier.")
    if not (kind or "").strip():
        raise ApplicationError("Vul in wat voor dossier het was, bijvoorbeeld ‘medisch dossier huisarts’.",
                               field="kind")
    if pages_removed is None or pages_removed < 0:
        raise ApplicationError("Vul in hoeveel pagina's je hebt verwijderd.", field="pages_removed")
    if pages_removed > MAX_PAGES_REMOVED:  # beyond this no file is real, and the column would overflow
        raise ApplicationError("Vul een aantal pagina's tot 100.000 in.", field="pages_removed")
    kept = add_document(case=case, actor=actor, upload=kept_upload, name=f"Uittreksel: {document.name}",
                        category=DataCategory.HEALTH,
                        justification=document.justification or "Alleen het deel dat nodig is voor de hulpvraag.")
    removed = max(document.size - kept.size, 0)
    record = ReductionRecord.objects.create(case=case, kind=kind.strip()[:100], pages_removed=pages_removed,
                                            bytes_removed=removed, kept=kept, reduced_by=actor)
    stored = document.file.name
    document.delete()
    transaction.on_commit(lambda: Document.file.field.storage.delete(stored))
    return record


# --- P-2.3.2 / P-2.3.3 transparency -----------------------------------------------------

@transaction.atomic
def record_transparency(*, case: Case, actor, kind: str, informed_on: dt.date | None = None, method: str = "",
                        unless_reason: str = "", risk: str = "", weighing: str = "",
                        sharing: str = "") -> TransparencyNotice:
    """P-2.3.2: when and how the resident was told purpose and necessity. P-2.3.3: otherwise a
    reason from the closed list plus the three required answers."""
    refuse_if_archived(case)
    if kind == TransparencyNotice.Kind.INFORMED:
        if informed_on is None:
            raise ApplicationError("Vul in wanneer de inwoner is geïnformeerd.", field="informed_on")
        if informed_on > today():
            raise ApplicationError("De datum moet vandaag of eerder zijn.", field="informed_on")
        if method not in TransparencyNotice.Method.values:
            raise ApplicationError("Kies hoe de inwoner is geïnformeerd.", field="method")
        return TransparencyNotice.objects.create(case=case, kind=kind, informed_on=informed_on, method=method,
                                                 recorded_by=actor)
    if kind != TransparencyNotice.Kind.UNLESS:
        raise ApplicationError("Kies of de inwoner is geïnformeerd.", field="kind")
    if unless_reason not in TransparencyNotice.UnlessReason.values:
        raise ApplicationError("Kies waarom de inwoner niet vooraf wordt geïnformeerd.", field="unless_reason")
    answers = {"risk": "Beschrijf het veiligheidsrisico of het zwaarwegende belang.",
               "weighing": "Beschrijf hoe je de belangen van spreken en zwijgen hebt afgewogen.",
               "sharing": "Beschrijf wie welke informatie krijgt."}
    values = {"risk": risk, "weighing": weighing, "sharing": sharing}
    for field, message in answers.items():
        if not (values[field] or "").strip():
            raise ApplicationError(message, field=field)
    return TransparencyNotice.objects.create(case=case, kind=kind, unless_reason=unless_reason,
                                             recorded_by=actor, **{k: v.strip() for k, v in values.items()})


# --- P-2.4 missing essential information ------------------------------------------------

@transaction.atomic
def record_missing_information(*, case: Case, actor, description: str, asked_on: dt.date,
                               refused: bool) -> MissingInformation:
    """P-2.4: what is missing for the decision; while open, the request cannot be decided."""
    refuse_if_archived(case)
    if not (description or "").strip():
        raise ApplicationError("Beschrijf welke informatie ontbreekt.", field="description")
    if asked_on is None:
        raise ApplicationError("Vul in wanneer je de informatie hebt gevraagd.", field="asked_on")
    if asked_on > today():
        raise ApplicationError("De datum moet vandaag of eerder zijn.", field="asked_on")
    return MissingInformation.objects.create(case=case, description=description.strip(), asked_on=asked_on,
                                             refused=bool(refused), recorded_by=actor)


@transaction.atomic
def resolve_missing_information(*, case: Case, actor, item: MissingInformation) -> MissingInformation:
    refuse_if_archived(case)
    if item.case_id != case.pk:
        raise ApplicationError("Dit hoort niet bij dit dossier.")
    if item.resolved_at is None:
        item.resolved_at = timezone.now()
        item.save(update_fields=["resolved_at"])
    return item


@transaction.atomic
def record_archive_consent(*, case: Case, actor, user, consent_reference: str) -> ArchiveReadConsent:
    """P-2.2.4: archive staff record that the resident consented to a third party reading the
    archived dossier; the gate (access.archive_reader_reason) then lets that user read it."""
    if not actor.has_role(roles.ARCHIVIST):
        raise ApplicationError("Alleen een archiefmedewerker legt toestemming voor inzage in het archief vast.")
    case = Case.objects.get(pk=case.pk)
    if case.status != Case.Status.ARCHIVED:
        raise ApplicationError("Toestemming voor inzage in het archief geldt alleen voor een gearchiveerd dossier.")
    reference = (consent_reference or "").strip()
    if not reference or len(reference) > 50:
        raise ApplicationError("Vul het kenmerk van de toestemming in (hoogstens 50 tekens).",
                               field="consent_reference")
    consent, _ = ArchiveReadConsent.objects.get_or_create(
        case=case, user=user, defaults={"consent_reference": reference, "recorded_by": actor})
    return consent


# --- closing ----------------------------------------------------------------------------

DECISIONS = {CaseResult.GRANTED, CaseResult.PARTLY_GRANTED, CaseResult.REFUSED}


def dossier_facts(case: Case) -> DossierFacts:
    return DossierFacts(
        identity_checked=IdentityCheck.objects.filter(resident_id=case.resident_id).exists(),
        resident_told=case.transparency_notices.exists(),
        open_missing_information=case.missing_information.filter(resolved_at__isnull=True).count(),
    )


@transaction.atomic
def close_case(*, case: Case, actor, result: str) -> Case:
    """Close a dossier with a result code. P-2.1.5, P-2.3.2 and P-2.4 guard it (rules.py)."""
    if result not in CaseResult.values:
        raise ApplicationError("Kies het resultaat.", field="result")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.OPEN:
        raise ApplicationError("Dit dossier is al gesloten.")
    reasons = reasons_not_to_close(dossier_facts(case), decision=result in DECISIONS)
    if reasons:
        raise ApplicationError(" ".join(reasons))
    if result == CaseResult.NOT_PROCESSED and not case.missing_information.filter(resolved_at__isnull=True).exists():
        raise ApplicationError("Buiten behandeling stellen kan alleen als er informatie ontbreekt.", field="result")
    case.status, case.result, case.closed_at = Case.Status.CLOSED, result, timezone.now()
    case.save(update_fields=["status", "result", "closed_at"])
    return case


@transaction.atomic
def open_dossier(*, actor, bsn: str, statute: str, legal_basis: str, request: str, team=None,
                 first_names: str = "", surname: str = "", date_of_birth: dt.date | None = None) -> Case:
    """The "Dossier openen" screen: find the resident by BSN, or create them, then open the
    dossier. All or nothing: a refused dossier leaves no new resident behind (P-2.1.5)."""
    bsn = normalise_bsn(bsn)
    if not is_valid_bsn(bsn):
        raise ApplicationError("Dit BSN is niet geldig. Controleer de 9 cijfers.", field="bsn")
    resident = Resident.objects.filter(bsn_hash=keyed_hash(bsn, purpose="bsn")).first()
    new_details = any([(first_names or "").strip(), (surname or "").strip(), date_of_birth])
    if resident is not None and new_details:
        raise ApplicationError("Er is al een inwoner met dit BSN. Laat naam en geboortedatum leeg om een "
                               "dossier voor deze inwoner te openen.", field="bsn")
    if resident is None:
        for field, value, message in (
                ("first_names", first_names, "Vul de voornamen van de inwoner in."),
                ("surname", surname, "Vul de achternaam van de inwoner in."),
                ("date_of_birth", date_of_birth, "Vul de geboortedatum van de inwoner in.")):
            if not (value.strip() if isinstance(value, str) else value):
                raise ApplicationError(message, field=field)
        if date_of_birth > today():
            raise ApplicationError("De geboortedatum moet vandaag of eerder zijn.", field="date_of_birth")
        resident = create_resident(actor=actor, bsn=bsn, first_names=first_names.strip(),
                                   surname=surname.strip(), date_of_birth=date_of_birth)
    return open_case(actor=actor, resident=resident, statute=statute, legal_basis=legal_basis,
                     request=request, team=team)
