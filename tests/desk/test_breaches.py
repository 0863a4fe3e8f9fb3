"""The breach register (L-33) with harm levels (P-1.2): reporting duty, the 72-hour deadline to
the hour, affected residents from the access log, and the screens (privacy officer only)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from core.harm import HarmLevel
from desk import rules
from desk.models import Breach
from desk.services import affected_residents

from ..conftest import verified_login
from ..factories import make_case
from ..test_permission_matrix import EXPECTATIONS, PERSONAS

AMS = ZoneInfo("Europe/Amsterdam")
FOUND = dt.datetime(2025, 5, 13, 14, 5, tzinfo=AMS)


@pytest.mark.policy("P-1.2")
def test_the_harm_scale_is_low_medium_high():
    assert HarmLevel.values == ["laag", "middel", "hoog"]


@pytest.mark.policy("L-33")
@pytest.mark.parametrize(("level", "reason", "expected"), [
    (HarmLevel.HIGH, "", True),
    (HarmLevel.MEDIUM, "", True),
    (HarmLevel.MEDIUM, "Versleuteld bestand", True),  # only low harm can lift the duty
    (HarmLevel.LOW, "", True),  # low without a recorded reason: still report
    (HarmLevel.LOW, "   ", True),
    (HarmLevel.LOW, "Brief aan verkeerde collega, ongelezen vernietigd", False),
])
def test_reporting_is_required_unless_unlikely_to_result_in_a_risk(level, reason, expected):
    assert rules.must_report_to_authority(level, reason) is expected


@pytest.mark.policy("L-33")
@pytest.mark.parametrize(("level", "expected"), [
    (HarmLevel.LOW, False), (HarmLevel.MEDIUM, False), (HarmLevel.HIGH, True)])
def test_residents_are_told_when_the_harm_is_high(level, expected):
    assert rules.must_inform_residents(level) is expected


@pytest.mark.policy("L-33")
@pytest.mark.parametrize(("after", "overdue"), [
    (dt.timedelta(hours=71, minutes=59), False),
    (dt.timedelta(hours=72), False),
    (dt.timedelta(hours=72, minutes=1), True),
])
def test_the_72_hour_deadline_boundaries(after, overdue):
    deadline = rules.report_deadline(FOUND)
    assert deadline == dt.datetime(2025, 5, 16, 14, 5, tzinfo=AMS)
    assert rules.is_overdue(deadline, now=FOUND + after) is overdue


@pytest.mark.policy("L-33")
def test_the_deadline_across_the_summer_time_change_is_72_real_hours():
    found = dt.datetime(2025, 3, 29, 12, 0, tzinfo=AMS)  # clocks go forward on 30 March
    deadline = timezone.localtime(rules.report_deadline(found), AMS)
    assert deadline.hour == 13 and deadline.day == 1


@pytest.mark.policy("L-33")
@pytest.mark.parametrize(("after", "text"), [
    (dt.timedelta(hours=51), "Melden vóór 16 mei 2025 om 14.05 uur (nog 21 uur)"),
    (dt.timedelta(hours=71), "Melden vóór 16 mei 2025 om 14.05 uur (nog 1 uur)"),
    (dt.timedelta(hours=71, minutes=59), "Melden vóór 16 mei 2025 om 14.05 uur (minder dan een uur)"),
    (dt.timedelta(hours=72, minutes=1), "Melden vóór 16 mei 2025 om 14.05 uur (1 uur te laat)"),
    (dt.timedelta(hours=75, minutes=30), "Melden vóór 16 mei 2025 om 14.05 uur (3 uur te laat)"),
])
def test_the_deadline_is_shown_to_the_hour(after, text, settings):
    settings.TIME_ZONE = "Europe/Amsterdam"
    assert rules.deadline_text(rules.report_deadline(FOUND), now=FOUND + after) == text


@pytest.mark.django_db
@pytest.mark.policy("L-33")
def test_affected_residents_come_from_the_access_log_of_the_account_in_the_window(caseworker, other_caseworker):
    inside, outside, other_user, refused = (make_case(caseworker) for _ in range(4))
    log_access(actor=caseworker, events=[AccessEvent(action=AccessLogEntry.Action.READ,
                                                     resident_id=inside.resident_id, case_id=inside.pk)] * 2)
    log_access(actor=caseworker, events=[AccessEvent(action=AccessLogEntry.Action.READ, result="refused",
                                                     resident_id=refused.resident_id, case_id=refused.pk)])
    log_access(actor=other_caseworker, events=[AccessEvent(action=AccessLogEntry.Action.READ,
                                                           resident_id=other_user.resident_id)])
    now = timezone.now()
    start, end = now - dt.timedelta(minutes=5), now + dt.timedelta(minutes=5)
    assert affected_residents(caseworker, start, end) == [inside.resident_id]
    assert affected_residents(caseworker, now + dt.timedelta(minutes=6), now + dt.timedelta(hours=1)) == []
    assert outside.resident_id not in affected_residents(caseworker, start, end)


# --- screens -------------------------------------------------------------------------------

@pytest.fixture
def people(request):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def _breach(officer, **kw):
    fields = {"discovered_at": timezone.now() - dt.timedelta(hours=51), "description": "Lijst gemaild aan verkeerde",
              "harm_level": HarmLevel.MEDIUM, "registered_by": officer}
    return Breach.objects.create(**{**fields, **kw})


@pytest.mark.django_db
@pytest.mark.policy("L-33")
@pytest.mark.parametrize("persona", PERSONAS)
def test_breach_pages_are_for_the_privacy_officer_only(client, people, persona):
    breach = _breach(people["privacy_officer"])
    verified_login(client, people[persona])
    expected = 200 if persona == "privacy_officer" else 404
    for route, kind in EXPECTATIONS.items():
        if kind == "desk_record" and "datalekken" in route:
            url = "/" + route.replace("<int:pk>", str(breach.pk))
            assert client.get(url).status_code == expected, (url, persona)
    response = client.post(f"/fg/datalekken/{breach.pk}/", {"reported_at": "2025-05-14T10:00"})
    assert response.status_code == (302 if expected == 200 else 404)
    assert client.post("/fg/datalekken/nieuw/", {}).status_code == (400 if expected == 200 else 404)


@pytest.mark.django_db
@pytest.mark.policy("L-33")
def test_the_list_puts_the_open_reports_first_by_deadline(client, privacy_officer):
    reported = _breach(privacy_officer, discovered_at=timezone.now() - dt.timedelta(hours=80),
                       reported_at=timezone.now() - dt.timedelta(hours=10))
    later = _breach(privacy_officer, discovered_at=timezone.now() - dt.timedelta(hours=2))
    sooner = _breach(privacy_officer, discovered_at=timezone.now() - dt.timedelta(hours=51))
    no_duty = _breach(privacy_officer, harm_level=HarmLevel.LOW, no_risk_reason="Ongelezen teruggekregen",
                      discovered_at=timezone.now() - dt.timedelta(hours=100))
    verified_login(client, privacy_officer)
    html = client.get("/fg/datalekken/").content.decode()
    order = [html.index(f"Datalek {b.pk}<") for b in (sooner, later, no_duty, reported)]
    assert order == sorted(order[:2]) + order[2:] and order[0] < order[1] < min(order[2:])
    assert "(nog 21 uur)" in html or "(nog 20 uur)" in html


@pytest.mark.django_db
@pytest.mark.policy("L-33")
def test_registering_a_breach_and_then_its_report(client, privacy_officer, caseworker):
    case = make_case(caseworker)
    log_access(actor=caseworker, events=[AccessEvent(action=AccessLogEntry.Action.READ,
                                                     resident_id=case.resident_id, case_id=case.pk)])
    verified_login(client, privacy_officer)
    now = timezone.localtime(timezone.now())
    answers = {
        "discovered_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "description": "Wachtwoord van een consulent uitgelekt", "harm_level": "hoog",
        "compromised_user": caseworker.pk,
        "window_start": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "window_end": (now + dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
    }
    check = client.post("/fg/datalekken/nieuw/", answers)  # UX 3.9: check answers first
    assert check.status_code == 200 and "Controleer het datalek" in check.content.decode()
    assert not Breach.objects.exists()
    response = client.post("/fg/datalekken/nieuw/", {**answers, "confirm": "1"})
    breach = Breach.objects.get()
    assert response.status_code == 302 and response.url == f"/fg/datalekken/{breach.pk}/"
    html = client.get(response.url).content.decode()
    assert "1 volgens het toegangslogboek" in html and "Verplicht: de schade is hoog" in html
    assert "Melden vóór" in html
    response = client.post(response.url, {"reported_at": now.strftime("%Y-%m-%dT%H:%M")})
    breach.refresh_from_db()
    assert response.status_code == 302 and breach.reported_at is not None
    first = breach.reported_at
    client.post(f"/fg/datalekken/{breach.pk}/", {"reported_at": (now - dt.timedelta(minutes=30)).strftime(
        "%Y-%m-%dT%H:%M")})
    breach.refresh_from_db()
    assert breach.reported_at == first  # a resubmit does not move the report
    # the encrypted description stays out of the change history
    assert all("description" not in (e.changes_dict or {}) for e in LogEntry.objects.get_for_object(breach))


@pytest.mark.django_db
@pytest.mark.policy("L-33")
@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "discovered_at", "Vul in wanneer het lek is ontdekt."),
    ({"discovered_at": "gisteren"}, "discovered_at", "Vul een geldige datum en tijd in"),
    ({"discovered_at": "2999-01-01T10:00"}, "discovered_at", "niet in de toekomst"),
    ({"harm_level": "hoog", "no_risk_reason": "Geen risico"}, "no_risk_reason", "Alleen bij lage ernst"),
    ({"window_start": "2025-05-13T10:00"}, "window_end", "zowel het begin als het einde"),
    ({"window_start": "2025-05-13T10:00", "window_end": "2025-05-12T10:00"}, "window_end", "vóór het begin"),
])
def test_bad_input_gives_a_clear_dutch_message(client, privacy_officer, data, field, message):
    verified_login(client, privacy_officer)
    base = {"discovered_at": "2025-05-13T14:05", "description": "Iets", "harm_level": "laag"}
    response = client.post("/fg/datalekken/nieuw/", {**base, **data} if data else {})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors.get(field, []))
    assert not Breach.objects.exists()


@pytest.mark.django_db
def test_the_description_is_encrypted_at_rest(privacy_officer):
    from django.db import connection

    breach = _breach(privacy_officer, description="Geheime omschrijving")
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM desk_breach WHERE id = %s", [breach.pk])
        assert "Geheime" not in cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.policy("L-33")
def test_a_breach_is_registered_only_after_a_check_answers_page_with_wijzig(client, privacy_officer, caseworker):
    verified_login(client, privacy_officer)
    form = client.get("/fg/datalekken/nieuw/")
    key = form.context["form"]["submission_key"].value()
    answers = {"discovered_at": (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
               "description": "USB-stick met dossierlijst verloren", "harm_level": "middel", "submission_key": key}
    check = client.post("/fg/datalekken/nieuw/", answers)
    html = check.content.decode()
    assert check.status_code == 200 and "<h1 class=\"utrecht-heading-1\">Controleer het datalek" in html
    assert "USB-stick met dossierlijst verloren" in html and "Middel" in html
    assert "Melden bij de Autoriteit Persoonsgegevens is verplicht." in html and "Melden vóór" in html
    assert "Inwoners informeren is niet verplicht." in html
    assert 'name="edit" value="description"' in html
    assert 'Wijzig<span class="visually-hidden"> wat er is gebeurd' in html
    assert ">Datalek vastleggen</button>" in html and not Breach.objects.exists()
    # Wijzig: back to the form, every answer still filled in, nothing registered
    edit = client.post("/fg/datalekken/nieuw/", {**answers, "edit": "description"})
    assert edit.status_code == 200 and edit.context["form"]["description"].value() == answers["description"]
    assert "USB-stick met dossierlijst verloren</textarea>" in edit.content.decode()
    assert f'value="{key}"' in edit.content.decode() and not Breach.objects.exists()
    # changed answer -> check page again -> confirm; a resubmitted confirm registers nothing new
    answers["harm_level"] = "hoog"
    assert "moeten worden geïnformeerd" in client.post("/fg/datalekken/nieuw/", answers).content.decode()
    first = client.post("/fg/datalekken/nieuw/", {**answers, "confirm": "1"})
    again = client.post("/fg/datalekken/nieuw/", {**answers, "confirm": "1"}, follow=True)
    breach = Breach.objects.get()
    assert first.url == f"/fg/datalekken/{breach.pk}/" and breach.harm_level == "hoog"
    assert "Dit datalek is al vastgelegd op" in again.content.decode()
    # invalid answers never reach the check page, also not with confirm
    bad = client.post("/fg/datalekken/nieuw/", {**answers, "discovered_at": "", "confirm": "1",
                                                "submission_key": ""})
    assert bad.status_code == 400 and Breach.objects.count() == 1
