"""Forwarding a maatwerk request: chosen parts only, nothing pre-selected, recorded as a
disclosure to the Zorgplein, consents for minors (P-2.2.2, P-2.2.1, P-2.1.6)."""

import datetime as dt
import re

import pytest

from audit.models import AccessLogEntry
from core.dates import today
from core.errors import ApplicationError
from plans.models import ForwardingRecord, MaatwerkRequest, RequestConsent

from ..conftest import verified, verified_login
from ..factories import make_case
from .helpers import forward, forwarded_request, minor_case, plan_with_domains

pytestmark = pytest.mark.django_db


@pytest.mark.policy("P-2.2.2")
@pytest.mark.policy("P-2.2.1")
def test_the_extract_holds_only_the_chosen_parts(coach_with_agreement):
    _, request, records = forwarded_request(verified(coach_with_agreement))
    extract = request.extract_data
    assert [p["key"] for p in extract["parts"]] == [
        "identity", f"section:{records['housing'].pk}", f"document:{records['document'].pk}"]
    text = request.extract
    assert "Traplift aanvragen." in text
    assert "GEHEIM-FINANCIEN-DOEL" not in text and "GEHEIME-HULPVRAAG-TEKST" not in text
    assert "Niet doorgestuurd document" not in text


@pytest.mark.policy("P-2.2.2")
def test_the_extract_is_a_snapshot_and_encrypted_at_rest(coach_with_agreement):
    from django.db import connection

    from plans import services
    coach = verified(coach_with_agreement)
    _, request, records = forwarded_request(coach)
    services.update_section(section=records["housing"], actor=coach, actions="LATER-GEWIJZIGD")
    request.refresh_from_db()
    assert "LATER-GEWIJZIGD" not in request.extract and "Traplift aanvragen." in request.extract
    with connection.cursor() as cursor:
        cursor.execute("SELECT extract FROM plans_maatwerkrequest WHERE id = %s", [request.pk])
        assert "Traplift" not in cursor.fetchone()[0]


@pytest.mark.policy("P-2.2.2")
def test_forwarding_is_recorded_as_a_disclosure_and_logged_as_an_export(coach_with_agreement):
    case, request, _ = forwarded_request(verified(coach_with_agreement))
    record = ForwardingRecord.objects.get(request=request)
    assert record.recipient == "Zorgplein, gemeente Doetinchem"
    assert "Wmo 2015 art. 2.3.5" in record.legal_ground
    assert record.categories == ["ordinary"]
    assert record.parts == [p["key"] for p in request.extract_data["parts"]]
    assert record.forwarded_by == coach_with_agreement
    assert AccessLogEntry.objects.filter(action="export", case_id=case.pk, purpose="maatwerkverzoek_doorsturen",
                                         user=coach_with_agreement).count() == 1


@pytest.mark.policy("P-2.2.1")
def test_a_health_domain_is_forwarded_as_health_data(coach_with_agreement):
    from plans import services
    coach = verified(coach_with_agreement)
    case = make_case(coach)
    care = services.open_domain(case=case, actor=coach, domain="care_health", reason="Valt vaak.")
    request = forward(case, coach, parts=[f"section:{care.pk}"])
    assert request.forwardings.get().categories == ["health"]


@pytest.mark.policy("P-2.2.2")
def test_nothing_goes_along_unless_chosen(coach_with_agreement):
    case = make_case(verified(coach_with_agreement))
    with pytest.raises(ApplicationError) as exc:
        forward(case, coach_with_agreement, parts=[])
    assert exc.value.field == "parts"
    other = make_case(coach_with_agreement)
    foreign_document_key = f"document:{other.pk}0"
    with pytest.raises(ApplicationError):
        forward(case, coach_with_agreement, parts=[foreign_document_key])
    assert not MaatwerkRequest.objects.exists()


def test_the_forward_form_ticks_nothing_in_advance(client, coach_with_agreement):
    case = make_case(coach_with_agreement)
    plan_with_domains(case, coach_with_agreement)
    verified_login(client, coach_with_agreement)
    html = client.get(f"/dossiers/{case.pk}/maatwerkverzoek/").content.decode()
    assert "Gezinsplan: Wonen" in html and "Gezinsplan: Financiën" in html
    assert " checked" not in html


