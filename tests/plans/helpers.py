"""Shared set-up for the plans tests: a coach's Wmo dossier with a plan and a forwarded request."""

import datetime as dt

from cases.services import add_representative
from core.dates import today
from plans import services

from ..factories import make_case, make_document, make_resident


def plan_with_domains(case, actor):
    housing = services.open_domain(case=case, actor=actor, domain="housing",
                                   reason="De inwoner kan de trap niet meer op.")
    services.update_section(section=housing, actor=actor, going_well="Buren helpen met boodschappen.",
                            goals="Veilig thuis blijven wonen.", actions="Traplift aanvragen.")
    finances = services.open_domain(case=case, actor=actor, domain="finances",
                                    reason="Schulden maken het huishouden onrustig.")
    services.update_section(section=finances, actor=actor, goals="GEHEIM-FINANCIEN-DOEL")
    return housing, finances


def forward(case, actor, *, parts, statute="wmo", notified_on=None, applied_on=None, **kw):
    values = {"resident_agreed": True, "representatives_agreed": [], "consent_on": today()}
    values.update(kw)
    return services.forward_request(
        case=case, actor=actor, statute=statute, question="Traplift of woningaanpassing nodig.",
        notified_on=notified_on or today() - dt.timedelta(days=10),
        applied_on=applied_on if applied_on is not None else today() - dt.timedelta(days=2),
        parts=parts, **values)


def forwarded_request(coach):
    """The coach's dossier with two domains; only the housing domain and the identity go along."""
    case = make_case(coach, request="Hulpvraag: GEHEIME-HULPVRAAG-TEKST")
    housing, finances = plan_with_domains(case, coach)
    document = make_document(case, coach, name="Advies ergotherapeut")
    make_document(case, coach, name="Niet doorgestuurd document")
    request = forward(case, coach, parts=["identity", f"section:{housing.pk}", f"document:{document.pk}"])
    return case, request, {"housing": housing, "finances": finances, "document": document}


def minor_case(coach, *, born, disagree=False, parents=1):
    resident = make_resident(coach, date_of_birth=born)
    case = make_case(coach, resident=resident, statute="jeugdwet")
    reps = [add_representative(case=case, actor=coach, kind="parent_custody", name=f"Ouder {i}",
                               custody_verified=True) for i in range(parents)]
    if disagree:
        case.custodial_parents_disagree = True
        case.save(update_fields=["custodial_parents_disagree"])
    return case, reps
