import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from accounts.models import User
from cases.models import Case
from doetinchem_privacy.env import database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent


def test_env_bool_refuses_a_value_it_does_not_understand(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_env_int_refuses_text_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "tien")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1, minimum=1)


def test_database_url_parsing():
    pg = database_from_url("postgres://u:p%40ss@db:5433/zaken")
    assert (pg["ENGINE"], pg["NAME"], pg["PASSWORD"], pg["PORT"]) == (
        "django.db.backends.postgresql", "zaken", "p@ss", "5433")
    assert database_from_url("sqlite:////tmp/x.sqlite3")["NAME"] == "/tmp/x.sqlite3"
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://db/zaken")


def _settings_in_subprocess(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "MFA_REQUIRED"}}
    env.update(env_overrides)
    code = "import django; django.setup(); print('ok')"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.policy("P-2.2.5")
def test_production_cannot_switch_two_factor_off():
    result = _settings_in_subprocess({
        "DEBUG": "false", "MFA_REQUIRED": "false", "SECRET_KEY": "x" * 50,
        "FIELD_ENCRYPTION_KEYS": "k:" + "A" * 43 + "=", "BSN_HASH_KEY": "a", "AUDIT_CHAIN_KEY": "b",
    })
    assert result.returncode != 0
    assert "MFA_REQUIRED may only be switched off" in result.stderr


def test_production_refuses_to_start_without_secrets():
    result = _settings_in_subprocess({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_seed_demo_is_idempotent(settings):
    settings.DEMO_PASSWORD = "Demo-wachtwoord-2026"
    call_command("seed_demo")
    counts = (User.objects.count(), Case.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Case.objects.count()) == counts
    assert counts[1] == 6
    assert set(User.objects.values_list("username", flat=True)) >= {
        "anna", "bram", "coach", "zorgplein", "teamlead", "af", "archief", "fg", "beheer"}


@pytest.mark.django_db
def test_login_page_is_dutch_and_accessible_in_structure(client):
    response = client.get("/inloggen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html
    assert "<title>Inloggen – Sociaal domein Doetinchem</title>" in html


@pytest.mark.django_db
def test_failed_login_shows_error_summary_linked_to_fields(client):
    response = client.post("/inloggen/", {"username": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Fout: ") >= 1 and "<title>Fout: Inloggen" in html
    assert 'href="#id_username"' in html
    assert 'aria-describedby="id_username_error"' in html and 'aria-invalid="true"' in html


@pytest.mark.django_db
@pytest.mark.policy("P-1.3")
def test_leaflet_work_instruction_and_model_agreement_are_public(client):
    for url, words in [("/openbaar/privacy/", "Wat doet de gemeente met uw gegevens?"),
                       ("/openbaar/werkinstructie/", "Werkinstructie Omgaan met privacy"),
                       ("/openbaar/model-verwerkersovereenkomst/", "Model verwerkersovereenkomst"),
                       ("/openbaar/toegankelijkheid/", "Toegankelijkheidsverklaring")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert words in response.content.decode()
    footer = client.get("/inloggen/").content.decode()
    assert "/openbaar/privacy/" in footer and "/openbaar/werkinstructie/" in footer


@pytest.mark.django_db
def test_unknown_page_gives_the_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
