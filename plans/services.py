"""Every write for household plans and maatwerk requests. Keyword-only, `actor=`, atomic.

Views reach a dossier only through `cases.access.access_case` and a request only through
`plans.access.access_request`; these services then enforce the rules that must hold for any
caller (screen, admin, command)."""

import datetime as dt
import json

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.models import Case
from cases.rules import representation_on
from cases.selectors import cases_for_user
from core.dates import today
from core.errors import ApplicationError
from processors.models import DataCategory

from . import rules
from .models import (
    Decision,
    DecisionImmutable,
    ForwardingRecord,
    LifeDomain,
    MaatwerkRequest,
    Plan,
    PlanSection,
    PlanVersion,
    ProvisionKind,
    RequestConsent,
    Statute,
)

RECIPIENT = "Zorgplein, gemeente Doetinchem"
# The ground for handing the extract to the Zorgplein (issue 7's disclosure register takes these over).
LEGAL_GROUNDS = {
    Statute.WMO: "Wettelijke taak (AVG art. 6 lid 1 e; art. 9 lid 2 h), Wmo 2015 art. 2.3.5 en 5.1.1",
    Statute.JEUGDWET: "Wettelijke taak (AVG art. 6 lid 1 e; art. 9 lid 2 h), Jeugdwet art. 2.3 en 7.4.0",
}
SECTION_FIELDS = (("going_well", "Wat goed gaat"), ("goals", "Doelen"), ("actions", "Acties"),
                  ("who_does_what", "Wie doet wat"))


# --- the household plan (P-2.2.2, R7.4, R7.5) ---------------------------------------------

def visible_sections(*, user, plan: Plan):
    """Sections for the whole household, about this dossier's resident, or about a member whose
    dossier the user works on (cases_for_user: the gate's own rule)."""
    own = cases_for_user(user).values("pk")
    return plan.sections.filter(Q(member_case__isnull=True) | Q(member_case=plan.case_id)
                                | Q(member_case__in=own)).select_related("opened_by", "member_case")


def member_cases(*, user, case: Case):
    """The dossiers of household members that the user works on (for per-member sections)."""
    membership = getattr(case.resident, "household_membership", None)
    if membership is None:
        return Case.objects.none()
    residents = membership.household.members.values("resident_id")
    return cases_for_user(user).filter(resident_id__in=residents).exclude(pk=case.pk).order_by("number")


def _check_open(case: Case) -> None:
    if case.status != Case.Status.OPEN:
        raise ApplicationError("Dit dossier is gesloten. Je kunt het gezinsplan alleen inzien.")


def _bump(plan: Plan, *, actor, summary: str, section: PlanSection | None) -> PlanVersion:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    return PlanVersion.objects.create(plan=plan, number=plan.version, section=section, summary=summary[:200],
                                      changed_by=actor)


@transaction.atomic
def open_domain(*, case: Case, actor, domain: str, reason: str, member_case: Case | None = None) -> PlanSection:
    """R7.5 / P-2.2.2: a life domain is opened only with a reason that links it to the request
    (the AP found recording every domain for everyone excessive). Domains start closed."""
    _check_open(case)
    if domain not in LifeDomain.values:
        raise ApplicationError("Kies het leefgebied.", field="domain")
    if not (reason or "").strip():
        raise ApplicationError("Leg uit waarom dit leefgebied nodig is voor de hulpvraag.", field="reason")
    if member_case is not None and member_case.pk != case.pk and \
            not member_cases(user=actor, case=case).filter(pk=member_case.pk).exists():
        raise ApplicationError("Je kunt alleen een deel openen over een gezinslid met wie je werkt.",
                               field="member_case")
    plan, _ = Plan.objects.get_or_create(case=case)
    if plan.sections.filter(domain=domain, member_case=member_case).exists():
        raise ApplicationError("Dit leefgebied staat al in het gezinsplan.", field="domain")
    section = PlanSection.objects.create(plan=plan, domain=domain, member_case=member_case,
                                         reason=reason.strip(), opened_by=actor)
    _bump(plan, actor=actor, summary=f"Leefgebied {LifeDomain(domain).label} geopend", section=section)
    return section


