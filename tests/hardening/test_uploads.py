"""P-2.2.5 uploads: a size limit at the door, the type judged by content, no active content,
files outside the web root and only through the gate."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Document

from ..conftest import verified_login
from ..factories import PDF_BYTES

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.5")]
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body onload=\"fetch('/dossiers/')\"></body></html>"
PDF_JS = (b"%PDF-1.7\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
          b"2 0 obj << /S /JavaScript /JS (app.alert\\(1\\)) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
PDF_JS_ESCAPED = PDF_JS.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
PDF_LAUNCH = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj\n%%EOF"
PDF_EMBEDDED = b"%PDF-1.4\n1 0 obj << /Names << /EmbeddedFiles 2 0 R >> >> endobj\n%%EOF"


def _post(client, case, data, filename, content_type):
    return client.post(f"/dossiers/{case.pk}/documenten/nieuw/", {
        "file": SimpleUploadedFile(filename, data, content_type=content_type), "name": "Stuk", "category": "ordinary"})


@pytest.mark.parametrize("data, filename, content_type", [
    (SVG, "foto.png", "image/png"),
    (SVG, "scan.svg", "image/svg+xml"),
    (HTML, "brief.pdf", "application/pdf"),
    (HTML, "brief.html", "text/html"),
])
def test_disguised_html_and_svg_are_refused_by_content(client, caseworker, own_case, data, filename, content_type):
    verified_login(client, caseworker)
    response = _post(client, own_case, data, filename, content_type)
    assert response.status_code == 200
    assert "Dit bestand is geen PDF, PNG of JPEG." in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("data", [PDF_JS, PDF_JS_ESCAPED, PDF_LAUNCH, PDF_EMBEDDED])
def test_a_pdf_with_active_content_is_refused(client, caseworker, own_case, data):
    verified_login(client, caseworker)
    response = _post(client, own_case, data, "advies.pdf", "application/pdf")
    assert response.status_code == 200
    assert "Deze PDF bevat scripts, bijlagen of formulieracties." in response.content.decode()
    assert not Document.objects.exists()


def test_a_plain_pdf_is_stored_encrypted_outside_the_web_root_and_served_only_through_the_gate(
        client, caseworker, other_caseworker, own_case, settings_files):
    verified_login(client, caseworker)
    assert _post(client, own_case, PDF_BYTES, "advies.pdf", "application/pdf").status_code == 302
    document = Document.objects.get()
    stored = Path(settings_files) / document.file.name
    assert stored.exists() and PDF_BYTES not in stored.read_bytes()
    static_roots = [Path(settings.STATIC_ROOT), *(Path(d if isinstance(d, (str, Path)) else d[1])
                                                   for d in settings.STATICFILES_DIRS)]
    assert not any(stored.resolve().is_relative_to(root.resolve()) for root in static_roots)
    # no URL serves the storage, under the media prefix or elsewhere
    assert client.get(f"{settings.MEDIA_URL}{document.file.name}").status_code == 404
    assert client.get(f"/static/{document.file.name}").status_code == 404
    download = client.get(f"/dossiers/{own_case.pk}/documenten/{document.pk}/downloaden/")
    assert download.status_code == 200 and download.content == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    verified_login(client, other_caseworker)
    assert client.get(f"/dossiers/{own_case.pk}/documenten/{document.pk}/downloaden/").status_code == 404


def test_an_oversized_request_is_refused_at_the_door(client, caseworker, own_case, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    verified_login(client, caseworker)
    big = PDF_BYTES + b"0" * (1024 * 1024)
    response = _post(client, own_case, big, "groot.pdf", "application/pdf")
    assert response.status_code == 413
    assert "te groot" in response.content.decode()
    assert not Document.objects.exists()
    # just under the limit goes through to the form
    assert _post(client, own_case, PDF_BYTES, "klein.pdf", "application/pdf").status_code == 302
