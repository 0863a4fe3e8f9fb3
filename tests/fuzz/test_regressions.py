"""What the fuzzing found, pinned as plain examples (P-2.2.5): each gave a 500 before its fix."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import ReductionRecord

from ..conftest import verified_login
from ..factories import PDF_BYTES, make_document

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.5")]


@pytest.fixture
def client(caseworker):
    return verified_login(Client(raise_request_exception=False), caseworker)


def test_a_page_count_beyond_the_integer_column_is_a_form_error(client, caseworker, own_case):
    document = make_document(own_case, caseworker)
    response = client.post(f"/dossiers/{own_case.pk}/documenten/{document.pk}/reduceren/", {
        "kept_file": SimpleUploadedFile("deel.pdf", PDF_BYTES, content_type="application/pdf"),
        "kind": "Medisch dossier huisarts", "pages_removed": "99999999999999999999999"})
    assert response.status_code == 200
    assert "Vul een aantal pagina&#x27;s tot 100.000 in." in response.content.decode()
    assert not ReductionRecord.objects.exists()


def test_json_nested_deeper_than_the_recursion_limit_is_a_400(feed_key):
    from signals.models import Signal

    response = Client(raise_request_exception=False).post(
        "/api/signalen/", data="{\"content\": " + "[" * 5000 + "]" * 5000 + "}", content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {feed_key}")
    assert response.status_code == 400
    assert "geen geldige JSON" in response.json()["detail"]
    assert not Signal.objects.exists()
