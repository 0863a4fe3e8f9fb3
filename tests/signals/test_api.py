"""The partner API: keys, quarantine, malformed input, and a schema-driven run (P-2.2.3)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings

from signals import services
from signals.models import PartnerToken, Signal

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.3")]

URL = "/api/signalen/"
GOOD = {"content": "Drie maanden huurachterstand, brief gestuurd.", "subject_name": "K. Klaassen",
        "subject_bsn": "111.222.333"}


def post(client, body, key=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers, **extra)


def test_valid_key_stores_signal_in_quarantine(client, feed_key, rent_feed):
    response = post(client, GOOD, feed_key)
    assert response.status_code == 201, response.content
    body = response.json()
    signal = Signal.objects.get(pk=body["id"])
    assert (signal.status, signal.feed, signal.partner, signal.category, signal.source_kind) == (
        Signal.Status.NEW, rent_feed, rent_feed.organisation, "rent_arrears", "automated_feed")
    assert signal.subject_bsn == "111222333" and body["assessment_deadline"]
    assert "huurachterstand" not in response.content.decode()  # the receipt carries no content


@pytest.mark.parametrize("auth", [None, "Bearer", "Bearer onbekende-sleutel", "Bearer a b", "Token x",
                                  "Bearer \u00e9\u00e9"])
def test_missing_or_unknown_key_is_refused_and_stores_nothing(client, rent_feed, auth):
    headers = {"HTTP_AUTHORIZATION": auth.encode("utf-8").decode("latin-1")} if auth else {}
    response = client.post(URL, data=json.dumps(GOOD), content_type="application/json", **headers)
    assert response.status_code in (401, 403)
    assert "detail" in response.json()
    assert not Signal.objects.exists()


def test_missing_key_gets_401_with_challenge(client, rent_feed):
    response = post(client, GOOD)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"


def test_revoked_key_is_refused(client, rent_feed):
    token, key = services.issue_partner_token(actor=None, feed=rent_feed)
    services.revoke_partner_token(actor=None, token=token)
    response = post(client, GOOD, key)
    assert response.status_code == 401
    assert "ingetrokken" in response.json()["detail"]
    assert not Signal.objects.exists()


def test_inactive_feed_is_refused(client, rent_feed, feed_key):
    rent_feed.active = False
    rent_feed.save()
    assert post(client, GOOD, feed_key).status_code == 403
    assert not Signal.objects.exists()


def test_only_a_hash_of_the_key_is_stored(rent_feed, feed_key):
    token = PartnerToken.objects.get()
    assert token.key_hash == PartnerToken.hash_key(feed_key) and feed_key not in token.key_hash
    assert token.prefix == feed_key[:8] and len(feed_key) >= 40


@pytest.mark.parametrize(("body", "message"), [
    ("{niet: json", "geen geldige JSON"),
    ("[]", "JSON-object"),
    ("\"tekst\"", "JSON-object"),
    ({}, "content"),
    ({"content": "   "}, "leeg"),
    ({"content": "x" * 5001}, "5000"),
    ({"content": 12}, "tekst"),
    ({"content": "ok", "subject_name": ["a"]}, "tekst"),
    ({"content": "ok", "category": "onbekend"}, "Onbekende soort"),
    ({"content": "ok", "subject_bsn": "123456789"}, "BSN is niet geldig"),
    ({"content": "ok", "subject_name": "n" * 201}, "200"),
])
def test_malformed_input_gets_400_with_message_and_stores_nothing(client, feed_key, body, message):
    response = post(client, body, feed_key)
    assert response.status_code == 400, response.content
    assert message in response.content.decode()
    assert not Signal.objects.exists()


def test_schema_is_served_and_names_the_bearer_scheme(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/signalen/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["partnerKey"]["scheme"] == "bearer"


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: a WSGI call must not close the test's database connection."""
    from django.core import signals as request_signals
    from django.db import close_old_connections

    request_signals.request_started.disconnect(close_old_connections)
    request_signals.request_finished.disconnect(close_old_connections)
    yield
    request_signals.request_started.connect(close_old_connections)
    request_signals.request_finished.connect(close_old_connections)


def test_generated_requests_from_the_schema_find_no_server_error(feed_key, keep_test_connection):
    """Schemathesis generates requests from /api/schema/ and runs them against the WSGI app."""
    import schemathesis
    from schemathesis.checks import not_a_server_error

    from doetinchem_privacy.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operation = schema["/api/signalen/"]["POST"]
    seen = []

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call_and_validate(headers={"Authorization": f"Bearer {feed_key}"},
                                          checks=[not_a_server_error])
        seen.append(response.status_code)

    run()
    assert seen and max(seen) < 500 and 201 in seen

    seen.clear()

    @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE))
    def run_negative(case):
        response = case.call_and_validate(headers={"Authorization": f"Bearer {feed_key}"},
                                          checks=[not_a_server_error])
        seen.append(response.status_code)

    run_negative()
    assert seen and max(seen) < 500


def test_unsupported_media_type_and_method_are_4xx(client, feed_key):
    response = client.post(URL, data="content=x", content_type="text/plain", HTTP_AUTHORIZATION=f"Bearer {feed_key}")
    assert response.status_code == 415
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {feed_key}").status_code == 405
    assert not Signal.objects.exists()


def test_form_encoded_post_is_accepted_like_json(client, feed_key):
    response = client.post(URL, data={"content": "Afsluiting gepland."}, HTTP_AUTHORIZATION=f"Bearer {feed_key}")
    assert response.status_code == 201


def test_feed_past_review_date_is_flagged_in_the_register(client, intake_user, rent_feed):
    import datetime as dt

    from ..conftest import verified_login

    rent_feed.review_date = dt.date(2020, 1, 1)
    rent_feed.save()
    verified_login(client, intake_user)
    html = client.get("/signalen/bronnen/").content.decode()
    assert "Convenant vroegsignalering 2026-01" in html and "Toetsing verlopen" in html
