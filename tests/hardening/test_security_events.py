"""P-2.2.5 monitoring: failed-login spikes and grants of privileged roles or flags become
security events for the privacy officer; the events are append-only and hold no client data."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from accounts.services import ensure_roles
from audit.models import SecurityEvent

from ..conftest import verified_login

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.5")]


def _fail(client, username):
    response = client.post("/inloggen/", {"username": username, "password": "fout-wachtwoord"})
    assert response.status_code in (200, 429)


def test_a_spike_of_failed_logins_gives_one_event_per_window(client, settings):
    settings.SECURITY_FAILED_LOGIN_THRESHOLD = 4
    settings.SECURITY_FAILED_LOGIN_WINDOW_MINUTES = 10
    typed = ["736160218", "jansen", "piet", "kees", "marie", "noor"]  # typed names may be anything
    for name in typed[:3]:
        _fail(client, name)
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.FAILED_LOGINS).exists()
    for name in typed[3:]:
        _fail(client, name)
    events = list(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.FAILED_LOGINS))
    assert len(events) == 1  # the 5th and 6th failure fall in the same window
    event = events[0]
    assert event.detail == "4 mislukte inlogpogingen binnen 10 minuten"
    assert event.user_id is None and event.username == ""
    stored = repr(list(SecurityEvent.objects.values()))
    assert not any(name in stored for name in typed)


def test_failures_outside_the_window_do_not_count(client, settings):
    import time_machine

    settings.SECURITY_FAILED_LOGIN_THRESHOLD = 3
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=30)):
        _fail(client, "a1")
        _fail(client, "a2")
    _fail(client, "a3")
    _fail(client, "a4")
    assert not SecurityEvent.objects.exists()
    _fail(client, "a5")
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.FAILED_LOGINS).count() == 1


def test_privileged_roles_and_flags_give_events_ordinary_roles_do_not(db):
    ensure_roles()
    user = User.objects.create_user(username="nieuw", password="Lang-genoeg-wachtwoord-1")
    assert not SecurityEvent.objects.exists()
    user.groups.add(Group.objects.get(name=roles.CASEWORKER))
    assert not SecurityEvent.objects.exists()
    user.groups.add(Group.objects.get(name=roles.PRIVACY_OFFICER))
    Group.objects.get(name=roles.ADMINISTRATOR).user_set.add(user)  # from the group's side
    user.is_staff = True
    user.save()
    user.save()  # saving again is no new grant
    other = User.objects.create_superuser(username="root2", password="Lang-genoeg-wachtwoord-1")
    events = sorted((e.kind, e.user_id, e.username, e.detail) for e in SecurityEvent.objects.all())
    assert events == sorted([
        ("privileged_role", user.pk, "nieuw", f"rol {roles.PRIVACY_OFFICER}"),
        ("privileged_role", user.pk, "nieuw", f"rol {roles.ADMINISTRATOR}"),
        ("privileged_flag", user.pk, "nieuw", "is_staff aangezet"),
        ("privileged_flag", other.pk, "root2", "is_superuser aangezet"),
        ("privileged_flag", other.pk, "root2", "is_staff aangezet"),
    ])


def test_events_are_append_only():
    event = SecurityEvent.objects.create(at=timezone.now(), kind=SecurityEvent.Kind.FAILED_LOGINS, detail="x")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        SecurityEvent.objects.all().delete()
    if connection.vendor == "postgresql":
        with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute("UPDATE audit_securityevent SET detail = 'weg'")
        with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute("DELETE FROM audit_securityevent")


def test_the_privacy_officer_sees_the_events_and_no_one_else(client, privacy_officer, administrator, caseworker):
    SecurityEvent.objects.create(at=timezone.now(), kind=SecurityEvent.Kind.FAILED_LOGINS,
                                 detail="25 mislukte inlogpogingen binnen 10 minuten")
    verified_login(client, privacy_officer)
    page = client.get("/fg/beveiliging/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "25 mislukte inlogpogingen binnen 10 minuten" in html
    assert "beheer" in html and "is_superuser aangezet" in html  # the administrator fixture's grant
    assert 'href="/fg/beveiliging/"' in client.get("/").content.decode()  # linked from the FG's start page
    for other in (administrator, caseworker):
        verified_login(client, other)
        assert client.get("/fg/beveiliging/").status_code == 404


def test_a_grant_names_who_gave_it_in_a_request_and_no_one_outside(rf, administrator, privacy_officer, client):
    """The event says which staff member gave the role: the request's user (AccessLogMiddleware
    holds it for the request); a grant from a management command or shell has no such user."""
    from django.http import HttpResponse

    from audit.middleware import AccessLogMiddleware

    target = User.objects.create_user(username="krijgtrol", password="Lang-genoeg-wachtwoord-1")
    request = rf.post("/beheer/accounts/user/")
    request.user = administrator

    def grant(request):
        target.groups.add(Group.objects.get(name=roles.ARCHIVIST))
        return HttpResponse()

    AccessLogMiddleware(grant)(request)
    target.groups.add(Group.objects.get(name=roles.AF))  # outside a request
    by = dict(SecurityEvent.objects.filter(user_id=target.pk).values_list("detail", "by_username"))
    assert by == {f"rol {roles.ARCHIVIST}": administrator.username, f"rol {roles.AF}": ""}
    assert SecurityEvent.objects.get(detail=f"rol {roles.ARCHIVIST}").by_user_id == administrator.pk
    verified_login(client, privacy_officer)
    html = client.get("/fg/beveiliging/").content.decode()
    assert "Gegeven door" in html and "buiten de applicatie (beheeropdracht)" in html
