"""Every write about disclosures. record_disclosure is the only way data leaves a dossier.

Each guard names its rule; the forms ask the same questions, but the rule holds here so it
holds for the screen, an API, the admin and a management command alike.
"""

import base64
import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Organisation
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.access import access_case
from cases.models import Case
from core.dates import today
from core.errors import ApplicationError
from meldcode import selectors as meldcode_selectors
from processors.models import DataCategory, Purpose
from processors.rules import organisation_may_receive

from . import items as dossier_items
from . import rules
from .models import (
    ClientInformed,
    ClientInformedDecision,
    Consultation,
    Disclosure,
    DisclosureReview,
    LegalGround,
    Objection,
    StatutoryRequest,
)


def _text(value) -> str:
    return (value or "").strip()


def _check_items(item_ids, categories) -> tuple[list[dict], list[str]]:
    if not item_ids:
        raise ApplicationError("Kies welke gegevens je verstrekt.", field="items")
    unknown = [i for i in item_ids if i not in dossier_items.BY_ID]
    if unknown:
        raise ApplicationError("Kies alleen gegevens uit de lijst.", field="items")
    if any(c not in DataCategory.values for c in categories or []):
        raise ApplicationError("Kies alleen gegevenscategorieën uit de lijst.", field="categories")
    chosen = [dossier_items.BY_ID[i] for i in dict.fromkeys(item_ids)]
    effective = sorted(set(categories or []) | {i.category for i in chosen})
    return [{"id": i.id, "label": i.label} for i in chosen], effective


def _check_resubmission(submission_key):
    """UX 3.9: a check page sent twice (back button, resubmit) records one disclosure."""
    earlier = Disclosure.objects.filter(submission_key=submission_key).first() if submission_key else None
    if earlier is not None:
        raise ApplicationError(f"Deze verstrekking is al vastgelegd op {earlier.recorded_at:%d-%m-%Y}.")


def _check_ground(*, case, recipient, legal_ground, purpose):
    if legal_ground not in LegalGround.values:
        raise ApplicationError("Kies de grondslag voor deze verstrekking.", field="legal_ground")
    if legal_ground == LegalGround.WPG:
        raise ApplicationError("De Wet politiegegevens is de grondslag voor gegevens die je van de "
                               "politie ontvangt, niet voor een verstrekking.", field="legal_ground")
    if purpose not in Purpose.values or purpose != case.statute:
        # P-2.1.1: the purpose of a disclosure is the purpose of the dossier it leaves.
        raise ApplicationError("Het doel van de verstrekking moet het doel van het dossier zijn.",
                               field="purpose")
    if recipient is None or not recipient.is_external:
        raise ApplicationError("Kies de organisatie die de gegevens ontvangt.", field="recipient")
    if rules.is_statutory(legal_ground) and recipient.kind != Organisation.Kind.STATUTORY_BODY:
        raise ApplicationError("Deze grondslag geldt alleen voor Veilig Thuis, de Raad voor de "
                               "Kinderbescherming of een gecertificeerde instelling.", field="legal_ground")


def _check_objection(case, legal_ground):
    """P-2.3.4: while an objection is undecided only statutory disclosures may go out."""
    if not rules.is_statutory(legal_ground) and Objection.objects.filter(case=case, outcome="").exists():
        raise ApplicationError("De inwoner heeft bezwaar gemaakt tegen gegevensverwerking en daarover is "
                               "nog niet besloten. Alleen een verstrekking op een wettelijke grondslag "
                               "is nu mogelijk.")


def _check_processor(recipient, purpose, categories, on):
    """P-3: a processor receives data only under an agreement in force on this day that covers
    the purpose and every category sent."""
    if rules.needs_processor_agreement(recipient) and not organisation_may_receive(
            recipient, purpose=purpose, categories=categories, on=on):
        raise ApplicationError("Deze verwerker heeft vandaag geen verwerkersovereenkomst die dit doel en "
                               "deze gegevenscategorieën dekt. Verstrekken is niet toegestaan.",
                               field="recipient")


