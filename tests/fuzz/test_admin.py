"""Hostile input on the admin forms of the project's own models (P-2.2.5): the functional
administrator's configuration (users, organisations, teams, confidentiality texts, processor
agreements, signal feeds and keys). The admin of third-party apps (auth groups, OTP devices,
django-axes, django-auditlog) is those libraries' own code and is not fuzzed here."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client

from ..conftest import verified_login
from .engine import fuzz

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.5")]

PROJECT_APPS = {"accounts", "cases", "core", "desk", "disclosures", "meldcode", "plans", "processors", "retention",
                "signals", "audit"}

# The admin form per project model: "add", or "change" where the admin offers no add form.
ADMIN_TARGETS = {
    "beheer/accounts/user/add/": "add",
    "beheer/accounts/organisation/add/": "add",
    "beheer/accounts/team/add/": "add",
    "beheer/accounts/confidentialitytext/add/": "add",
    "beheer/accounts/confidentialityacknowledgement/add/": "add",
    "beheer/processors/processoragreement/add/": "add",
    "beheer/signals/signalfeed/add/": "add",
    "beheer/signals/partnertoken/change/": "change",
}


def admin_add_routes():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        # has_add_permission(None) is enough for the admins here: none looks at the request.
        form = "add" if model_admin.has_add_permission(_superuser_request()) else "change"
        yield f"beheer/{model._meta.app_label}/{model._meta.model_name}/{form}/"


def _superuser_request():
    class _Request:
        class user:  # noqa: N801
            is_active = is_staff = is_superuser = True

            @staticmethod
            def has_perm(*args, **kwargs):
                return True
    return _Request()


@pytest.mark.parametrize("route", list(ADMIN_TARGETS))
def test_hostile_admin_submissions(route, administrator, request):
    client = Client(raise_request_exception=False)
    verified_login(client, administrator)
    url = "/" + route
    if ADMIN_TARGETS[route] == "change":
        app_label, model_name = route.split("/")[1:3]
        model = apps.get_model(app_label, model_name)
        obj = _an_object(model, request)
        url = f"/beheer/{app_label}/{model_name}/{obj.pk}/change/"
    fuzz(client, url)


def _an_object(model, request):
    if model._meta.model_name == "partnertoken":
        from signals.models import PartnerToken
        request.getfixturevalue("feed_key")
        return PartnerToken.objects.get()
    raise AssertionError(f"no object for the change form of {model}")
