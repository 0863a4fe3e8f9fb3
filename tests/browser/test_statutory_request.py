"""Issue 7 in Chromium: anna answers a Veilig Thuis request item by item, the memo is archived
in the dossier, and on the agreed date the reminder is on her Mijn werk page.

The clock is moved with time-machine for the whole process (the live server runs in a thread of
this process). The dates lie ahead of the real date so that the browser keeps its cookies.
"""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation
from disclosures.models import StatutoryRequest
from disclosures.selectors import reminders_due

from ..browser_support import go, shot, sign_in
from ..factories import OrganisationFactory, make_case

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _at(day):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=AMS), tick=True)


@pytest.mark.policy("P-2.1.4")
def test_anna_answers_a_veilig_thuis_request_and_is_reminded_on_the_agreed_day(
        live_server, page, statement, team_noord):
    from ..conftest import _persona, verified

    start = timezone.localdate() + dt.timedelta(days=7)
    agreed = start + dt.timedelta(days=14)
    page.set_viewport_size({"width": 1280, "height": 900})
    with _at(start):
        anna = _persona("anna", "consulent", statement=statement, team=team_noord,
                        first_name="Anna", last_name="de Vries")
        OrganisationFactory(name="Veilig Thuis Noord- en Oost-Gelderland", kind=Organisation.Kind.STATUTORY_BODY)
        case = make_case(anna, team=team_noord)
        device = sign_in(page, live_server.url, anna)

        page.goto(f"{live_server.url}/dossiers/{case.pk}/verstrekkingen/")
        go(page, page.get_by_role("link", name=re.compile("Verzoek van Veilig Thuis")))
        page.get_by_label("Welke instantie vraagt de gegevens").select_option(
            label="Veilig Thuis Noord- en Oost-Gelderland (wettelijke instantie)")
        page.get_by_label("Ontvangen op").fill(start.strftime("%d-%m-%Y"))
        page.get_by_label("Wat wordt er gevraagd?").fill("Zorgen over de veiligheid in het gezin.")
        go(page, page.get_by_role("button", name="Verzoek registreren"))

        expect(page).to_have_url(re.compile(r"/verzoeken/\d+/$"))
        checkboxes = page.get_by_role("checkbox")
        assert checkboxes.count() >= 5 and all(not checkboxes.nth(i).is_checked() for i in range(checkboxes.count()))
        page.get_by_label("Naam van de inwoner").check()
        page.get_by_label("Adres").check()
        page.get_by_label(re.compile(r"Wmo 2015 art\. 5\.2\.6")).check()
        page.get_by_label("Op welke datum informeer je de inwoner?").fill(agreed.strftime("%d-%m-%Y"))
        shot(page, "disclosure-1-verzoek-beantwoorden.png")
        go(page, page.get_by_role("button", name="Doorgaan"))

        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Controleer de verstrekking"))
        preview = page.get_by_test_id("memo-preview").inner_text()
        assert case.resident.surname in preview and case.resident.bsn not in preview
        shot(page, "disclosure-2-controleren.png")
        go(page, page.get_by_role("button", name="Verstrekking vastleggen"))

        expect(page.get_by_role("heading", name=re.compile("beantwoord"))).to_be_visible()
        with page.expect_download() as download:
            page.get_by_test_id("memo-link").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        request = StatutoryRequest.objects.get(case=case)
        assert request.memo_pdf and request.disclosure.inform_on == agreed
        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
        expect(page.get_by_test_id("reminders")).to_have_count(0)

    with _at(agreed):
        assert [d.pk for d in reminders_due(verified(anna), agreed)] == [request.disclosure_id]
        sign_in(page, live_server.url, anna, device=device)  # a new day, a new session
        reminders = page.get_by_test_id("reminders")
        expect(reminders).to_contain_text("Inwoner informeren over verstrekking aan Veilig Thuis")
        expect(reminders.get_by_role("link", name=case.number)).to_be_visible()
        shot(page, "disclosure-3-herinnering.png")
