"""The FG's access-log report (L-LOG): period plus a filter, BSN only by POST, pagination,
CSV export logged as an export, the FG's own reads logged, chain verification on demand."""

import pytest
from django.utils import timezone

from audit.models import AccessLogEntry, ChainVerification
from audit.services import AccessEvent, log_access

from ..conftest import verified_login
from ..factories import make_case

pytestmark = pytest.mark.django_db
URL = "/fg/toegangslogboek/"


def _today():
    return timezone.localdate().isoformat()


def _reads(user, case, n=1):
    log_access(actor=user, events=[AccessEvent(action=AccessLogEntry.Action.READ, case_id=case.pk,
                                               resident_id=case.resident_id, purpose="dossier_overzicht")] * n)


@pytest.mark.policy("L-LOG")
def test_filter_by_bsn_is_posted_and_never_in_a_url(client, privacy_officer, caseworker):
    mine, other = make_case(caseworker), make_case(caseworker)
    _reads(caseworker, mine, 2)
    _reads(caseworker, other, 1)
    verified_login(client, privacy_officer)
    response = client.post(URL, {"start": _today(), "end": _today(), "bsn": mine.resident.bsn})
    assert response.status_code == 302 and mine.resident.bsn not in response.url
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200 and mine.resident.bsn not in html
    assert [e.resident_id for e in page.context["page"].object_list] == [mine.resident_id] * 2
    # the FG's own read is logged, per resident shown
    assert AccessLogEntry.objects.filter(user=privacy_officer, resident_id=mine.resident_id,
                                         purpose="fg_toegangslogboek", action="list").exists()
    assert not AccessLogEntry.objects.filter(user=privacy_officer, resident_id=other.resident_id).exists()


@pytest.mark.policy("L-LOG")
def test_pagination_by_25_and_csv_export_logged_as_export(client, privacy_officer, caseworker):
    case = make_case(caseworker)
    _reads(caseworker, case, 30)
    verified_login(client, privacy_officer)
    client.post(URL, {"start": _today(), "end": _today(), "user": caseworker.pk})
    first = client.get(URL).context["page"]
    assert len(first.object_list) == 25 and first.paginator.count >= 30
    second = client.get(URL + "?pagina=2").context["page"]
    assert second.number == 2 and len(second.object_list) >= 5
    assert client.get(URL + "?pagina=zomaar").status_code == 200
    csv = client.get(URL + "?formaat=csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().strip().splitlines()
    assert lines[0].startswith("volgnummer;moment;medewerker") and len(lines) >= 31
    assert AccessLogEntry.objects.filter(user=privacy_officer, action="export", case_id=case.pk,
                                         purpose="fg_toegangslogboek").exists()


@pytest.mark.policy("L-LOG")
def test_pdf_export_holds_the_filtered_rows_and_is_logged_as_export(client, privacy_officer, caseworker,
                                                                    teammate):
    import shutil
    import subprocess

    mine, other = make_case(caseworker), make_case(caseworker)
    _reads(caseworker, mine, 3)
    _reads(teammate, other, 2)
    verified_login(client, privacy_officer)
    assert client.get(URL + "?formaat=pdf").status_code == 200  # no filter yet: the page, not a download
    client.post(URL, {"start": _today(), "end": _today(), "user": caseworker.pk})
    response = client.get(URL + "?formaat=pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert "toegangslogboek.pdf" in response["Content-Disposition"]
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian package poppler-utils) is needed to read the PDF back")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content,  # noqa: S603, S607
                          capture_output=True, check=True).stdout.decode()
    assert "Toegangslogboek" in text and f"medewerker {caseworker.username}" in text
    rows = [line for line in text.splitlines() if "dossier_overzicht" in line]
    assert len(rows) == 3 and all(caseworker.username in r and str(mine.pk) in r for r in rows)
    assert teammate.username not in text
    assert AccessLogEntry.objects.filter(user=privacy_officer, action="export", case_id=mine.pk,
                                         purpose="fg_toegangslogboek").exists()
    assert not AccessLogEntry.objects.filter(user=privacy_officer, case_id=other.pk).exists()


@pytest.mark.policy("L-LOG")
@pytest.mark.parametrize(("data", "message"), [
    ({"start": "", "end": "", "kind": "refused"}, "Vul de begindatum"),
    ({"end": "2020-01-01", "kind": "refused"}, "De einddatum ligt vóór de begindatum."),
    ({}, "ten minste één filter"),
    ({"bsn": "123"}, "elfproef"),
    ({"bsn": "111222333"}, "Er is geen inwoner met dit BSN."),
    ({"case_number": "BESTAATNIET"}, "Er is geen dossier met dit nummer."),
    ({"user": "999999"}, "Kies een medewerker uit de lijst."),
])
def test_bad_input_gives_a_clear_dutch_message(client, privacy_officer, data, message):
    verified_login(client, privacy_officer)
    response = client.post(URL, {"start": _today(), "end": _today(), **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "111222333" not in response.content.decode().replace('value="111222333"', "")


@pytest.mark.policy("L-LOG")
def test_refusals_and_emergency_accesses_as_canned_filters(client, privacy_officer, caseworker):
    case = make_case(caseworker)
    log_access(actor=caseworker, events=[
        AccessEvent(action="read", result="refused", case_id=case.pk, purpose="dossier"),
        AccessEvent(action="emergency", case_id=case.pk, purpose="dossier", detail="buiten_toewijzing"),
        AccessEvent(action="read", case_id=case.pk, purpose="dossier"),
    ])
    verified_login(client, privacy_officer)
    client.post(URL, {"start": _today(), "end": _today(), "kind": "refused"})
    rows = client.get(URL).context["page"].object_list
    assert {e.result for e in rows} == {"refused"}
    client.post(URL, {"start": _today(), "end": _today(), "kind": "emergency"})
    rows = client.get(URL).context["page"].object_list
    assert {e.action for e in rows} == {"emergency"}


@pytest.mark.policy("L-LOG")
def test_the_fg_verifies_the_chain_on_demand(client, privacy_officer, caseworker):
    _reads(caseworker, make_case(caseworker), 3)
    verified_login(client, privacy_officer)
    assert "nog niet gecontroleerd" in client.get(URL).content.decode()
    response = client.post(URL, {"verify": "1"})
    assert response.status_code == 302
    verification = ChainVerification.objects.get()
    assert verification.ok and verification.checked >= 3
    assert "In orde" in client.get(URL).content.decode()


def test_others_cannot_post_to_the_report(client, caseworker):
    verified_login(client, caseworker)
    assert client.post(URL, {"verify": "1"}).status_code == 404
    assert not ChainVerification.objects.exists()