def _check_enforcement(recipient, client_confronted_on, safety_reason, on) -> bool:
    """P-2.1.3: to police, public prosecutor, compulsory-education officers or fraud
    investigation only after confronting the client, or with a recorded safety reason."""
    if recipient.kind != Organisation.Kind.ENFORCEMENT:
        return False
    if client_confronted_on is None and not _text(safety_reason):
        raise ApplicationError("Leg vast wanneer je de inwoner eerst hebt geconfronteerd, of waarom dat "
                               "om veiligheidsredenen niet kon.", field="client_confronted_on")
    if client_confronted_on is not None and client_confronted_on > on:
        raise ApplicationError("De datum van de confrontatie moet vandaag of eerder zijn.",
                               field="client_confronted_on")
    return True


def _check_necessity(case, necessity):
    """P-2.1.7: in the compulsory framework no consent is asked; the necessity of each
    exchange is recorded instead."""
    if case.compulsory_framework and len(_text(necessity)) < 10:
        raise ApplicationError("Dit dossier valt onder het gedwongen kader. Leg vast waarom deze "
                               "uitwisseling nodig is voor de wettelijke taak.", field="necessity")


def _check_consultation(case, consultation):
    if consultation is None or consultation.case_id != case.pk:
        raise ApplicationError("Niet informeren kan alleen na een consultatie over dit dossier.",
                               field="consultation")
    if consultation.answered_at is None or not _text(consultation.advice):
        raise ApplicationError("De geraadpleegde collega heeft het advies nog niet vastgelegd.",
                               field="consultation")
    if not rules.consultee_is_designated(consultation.consultee) and not _text(consultation.colleague_reason):
        raise ApplicationError("Raadpleeg de aandachtsfunctionaris of de teamleider, of leg vast waarom "
                               "dat niet kon.", field="consultation")


def _check_informed(*, case, decision, informed_on, inform_on, consultation, answers, on) -> bool:
    """UX 3.4 / P-2.3.2 / P-2.3.3: whether and when the client is told. Returns the flag."""
    if decision == ClientInformedDecision.INFORMED:
        if informed_on is None or informed_on > on:
            raise ApplicationError("Vul de datum in waarop de inwoner is geïnformeerd (vandaag of eerder).",
                                   field="informed_on")
        return False
    if decision == ClientInformedDecision.WILL_INFORM:
        if inform_on is None or inform_on < on:
            raise ApplicationError("Vul de datum in waarop je de inwoner informeert (vandaag of later).",
                                   field="inform_on")
        return False
    if decision == ClientInformedDecision.NOT_INFORMED:
        _check_consultation(case, consultation)
        if not meldcode_selectors.has_consulted(case):  # P-2.3.3: follow the Meldcode steps first
            raise ApplicationError("Volg eerst de meldcode voor dit dossier, tot en met stap 2 (collega "
                                   "raadplegen).", field="client_informed")
        if any(len(_text(a)) < 10 for a in answers):
            raise ApplicationError("Beantwoord de drie vragen: welk risico of belang, hoe je spreken en "
                                   "zwijgen hebt afgewogen, en wie welke informatie krijgt.",
                                   field="safety_interest")
        return True
    raise ApplicationError("Geef aan of de inwoner is geïnformeerd.", field="client_informed")


