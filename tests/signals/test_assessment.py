"""Assessment: retention decision required, taking up links a resident (P-2.2.2, P-2.2.3)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.dates import today
from core.errors import ApplicationError
from signals import services
from signals.models import Signal

from ..conftest import verified_login
from ..factories import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.policy("P-2.2.3")
@pytest.mark.parametrize("retain_until", [None, "yesterday", "today", "too_late"])
def test_service_refuses_no_action_without_a_valid_retention_date(intake_user, signal, retain_until):
    on = today()
    value = {None: None, "yesterday": on - dt.timedelta(days=1), "today": on,
             "too_late": on + dt.timedelta(days=367)}[retain_until]
    with pytest.raises(ApplicationError) as exc:
        services.assess_no_action(signal=signal, actor=intake_user, severity="laag", retain_until=value)
    assert exc.value.field == "retain_until"
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW and signal.retain_until is None


@pytest.mark.policy("P-2.2.3")
def test_service_keeps_no_action_signal_with_retention_date(intake_user, signal):
    until = today() + dt.timedelta(days=90)
    services.assess_no_action(signal=signal, actor=intake_user, severity="middel", retain_until=until)
    signal.refresh_from_db()
    assert (signal.status, signal.retain_until, signal.severity, signal.assessed_by) == (
        Signal.Status.NO_ACTION, until, "middel", intake_user)


@pytest.mark.policy("P-2.2.3")
def test_database_refuses_no_action_without_retention_date(signal):
    signal.status = Signal.Status.NO_ACTION
    with pytest.raises(IntegrityError), transaction.atomic():
        signal.save()


@pytest.mark.policy("P-2.2.3")
def test_form_refuses_no_action_without_retention_date(client, intake_user, signal):
    verified_login(client, intake_user)
    response = client.post(f"/signalen/{signal.pk}/beoordelen/", {"decision": "no_action", "severity": "laag"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fout: " in html and "Er is een probleem" in html
    assert "Vul in tot wanneer het signaal bewaard blijft." in html
    assert 'aria-invalid="true"' in html
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW


@pytest.mark.policy("P-2.2.3")
def test_form_accepts_dutch_date_and_keeps_signal(client, intake_user, signal):
    verified_login(client, intake_user)
    until = today() + dt.timedelta(days=30)
    response = client.post(f"/signalen/{signal.pk}/beoordelen/", {
        "decision": "no_action", "severity": "laag", "retain_until": until.strftime("%d-%m-%Y")})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.retain_until == until


@pytest.mark.policy("P-2.2.3")
def test_expired_no_action_signals_are_purged_the_day_after(intake_user, signal):
    until = today() + dt.timedelta(days=10)
    services.assess_no_action(signal=signal, actor=intake_user, severity="laag", retain_until=until)
    assert services.purge_expired_signals(today=until) == 0
    assert services.purge_expired_signals(today=until + dt.timedelta(days=1)) == 1
    assert not Signal.objects.filter(pk=signal.pk).exists()


@pytest.mark.policy("P-2.2.2")
def test_take_up_links_resident_and_dossier(client, intake_user, caseworker, signal):
    case = make_case(caseworker)
    verified_login(client, intake_user)
    response = client.post(f"/signalen/{signal.pk}/beoordelen/", {
        "decision": "take_up", "severity": "hoog", "resident_bsn": case.resident.bsn,
        "case_number": case.number})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.status, signal.resident, signal.case, signal.severity) == (
        Signal.Status.TAKEN_UP, case.resident, case, "hoog")


@pytest.mark.policy("P-2.2.2")
def test_take_up_refuses_unknown_resident_and_foreign_dossier(client, intake_user, caseworker, signal):
    case, other = make_case(caseworker), make_case(caseworker)
    verified_login(client, intake_user)
    html = client.post(f"/signalen/{signal.pk}/beoordelen/", {
        "decision": "take_up", "severity": "laag", "resident_bsn": "111222333",
        "retain_until": (today() + dt.timedelta(days=9)).isoformat()}).content.decode()
    assert "Er is geen inwoner met dit BSN bekend" in html
    html = client.post(f"/signalen/{signal.pk}/beoordelen/", {
        "decision": "take_up", "severity": "laag", "resident_bsn": case.resident.bsn,
        "case_number": other.number}).content.decode()
    assert "Er is geen dossier met dit nummer bij deze inwoner." in html
    with pytest.raises(ApplicationError):
        services.take_up(signal=signal, actor=intake_user, severity="laag", resident=case.resident, case=other)
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW


@pytest.mark.policy("P-2.2.2")
def test_severity_is_required_to_keep_or_take_up(intake_user, signal):
    with pytest.raises(ApplicationError) as exc:
        services.assess_no_action(signal=signal, actor=intake_user, severity="",
                                  retain_until=today() + dt.timedelta(days=5))
    assert exc.value.field == "severity"


def test_intake_form_registers_signal_in_quarantine(client, intake_user):
    verified_login(client, intake_user)
    response = client.post("/signalen/nieuw/", {"source_kind": "network", "category": "network_worry",
                                                "content": "Buurvrouw maakt zich zorgen.", "subject_bsn": "12345"})
    assert response.status_code == 200 and "Dit BSN is niet geldig" in response.content.decode()
    response = client.post("/signalen/nieuw/", {"source_kind": "network", "category": "network_worry",
                                                "content": "Buurvrouw maakt zich zorgen."})
    signal = Signal.objects.get()
    assert response.status_code == 302 and signal.status == Signal.Status.NEW
    assert signal.registered_by == intake_user and signal.assessment_deadline > signal.received_at.date()


@pytest.mark.policy("P-2.2.3")
def test_change_history_never_holds_signal_content(intake_user):
    from auditlog.models import LogEntry

    from .conftest import make_signal

    signal = make_signal(content="Inhoud-die-niet-in-de-historie-mag", subject_name="Historie Naam",
                         subject_bsn="111222333")
    services.assess_no_action(signal=signal, actor=intake_user, severity="laag",
                              retain_until=today() + dt.timedelta(days=3))
    entries = LogEntry.objects.filter(object_pk=str(signal.pk), content_type__model="signal")
    assert entries.count() == 2
    for entry in entries:
        text = f"{entry.changes_text} {entry.changes} {entry.object_repr} {entry.serialized_data}"
        assert "Inhoud-die-niet" not in text and "Historie Naam" not in text and "111222333" not in text


def test_signals_and_meetings_are_not_in_the_admin():
    from django.contrib import admin

    from signals.models import CaseMeeting, DestroyedSignal

    assert set(admin.site._registry).isdisjoint({Signal, DestroyedSignal, CaseMeeting})


def test_issue_partner_token_command_shows_the_key_once(rent_feed):
    from io import StringIO

    from django.core.management import call_command

    from signals.models import PartnerToken

    out = StringIO()
    call_command("issue_partner_token", str(rent_feed.pk), stdout=out)
    key = out.getvalue().strip().rsplit(" ", 1)[-1]
    token = PartnerToken.objects.get()
    assert token.key_hash == PartnerToken.hash_key(key) and token.feed == rent_feed


@pytest.mark.policy("P-2.2.3")
def test_take_up_without_dossier_needs_a_retention_date(client, intake_user, caseworker, signal):
    resident = make_case(caseworker).resident
    with pytest.raises(ApplicationError) as exc:
        services.take_up(signal=signal, actor=intake_user, severity="laag", resident=resident)
    assert exc.value.field == "retain_until"
    verified_login(client, intake_user)
    html = client.post(f"/signalen/{signal.pk}/beoordelen/", {
        "decision": "take_up", "severity": "laag", "resident_bsn": resident.bsn}).content.decode()
    assert "Vul in tot wanneer het signaal bewaard blijft." in html
    until = today() + dt.timedelta(days=60)
    services.take_up(signal=signal, actor=intake_user, severity="laag", resident=resident, retain_until=until)
    signal.refresh_from_db()
    assert (signal.status, signal.retain_until, signal.case) == (Signal.Status.TAKEN_UP, until, None)
    assert services.purge_expired_signals(today=until + dt.timedelta(days=1)) == 1
