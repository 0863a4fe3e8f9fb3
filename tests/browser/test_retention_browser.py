"""`archief` in Debian's Chromium: reviews a destruction list, excludes one dossier with a
reason, approves on the check-answers page, and downloads the verklaring van vernietiging
(P-2.2.4, UX 'Archiefmedewerker', 3.9)."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Case
from retention import services
from retention.models import DestructionList

from ..factories import make_archived_case
from ..screens import SCREENSHOTS

LONG_AGO = dt.datetime(2005, 1, 10, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def go(page, locator):
    with page.expect_navigation():
        locator.click()


@pytest.mark.policy("P-2.2.4")
def test_archivist_reviews_excludes_approves_and_downloads_the_statement(
        live_server, page, retention_rules, caseworker, archivist):
    cases = [make_archived_case(caseworker, closed_at=LONG_AGO) for _ in range(3)]
    batch = services.propose_destruction_list(today=dt.date.today(), cap=100)
    device = TOTPDevice.objects.create(user=archivist, name="app", confirmed=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("archief")
    page.get_by_label("Wachtwoord").fill("Sterk-wachtwoord-2026")
    go(page, page.get_by_role("button", name="Inloggen"))
    page.wait_for_url(re.compile(r"/inloggen/tweede-stap/$"))
    page.fill("#id_token", _code(device))
    go(page, page.locator("main button[type=submit]"))

    go(page, page.get_by_role("link", name="Vernietigingslijsten"))
    go(page, page.get_by_role("link", name=batch.code))
    assert page.get_by_role("heading", level=1).inner_text() == f"Lijst beoordelen: {batch.code}"
    _shot(page, "retention-01-lijst-beoordelen.png")

    held = cases[0]
    go(page, page.get_by_role("link", name=f"Uitzonderen dossier {held.number}"))
    go(page, page.get_by_role("button", name="Uitzondering vastleggen"))  # no reason: refused
    assert page.title().startswith("Fout: ")
    page.get_by_label("Reden").fill("Bezwaar loopt nog (legal hold)")
    go(page, page.get_by_role("button", name="Uitzondering vastleggen"))
    assert "Uitgezonderd: Bezwaar loopt nog (legal hold)" in page.inner_text("main")

    go(page, page.get_by_role("link", name="Lijst controleren en goedkeuren"))
    assert "Dit kun je niet ongedaan maken" in page.inner_text("main")
    _shot(page, "retention-02-controleren.png")
    go(page, page.get_by_role("button", name="Vernietig 2 dossiers definitief"))
    assert page.get_by_test_id("status").inner_text() == "Goedgekeurd, wordt uitgevoerd"

    # The beat entry "execute-destruction" runs the approved list (in a real worker: see
    # tests/retention/test_worker_kill.py); here the same service runs in the test process.
    assert services.run_destruction() == {"destroyed": 2}
    page.reload()
    assert page.get_by_test_id("status").inner_text() == "Uitgevoerd"
    _shot(page, "retention-03-uitgevoerd.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="Verklaring van vernietiging downloaden (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and pdf == bytes(DestructionList.objects.get(pk=batch.pk).statement_pdf)
    assert download.value.suggested_filename == f"verklaring-van-vernietiging-{batch.code}.pdf"
    assert list(Case.objects.values_list("pk", flat=True)) == [held.pk]