@transaction.atomic
def record_disclosure(*, actor, case: Case, recipient: Organisation, legal_ground: str, purpose: str,
                      categories, items, decided_by, client_informed: str,
                      informed_on: dt.date | None = None, inform_on: dt.date | None = None,
                      consultation: Consultation | None = None, safety_interest: str = "",
                      weighing: str = "", who_gets_what: str = "",
                      client_confronted_on: dt.date | None = None, safety_reason: str = "",
                      necessity: str = "", submission_key=None) -> Disclosure:
    """Record one verstrekking (P-2.1.3, P-2.1.4, P-2.1.7, P-2.3.3, P-2.3.4, P-3) and log it
    as an export (L-LOG). Refuses with one clear message when a rule is not met."""
    case = access_case(actor, case.pk, purpose="verstrekking", write=True)
    on = today()
    _check_resubmission(submission_key)
    _check_ground(case=case, recipient=recipient, legal_ground=legal_ground, purpose=purpose)
    item_rows, effective = _check_items(items, categories)
    _check_objection(case, legal_ground)
    _check_processor(recipient, purpose, effective, on)
    enforcement = _check_enforcement(recipient, client_confronted_on, safety_reason, on)
    _check_necessity(case, necessity)
    if decided_by is None or decided_by.is_external:
        raise ApplicationError("Leg vast welke medewerker van de gemeente tot deze verstrekking heeft besloten.",
                               field="decided_by")
    answers = (safety_interest, weighing, who_gets_what)
    silent = _check_informed(case=case, decision=client_informed, informed_on=informed_on,
                             inform_on=inform_on, consultation=consultation, answers=answers, on=on)
    disclosure = Disclosure.objects.create(
        case=case, recipient=recipient, recipient_kind=recipient.kind, legal_ground=legal_ground,
        purpose=purpose, categories=effective, items=item_rows, decided_by=decided_by, recorded_by=actor,
        consultation=consultation if silent else None, client_informed=client_informed,
        inform_on=inform_on if client_informed == ClientInformedDecision.WILL_INFORM else None,
        safety_interest=_text(safety_interest) or None if silent else None,
        weighing=_text(weighing) or None if silent else None,
        who_gets_what=_text(who_gets_what) or None if silent else None,
        client_confronted_on=client_confronted_on if enforcement else None,
        safety_reason=_text(safety_reason) or None if enforcement else None,
        necessity=_text(necessity) or None, flagged_for_privacy_officer=enforcement or silent,
        submission_key=submission_key,
    )
    if client_informed == ClientInformedDecision.INFORMED:
        ClientInformed.objects.create(disclosure=disclosure, informed_on=informed_on, recorded_by=actor)
    log_access(actor=actor, events=[AccessEvent(
        action=AccessLogEntry.Action.EXPORT, case_id=case.pk, resident_id=case.resident_id,
        purpose="verstrekking", detail=f"verstrekking:{disclosure.pk}")])
    return disclosure


@transaction.atomic
def mark_client_informed(*, actor, disclosure: Disclosure, informed_on: dt.date) -> ClientInformed:
    """P-2.1.4 / P-2.3.2: the client was told; this ends the reminder."""
    access_case(actor, disclosure.case_id, purpose="verstrekking_inwoner_geinformeerd", write=True)
    if informed_on is None or informed_on > today():
        raise ApplicationError("Vul de datum in waarop de inwoner is geïnformeerd (vandaag of eerder).",
                               field="informed_on")
    if ClientInformed.objects.filter(disclosure=disclosure).exists():
        raise ApplicationError("Al vastgelegd dat de inwoner over deze verstrekking is geïnformeerd.")
    return ClientInformed.objects.create(disclosure=disclosure, informed_on=informed_on, recorded_by=actor)


@transaction.atomic
def request_consultation(*, actor, case: Case, consultee, question: str,
                         colleague_reason: str = "") -> Consultation:
    """P-2.3.3: ask the aandachtsfunctionaris or the team lead; another colleague only with a
    reason why they could not be reached."""
    case = access_case(actor, case.pk, purpose="consultatie", write=True)
    if consultee is None or consultee.pk == actor.pk or consultee.is_external or not consultee.is_active:
        raise ApplicationError("Kies een collega van de gemeente om te raadplegen.", field="consultee")
    if len(_text(question)) < 10:
        raise ApplicationError("Beschrijf je vraag aan de collega in een paar zinnen.", field="question")
    if not rules.consultee_is_designated(consultee) and len(_text(colleague_reason)) < 10:
        raise ApplicationError("Leg vast waarom je niet de aandachtsfunctionaris of de teamleider "
                               "raadpleegt.", field="colleague_reason")
    return Consultation.objects.create(case=case, requested_by=actor, consultee=consultee,
                                       question=_text(question), colleague_reason=_text(colleague_reason) or None)


