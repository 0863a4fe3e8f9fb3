"""The coach forwards a Wmo request with a chosen extract; the Zorgplein reviewer sees exactly
that extract and approves it with reasons through the check page; the letter downloads.
Debian's Chromium through Playwright (P-2.2.2)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.dates import today
from plans.models import Decision, MaatwerkRequest

from ..factories import make_case
from ..screens import SCREENSHOTS

PASSWORD = "Sterk-wachtwoord-2026"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _login(page, base, user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("textbox", name="Code").fill(_code(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(f"{base}/")


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def _date(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


@pytest.mark.policy("P-2.2.2")
def test_coach_forwards_and_the_zorgplein_approves_in_chromium(live_server, page, browser, coach_with_agreement,
                                                               zorgplein_reviewer):
    coach, reviewer = coach_with_agreement, zorgplein_reviewer
    reviewer.first_name, reviewer.last_name = "Zeynep", "Kaya"
    reviewer.save(update_fields=["first_name", "last_name"])
    case = make_case(coach, request="GEHEIME-HULPVRAAG: hulp bij de trap en bij schulden.")
    base = live_server.url

    # The coach writes the plan: one life domain, opened with a reason.
    _login(page, base, coach)
    page.goto(f"{base}/dossiers/{case.pk}/gezinsplan/")
    page.get_by_role("link", name="Leefgebied openen").click()
    page.get_by_label("Wonen").check()
    page.get_by_label("Waarom is dit leefgebied nodig").fill("De inwoner kan de trap niet meer veilig op.")
    page.get_by_label("Het hele huishouden").check()
    page.get_by_role("button", name="Leefgebied openen").click()
    page.wait_for_url(re.compile(r"/gezinsplan/$"))
    assert "De inwoner kan de trap niet meer veilig op." in page.content()

    # Forward a Wmo request with a chosen extract: nothing is ticked in advance.
    page.get_by_role("link", name="Maatwerkverzoek doorsturen").click()
    assert page.locator("input[type=checkbox]:checked").count() == 0
    page.get_by_label("Wet maatschappelijke ondersteuning (Wmo 2015)").check()
    page.get_by_label("Welke voorziening is nodig").fill("Een traplift, zodat de inwoner thuis kan blijven wonen.")
    page.get_by_label("Datum van de melding").fill(_date(today() - dt.timedelta(days=20)))
    page.get_by_label("Datum van de aanvraag").fill(_date(today() - dt.timedelta(days=3)))
    page.get_by_label("Naam, geboortedatum en adres van de inwoner").check()
    page.get_by_label("Gezinsplan: Wonen").check()
    page.get_by_label("De inwoner zelf").check()
    page.get_by_label("Datum van instemming").fill(_date(today() - dt.timedelta(days=3)))
    page.get_by_role("button", name="Doorgaan").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Controleer het maatwerkverzoek")
    content = page.content()
    assert "De inwoner kan de trap niet meer veilig op." in content and "GEHEIME-HULPVRAAG" not in content
    _shot(page, "plans-1-verzoek-controleren.png")
    page.get_by_role("button", name="Verzoek doorsturen naar het Zorgplein").click()
    page.wait_for_url(re.compile(r"/gezinsplan/$"))
    item = MaatwerkRequest.objects.get()
    assert f"Kenmerk {item.reference}" in page.content()

    # The reviewer: the queue, then exactly the forwarded extract.
    reviewer_page = browser.new_page()
    _login(reviewer_page, base, reviewer)
    assert reviewer_page.get_by_role("heading", level=1).inner_text() == "Beoordelingswachtrij"
    reviewer_page.get_by_role("link", name=item.reference).click()
    reviewer_page.wait_for_url(re.compile(rf"/zorgplein/verzoeken/{item.pk}/$"))
    review = reviewer_page.content()
    assert "Je ziet alleen wat de buurtcoach heeft doorgestuurd." in review
    assert "De inwoner kan de trap niet meer veilig op." in review and case.resident.surname in review
    assert "GEHEIME-HULPVRAAG" not in review
    assert reviewer_page.goto(f"{base}/dossiers/{case.pk}/").status == 404
    reviewer_page.goto(f"{base}/zorgplein/verzoeken/{item.pk}/")
    _shot(reviewer_page, "plans-2-verzoek-beoordelen.png")
    reviewer_page.get_by_label("Toekennen", exact=True).check()
    reviewer_page.get_by_label("Motivering").fill("Uit het gezinsplan blijkt dat de trap niet meer veilig is.")
    reviewer_page.get_by_label("Soort voorziening").select_option("housing_adaptation")
    reviewer_page.get_by_label("Omvang").fill("Eén traplift")
    reviewer_page.get_by_label("Ingangsdatum").fill(_date(today() + dt.timedelta(days=14)))
    reviewer_page.get_by_label("Aanbieder").fill("Trapliftbedrijf Achterhoek")
    reviewer_page.get_by_role("button", name="Doorgaan").click()
    assert reviewer_page.get_by_role("heading", level=1).inner_text() == \
        "Controleer het besluit voordat je het vastlegt"
    assert "U krijgt woningaanpassing" in reviewer_page.content()
    assert not Decision.objects.exists()
    reviewer_page.get_by_role("button", name="Besluit vastleggen").click()
    reviewer_page.wait_for_url(re.compile(r"/zorgplein/besluiten/\d+/$"))
    decision = Decision.objects.get()
    assert decision.reasons.startswith("Uit het gezinsplan") and decision.outcome == "granted"
    assert decision.reference in reviewer_page.content()
    _shot(reviewer_page, "plans-3-besluit-vastgelegd.png")
    with reviewer_page.expect_download() as download:
        reviewer_page.get_by_role("link", name="Besluit downloaden (PDF)").click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