@transaction.atomic
def update_section(*, section: PlanSection, actor, **values) -> PlanSection:
    """Goals and actions per domain. A new version names the changed fields, never the text."""
    _check_open(section.plan.case)
    if not visible_sections(user=actor, plan=section.plan).filter(pk=section.pk).exists():
        raise ApplicationError("Dit deel van het gezinsplan hoort bij een dossier waar je niet aan werkt.")
    changed = []
    for field, label in SECTION_FIELDS:
        if field not in values:
            continue
        new = (values[field] or "").strip() or None
        if new != getattr(section, field):
            setattr(section, field, new)
            changed.append(label.lower())
    if not changed:
        return section
    section.save(update_fields=[f for f, _ in SECTION_FIELDS])
    _bump(section.plan, actor=actor, section=section,
          summary=f"Leefgebied {section.get_domain_display()} gewijzigd: {', '.join(changed)}")
    return section


# --- what may go to the Zorgplein (P-2.2.2, P-2.2.1) -------------------------------------

def extract_options(*, case: Case, user) -> list[dict]:
    """Everything the coach may choose to forward. Nothing is chosen in advance (UX 2)."""
    options = [
        {"key": "identity", "label": "Naam, geboortedatum en adres van de inwoner",
         "category": DataCategory.ORDINARY},
        {"key": "request", "label": "De hulpvraag", "category": DataCategory.ORDINARY},
    ]
    plan = Plan.objects.filter(case=case).first()
    if plan is not None:
        for section in visible_sections(user=user, plan=plan):
            about = f" (dossier {section.member_case.number})" if section.member_case_id else ""
            options.append({"key": f"section:{section.pk}", "label": f"Gezinsplan: {section.get_domain_display()}"
                            f"{about}", "category": rules.domain_category(section.domain)})
    for document in case.documents.all():
        options.append({"key": f"document:{document.pk}", "label": f"Document: {document.name}",
                        "category": document.category})
    return options


def build_extract(*, case: Case, user, keys: list[str]) -> dict:
    """The snapshot the reviewer will see: only the chosen parts, with their content now."""
    by_key = {o["key"]: o for o in extract_options(case=case, user=user)}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise ApplicationError("Een gekozen onderdeel hoort niet bij dit dossier. Kies opnieuw.", field="parts")
    parts = []
    for key in [k for k in by_key if k in keys]:  # the order of the options, not of the POST
        option = by_key[key]
        part = {"key": key, "label": option["label"], "category": option["category"], "rows": []}
        kind, _, pk = key.partition(":")
        if kind == "identity":
            resident = case.resident
            part["rows"] = [["Naam", resident.full_name],
                            ["Geboortedatum", date_format(resident.date_of_birth, "DATE_FORMAT")],
                            ["Adres", resident.address or "Niet ingevuld"]]
        elif kind == "request":
            part["rows"] = [["Hulpvraag", case.request]]
        elif kind == "section":
            section = PlanSection.objects.get(pk=pk)
            part["rows"] = [["Waarom dit leefgebied", section.reason]] + [
                [label, getattr(section, field) or "Niet ingevuld"] for field, label in SECTION_FIELDS]
        elif kind == "document":
            document = case.documents.get(pk=pk)
            part["document_id"] = document.pk
            part["rows"] = [["Document", document.name]]
        parts.append(part)
    return {"case_number": case.number, "parts": parts}


def consent_options(*, case: Case, on: dt.date) -> tuple:
    """P-2.1.6: who acts for the resident on that day, and whose agreement can be recorded."""
    outcome = representation_on(case.resident.date_of_birth, on, incapacitated=case.incapacitated,
                                custodial_parents_disagree=case.custodial_parents_disagree)
    representatives = [r for r in case.resident.representations.all() if r.custody_verified]
    return outcome, representatives


