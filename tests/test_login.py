"""Two factors on every login path, lockout, idle timeout, logout (P-2.2.5)."""

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

from .factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.5")]


def _code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_password_alone_reaches_no_page_with_client_data(client, caseworker, own_case):
    response = client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert response.url == "/inloggen/tweede-stap/"
    for url in ("/", "/dossiers/", f"/dossiers/{own_case.pk}/", "/beheer/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/inloggen/")


def test_first_login_sets_up_the_app_then_needs_a_code(client, caseworker):
    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert client.get("/inloggen/tweede-stap/").url == "/inloggen/app-koppelen/"
    setup = client.get("/inloggen/app-koppelen/")
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    wrong = client.post("/inloggen/app-koppelen/", {"token": "000000"})
    assert "De code klopt niet" in wrong.content.decode()
    done = client.post("/inloggen/app-koppelen/", {"token": _code(device)})
    assert done.status_code == 200 and "back-upcodes" in done.content.decode()
    assert StaticToken.objects.filter(device__user=caseworker).count() == 10
    assert client.get("/dossiers/").status_code == 200


def test_backup_code_works_once(client, caseworker):
    from accounts.services import replace_backup_codes

    TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    code = replace_backup_codes(user=caseworker)[0]
    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert client.post("/inloggen/tweede-stap/", {"token": code}).url == "/"
    client.post("/uitloggen/")
    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    again = client.post("/inloggen/tweede-stap/", {"token": code})
    assert again.status_code == 200 and "klopt niet" in again.content.decode()


def test_repeated_wrong_codes_end_the_session(client, caseworker):
    TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    for _ in range(4):
        client.post("/inloggen/tweede-stap/", {"token": "123456"})
    last = client.post("/inloggen/tweede-stap/", {"token": "123456"})
    assert last.url == "/inloggen/"
    assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_wrong_passwords(client, caseworker):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/inloggen/", {"username": "anna", "password": "fout"})
    locked = client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert locked.status_code == 429
    assert "tijdelijk geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_goes_through_both_factors(client):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302 and response.url.startswith("/inloggen/")


def test_sessions_expire_after_idle_time_and_pages_are_not_stored(client, caseworker):
    from .conftest import verified_login

    assert settings.SESSION_COOKIE_AGE <= 15 * 60
    verified_login(client, caseworker)
    response = client.get("/dossiers/")
    assert "no-store" in response["Cache-Control"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_request_renews_the_idle_timeout_at_most_once_per_renewal_interval(client, caseworker):
    """BIO idle timeout without a session write per page (issue 10): a request renews the expiry
    when the last renewal is older than SESSION_RENEW_SECONDS; a session left idle for
    SESSION_COOKIE_AGE after its last renewal has ended."""
    import datetime as dt
    from unittest import mock

    from django.contrib.sessions.models import Session

    from accounts.middleware import RENEWED_KEY

    from .conftest import verified_login

    verified_login(client, caseworker)
    key = client.session.session_key
    client.get("/dossiers/")
    first = Session.objects.get(session_key=key).expire_date
    client.get("/dossiers/")  # within the interval: no write, the expiry stays
    assert Session.objects.get(session_key=key).expire_date == first
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.SESSION_RENEW_SECONDS + 5)
    with mock.patch("accounts.middleware.time.time", return_value=later.timestamp()), \
            mock.patch("django.contrib.sessions.backends.base.timezone.now", return_value=later):
        assert client.get("/dossiers/").status_code == 200
    renewed = Session.objects.get(session_key=key)
    assert renewed.expire_date > first
    assert renewed.get_decoded()[RENEWED_KEY] == int(later.timestamp())
    # idle past the age since the last renewal: the session is over, the user must log in again
    Session.objects.filter(session_key=key).update(expire_date=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    response = client.get("/dossiers/")
    assert response.status_code == 302 and response.url.startswith("/inloggen/")


def test_logout_invalidates_the_session_server_side(client, caseworker):
    from django.contrib.sessions.models import Session

    from .conftest import verified_login

    verified_login(client, caseworker)
    key = client.session.session_key
    client.post("/uitloggen/")
    assert not Session.objects.filter(session_key=key).exists()


def test_login_rotates_the_session_id(client, caseworker):
    client.get("/inloggen/")
    client.session.save()
    before = client.session.session_key
    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert client.session.session_key != before
    assert User.objects.get(username="anna").last_login is not None


def test_an_idle_session_ends_and_the_next_request_goes_to_the_login(client, caseworker, own_case):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from .conftest import verified_login

    verified_login(client, caseworker)
    assert client.get(f"/dossiers/{own_case.pk}/").status_code == 200
    idle = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(idle):
        response = client.get(f"/dossiers/{own_case.pk}/")
    assert response.status_code == 302 and response.url.startswith("/inloggen/")


def test_disabling_a_user_ends_their_sessions_at_once(client, caseworker, own_case):
    from .conftest import verified_login

    verified_login(client, caseworker)
    assert client.get(f"/dossiers/{own_case.pk}/").status_code == 200
    User.objects.filter(pk=caseworker.pk).update(is_active=False)
    response = client.get(f"/dossiers/{own_case.pk}/")
    assert response.status_code == 302 and response.url.startswith("/inloggen/")
