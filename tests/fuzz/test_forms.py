"""Hostile input on every form (P-2.2.5): 200 generated submissions per POST-taking URL
(overlong strings, control characters and NUL, mixed scripts and direction overrides, wrong
types, impossible dates, missing and duplicated fields, undecodable bodies): never a 500, no
unescaped reflection, and a rejected submission changes no row (table checksum)."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..conftest import verified_login
from .engine import fuzz
from .targets import MELDCODE_STEPS, TARGETS, World, fill

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.5")]

CASES = [(route, None) for route in TARGETS if "<int:number>" not in route] + [
    (route, step) for route in TARGETS if "<int:number>" in route for step in MELDCODE_STEPS]


def _client(world, target):
    client = Client(raise_request_exception=False)
    user = world.resolve(target.persona)
    if target.login == "verified":
        verified_login(client, user)
    elif target.login == "password":
        if target.persona != "new_user":
            TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        client.force_login(user)
    return client, user


@pytest.mark.parametrize(("route", "step"), CASES, ids=[f"{r}#{s}" if s else r for r, s in CASES])
def test_hostile_submissions(request, route, step):
    world = World(request)
    target = TARGETS[route]
    url = fill(route, target, world, number=step)
    client, user = _client(world, target)
    relogin = (lambda: verified_login(client, user)) if route == "uitloggen/" else None
    fields, counts = fuzz(client, url, fields=target.fields, extra=target.extra, exclude=target.exclude,
                          relogin=relogin)
    assert fields or target.fields is not None, f"no form fields found on {url}"