# --- forwarding a maatwerk request ---------------------------------------------------------

def _next_reference(prefix: str, model, year: int) -> str:
    count = model.objects.filter(reference__startswith=f"{prefix}-{year}-").count()
    return f"{prefix}-{year}-{count + 1:04d}"


def prepare_forward(*, case: Case, actor, statute: str, question: str, notified_on: dt.date | None,
                    applied_on: dt.date | None, parts: list[str], resident_agreed: bool,
                    representatives_agreed: list[int], consent_on: dt.date | None) -> dict:
    """Every check of forward_request, without writing: the check page shows exactly this extract."""
    if case.status != Case.Status.OPEN:
        raise ApplicationError("Dit dossier is gesloten. Je kunt geen maatwerkverzoek meer doorsturen.")
    if statute not in Statute.values:
        raise ApplicationError("Kies de wet: Wmo 2015 of Jeugdwet.", field="statute")
    if not (question or "").strip():
        raise ApplicationError("Schrijf op welke voorziening nodig is en waarom.", field="question")
    on = today()
    for field, message in rules.term_errors(statute, notified_on=notified_on, applied_on=applied_on,
                                            on=on).items():
        raise ApplicationError(message, field=field)
    if not parts:
        raise ApplicationError("Kies wat het Zorgplein moet zien om te beslissen.", field="parts")
    extract = build_extract(case=case, user=actor, keys=parts)
    outcome, representatives = consent_options(case=case, on=on)
    verified = {r.pk for r in representatives}
    agreed = {int(pk) for pk in representatives_agreed}
    if agreed - verified:
        raise ApplicationError("Kies alleen vertegenwoordigers van wie het gezag is gecontroleerd.",
                               field="consents")
    missing = rules.missing_consents(outcome, verified_representatives=verified, representatives_agreed=agreed,
                                     resident_agreed=resident_agreed)
    if missing:
        raise ApplicationError(" ".join(missing), field="consents")
    if consent_on is None:
        raise ApplicationError("Vul in wanneer is ingestemd met het verzoek.", field="consent_on")
    if consent_on > on:
        raise ApplicationError("De datum van instemming moet vandaag of eerder zijn.", field="consent_on")
    extract["consents"] = [f"{r.get_kind_display()}" for r in representatives if r.pk in agreed] + (
        ["De inwoner zelf"] if resident_agreed else [])
    extract["question"] = question.strip()
    extract["statute"] = statute
    extract["deadline"] = rules.statutory_deadline(statute, notified_on=notified_on,
                                                   applied_on=applied_on).isoformat()
    return extract


@transaction.atomic
def forward_request(*, case: Case, actor, statute: str, question: str, notified_on: dt.date | None,
                    applied_on: dt.date | None, parts: list[str], resident_agreed: bool,
                    representatives_agreed: list[int], consent_on: dt.date | None) -> MaatwerkRequest:
    """P-2.2.2: the coach judges *that* a provision is needed and forwards the request with the
    extract the reviewer needs. The forwarding is a disclosure to the Zorgplein: recorded with
    recipient, legal ground and data categories, and logged as an export. P-2.1.6: the request
    is not forwarded without the agreement the representation rules require on that day."""
    case = Case.objects.select_for_update().select_related("resident").get(pk=case.pk)
    extract = prepare_forward(case=case, actor=actor, statute=statute, question=question, notified_on=notified_on,
                              applied_on=applied_on, parts=parts, resident_agreed=resident_agreed,
                              representatives_agreed=representatives_agreed, consent_on=consent_on)
    now = timezone.now()
    request = MaatwerkRequest.objects.create(
        reference=_next_reference("MV", MaatwerkRequest, now.year), case=case, statute=statute,
        question=question.strip(), notified_on=notified_on, applied_on=applied_on,
        deadline=dt.date.fromisoformat(extract["deadline"]), extract=json.dumps(extract),
        status=MaatwerkRequest.Status.FORWARDED, created_by=actor, forwarded_at=now)
    for pk in sorted({int(pk) for pk in representatives_agreed}):
        RequestConsent.objects.create(request=request, representation_id=pk, given_on=consent_on, recorded_by=actor)
    if resident_agreed:
        RequestConsent.objects.create(request=request, given_on=consent_on, recorded_by=actor)
    _record_forwarding(request=request, actor=actor, extract=extract)
    return request