@pytest.mark.policy("P-2.2.2")
def test_the_coach_forwards_through_a_check_page(client, coach_with_agreement):
    case = make_case(coach_with_agreement)
    housing, _ = plan_with_domains(case, coach_with_agreement)
    verified_login(client, coach_with_agreement)
    url = f"/dossiers/{case.pk}/maatwerkverzoek/"
    data = {"statute": "wmo", "question": "Traplift nodig.", "notified_on": "02-11-2026", "applied_on": "",
            "parts": ["identity", f"section:{housing.pk}"], "consents": ["resident"], "consent_on": "03-11-2026"}
    response = client.post(url, {**data, "step": "check"})
    html = response.content.decode()
    assert response.status_code == 200 and "Controleer het maatwerkverzoek" in html
    assert "Traplift aanvragen." in html and "GEHEIM-FINANCIEN-DOEL" not in html
    assert not MaatwerkRequest.objects.exists()
    response = client.post(url, {**data, "step": "confirm"})
    assert response.status_code == 302
    request = MaatwerkRequest.objects.get()
    assert request.status == "forwarded" and request.deadline == dt.date(2026, 12, 14)
    assert re.fullmatch(r"MV-\d{4}-\d{4}", request.reference)
    assert request.consents.get().representation is None


def test_bad_dates_come_back_as_dutch_errors(client, coach_with_agreement):
    case = make_case(coach_with_agreement)
    verified_login(client, coach_with_agreement)
    response = client.post(f"/dossiers/{case.pk}/maatwerkverzoek/", {
        "step": "check", "statute": "wmo", "question": "Iets.", "notified_on": "31-02-2026",
        "parts": ["request"], "consents": ["resident"], "consent_on": "01-01-2026"})
    assert response.status_code == 200
    assert "Vul een echte datum in" in response.content.decode()


def test_a_participatiewet_dossier_has_no_maatwerk_request(client, caseworker):
    case = make_case(caseworker, statute="participatiewet")
    verified_login(client, caseworker)
    assert client.get(f"/dossiers/{case.pk}/maatwerkverzoek/").status_code == 404


@pytest.mark.policy("P-2.1.6")
def test_a_request_for_a_child_of_10_needs_a_parent_with_custody(coach_with_agreement):
    born = today().replace(year=today().year - 10) - dt.timedelta(days=3)
    case, (parent,) = minor_case(coach_with_agreement, born=born)
    with pytest.raises(ApplicationError) as exc:
        forward(case, coach_with_agreement, statute="jeugdwet", parts=["request"], resident_agreed=False)
    assert exc.value.field == "consents"
    request = forward(case, coach_with_agreement, statute="jeugdwet", parts=["request"], resident_agreed=False,
                      representatives_agreed=[parent.pk])
    assert RequestConsent.objects.get(request=request).representation == parent


@pytest.mark.policy("P-2.1.6")
def test_a_request_for_a_child_of_13_needs_the_child_and_a_parent(coach_with_agreement):
    born = today().replace(year=today().year - 13) - dt.timedelta(days=3)
    case, (parent,) = minor_case(coach_with_agreement, born=born)
    for resident, reps in ((True, []), (False, [parent.pk])):
        with pytest.raises(ApplicationError):
            forward(case, coach_with_agreement, statute="jeugdwet", parts=["request"], resident_agreed=resident,
                    representatives_agreed=reps)
    request = forward(case, coach_with_agreement, statute="jeugdwet", parts=["request"], resident_agreed=True,
                      representatives_agreed=[parent.pk])
    assert request.consents.count() == 2


@pytest.mark.policy("P-2.1.6")
def test_parents_who_disagree_both_agree_before_forwarding(coach_with_agreement):
    born = today().replace(year=today().year - 8)
    case, (first, second) = minor_case(coach_with_agreement, born=born, disagree=True, parents=2)
    with pytest.raises(ApplicationError):
        forward(case, coach_with_agreement, statute="jeugdwet", parts=["request"], resident_agreed=False,
                representatives_agreed=[first.pk])
    forward(case, coach_with_agreement, statute="jeugdwet", parts=["request"], resident_agreed=False,
            representatives_agreed=[first.pk, second.pk])


def test_a_closed_dossier_forwards_nothing(coach_with_agreement):
    case = make_case(coach_with_agreement)
    case.status = "closed"
    case.save(update_fields=["status"])
    with pytest.raises(ApplicationError):
        forward(case, coach_with_agreement, parts=["request"])