@transaction.atomic
def answer_consultation(*, actor, consultation: Consultation, advice: str) -> Consultation:
    """P-2.3.3: only the consulted person records the advice, once."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.consultee_id != actor.pk:
        raise ApplicationError("Alleen de geraadpleegde collega legt het advies vast.")
    if consultation.answered_at is not None:
        raise ApplicationError("Het advies is al vastgelegd.")
    if len(_text(advice)) < 10:
        raise ApplicationError("Schrijf je advies in een paar zinnen.", field="advice")
    consultation.advice, consultation.answered_at = _text(advice), timezone.now()
    consultation.save(update_fields=["advice", "answered_at"])
    return consultation


@transaction.atomic
def register_statutory_request(*, actor, case: Case, requester: Organisation, received_on: dt.date,
                               question: str, own_initiative: bool = False) -> StatutoryRequest:
    """P-2.1.4: a request from Veilig Thuis, the Raad or a certified institution (or the
    municipality's own report of a serious threat) is registered before it is answered."""
    case = access_case(actor, case.pk, purpose="wettelijk_verzoek", write=True)
    if requester is None or requester.kind != Organisation.Kind.STATUTORY_BODY:
        raise ApplicationError("Kies Veilig Thuis, de Raad voor de Kinderbescherming of een gecertificeerde "
                               "instelling.", field="requester")
    if received_on is None or received_on > today():
        raise ApplicationError("De datum van ontvangst moet vandaag of eerder zijn.", field="received_on")
    if len(_text(question)) < 5:
        raise ApplicationError("Beschrijf wat er wordt gevraagd of gemeld.", field="question")
    return StatutoryRequest.objects.create(case=case, requester=requester, received_on=received_on,
                                           question=_text(question), own_initiative=own_initiative,
                                           registered_by=actor)


def provided_items(*, disclosure: Disclosure, case: Case) -> list[tuple[str, str]]:
    return [(dossier_items.BY_ID[row["id"]].label, dossier_items.BY_ID[row["id"]].value(case))
            for row in disclosure.items]


def render_memo_html(*, statutory_request: StatutoryRequest, disclosure: Disclosure, case: Case) -> str:
    """The memo lists exactly the items provided, with their values, and nothing else."""
    provided = provided_items(disclosure=disclosure, case=case)
    return render_to_string("disclosures/memo.html", {
        "request": statutory_request, "disclosure": disclosure, "case": case, "provided": provided})


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_tags=True)


@transaction.atomic
def answer_statutory_request(*, actor, statutory_request: StatutoryRequest, items, legal_ground: str,
                             inform_on: dt.date | None, necessity: str = "") -> StatutoryRequest:
    """P-2.1.4: answer item by item without consent, archive the memo (PDF) in the dossier and
    record the date agreed with the requester on which the client is told (the reminder)."""
    req = StatutoryRequest.objects.select_for_update().get(pk=statutory_request.pk)
    if req.disclosure_id is not None:
        raise ApplicationError("Dit verzoek is al beantwoord.")
    if not rules.is_statutory(legal_ground):
        raise ApplicationError("Kies de wettelijke grondslag voor dit verzoek.", field="legal_ground")
    disclosure = record_disclosure(
        actor=actor, case=req.case, recipient=req.requester, legal_ground=legal_ground,
        purpose=req.case.statute, categories=[], items=items, decided_by=actor,
        client_informed=ClientInformedDecision.WILL_INFORM, inform_on=inform_on, necessity=necessity)
    pdf = _pdf(render_memo_html(statutory_request=req, disclosure=disclosure, case=req.case))
    req.disclosure, req.memo_pdf, req.memo_size = disclosure, base64.b64encode(pdf).decode(), len(pdf)
    req.save(update_fields=["disclosure", "memo_pdf", "memo_size"])
    return req


def export_memo(*, actor, statutory_request: StatutoryRequest) -> bytes:
    """The archived memo, through the gate, logged as an export (UX 3.16, L-LOG)."""
    case = access_case(actor, statutory_request.case_id, purpose="memo_downloaden")
    if not statutory_request.memo_pdf:
        raise ApplicationError("Voor dit verzoek is nog geen memo gemaakt.")
    log_access(actor=actor, events=[AccessEvent(
        action=AccessLogEntry.Action.EXPORT, case_id=case.pk, resident_id=case.resident_id,
        purpose="memo_downloaden", detail=f"verzoek:{statutory_request.pk}")])
    return base64.b64decode(statutory_request.memo_pdf)


