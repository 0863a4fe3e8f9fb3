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
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Organisation
from disclosures.models import StatutoryRequest
from disclosures.selectors import reminders_due

from ..factories import OrganisationFactory, make_case
from ..screens import SCREENSHOTS

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def _login(page, live_server, device):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill("Sterk-wachtwoord-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("textbox", name="Code").fill(_code(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(f"{live_server.url}/")


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
        device = TOTPDevice.objects.create(user=anna, name="app", confirmed=True)
        _login(page, live_server, device)

        page.goto(f"{live_server.url}/dossiers/{case.pk}/verstrekkingen/")
        page.get_by_role("link", name=re.compile("Verzoek van Veilig Thuis")).click()
        page.get_by_label("Welke instantie vraagt de gegevens").select_option(
            label="Veilig Thuis Noord- en Oost-Gelderland (wettelijke instantie)")
        page.get_by_label("Ontvangen op").fill(start.strftime("%d-%m-%Y"))
        page.get_by_label("Wat wordt er gevraagd?").fill("Zorgen over de veiligheid in het gezin.")
        page.get_by_role("button", name="Verzoek registreren").click()

        page.wait_for_url(re.compile(r"/verzoeken/\d+/$"))
        checkboxes = page.get_by_role("checkbox")
        assert checkboxes.count() >= 5 and all(not checkboxes.nth(i).is_checked() for i in range(checkboxes.count()))
        page.get_by_label("Naam van de inwoner").check()
        page.get_by_label("Adres").check()
        page.get_by_label(re.compile(r"Wmo 2015 art\. 5\.2\.6")).check()
        page.get_by_label("Op welke datum informeer je de inwoner?").fill(agreed.strftime("%d-%m-%Y"))
        _shot(page, "disclosure-1-verzoek-beantwoorden.png")
        page.get_by_role("button", name="Doorgaan").click()

        assert page.get_by_role("heading", level=1).inner_text().startswith("Controleer de verstrekking")
        preview = page.get_by_test_id("memo-preview").inner_text()
        assert case.resident.surname in preview and case.resident.bsn not in preview
        _shot(page, "disclosure-2-controleren.png")
        page.get_by_role("button", name="Verstrekking vastleggen").click()

        page.get_by_role("heading", name=re.compile("beantwoord")).wait_for()
        with page.expect_download() as download:
            page.get_by_test_id("memo-link").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        request = StatutoryRequest.objects.get(case=case)
        assert request.memo_pdf and request.disclosure.inform_on == agreed
        page.goto(f"{live_server.url}/")
        assert page.get_by_test_id("reminders").count() == 0

    with _at(agreed):
        assert [d.pk for d in reminders_due(verified(anna), agreed)] == [request.disclosure_id]
        _login(page, live_server, device)  # a new day, a new session
        reminders = page.get_by_test_id("reminders")
        assert "Inwoner informeren over verstrekking aan Veilig Thuis" in reminders.inner_text()
        assert reminders.get_by_role("link", name=case.number).is_visible()
        _shot(page, "disclosure-3-herinnering.png")
