"""Decisions: always with reasons, through a check page, immutable (service, model, database),
a correction refers to the previous one; P-2.4 blocks a grant; the letter is a PDF."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AccessLogEntry
from cases.services import record_missing_information, resolve_missing_information
from core.dates import today
from core.errors import ApplicationError
from plans import services
from plans.letters import decision_letter
from plans.models import Decision, DecisionImmutable, MaatwerkRequest

from ..conftest import verified, verified_login
from .helpers import forwarded_request

pytestmark = pytest.mark.django_db

GRANT = {"outcome": "granted", "reasons": "De inwoner kan de trap niet meer veilig op.",
         "provision_kind": "housing_adaptation", "scope": "Eén traplift", "period_start": dt.date(2027, 1, 1),
         "period_end": None, "provider": "Trapliftbedrijf Achterhoek"}


@pytest.fixture
def forwarded(coach_with_agreement):
    return forwarded_request(verified(coach_with_agreement))


@pytest.fixture
def decision(forwarded, zorgplein_reviewer):
    return services.issue_decision(request=forwarded[1], actor=zorgplein_reviewer, **GRANT)


@pytest.mark.policy("P-2.2.2")
@pytest.mark.parametrize("reasons", ["", "  "])
def test_a_decision_needs_reasons(forwarded, zorgplein_reviewer, reasons):
    for outcome in ("granted", "refused"):
        with pytest.raises(ApplicationError) as exc:
            services.issue_decision(request=forwarded[1], actor=zorgplein_reviewer,
                                    **{**GRANT, "outcome": outcome, "reasons": reasons})
        assert exc.value.field == "reasons"
    with pytest.raises(ApplicationError):
        services.ask_more_information(request=forwarded[1], actor=zorgplein_reviewer, question=reasons)


@pytest.mark.policy("P-2.2.2")
def test_a_grant_names_the_provision_and_its_period(forwarded, zorgplein_reviewer):
    with pytest.raises(ApplicationError) as exc:
        services.issue_decision(request=forwarded[1], actor=zorgplein_reviewer, **{**GRANT, "provision_kind": ""})
    assert exc.value.field == "provision_kind"
    with pytest.raises(ApplicationError) as exc:
        services.issue_decision(request=forwarded[1], actor=zorgplein_reviewer,
                                **{**GRANT, "period_end": dt.date(2026, 1, 1)})
    assert exc.value.field == "period_end"


@pytest.mark.policy("P-2.2.2")
def test_an_issued_decision_cannot_be_changed_by_the_service(decision, zorgplein_reviewer):
    with pytest.raises(DecisionImmutable):
        services.change_decision(decision=decision, actor=zorgplein_reviewer, reasons="Anders.")
    with pytest.raises(ApplicationError):  # nor decided a second time
        services.issue_decision(request=decision.request, actor=zorgplein_reviewer, **GRANT)


@pytest.mark.policy("P-2.2.2")
def test_an_issued_decision_cannot_be_saved_or_deleted_by_the_model(decision):
    decision.reasons = "Iets anders."
    with pytest.raises(DecisionImmutable):
        decision.save()
    with pytest.raises(DecisionImmutable):
        decision.delete()
    decision.refresh_from_db()
    assert decision.reasons == GRANT["reasons"]


@pytest.mark.policy("P-2.2.2")
@pytest.mark.parametrize("sql", ["UPDATE plans_decision SET provider = 'x' WHERE id = %s",
                                 "DELETE FROM plans_decision WHERE id = %s"])
def test_the_database_refuses_to_change_an_issued_decision(decision, sql):
    with pytest.raises(DatabaseError, match="decisions are immutable"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [decision.pk])
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            Decision.objects.filter(pk=decision.pk).update(outcome="refused")
    assert Decision.objects.get(pk=decision.pk).outcome == "granted"


@pytest.mark.policy("P-2.2.2")
def test_a_correction_is_a_new_decision_that_refers_to_the_previous(decision, zorgplein_reviewer):
    correction = services.correct_decision(previous=decision, actor=zorgplein_reviewer,
                                           **{**GRANT, "scope": "Eén traplift en een beugel",
                                              "reasons": "Correctie: de beugel was vergeten."})
    assert correction.pk != decision.pk and correction.corrects == decision
    assert correction.reference != decision.reference
    assert Decision.objects.get(pk=decision.pk).scope == "Eén traplift"  # the first stays as it was
    with pytest.raises(ApplicationError):  # correct the newest, not the old one twice
        services.correct_decision(previous=decision, actor=zorgplein_reviewer, **GRANT)
    with pytest.raises(ApplicationError):
        services.correct_decision(previous=correction, actor=zorgplein_reviewer, **{**GRANT, "reasons": ""})
    assert "Dit besluit vervangt ons besluit met kenmerk " + decision.reference in _pdf_html(correction)


def _pdf_html(decision):
    from plans.letters import decision_letter_html
    return decision_letter_html(decision)


@pytest.mark.policy("P-2.4")
@pytest.mark.policy("P-2.2.1")
def test_no_grant_while_essential_information_is_missing(client, forwarded, zorgplein_reviewer, coach_with_agreement):
    case, request, _ = forwarded
    item = record_missing_information(case=case, actor=coach_with_agreement, description="Inkomensgegevens",
                                      asked_on=today(), refused=False)
    for outcome in ("granted", "partly_granted"):
        with pytest.raises(ApplicationError) as exc:
            services.issue_decision(request=request, actor=zorgplein_reviewer, **{**GRANT, "outcome": outcome})
        assert "ontbreekt nog informatie" in exc.value.message
    verified_login(client, zorgplein_reviewer)
    html = client.get(f"/zorgplein/verzoeken/{request.pk}/").content.decode()
    assert "Je kunt niet toekennen: er ontbreekt nog informatie" in html  # the reviewer sees why
    assert "Inkomensgegevens" not in html  # not the dossier's content itself
    response = client.post(f"/zorgplein/verzoeken/{request.pk}/", {
        "step": "check", "outcome": "granted", "reasons": "Ja.", "provision_kind": "guidance",
        "period_start": "01-01-2027"})
    assert response.status_code == 200 and "Er is een probleem" in response.content.decode()
    resolve_missing_information(case=case, actor=coach_with_agreement, item=item)
    assert services.issue_decision(request=request, actor=zorgplein_reviewer, **GRANT).outcome == "granted"


@pytest.mark.policy("P-2.4")
def test_a_refusal_is_still_possible_while_information_is_missing(forwarded, zorgplein_reviewer,
                                                                  coach_with_agreement):
    case, request, _ = forwarded
    record_missing_information(case=case, actor=coach_with_agreement, description="Inkomen", asked_on=today(),
                               refused=True)
    decision = services.issue_decision(request=request, actor=zorgplein_reviewer, outcome="refused",
                                       reasons="Er is een algemene voorziening die past.")
    assert decision.provision_kind == "" and decision.period_start is None


@pytest.mark.policy("P-2.2.2")
@pytest.mark.policy("P-2.4")
def test_the_decision_letter_is_a_pdf_and_its_download_is_logged(client, decision, zorgplein_reviewer):
    assert decision_letter(decision).startswith(b"%PDF")
    html = _pdf_html(decision)
    assert html.index("U krijgt woningaanpassing") < html.index("Waarom wij zo besluiten") < html.index(
        "bezwaar maken tegen dit besluit")
    assert "binnen 6 weken" in html
    verified_login(client, zorgplein_reviewer)
    response = client.get(f"/zorgplein/besluiten/{decision.pk}/brief/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert decision.request.case.resident.surname not in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(user=zorgplein_reviewer, action="export",
                                         purpose="besluit_downloaden").count() == 1


@pytest.mark.policy("P-2.2.2")
def test_the_reviewer_decides_through_a_check_page(client, forwarded, zorgplein_reviewer):
    _, request, _ = forwarded
    verified_login(client, zorgplein_reviewer)
    url = f"/zorgplein/verzoeken/{request.pk}/"
    data = {"outcome": "granted", "reasons": "Traplift is nodig om veilig te wonen.",
            "provision_kind": "housing_adaptation", "scope": "Eén traplift", "period_start": "01-01-2027",
            "period_end": "", "provider": "Trapliftbedrijf"}
    check = client.post(url, {**data, "step": "check"})
    html = check.content.decode()
    assert check.status_code == 200 and "Besluit vastleggen" in html and "U krijgt woningaanpassing" in html
    assert not Decision.objects.exists()
    edit = client.post(url, {**data, "step": "edit"})
    assert "Traplift is nodig om veilig te wonen." in edit.content.decode()
    done = client.post(url, {**data, "step": "confirm"})
    decision = Decision.objects.get()
    assert done.status_code == 302 and done.url == f"/zorgplein/besluiten/{decision.pk}/"
    page = client.get(done.url).content.decode()
    assert decision.reference in page and "Besluit downloaden (PDF)" in page
    again = client.post(url, {**data, "step": "confirm"})  # back button and resubmit
    assert again.status_code == 302 and Decision.objects.count() == 1
    assert "al vastgelegd" in client.get(again.url).content.decode()
    request.refresh_from_db()
    assert request.status == MaatwerkRequest.Status.DECIDED


@pytest.mark.policy("P-2.2.2")
def test_more_information_goes_back_to_the_coach_and_returns(client, forwarded, zorgplein_reviewer,
                                                             coach_with_agreement):
    case, request, records = forwarded
    verified_login(client, zorgplein_reviewer)
    url = f"/zorgplein/verzoeken/{request.pk}/"
    data = {"outcome": "more_info", "reasons": "Stuur het advies van de huisarts mee."}
    check = client.post(url, {**data, "step": "check"})
    assert "Terugsturen naar de buurtcoach" in check.content.decode()
    assert client.post(url, {**data, "step": "confirm"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "more_info" and request.more_info_question == data["reasons"]
    with pytest.raises(ApplicationError):
        services.issue_decision(request=request, actor=zorgplein_reviewer, **GRANT)
    verified_login(client, coach_with_agreement)
    plan = client.get(f"/dossiers/{case.pk}/gezinsplan/").content.decode()
    assert "Meer informatie nodig" in plan and "Stuur het advies van de huisarts mee." in plan
    response = client.post(f"/dossiers/{case.pk}/maatwerkverzoek/{request.pk}/aanvullen/", {
        "answer": "Advies van de ergotherapeut bijgevoegd.", "parts": [f"document:{records['document'].pk}"]})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "forwarded" and request.forwardings.count() == 2
    assert [p["key"] for p in request.extract_data["parts"]] == [f"document:{records['document'].pk}"]


@pytest.mark.policy("P-2.2.2")
def test_the_reviewer_corrects_a_decision_through_a_check_page(client, decision, zorgplein_reviewer):
    verified_login(client, zorgplein_reviewer)
    url = f"/zorgplein/besluiten/{decision.pk}/corrigeren/"
    assert client.get(url).status_code == 200
    data = {"outcome": "granted", "reasons": "Correctie: ook een beugel.", "provision_kind": "housing_adaptation",
            "scope": "Traplift en beugel", "period_start": "01-01-2027"}
    missing = client.post(url, {**data, "reasons": "", "step": "check"})
    assert "Schrijf de motivering van je besluit." in missing.content.decode()
    check = client.post(url, {**data, "step": "check"}).content.decode()
    assert "Correctie vastleggen" in check and decision.reference in check
    done = client.post(url, {**data, "step": "confirm"})
    correction = Decision.objects.get(corrects=decision)
    assert done.url == f"/zorgplein/besluiten/{correction.pk}/"
    assert Decision.objects.get(pk=decision.pk).scope == "Eén traplift"
    again = client.post(url, {**data, "step": "confirm"})
    assert again.status_code == 302 and Decision.objects.count() == 2
