"""The coach forwards a Wmo request with a chosen extract; the Zorgplein reviewer sees exactly
that extract and approves it with reasons through the check page; the letter downloads.
Debian's Chromium through Playwright (P-2.2.2)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.dates import today
from plans.models import Decision, MaatwerkRequest

from ..browser_support import assert_accessible, go, shot, sign_in
from ..factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, coach)
    page.goto(f"{base}/dossiers/{case.pk}/gezinsplan/")
    go(page, page.get_by_role("link", name="Leefgebied openen"))
    page.get_by_label("Wonen").check()
    page.get_by_label("Waarom is dit leefgebied nodig").fill("De inwoner kan de trap niet meer veilig op.")
    page.get_by_label("Het hele huishouden").check()
    go(page, page.get_by_role("button", name="Leefgebied openen"))
    expect(page).to_have_url(re.compile(r"/gezinsplan/$"))
    expect(page.locator("main")).to_contain_text("De inwoner kan de trap niet meer veilig op.")

    # Forward a Wmo request with a chosen extract: nothing is ticked in advance.
    go(page, page.get_by_role("link", name="Maatwerkverzoek doorsturen"))
    assert page.locator("input[type=checkbox]:checked").count() == 0
    page.get_by_label("Wet maatschappelijke ondersteuning (Wmo 2015)").check()
    page.get_by_label("Welke voorziening is nodig").fill("Een traplift, zodat de inwoner thuis kan blijven wonen.")
    page.get_by_label("Datum van de melding").fill(_date(today() - dt.timedelta(days=20)))
    page.get_by_label("Datum van de aanvraag").fill(_date(today() - dt.timedelta(days=3)))
    page.get_by_label("Naam, geboortedatum en adres van de inwoner").check()
    page.get_by_label("Gezinsplan: Wonen").check()
    page.get_by_label("De inwoner zelf").check()
    page.get_by_label("Datum van instemming").fill(_date(today() - dt.timedelta(days=3)))
    go(page, page.get_by_role("button", name="Doorgaan"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Controleer het maatwerkverzoek"))
    content = page.content()
    assert "De inwoner kan de trap niet meer veilig op." in content and "GEHEIME-HULPVRAAG" not in content
    shot(page, "plans-1-verzoek-controleren.png")
    go(page, page.get_by_role("button", name="Verzoek doorsturen naar het Zorgplein"))
    expect(page).to_have_url(re.compile(r"/gezinsplan/$"))
    item = MaatwerkRequest.objects.get()
    expect(page.locator("main")).to_contain_text(f"Kenmerk {item.reference}")

    # The reviewer: the queue, then exactly the forwarded extract.
    reviewer_page = browser.new_page()
    reviewer_page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(reviewer_page, base, reviewer)
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text("Beoordelingswachtrij")
    go(reviewer_page, reviewer_page.get_by_role("link", name=item.reference))
    expect(reviewer_page).to_have_url(re.compile(rf"/zorgplein/verzoeken/{item.pk}/$"))
    review = reviewer_page.content()
    assert "Je ziet alleen wat de buurtcoach heeft doorgestuurd." in review
    assert "De inwoner kan de trap niet meer veilig op." in review and case.resident.surname in review
    assert "GEHEIME-HULPVRAAG" not in review
    assert_accessible(reviewer_page, "verzoek beoordelen")
    assert reviewer_page.goto(f"{base}/dossiers/{case.pk}/").status == 404
    reviewer_page.goto(f"{base}/zorgplein/verzoeken/{item.pk}/")
    shot(reviewer_page, "plans-2-verzoek-beoordelen.png")
    reviewer_page.get_by_label("Toekennen", exact=True).check()
    reviewer_page.get_by_label("Motivering").fill("Uit het gezinsplan blijkt dat de trap niet meer veilig is.")
    reviewer_page.get_by_label("Soort voorziening").select_option("housing_adaptation")
    reviewer_page.get_by_label("Omvang").fill("Eén traplift")
    reviewer_page.get_by_label("Ingangsdatum").fill(_date(today() + dt.timedelta(days=14)))
    reviewer_page.get_by_label("Aanbieder").fill("Trapliftbedrijf Achterhoek")
    go(reviewer_page, reviewer_page.get_by_role("button", name="Doorgaan"))
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text("Controleer het besluit voordat je het vastlegt")
    expect(reviewer_page.locator("main")).to_contain_text("U krijgt woningaanpassing")
    assert_accessible(reviewer_page, "besluit controleren")
    assert not Decision.objects.exists()
    go(reviewer_page, reviewer_page.get_by_role("button", name="Besluit vastleggen"))
    expect(reviewer_page).to_have_url(re.compile(r"/zorgplein/besluiten/\d+/$"))
    decision = Decision.objects.get()
    assert decision.reasons.startswith("Uit het gezinsplan") and decision.outcome == "granted"
    expect(reviewer_page.locator("main")).to_contain_text(decision.reference)
    shot(reviewer_page, "plans-3-besluit-vastgelegd.png")
    with reviewer_page.expect_download() as download:
        reviewer_page.get_by_role("link", name="Besluit downloaden (PDF)").click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
