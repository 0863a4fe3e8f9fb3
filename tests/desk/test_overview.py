"""The desk's landing page (UX 'FG' Overzicht): counts of what needs attention, each linking to
its queue, and links to every desk function; the menu shows it to the privacy officer only."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.services import request_emergency_access
from desk.models import Breach, RectificationRequest

from ..conftest import verified_login
from ..factories import make_case, make_resident
from .test_disclosure_review import _disclosure


@pytest.mark.django_db
@pytest.mark.policy("L-LOG")
@pytest.mark.policy("L-33")
@pytest.mark.policy("P-1.3")
def test_the_overview_counts_what_needs_attention_and_links_everything(client, privacy_officer, caseworker,
                                                                       other_caseworker):
    case = make_case(caseworker)
    request_emergency_access(actor=other_caseworker, case=case, reason="stand_in", explanation="Waarneming.")
    _disclosure(case, caseworker)
    Breach.objects.create(discovered_at=timezone.now() - dt.timedelta(hours=3), description="Lek", harm_level="hoog",
                          registered_by=privacy_officer)
    Breach.objects.create(discovered_at=timezone.now(), description="Klein", harm_level="laag",
                          no_risk_reason="Versleuteld", registered_by=privacy_officer)  # no duty to report
    RectificationRequest.objects.create(resident=make_resident(caseworker), received_on=timezone.localdate(),
                                        registered_by=privacy_officer)
    verified_login(client, privacy_officer)
    response = client.get("/fg/")
    html = response.content.decode()
    assert response.status_code == 200
    counts = {item["testid"]: item["count"] for item in response.context["attention"]}
    assert counts == {"emergency": 1, "flagged": 1, "breaches": 1, "rights": 1, "erasure": 0, "agreements": 0}
    assert "Melden vóór" in html and ("(nog 68 uur)" in html or "(nog 69 uur)" in html)
    for url in ("/fg/buiten-toewijzing/", "/fg/verstrekkingen/", "/fg/datalekken/", "/fg/rechten/",
                "/fg/rapporten/", "/fg/toegangslogboek/", "/verwerkingsregister/", "/fg/wissing/",
                "/verwerkersovereenkomsten/", "/openbaar/"):
        assert f'href="{url}' in html, url
    assert case.number not in html and case.resident.surname not in html
    assert 'href="/fg/">Privacybureau</a>' in html  # the privacy officer's menu
    client.logout()
    verified_login(client, caseworker)
    assert "Privacybureau" not in client.get("/").content.decode()
    assert client.get("/fg/").status_code == 404
