"""The first login in Chromium: password, linking the app, backup codes, confidentiality,
then the caseworker's own work (issues 2 and 3)."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import ConfidentialityAcknowledgement

from ..browser_support import PASSWORD, assert_accessible, go, shot, sign_in, totp_code
from ..factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    shot(page, "01-login.png")
    go(page, page.get_by_role("button", name="Inloggen"))

    expect(page).to_have_url(re.compile(r"/inloggen/app-koppelen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Koppel je authenticator-app")
    shot(page, "02-app-koppelen.png")
    device = TOTPDevice.objects.get(user=anna, confirmed=False)
    page.get_by_role("textbox", name="Code").fill("000000")
    go(page, page.get_by_role("button", name="App koppelen"))
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Fout: "))
    assert_accessible(page, "app koppelen, foute code")
    page.get_by_role("textbox", name="Code").fill(totp_code(device))
    go(page, page.get_by_role("button", name="App koppelen"))
    expect(page.get_by_test_id("backup-codes").locator("li")).to_have_count(10)
    assert_accessible(page, "reservecodes")
    go(page, page.get_by_role("link", name="Ik heb de codes bewaard"))

    expect(page).to_have_url(re.compile(r"/inloggen/geheimhouding/$"))
    assert not ConfidentialityAcknowledgement.objects.filter(user=anna).exists()
    shot(page, "03-geheimhouding.png")
    go(page, page.get_by_role("button", name="Bevestigen en doorgaan"))
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_accessible(page, "geheimhouding, niet aangevinkt")
    page.get_by_label("Ik heb de verklaring gelezen").check()
    go(page, page.get_by_role("button", name="Bevestigen en doorgaan"))

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.get_by_role("link", name=case.number)).to_be_visible()
    shot(page, "04-mijn-werk-anna.png")
    assert ConfidentialityAcknowledgement.objects.filter(user=anna).count() == 1


def test_anna_cannot_open_a_dossier_of_team_zuid(live_server, page, statement, team_noord, team_zuid):
    from ..conftest import _persona

    anna = _persona("anna", "consulent", statement=statement, team=team_noord)
    bram = _persona("bram", "consulent", statement=statement, team=team_zuid)
    foreign = make_case(bram, team=team_zuid)
    sign_in(page, live_server.url, anna)
    response = page.goto(f"{live_server.url}/dossiers/{foreign.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert foreign.resident.surname not in page.content()