@transaction.atomic
def register_objection(*, actor, case: Case, received_on: dt.date, grounds: str) -> Objection:
    """P-2.3.4: from now on, until decided, only statutory disclosures leave the dossier."""
    case = access_case(actor, case.pk, purpose="bezwaar_gegevensverwerking", write=True)
    if received_on is None or received_on > today():
        raise ApplicationError("De datum van ontvangst moet vandaag of eerder zijn.", field="received_on")
    if len(_text(grounds)) < 5:
        raise ApplicationError("Beschrijf waartegen de inwoner bezwaar maakt.", field="grounds")
    return Objection.objects.create(case=case, received_on=received_on, grounds=_text(grounds),
                                    registered_by=actor)


@transaction.atomic
def decide_objection(*, actor, objection: Objection, outcome: str, considerations: str,
                     resident_told_importance: bool = False, consulted: str = "",
                     resident_informed_on: dt.date | None = None) -> Objection:
    """P-2.3.4: weigh and decide. Outcome 3 (involuntary service) needs all three records: the
    resident was told the importance, a colleague or expert was consulted, and the resident was
    informed of the decision and their rights; the considerations are recorded for every outcome."""
    access_case(actor, objection.case_id, purpose="bezwaar_gegevensverwerking", write=True)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not objection.undecided:
        raise ApplicationError("Over dit bezwaar tegen gegevensverwerking is al besloten.")
    if outcome not in Objection.Outcome.values:
        raise ApplicationError("Kies de uitkomst van de afweging.", field="outcome")
    if len(_text(considerations)) < 10:
        raise ApplicationError("Leg de afweging vast: doel, alternatieven en belangen.", field="considerations")
    if resident_informed_on is not None and resident_informed_on > today():
        raise ApplicationError("De datum waarop de inwoner is geïnformeerd moet vandaag of eerder zijn.",
                               field="resident_informed_on")
    if outcome == Objection.Outcome.INVOLUNTARY:
        _check_involuntary(resident_told_importance, consulted, resident_informed_on)
    objection.outcome, objection.considerations = outcome, _text(considerations)
    objection.resident_told_importance = bool(resident_told_importance)
    objection.consulted = _text(consulted) or None
    objection.resident_informed_on = resident_informed_on
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.save()
    return objection


def _check_involuntary(told_importance, consulted, informed_on):
    if not told_importance:
        raise ApplicationError("Onvrijwillige hulp kan alleen als de inwoner is gewezen op het belang van "
                               "de hulp.", field="resident_told_importance")
    if len(_text(consulted)) < 3:
        raise ApplicationError("Leg vast welke collega of deskundige je hebt geraadpleegd.", field="consulted")
    if informed_on is None:
        raise ApplicationError("Leg vast wanneer de inwoner is geïnformeerd over het besluit en zijn rechten.",
                               field="resident_informed_on")


# --- the privacy officer's review of flagged disclosures ------------------------------------

@transaction.atomic
def review_disclosure(*, actor, disclosure: Disclosure, decision: str, comment: str) -> DisclosureReview:
    """P-2.1.3 / P-2.3.3: the privacy officer accepts or escalates a flagged disclosure, with a
    comment; recorded once, append-only."""
    from accounts import roles

    if not actor.has_role(roles.PRIVACY_OFFICER):
        raise ApplicationError("Alleen de functionaris gegevensbescherming beoordeelt verstrekkingen.")
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if not disclosure.flagged_for_privacy_officer:
        raise ApplicationError("Deze verstrekking is niet gemeld aan de functionaris gegevensbescherming.")
    if decision not in DisclosureReview.Decision.values:
        raise ApplicationError("Kies akkoord of escaleren.", field="decision")
    if not (comment or "").strip():
        raise ApplicationError("Schrijf kort op waarom je tot dit oordeel komt.", field="comment")
    existing = DisclosureReview.objects.filter(disclosure=disclosure).first()
    if existing:
        raise ApplicationError(f"Deze verstrekking is al beoordeeld op {existing.reviewed_at:%d-%m-%Y}.")
    return DisclosureReview.objects.create(disclosure=disclosure, decision=decision, comment=comment.strip(),
                                           reviewed_by=actor)