def _record_forwarding(*, request: MaatwerkRequest, actor, extract: dict) -> ForwardingRecord:
    categories = sorted({p["category"] for p in extract["parts"]})
    record = ForwardingRecord.objects.create(
        request=request, recipient=RECIPIENT, legal_ground=LEGAL_GROUNDS[Statute(request.statute)],
        categories=categories, parts=[p["key"] for p in extract["parts"]], forwarded_by=actor)
    log_access(actor=actor, events=[AccessEvent(
        action=AccessLogEntry.Action.EXPORT, case_id=request.case_id, resident_id=request.case.resident_id,
        purpose="maatwerkverzoek_doorsturen", detail=f"verzoek {request.pk} naar Zorgplein")])
    return record


@transaction.atomic
def resubmit_request(*, request: MaatwerkRequest, actor, answer: str, parts: list[str]) -> MaatwerkRequest:
    """The coach answers a request for more information with a new extract (a new forwarding)."""
    request = MaatwerkRequest.objects.select_for_update().select_related("case__resident").get(pk=request.pk)
    if request.status != MaatwerkRequest.Status.MORE_INFO:
        raise ApplicationError("Het Zorgplein heeft bij dit verzoek geen informatie gevraagd.")
    if not (answer or "").strip():
        raise ApplicationError("Schrijf je antwoord aan het Zorgplein.", field="answer")
    if not parts:
        raise ApplicationError("Kies wat het Zorgplein moet zien om te beslissen.", field="parts")
    extract = build_extract(case=request.case, user=actor, keys=parts)
    previous = request.extract_data
    for key in ("consents", "question", "statute", "deadline"):
        extract[key] = previous.get(key)
    extract["answer"] = answer.strip()
    request.extract, request.status = json.dumps(extract), MaatwerkRequest.Status.FORWARDED
    request.save(update_fields=["extract", "status"])
    _record_forwarding(request=request, actor=actor, extract=extract)
    return request


# --- the Zorgplein (reviewer) --------------------------------------------------------------

def _lock_for_review(request: MaatwerkRequest) -> MaatwerkRequest:
    request = MaatwerkRequest.objects.select_for_update().select_related("case").get(pk=request.pk)
    if request.status == MaatwerkRequest.Status.DECIDED:
        raise ApplicationError("Over dit verzoek is al een besluit vastgelegd.")
    if request.status != MaatwerkRequest.Status.FORWARDED:
        raise ApplicationError("Dit verzoek ligt bij de buurtcoach. Wacht op het antwoord.")
    return request


@transaction.atomic
def take_on(*, request: MaatwerkRequest, actor) -> MaatwerkRequest:
    request = _lock_for_review(request)
    request.handler = actor
    request.save(update_fields=["handler"])
    return request


@transaction.atomic
def ask_more_information(*, request: MaatwerkRequest, actor, question: str) -> MaatwerkRequest:
    """Back to the coach with what is missing, status "Meer informatie nodig"; always with a reason."""
    request = _lock_for_review(request)
    if not (question or "").strip():
        raise ApplicationError("Schrijf op welke informatie je nodig hebt en waarom.", field="reasons")
    request.status, request.more_info_question = MaatwerkRequest.Status.MORE_INFO, question.strip()
    request.handler = request.handler or actor
    request.save(update_fields=["status", "more_info_question", "handler"])
    return request


