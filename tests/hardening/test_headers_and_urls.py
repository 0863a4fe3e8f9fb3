"""P-2.2.5: every page a logged-in user gets is not stored (Cache-Control: no-store), carries a
Content-Security-Policy without unsafe-inline, and with production settings HSTS; no URL can
carry a BSN or a name."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ..conftest import verified_login
from ..test_permission_matrix import EXPECTATIONS, _routes, _url, world  # noqa: F401 - world is a fixture

pytestmark = [pytest.mark.policy("P-2.2.5")]
ROOT = Path(__file__).resolve().parents[2]

# Who asks for each kind of route, so that most answer 200 (the rest still must carry the headers).
ASKER = {"fg": "privacy_officer", "desk_record": "privacy_officer", "agreements": "privacy_officer",
         "processing_register": "privacy_officer", "jobs": "archivist", "archive": "archivist",
         "zorgplein": "zorgplein_reviewer", "admin": "administrator"}


def _assert_headers(response, url, *, hsts):
    cache = response.headers.get("Cache-Control", "")
    assert "no-store" in cache, (url, response.status_code, cache)
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "script-src 'self'" in csp, (url, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (url, csp)
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    kind = response.headers.get("Content-Type", "")
    if response.status_code == 200 and not kind.startswith(("text/html", "application/json", "application/vnd.oai")):
        # files (PDF, images, CSV, JSON exports) never open inline in the application's origin
        assert response.headers.get("Content-Disposition", "").startswith("attachment;"), (url, kind)
    if hsts:
        assert response.headers.get("Strict-Transport-Security") == "max-age=31536000; includeSubDomains", url


@pytest.mark.django_db
def test_every_authenticated_get_is_not_stored_and_has_a_strict_csp_and_hsts(client, world, settings):  # noqa: F811
    settings.SECURE_HSTS_SECONDS = 31_536_000  # as in production (settings.py without DEBUG)
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    people, cases = world
    case = cases["own_case"]
    seen, ok = 0, set()
    for route, kind in EXPECTATIONS.items():
        asker = ASKER.get(kind, "caseworker")
        verified_login(client, people[asker])
        url = _url(route, case) if route != "beheer/" else "/beheer/"
        response = client.get(url, secure=True)
        _assert_headers(response, url, hsts=True)
        seen += 1
        if response.status_code == 200:
            ok.add(route)
    assert seen == len(EXPECTATIONS)
    # the walk reached the pages themselves, not only refusals
    assert len(ok) >= 60, sorted(set(EXPECTATIONS) - ok)
    assert {"dossiers/<int:pk>/", "dossiers/<int:pk>/documenten/<int:document_pk>/downloaden/",
            "fg/toegangslogboek/", "fg/beveiliging/", "beheer/"} <= ok


def test_production_settings_switch_on_hsts_secure_cookies_and_the_idle_timeout():
    code = ("from django.conf import settings as s; import django; django.setup(); "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE, s.SESSION_RENEW_SECONDS, "
            "s.SESSION_COOKIE_HTTPONLY)")
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECURE_HSTS_SECONDS", "SESSION_IDLE_SECONDS")}
    env.update(DEBUG="false", SECRET_KEY="x" * 50, FIELD_ENCRYPTION_KEYS="k1:" + "A" * 43 + "=", BSN_HASH_KEY="b",
               AUDIT_CHAIN_KEY="c", ALLOWED_HOSTS="sociaal.doetinchem.example", MFA_REQUIRED="true",
               DJANGO_SETTINGS_MODULE="doetinchem_privacy.settings")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["31536000", "True", "True", "True", "True", "900", "60", "True"]


def _patterns(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route != "beheer/":  # Django's admin: configuration only, no client data (test_permission_matrix)
                yield from _patterns(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p


def test_no_url_pattern_can_carry_a_bsn_or_a_name():
    """URL parameters are database ids only: no str/slug/path converters and no regex routes,
    so a BSN, a name or free text never becomes part of a URL (and so of server logs)."""
    routes = list(_patterns())
    assert len(routes) > 50
    for route, _pattern in routes:
        assert not route.startswith("^"), route  # re_path would accept anything
        converters = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        for converter, name in converters:
            assert converter == "int", (route, name)
            assert name == "pk" or name.endswith(("_pk", "number")), (route, name)


GET_FORM_FIELDS = {"status", "wet", "sort", "statute", "start", "end", "bron"}


def test_forms_that_put_their_fields_in_the_url_only_hold_codes_and_dates():
    """Search by BSN or name is a POST; a GET form (its fields end up in the URL) may only
    hold codes and dates."""
    found = set()
    for template in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        for form in re.findall(r"<form\b(.*?)</form>", template.read_text(), flags=re.S):
            method = re.search(r'method="(\w+)"', form.split(">", 1)[0])
            if method and method.group(1).lower() == "post":
                continue
            names = set(re.findall(r'name="([^"]+)"', form)) | set(re.findall(r"form_field form\.(\w+)", form))
            assert names <= GET_FORM_FIELDS, (template, names - GET_FORM_FIELDS)
            found |= names
    assert found  # the scan saw the filter forms
