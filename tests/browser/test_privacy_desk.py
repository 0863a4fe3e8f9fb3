"""`fg` in Debian's Chromium (issue 9): opens the privacy desk from the menu, reviews an access
outside the assignment, and downloads the access-log report for the colleague who made it; the
CSV holds exactly that colleague's looks. Screenshots of the desk and of a chart page
(L-LOG, P-2.1.2, UX 'FG')."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.services import request_emergency_access
from disclosures.models import Disclosure

from ..browser_support import assert_accessible, go, shot, sign_in
from ..factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.policy("L-LOG")
@pytest.mark.policy("P-2.1.2")
def test_fg_reviews_an_emergency_access_and_downloads_the_access_report(
        live_server, page, caseworker, other_caseworker, privacy_officer):
    cases = [make_case(caseworker) for _ in range(4)]
    now = timezone.now()
    for days_ago in range(12, 0, -1):  # ordinary work on earlier days, for the chart
        with time_machine.travel(now - dt.timedelta(days=days_ago), tick=False):
            log_access(actor=caseworker, events=[
                AccessEvent(action="read", case_id=c.pk, resident_id=c.resident_id, purpose="dossier_overzicht")
                for c in cases[:1 + (days_ago * 7) % 4] for _ in range(1 + days_ago % 3)])
    for kind, name in [(Organisation.Kind.STATUTORY_BODY, "Veilig Thuis"), (Organisation.Kind.STATUTORY_BODY,
                       "Raad voor de Kinderbescherming"), (Organisation.Kind.CHAIN_PARTNER, "Huisartsenpraktijk")]:
        org = Organisation.objects.create(name=name, kind=kind)
        Disclosure.objects.create(case=cases[1], recipient=org, recipient_kind=kind, legal_ground="avg_6_1_e",
                                  purpose="wmo", decided_by=caseworker, recorded_by=caseworker,
                                  client_informed="informed")
    target = cases[0]
    access = request_emergency_access(actor=other_caseworker, case=target, reason="stand_in",
                                      explanation="Waarneming voor een zieke collega.")
    log_access(actor=other_caseworker, events=[AccessEvent(
        action="emergency", case_id=target.pk, resident_id=target.resident_id, purpose="dossier_overzicht",
        detail="buiten_toewijzing")])
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, privacy_officer)

    # the desk, from the menu
    go(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Privacybureau"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacybureau")
    attention = page.get_by_test_id("attention-emergency")
    expect(attention).to_contain_text("Toegang buiten toewijzing te beoordelen: 1")
    shot(page, "desk-1-overzicht.png")

    # review the emergency access
    go(page, attention.get_by_role("link"))
    go(page, page.get_by_role("link", name=target.number))
    page.get_by_label("Escaleren: bespreken met de leidinggevende").check()
    page.get_by_label("Toelichting").fill("Geen afwezige collega op die dag; bespreken met teamleider.")
    go(page, page.get_by_role("button", name="Beoordeling vastleggen"))
    expect(page.locator("main")).to_contain_text("Beoordeling vastgelegd.")
    assert_accessible(page, "beoordeling vastgelegd")
    access.refresh_from_db()
    assert (access.review, access.reviewed_by) == ("escalated", privacy_officer) and access.reviewed_at

    # the access report for that colleague, downloaded as CSV
    page.goto(f"{live_server.url}/fg/")
    go(page, page.get_by_test_id("desk-links").get_by_role("link", name="Toegangslogboek zoeken en exporteren"))
    today = timezone.localdate().isoformat()
    page.get_by_label("Van", exact=True).fill(today)
    page.get_by_label("Tot en met", exact=True).fill(today)
    page.get_by_role("combobox", name=re.compile("^Medewerker")).select_option(label=other_caseworker.username)
    go(page, page.get_by_role("button", name="Toon regels"))
    assert_accessible(page, "toegangslogboek, gefilterd")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Download als CSV")).click()
    assert download.value.suggested_filename == "toegangslogboek.csv"
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8")), delimiter=";"))
    expected = AccessLogEntry.objects.filter(user=other_caseworker).order_by("-seq")
    assert rows[0][:3] == ["volgnummer", "moment", "medewerker"]
    assert [(int(r[0]), r[2], r[5], r[7]) for r in rows[1:]] == [
        (e.seq, other_caseworker.username, str(e.case_id or ""), e.get_action_display()) for e in expected]
    assert "buiten toewijzing geopend" in {r[7] for r in rows[1:]}
    assert AccessLogEntry.objects.filter(user=privacy_officer, action="export", case_id=target.pk,
                                         purpose="fg_toegangslogboek").exists()

    # a chart page
    go(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Privacybureau"))
    go(page, page.get_by_role("link", name="Rapportages toegang en toezicht, met grafieken"))
    chart = page.get_by_role("img", name=re.compile("Regels in het toegangslogboek per dag"))
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(31)
    page.get_by_role("heading", name="Toegang per dag").evaluate("h => h.scrollIntoView()")
    shot(page, "desk-2-grafiek.png")
