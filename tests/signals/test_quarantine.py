"""Quarantine: only the intake team sees signals; everyone else gets 404 (P-2.2.3, L-LOG)."""

import pytest

from audit.models import AccessLogEntry
from signals import services

from ..conftest import verified_login
from ..test_permission_matrix import EXPECTATIONS, PERSONAS
from .conftest import make_signal

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.3")]

SIGNAL_ROUTES = [route for route, kind in EXPECTATIONS.items() if kind == "signals"]


@pytest.fixture
def everyone(request, intake_user):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def meeting(intake_user, caseworker, housing_corporation):
    from core.dates import today

    from ..factories import make_case

    signal = services.take_up(signal=make_signal(), actor=intake_user, severity="laag",
                              resident=(case := make_case(caseworker)).resident, case=case)
    return services.save_meeting(actor=intake_user, signal=signal, held_on=today(),
                                 organisations=[housing_corporation], presence="present")


def _url(route, meeting):
    return "/" + route.replace("<int:pk>", str(meeting.signal_id)).replace("<int:meeting_pk>", str(meeting.pk))


@pytest.mark.parametrize("persona", PERSONAS)
def test_signal_pages_are_404_outside_intake(client, everyone, meeting, persona):
    verified_login(client, everyone[persona])
    for route in SIGNAL_ROUTES:
        assert client.get(_url(route, meeting)).status_code == 404, (persona, route)
    assert client.post(f"/signalen/{meeting.signal_id}/vernietigen/").status_code == 404
    assert meeting.signal.__class__.objects.filter(pk=meeting.signal_id).exists()


def test_signal_pages_open_for_intake(client, intake_user, meeting):
    verified_login(client, intake_user)
    for route in SIGNAL_ROUTES:
        status = client.get(_url(route, meeting)).status_code
        assert status in (200, 302), route  # assess/destroy of a taken-up signal redirect to its page


def test_intake_without_second_factor_gets_no_signal(client, intake_user, signal):
    client.force_login(intake_user)
    assert client.get(f"/signalen/{signal.pk}/").status_code == 302  # to the second step


@pytest.mark.parametrize("persona", ["caseworker", "team_lead", "privacy_officer", "administrator"])
def test_quarantined_signal_absent_from_other_lists(client, everyone, persona):
    marker = "Quarantaine-zichtbaar-XYZ"
    signal = make_signal(content=marker, subject_name="Piet Quarantaine")
    verified_login(client, everyone[persona])
    for route, kind in EXPECTATIONS.items():
        if kind in ("list", "signals") and "<" not in route:
            html = client.get("/" + route).content.decode()
            assert marker not in html and "Piet Quarantaine" not in html
            assert f"/signalen/{signal.pk}/" not in html


def test_queue_lists_new_signals_oldest_first_with_deadline(client, intake_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, second = make_signal(content="eerste"), make_signal(content="tweede")
    verified_login(client, intake_user)
    client.get("/signalen/")  # warm up session and permissions
    with CaptureQueriesContext(connection) as two_rows:
        html = client.get("/signalen/").content.decode()
    assert "2 signalen in quarantaine" in html
    assert html.index(f"Signaal {first.pk}<") < html.index(f"Signaal {second.pk}<")
    assert "<time datetime=" in html and "eerste" not in html  # the queue shows no content
    for _ in range(3):
        make_signal(partner=intake_user.organisation)
    with CaptureQueriesContext(connection) as five_rows:
        assert "5 signalen in quarantaine" in client.get("/signalen/").content.decode()
    assert len(five_rows) == len(two_rows)  # constant in the number of rows


def test_reads_and_refusals_are_logged_without_content(client, intake_user, caseworker, signal):
    verified_login(client, intake_user)
    client.get(f"/signalen/{signal.pk}/")
    verified_login(client, caseworker)
    client.get(f"/signalen/{signal.pk}/")
    rows = list(AccessLogEntry.objects.filter(detail__contains=f"signaal:{signal.pk}").order_by("seq"))
    assert [(r.user_id, r.result) for r in rows] == [(intake_user.pk, "allowed"), (caseworker.pk, "refused")]
    assert all(r.resident_id is None for r in rows)
    assert rows[0].purpose == "signaal_inzien"
