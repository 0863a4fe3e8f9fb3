"""The register of processing activities (L-30): seeded, consistent with what the system does
(every statute and every access-log purpose code maps to an activity), read-only page."""

import re
from pathlib import Path

import pytest

from desk import register
from desk.models import ProcessingActivity
from processors.models import Purpose

from ..conftest import verified_login
from ..test_permission_matrix import EXPECTATIONS, PERSONAS

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "audit", "cases", "core", "desk", "disclosures", "meldcode", "plans", "processors",
        "retention", "signals"]
PURPOSE = re.compile(r'purpose="([a-z_]+)"')


def purpose_codes_in_the_code() -> set[str]:
    """Every literal purpose= code passed to the access gates and log_access (keyed hashes aside)."""
    codes = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for line in path.read_text().splitlines():
                if "keyed_hash" not in line:
                    codes.update(PURPOSE.findall(line))
    return codes


@pytest.mark.policy("L-30")
def test_every_statute_maps_to_an_activity():
    assert set(register.STATUTE_ACTIVITY) == set(Purpose.values)
    assert set(register.STATUTE_ACTIVITY.values()) <= set(register.ACTIVITY_CODES)


@pytest.mark.policy("L-30")
def test_every_purpose_code_of_the_access_log_maps_to_an_activity():
    codes = purpose_codes_in_the_code()
    assert len(codes) > 40, "the scan found too few codes: has the calling convention changed?"
    assert sorted(codes - set(register.LOG_PURPOSE_ACTIVITY)) == []
    assert "dossier" in register.LOG_PURPOSE_ACTIVITY  # access_case's default purpose


@pytest.mark.policy("L-30")
@pytest.mark.parametrize("statute", Purpose.values)
def test_a_dossier_read_falls_under_the_activity_of_its_statute(statute):
    assert register.activity_for_log_entry("dossier_overzicht", statute) == register.STATUTE_ACTIVITY[statute]
    assert register.activity_for_log_entry("signaal_inzien") == register.SIGNALS
    assert register.activity_for_log_entry("fg_verstrekkingen") == register.ACCESS_LOG
    assert register.activity_for_log_entry("onbekend") is None


@pytest.mark.django_db
@pytest.mark.policy("L-30")
def test_the_migration_seeds_one_complete_activity_per_code():
    activities = {a.code: a for a in ProcessingActivity.objects.all()}
    assert set(activities) == set(register.ACTIVITY_CODES)
    fields = ["name", "purpose", "legal_basis", "data_categories", "resident_categories", "recipients",
              "retention", "security_measures"]
    assert all(getattr(a, f).strip() for a in activities.values() for f in fields)


@pytest.fixture
def people(request):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.mark.django_db
@pytest.mark.policy("L-30")
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_register_page_is_for_the_fg_and_the_administrator(client, people, persona):
    verified_login(client, people[persona])
    routes = [r for r, k in EXPECTATIONS.items() if k == "processing_register"]
    assert routes
    for route in routes:
        response = client.get("/" + route)
        if persona in ("privacy_officer", "administrator"):
            assert response.status_code == 200
            html = response.content.decode()
            assert "Jeugdwet" in html and "Toegangslogboek en toezicht" in html
        else:
            assert response.status_code == 404, persona
        assert client.post("/" + route).status_code in (404, 405)
