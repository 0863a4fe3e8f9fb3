"""A caseworker's day in Debian's Chromium: log in with two factors, find a resident by BSN,
open a Wmo dossier, record identity and transparency, add a note, and meet the 404 for a
colleague's dossier."""


import pytest

from cases.models import Case, IdentityCheck, Note, TransparencyNotice
from core.dates import today

from .browser_support import assert_accessible, go, shot, sign_in
from .factories import make_case, make_resident


@pytest.mark.browser
@pytest.mark.policy("P-2.1.5")
@pytest.mark.policy("P-2.3.2")
@pytest.mark.django_db(transaction=True)
def test_caseworker_opens_and_fills_a_wmo_dossier(page, live_server, caseworker, other_caseworker, team_zuid):
    page.set_viewport_size({"width": 1280, "height": 900})
    resident = make_resident(caseworker, surname="Testpersoon", date_of_birth="1956-04-02")
    foreign = make_case(other_caseworker, team=team_zuid)
    day = today().strftime("%d-%m-%Y")

    sign_in(page, live_server.url, caseworker)

    go(page, page.locator("text=Zoeken"))
    page.fill("#id_query", resident.bsn)
    go(page, page.locator("main button:has-text('Zoeken')"))
    assert "Geen dossier gevonden dat aan jou is toegewezen." in page.content()
    assert resident.bsn not in page.url

    page.goto(f"{live_server.url}/dossiers/nieuw/")
    page.fill("#id_bsn", resident.bsn)
    page.check("input[name=statute][value=wmo]")
    page.check("input[name=legal_basis][value=wmo_art_2_3_2]")
    page.fill("#id_request_text", "Hulp bij het huishouden na een operatie.")
    shot(page, "dossier-openen.png")
    go(page, page.locator("main button:has-text('Dossier openen')"))
    case = Case.objects.get(resident=resident)
    page.wait_for_url(f"**/dossiers/{case.pk}/")
    assert "Dossier geopend." in page.content()
    assert "Nog niet vastgelegd hoe de inwoner is geïnformeerd" in page.content()

    go(page, page.locator("nav.subnav >> text=Inwoner en identiteit"))
    go(page, page.locator("main >> text=Identiteitscontrole vastleggen"))
    go(page, page.locator("main button:has-text('Identiteitscontrole vastleggen')"))  # empty: error summary
    assert page.title().startswith("Fout: ")
    assert_accessible(page, "identiteitscontrole, leeg verstuurd")
    page.check("input[name=document_type][value=passport]")
    page.fill("#id_checked_on", day)
    go(page, page.locator("main button:has-text('Identiteitscontrole vastleggen')"))
    assert "Identiteitscontrole vastgelegd." in page.content()

    go(page, page.locator("nav.subnav >> text=Informeren"))
    go(page, page.locator("main >> text=Informeren vastleggen"))
    page.check("input[name=kind][value=informed]")
    page.fill("#id_informed_on", day)
    page.check("input[name=method][value=in_person]")
    go(page, page.locator("main button:has-text('Vastleggen')"))
    assert "Vastgelegd hoe de inwoner is geïnformeerd." in page.content()

    go(page, page.locator("nav.subnav >> text=Notities"))
    go(page, page.locator("main >> text=Notitie toevoegen"))
    page.fill("#id_text", "Eerste gesprek gevoerd. Inwoner wil graag hulp bij schoonmaken.")
    page.check("input[name=category][value=ordinary]")
    go(page, page.locator("main button:has-text('Notitie toevoegen')"))
    assert "Notitie toegevoegd." in page.content()
    assert_accessible(page, "notities, met melding")

    go(page, page.locator("nav.subnav >> text=Overzicht"))
    assert "Nog niet vastgelegd hoe de inwoner is geïnformeerd" not in page.content()
    shot(page, "dossier-overzicht.png")

    response = page.goto(f"{live_server.url}/dossiers/{foreign.pk}/")
    assert response.status == 404 and "Pagina niet gevonden" in page.content()
    shot(page, "dossier-niet-gevonden.png")

    assert IdentityCheck.objects.filter(case=case, checked_by=caseworker).count() == 1
    assert TransparencyNotice.objects.filter(case=case, method="in_person").count() == 1
    assert Note.objects.filter(case=case).count() == 1
