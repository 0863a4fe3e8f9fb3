"""The disclosure screens: decision blocks, check-answers, memo download, reminders on Mijn work,
errors as Dutch messages (never a 500)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Organisation
from audit.models import AccessLogEntry
from disclosures.models import Disclosure, Objection, StatutoryRequest
from processors.models import DataCategory

from .factories import AgreementFactory, OrganisationFactory, make_case

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
TODAY = dt.date(2026, 3, 10)


def at(day):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=AMS), tick=False)


@pytest.fixture
def case(caseworker, team_noord):
    return make_case(caseworker, team=team_noord)


@pytest.fixture
def police(db):
    return OrganisationFactory(name="Politie Oost-Nederland", kind=Organisation.Kind.ENFORCEMENT)


@pytest.fixture
def veilig_thuis(db):
    return OrganisationFactory(name="Veilig Thuis", kind=Organisation.Kind.STATUTORY_BODY)


@pytest.mark.policy("P-2.1.3")
def test_police_disclosure_through_the_screen_needs_confrontation_then_check_page(
        client, login, caseworker, case, police):
    login(caseworker)
    url = f"/dossiers/{case.pk}/verstrekkingen/vastleggen/"
    data = {"recipient": police.pk, "legal_ground": "avg_6_1_c", "items": ["resident.name"],
            "client_informed": "informed", "informed_on": "10-03-2026"}
    with at(TODAY):
        assert client.get(url).status_code == 200
        page = client.post(url, {**data, "confirm": "1"})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Er is een probleem" in html and "eerst hebt geconfronteerd" in html
        assert not Disclosure.objects.exists()
        check = client.post(url, {**data, "client_confronted_on": "09-03-2026"})
        assert "Verstrekking vastleggen</button>" in check.content.decode()
        assert not Disclosure.objects.exists()  # the check page records nothing yet
        done = client.post(url, {**data, "client_confronted_on": "09-03-2026", "confirm": "1"})
    assert done.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.flagged_for_privacy_officer and disclosure.client_confronted_on == dt.date(2026, 3, 9)


def test_bad_input_gives_dutch_messages_not_a_500(client, login, caseworker, case):
    login(caseworker)
    with at(TODAY):
        page = client.post(f"/dossiers/{case.pk}/verstrekkingen/vastleggen/",
                           {"recipient": "999999", "items": ["nope"], "informed_on": "31-02-2026"})
    html = page.content.decode()
    assert page.status_code == 200
    for message in ("Kies een organisatie uit de lijst.", "Kies de grondslag voor deze verstrekking.",
                    "Geef aan of de inwoner is geïnformeerd.", "Vul een datum in zoals 14-03-2026."):
        assert message in html


@pytest.mark.policy("P-2.1.4")
def test_statutory_request_flow_archives_memo_and_reminds_on_agreed_day(client, login, caseworker, case,
                                                                      veilig_thuis):
    login(caseworker)
    with at(TODAY):
        response = client.post(f"/dossiers/{case.pk}/verzoeken/registreren/", {
            "requester": veilig_thuis.pk, "received_on": "10-03-2026", "question": "Zorgen over het gezin."})
        req = StatutoryRequest.objects.get()
        assert response.url == f"/dossiers/{case.pk}/verzoeken/{req.pk}/"
        form = client.get(response.url).content.decode()
        assert "checked" not in form  # nothing pre-ticked
        answer = {"items": ["resident.name"], "legal_ground": "wmo_5_2_6", "inform_on": "24-03-2026"}
        check = client.post(response.url, answer).content.decode()
        assert case.resident.surname in check and case.resident.bsn not in check
        client.post(response.url, {**answer, "confirm": "1"})
        req.refresh_from_db()
        assert req.memo_pdf and req.disclosure.inform_on == dt.date(2026, 3, 24)
        memo = client.get(f"/dossiers/{case.pk}/verzoeken/{req.pk}/memo.pdf")
        assert memo["Content-Type"] == "application/pdf" and "no-store" in memo["Cache-Control"]
        assert AccessLogEntry.objects.filter(case_id=case.pk, action="export", purpose="memo_downloaden").exists()
        assert "Herinneringen" not in client.get("/").content.decode()
    with at(dt.date(2026, 3, 24)):
        login(caseworker)  # a new working day, a new session (idle timeout)
        home = client.get("/").content.decode()
    assert "Inwoner informeren over verstrekking aan Veilig Thuis" in home and case.number in home


@pytest.mark.policy("P-2.3.4")
def test_objection_screen_registers_and_refuses_outcome_3_without_records(client, login, caseworker, case):
    login(caseworker)
    with at(TODAY):
        client.post(f"/dossiers/{case.pk}/bezwaren/", {"received_on": "10-03-2026", "grounds": "Niet delen."})
        objection = Objection.objects.get()
        url = f"/dossiers/{case.pk}/bezwaren/{objection.pk}/besluiten/"
        page = client.post(url, {"outcome": "involuntary", "considerations": "Veiligheid van het kind."})
        assert "gewezen op het belang" in page.content.decode()
        objection.refresh_from_db()
        assert objection.undecided
        client.post(url, {"outcome": "involuntary", "considerations": "Veiligheid van het kind.",
                          "resident_told_importance": "on", "consulted": "Jeugdarts",
                          "resident_informed_on": "10-03-2026"})
    objection.refresh_from_db()
    assert objection.outcome == "involuntary"


@pytest.mark.policy("P-2.3.3")
def test_consultee_records_the_advice_in_the_inbox(client, login, caseworker, team_lead, case):
    from disclosures import services

    from .conftest import verified

    with at(TODAY):
        consultation = services.request_consultation(actor=verified(caseworker), case=case, consultee=team_lead,
                                                     question="Mag ik melden zonder de ouders te informeren?")
        login(team_lead)
        assert case.number in client.get("/consultaties/").content.decode()
        client.post(f"/consultaties/{consultation.pk}/", {"advice": "Ja, eerst melden bij Veilig Thuis."})
    consultation.refresh_from_db()
    assert consultation.answered_at and consultation.advice.startswith("Ja")


@pytest.mark.policy("P-3")
def test_agreement_register_shows_the_60_day_warning(client, login, privacy_officer):
    AgreementFactory(reference="VO-BIJNA", ends_on=dt.date(2026, 5, 9), data_categories=[DataCategory.ORDINARY])
    AgreementFactory(reference="VO-LANG", ends_on=dt.date(2030, 1, 1))
    login(privacy_officer)
    with at(TODAY):
        html = client.get("/verwerkersovereenkomsten/").content.decode()
    assert html.count('data-testid="expiry-warning"') == 1
    assert html.index("VO-BIJNA") < html.index("Verloopt binnen 60 dagen") < html.index("VO-LANG")


@pytest.mark.policy("P-2.1.4")
def test_resubmitting_the_check_page_records_one_disclosure(client, login, caseworker, case, veilig_thuis):
    login(caseworker)
    url = f"/dossiers/{case.pk}/verstrekkingen/vastleggen/"
    form = client.get(url).content.decode()
    key = form.split('name="submission_key" value="')[1].split('"')[0]
    data = {"recipient": veilig_thuis.pk, "legal_ground": "wmo_5_2_6", "items": ["resident.name"],
            "client_informed": "informed", "informed_on": "10-03-2026", "submission_key": key, "confirm": "1"}
    with at(TODAY):
        assert client.post(url, data).status_code == 302
        again = client.post(url, data)
    assert again.status_code == 200 and "al vastgelegd op 10-03-2026" in again.content.decode()
    assert Disclosure.objects.count() == 1


@pytest.mark.policy("P-2.1.3")
def test_privacy_officer_sees_the_flagged_police_disclosure(client, login, caseworker, privacy_officer, case,
                                                            police):
    from disclosures import services

    from .conftest import verified

    with at(TODAY):
        services.record_disclosure(actor=verified(caseworker), case=case, recipient=police, legal_ground="avg_6_1_c",
                                   purpose=case.statute, categories=[], items=["resident.name"],
                                   decided_by=caseworker, client_informed="informed", informed_on=TODAY,
                                   safety_reason="Direct gevaar voor een medewerker.")
    login(privacy_officer)
    html = client.get("/fg/verstrekkingen/").content.decode()
    assert case.number in html and "Handhaving" in html and case.resident.surname not in html
    assert AccessLogEntry.objects.filter(user=privacy_officer, case_id=case.pk, purpose="fg_verstrekkingen").exists()


@pytest.mark.policy("P-2.1.4")
def test_marking_the_client_informed_ends_the_reminder_and_bad_dates_get_a_linked_error(
        client, login, caseworker, case, veilig_thuis):
    from disclosures import services
    from disclosures.selectors import reminders_due

    from .conftest import verified

    anna = verified(caseworker)
    with at(TODAY):
        disclosure = services.record_disclosure(
            actor=anna, case=case, recipient=veilig_thuis, legal_ground="wmo_5_2_6", purpose=case.statute,
            categories=[], items=["resident.name"], decided_by=anna, client_informed="will_inform", inform_on=TODAY)
        login(caseworker)
        url = f"/dossiers/{case.pk}/verstrekkingen/"
        page = client.post(url, {"disclosure": disclosure.pk, "informed_on": "32-13-2026"})
        html = page.content.decode()
        assert page.status_code == 200 and 'href="#id_informed_on"' in html and 'id="id_informed_on"' in html
        assert client.post(url, {"disclosure": disclosure.pk, "informed_on": "10-03-2026"}).status_code == 302
    assert list(reminders_due(anna, TODAY)) == []
