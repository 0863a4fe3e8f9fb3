"""`archief` in Debian's Chromium: reviews a destruction list, excludes one dossier with a
reason, approves on the check-answers page, and downloads the verklaring van vernietiging
(P-2.2.4, UX 'Archiefmedewerker', 3.9)."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from cases.models import Case
from retention import services
from retention.models import DestructionList

from ..browser_support import assert_accessible, go, shot, sign_in
from ..factories import make_archived_case

LONG_AGO = dt.datetime(2005, 1, 10, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.policy("P-2.2.4")
def test_archivist_reviews_excludes_approves_and_downloads_the_statement(
        live_server, page, retention_rules, caseworker, archivist):
    cases = [make_archived_case(caseworker, closed_at=LONG_AGO) for _ in range(3)]
    batch = services.propose_destruction_list(today=dt.date.today(), cap=100)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, archivist)

    go(page, page.get_by_role("link", name="Vernietigingslijsten"))
    go(page, page.get_by_role("link", name=batch.code))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Lijst beoordelen: {batch.code}")
    shot(page, "retention-01-lijst-beoordelen.png")

    held = cases[0]
    go(page, page.get_by_role("link", name=f"Uitzonderen dossier {held.number}"))
    go(page, page.get_by_role("button", name="Uitzondering vastleggen"))  # no reason: refused
    expect(page).to_have_title(re.compile(r"^Fout: "))
    assert_accessible(page, "uitzonderen zonder reden")
    page.get_by_label("Reden").fill("Bezwaar loopt nog (legal hold)")
    go(page, page.get_by_role("button", name="Uitzondering vastleggen"))
    expect(page.locator("main")).to_contain_text("Uitgezonderd: Bezwaar loopt nog (legal hold)")

    go(page, page.get_by_role("link", name="Lijst controleren en goedkeuren"))
    expect(page.locator("main")).to_contain_text("Dit kun je niet ongedaan maken")
    shot(page, "retention-02-controleren.png")
    go(page, page.get_by_role("button", name="Vernietig 2 dossiers definitief"))
    expect(page.get_by_test_id("status")).to_have_text("Goedgekeurd, wordt uitgevoerd")

    # The beat entry "execute-destruction" runs the approved list (in a real worker: see
    # tests/retention/test_worker_kill.py); here the same service runs in the test process.
    assert services.run_destruction() == {"destroyed": 2}
    page.reload()
    expect(page.get_by_test_id("status")).to_have_text("Uitgevoerd")
    shot(page, "retention-03-uitgevoerd.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="Verklaring van vernietiging downloaden (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and pdf == bytes(DestructionList.objects.get(pk=batch.pk).statement_pdf)
    assert download.value.suggested_filename == f"verklaring-van-vernietiging-{batch.code}.pdf"
    assert list(Case.objects.values_list("pk", flat=True)) == [held.pk]
