"""The first login in Chromium: password, linking the app, backup codes, confidentiality,
then the caseworker's own work (issues 2 and 3)."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ConfidentialityAcknowledgement

from ..factories import make_case
from ..screens import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


@pytest.mark.policy("P-2.1.2")
@pytest.mark.policy("P-2.2.5")
def test_first_login_of_anna_in_chromium(live_server, page, statement, team_noord):
    from ..conftest import _persona

    anna = _persona("anna", "consulent", statement=statement, team=team_noord, acknowledged=False,
                    first_name="Anna", last_name="de Vries")
    case = make_case(anna, team=team_noord)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill("Sterk-wachtwoord-2026")
    _shot(page, "01-login.png")
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url(re.compile(r"/inloggen/app-koppelen/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Koppel je authenticator-app"
    _shot(page, "02-app-koppelen.png")
    device = TOTPDevice.objects.get(user=anna, confirmed=False)
    page.get_by_role("textbox", name="Code").fill("000000")
    page.get_by_role("button", name="App koppelen").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Fout: ")
    page.get_by_role("textbox", name="Code").fill(_code(device))
    page.get_by_role("button", name="App koppelen").click()
    assert page.get_by_test_id("backup-codes").locator("li").count() == 10
    page.get_by_role("link", name="Ik heb de codes bewaard").click()

    page.wait_for_url(re.compile(r"/inloggen/geheimhouding/$"))
    assert not ConfidentialityAcknowledgement.objects.filter(user=anna).exists()
    _shot(page, "03-geheimhouding.png")
    page.get_by_role("button", name="Bevestigen en doorgaan").click()
    page.wait_for_selector("[data-error-summary]")
    page.get_by_label("Ik heb de verklaring gelezen").check()
    page.get_by_role("button", name="Bevestigen en doorgaan").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werk"
    assert page.get_by_role("link", name=case.number).is_visible()
    _shot(page, "04-mijn-werk-anna.png")
    assert ConfidentialityAcknowledgement.objects.filter(user=anna).count() == 1


def test_anna_cannot_open_a_dossier_of_team_zuid(live_server, page, statement, team_noord, team_zuid):
    from django_otp.plugins.otp_totp.models import TOTPDevice as Device

    from ..conftest import _persona

    anna = _persona("anna", "consulent", statement=statement, team=team_noord)
    bram = _persona("bram", "consulent", statement=statement, team=team_zuid)
    foreign = make_case(bram, team=team_zuid)
    device = Device.objects.create(user=anna, name="app", confirmed=True)
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill("Sterk-wachtwoord-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("textbox", name="Code").fill(_code(device))
    page.get_by_role("button", name="Doorgaan").click()
    page.wait_for_url(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}/dossiers/{foreign.pk}/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
    assert foreign.resident.surname not in page.content()