def open_missing_information(case: Case) -> int:
    return case.missing_information.filter(resolved_at__isnull=True).count()


def check_decision(*, case: Case, outcome: str, reasons: str, provision_kind: str, period_start, period_end):
    if outcome not in Decision.Outcome.values:
        raise ApplicationError("Kies het besluit.", field="outcome")
    if not (reasons or "").strip():
        raise ApplicationError("Schrijf de motivering van het besluit.", field="reasons")
    if outcome != Decision.Outcome.REFUSED:
        blocked = rules.reasons_not_to_grant(open_missing_information=open_missing_information(case))
        if blocked:
            raise ApplicationError(" ".join(blocked), field="outcome")
        if provision_kind not in ProvisionKind.values:
            raise ApplicationError("Kies de soort voorziening.", field="provision_kind")
        if period_start is None:
            raise ApplicationError("Vul de ingangsdatum in.", field="period_start")
    if period_start and period_end and period_end < period_start:
        raise ApplicationError("De einddatum moet op of na de ingangsdatum liggen.", field="period_end")


def _create_decision(*, request, actor, outcome, reasons, provision_kind, scope, period_start, period_end,
                     provider, corrects=None) -> Decision:
    granted = outcome != Decision.Outcome.REFUSED
    year = timezone.now().year
    return Decision.objects.create(
        reference=_next_reference("BS", Decision, year), request=request, outcome=outcome, reasons=reasons.strip(),
        provision_kind=provision_kind if granted else "", scope=(scope or "").strip() or None if granted else None,
        period_start=period_start if granted else None, period_end=period_end if granted else None,
        provider=(provider or "").strip()[:200] if granted else "", corrects=corrects, decided_by=actor)


@transaction.atomic
def issue_decision(*, request: MaatwerkRequest, actor, outcome: str, reasons: str, provision_kind: str = "",
                   scope: str = "", period_start: dt.date | None = None, period_end: dt.date | None = None,
                   provider: str = "") -> Decision:
    """P-2.2.2: the Zorgplein decides *what* provision, always with reasons. P-2.4: no grant
    while essential information is missing. Issued once; a second attempt is refused."""
    request = _lock_for_review(request)
    check_decision(case=request.case, outcome=outcome, reasons=reasons, provision_kind=provision_kind,
                    period_start=period_start, period_end=period_end)
    decision = _create_decision(request=request, actor=actor, outcome=outcome, reasons=reasons,
                                provision_kind=provision_kind, scope=scope, period_start=period_start,
                                period_end=period_end, provider=provider)
    request.status, request.handler = MaatwerkRequest.Status.DECIDED, request.handler or actor
    request.save(update_fields=["status", "handler"])
    return decision


@transaction.atomic
def correct_decision(*, previous: Decision, actor, outcome: str, reasons: str, provision_kind: str = "",
                     scope: str = "", period_start: dt.date | None = None, period_end: dt.date | None = None,
                     provider: str = "") -> Decision:
    """An issued decision is never edited: a correction is a new decision that refers to it."""
    previous = Decision.objects.select_for_update().select_related("request__case").get(pk=previous.pk)
    if Decision.objects.filter(corrects=previous).exists():
        raise ApplicationError("Dit besluit is al gecorrigeerd. Corrigeer het nieuwste besluit.")
    check_decision(case=previous.request.case, outcome=outcome, reasons=reasons, provision_kind=provision_kind,
                    period_start=period_start, period_end=period_end)
    return _create_decision(request=previous.request, actor=actor, outcome=outcome, reasons=reasons,
                            provision_kind=provision_kind, scope=scope, period_start=period_start,
                            period_end=period_end, provider=provider, corrects=previous)


def change_decision(*, decision: Decision, actor, **changes):
    """There is no editing of an issued decision (the rule has one answer for every caller)."""
    raise DecisionImmutable()
