"""Hostile input on the partner API (P-2.2.5, P-2.2.3): 200 generated requests with a valid
key: JSON of every type in every field, overlong and control-character text, duplicated keys,
bodies that are not JSON or not UTF-8, and wrong content types. Never a 500, a rejected
request stores nothing, and a reply never comes back as HTML.
(tests/signals/test_api.py has the schema-driven schemathesis run.)"""

import json

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from .engine import ACCEPTED, EXAMPLES, FUZZ_SETTINGS, HOSTILE, MARKERS, table_checksums, writes

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.5")]

URL = "/api/signalen/"
# Using a key stamps the key's last use, also for a request that is then refused.
API_EXCLUDE = ("signals_partnertoken",)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
    | st.sampled_from(HOSTILE),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6)
field_values = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(HOSTILE), json_values,
                         st.sampled_from(["rent_arrears", "school_worry", "111222333", "Drie maanden huur."]))
objects = st.fixed_dictionaries({}, optional={
    "content": field_values, "subject_name": field_values, "subject_bsn": field_values, "category": field_values,
    "id": json_values, "status": json_values})


def _duplicated(obj):
    """The same key twice in one JSON object (json.dumps cannot write that)."""
    pairs = [json.dumps(k) + ":" + json.dumps(v) for k, v in obj.items()]
    return "{" + ",".join(pairs + pairs[:1]) + "}"


bodies = st.one_of(
    objects.map(json.dumps), objects.map(json.dumps), objects.map(json.dumps), objects.map(_duplicated),
    json_values.map(json.dumps),
    st.sampled_from(["", "{", "{\"content\": \"a\"", "\x00", "{\"content\": \"\\u0000\"}", "[" * 5000,
                     "{\"content\": " + "[" * 3000 + "]" * 3000 + "}", "{\"content\": 1e999}",
                     "{\"content\": NaN}", "\ufeff{\"content\": \"tekst\"}"]),
    st.binary(max_size=60),
)
content_types = st.sampled_from(["application/json", "application/json", "application/json; charset=latin-1",
                                 "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                 "application/xml", "application/json; charset=utf-16"])


def test_hostile_requests_to_the_partner_api(feed_key):
    client = Client(raise_request_exception=False)
    before = table_checksums(API_EXCLUDE)
    counts = {"accepted": 0, "rejected": 0}

    # Always the full 200 (an API request is cheap): fewer may never reach an accepted body.
    @settings(FUZZ_SETTINGS, max_examples=max(EXAMPLES, 200))
    @given(bodies, content_types)
    def run(body, content_type):
        if isinstance(body, bytes):  # the test client re-encodes bytes only from UTF-8
            content_type = content_type.split(";")[0]
        with transaction.atomic():
            written = writes()
            response = client.post(URL, data=body, content_type=content_type,
                                   HTTP_AUTHORIZATION=f"Bearer {feed_key}")
            assert response.status_code < 500, (response.status_code, body)
            assert not response["Content-Type"].startswith("text/html"), response["Content-Type"]
            text = response.content.decode("utf-8", errors="replace")
            assert not any(m in text for m in MARKERS) or response["Content-Type"].startswith("application/json")
            if response.status_code in ACCEPTED:
                counts["accepted"] += 1
            else:
                counts["rejected"] += 1
                now = writes()
                if any(n != written.get(t) for t, n in now.items() if t not in API_EXCLUDE
                       and t != "audit_accesslogentry"):
                    after = table_checksums(API_EXCLUDE)
                    assert [t for t in after if after[t] != before[t]] == [], response.status_code
            transaction.set_rollback(True)

    run()
    assert counts["accepted"] > 0 and counts["rejected"] > 0, counts
