"""Pure policy decisions for household plans and maatwerk requests: facts and dates in,
answers out. No writes, no queries."""

import datetime as dt

from cases.rules import Representation
from core.dates import atw_term_end
from processors.models import DataCategory

from .models import LifeDomain, Statute

# --- statutory terms (R7.1, R7.2) ---------------------------------------------------------

WMO_INVESTIGATION = dt.timedelta(weeks=6)  # Wmo 2015 art. 2.3.2 lid 1: onderzoek after the melding
WMO_DECISION = dt.timedelta(weeks=2)  # Wmo 2015 art. 2.3.5 lid 2: beschikking after the aanvraag
JEUGDWET_DECISION = dt.timedelta(weeks=8)  # Awb art. 4:13 lid 2: at most 8 weeks after the aanvraag


def wmo_investigation_due(notified_on: dt.date) -> dt.date:
    """P-2.2.2 / R7.1: the Wmo investigation is done within 6 weeks of the notification (melding).
    The last allowed day is the same weekday six weeks later, moved past a weekend or holiday
    by the Algemene termijnenwet."""
    return atw_term_end(notified_on, notified_on + WMO_INVESTIGATION)


def wmo_decision_due(applied_on: dt.date) -> dt.date:
    """R7.1: the Wmo decision (beschikking) within 2 weeks of the application (aanvraag)."""
    return atw_term_end(applied_on, applied_on + WMO_DECISION)


def jeugdwet_decision_due(applied_on: dt.date) -> dt.date:
    """R7.2: under the Jeugdwet the decision is taken at most 8 weeks after the application."""
    return atw_term_end(applied_on, applied_on + JEUGDWET_DECISION)


def statutory_deadline(statute: str, *, notified_on: dt.date | None, applied_on: dt.date | None) -> dt.date:
    """The deadline that orders the Zorgplein's queue: the decision term once there is an
    application; before that (Wmo only) the investigation term after the notification. Each
    term follows the Algemene termijnenwet (core/dates.py)."""
    if statute == Statute.JEUGDWET:
        if applied_on is None:
            raise ValueError("Jeugdwet: the application date is needed")
        return jeugdwet_decision_due(applied_on)
    if applied_on is not None:
        return wmo_decision_due(applied_on)
    if notified_on is None:
        raise ValueError("Wmo: the notification or the application date is needed")
    return wmo_investigation_due(notified_on)


def is_overdue(deadline: dt.date, on: dt.date) -> bool:
    """The deadline day itself is still on time; the day after is late."""
    return on > deadline


def term_errors(statute: str, *, notified_on: dt.date | None, applied_on: dt.date | None,
                on: dt.date) -> dict[str, str]:
    """Field -> Dutch message for dates that cannot be right."""
    errors = {}
    if statute == Statute.WMO and notified_on is None:
        errors["notified_on"] = "Vul de datum van de melding in."
    if statute == Statute.JEUGDWET and applied_on is None:
        errors["applied_on"] = "Vul de datum van de aanvraag in."
    if notified_on and notified_on > on:
        errors["notified_on"] = "De datum van de melding moet vandaag of eerder zijn."
    if applied_on and applied_on > on:
        errors["applied_on"] = "De datum van de aanvraag moet vandaag of eerder zijn."
    if notified_on and applied_on and applied_on < notified_on and "applied_on" not in errors:
        errors["applied_on"] = "De aanvraag kan niet eerder zijn dan de melding."
    return errors


# --- P-2.2.2 / R7.5: life domains only with a reason --------------------------------------

def domain_category(domain: str) -> str:
    """P-2.2.1: what a domain's content is, for the forwarding record."""
    return DataCategory.HEALTH if domain == LifeDomain.CARE_HEALTH else DataCategory.ORDINARY


# --- P-2.1.6: who must agree with a request for a minor or incapacitated adult -------------

def missing_consents(outcome: Representation, *, verified_representatives: set[int],
                     representatives_agreed: set[int], resident_agreed: bool) -> list[str]:
    """P-2.1.6. From `cases.rules.representation_on` on the day of forwarding: under 12 a
    parent with custody (or the guardian); 12 to 15 the child and a parent; from 16 the
    resident alone. When custodial parents disagree, all verified custodial parents (at least
    two). Only representatives whose custody was verified count."""
    missing = []
    if outcome.resident_acts and not resident_agreed:
        missing.append("Leg vast dat de inwoner instemt met het verzoek." if outcome.age >= 16 else
                       "Leg vast dat het kind instemt met het verzoek. Vanaf 12 jaar beslist het kind mee.")
    if outcome.representative_acts:
        agreed = representatives_agreed & verified_representatives
        if not verified_representatives:
            missing.append("Leg eerst de vertegenwoordiger vast en controleer het gezag.")
        elif outcome.both_parents_consent:
            if len(verified_representatives) < 2:
                missing.append("De ouders met gezag zijn het oneens. Beide ouders moeten instemmen. "
                               "Leg de tweede ouder vast en controleer het gezag.")
            elif agreed != verified_representatives:
                missing.append("De ouders met gezag zijn het oneens. Leg vast dat beide ouders instemmen.")
        elif not agreed:
            missing.append("Leg vast dat een ouder met gezag of de wettelijk vertegenwoordiger instemt.")
    return missing


# --- P-2.4: no approval while essential information is missing -----------------------------

def reasons_not_to_grant(*, open_missing_information: int) -> list[str]:
    """P-2.4 / P-2.2.1: a request cannot be granted while essential information is missing."""
    if open_missing_information:
        return ["Je kunt niet toekennen: er ontbreekt nog informatie die nodig is voor het besluit. "
                "Vraag de buurtcoach om meer informatie."]
    return []
