"""The archive screens and who reaches them; reading archived dossiers (P-2.2.4); cleaning and
the nightly archive job; erasure requests (L-17); the signal safety net (P-2.2.3)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import roles
from audit.models import AccessLogEntry
from cases import services as case_services
from cases.access import access_case
from cases.models import Case, Document, Note, Resident
from retention import services
from retention.models import CleanupRecord, CleanupReminder, DestructionRecord, ErasureRequest, JobRun
from signals import services as signal_services
from signals.models import Signal

from ..conftest import verified, verified_login
from ..factories import PNG_BYTES, make_archived_case, make_case, make_document
from ..test_permission_matrix import EXPECTATIONS, PERSONAS

AMS = ZoneInfo("Europe/Amsterdam")
LONG_AGO = dt.datetime(2005, 1, 10, 10, tzinfo=AMS)
TODAY = dt.date(2026, 6, 1)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("retention_rules")]


@pytest.fixture
def people(request):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def proposed(caseworker):
    make_archived_case(caseworker, closed_at=LONG_AGO)
    make_archived_case(caseworker, closed_at=LONG_AGO)
    return services.propose_destruction_list(today=TODAY, cap=100)


def _archive_urls(batch):
    item = batch.items.first()
    for route, kind in EXPECTATIONS.items():
        if kind in ("archive", "jobs"):
            yield kind, "/" + route.replace("<int:pk>", str(batch.pk)).replace("<int:item_pk>", str(item.pk))


@pytest.mark.policy("P-2.2.4")
@pytest.mark.parametrize("persona", PERSONAS)
def test_archive_pages_are_for_the_archivist_and_job_runs_also_for_the_privacy_officer(
        client, people, proposed, archivist, persona):
    services.approve_list(destruction_list=proposed, actor=archivist, count=2)
    services.run_destruction(today=TODAY)  # so the statement exists
    verified_login(client, people[persona])
    for kind, url in _archive_urls(proposed):
        allowed = persona == "archivist" or (kind == "jobs" and persona == "privacy_officer")
        assert client.get(url).status_code == (200 if allowed else 404), (url, persona)


@pytest.mark.policy("P-2.2.4")
def test_the_archivist_reviews_excludes_with_a_reason_and_approves_once(client, archivist, proposed):
    verified_login(client, archivist)
    item = proposed.items.first()
    url = f"/archief/vernietigingslijsten/{proposed.pk}/"
    assert item.case_number in client.get(url).content.decode()
    response = client.post(f"{url}dossiers/{item.pk}/uitzonderen/", {"reason": ""})
    assert response.status_code == 400 and "Geef de reden" in response.content.decode()
    client.post(f"{url}dossiers/{item.pk}/uitzonderen/", {"reason": "Bezwaar loopt nog"})
    page = client.get(f"{url}controleren/").content.decode()
    assert "Vernietig 1 dossiers definitief" in page and "Dit kun je niet ongedaan maken" in page
    assert client.post(f"{url}controleren/", {"count": "2"}).status_code == 400  # stale page
    assert client.post(f"{url}controleren/", {"count": "1"}).status_code == 302
    again = client.post(f"{url}controleren/", {"count": "1"})  # back button and resubmit
    assert again.status_code == 400 and "al goedgekeurd op" in again.content.decode()
    assert client.post(f"{url}controleren/", {"count": "x"}).status_code == 400  # bad input: no 500


@pytest.mark.policy("P-2.2.4")
def test_an_archived_dossier_is_read_by_its_caseworker_archive_staff_and_a_consenting_third_party(
        caseworker, teammate, team_lead, archivist, other_caseworker, privacy_officer, team_noord):
    case = make_case(caseworker, team=team_noord)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ARCHIVED, result="granted", closed_at=LONG_AGO,
                                           archived_at=LONG_AGO)
    for user in (caseworker, archivist):
        assert access_case(verified(user), case.pk) == case
        with pytest.raises(PermissionDenied):  # read-only for everyone
            access_case(verified(user), case.pk, write=True)
    for user in (teammate, team_lead, other_caseworker, privacy_officer):  # the team grant no longer reaches it
        with pytest.raises(Http404):
            access_case(verified(user), case.pk)
    with pytest.raises(case_services.ApplicationError):
        case_services.record_archive_consent(case=case, actor=caseworker, user=other_caseworker,
                                             consent_reference="TOESTEMMING-1")
    case_services.record_archive_consent(case=case, actor=archivist, user=other_caseworker,
                                         consent_reference="TOESTEMMING-1")
    assert access_case(verified(other_caseworker), case.pk) == case
    assert AccessLogEntry.objects.filter(case_id=case.pk, detail="archief_toestemming").exists()
    assert AccessLogEntry.objects.filter(case_id=case.pk, detail="archief_geen_toegang").count() == 4


@pytest.mark.policy("P-2.2.4")
def test_the_dossier_list_shows_an_archived_dossier_only_to_its_caseworker(client, caseworker, teammate,
                                                                           team_noord):
    case = make_case(caseworker, team=team_noord)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ARCHIVED, result="granted", closed_at=LONG_AGO)
    verified_login(client, teammate)
    assert case.number not in client.get("/dossiers/").content.decode()
    verified_login(client, caseworker)
    assert case.number in client.get("/dossiers/").content.decode()


@pytest.mark.policy("P-2.2.4")
def test_cleaning_removes_working_notes_and_surplus_copies_and_keeps_a_record_without_content(client, caseworker):
    case = make_case(caseworker)
    case_services.add_note(case=case, actor=caseworker, text="Werkaantekening", category="ordinary",
                           is_working_note=True)
    kept_note = case_services.add_note(case=case, actor=caseworker, text="Verslag", category="ordinary",
                                       is_working_note=False)
    original = make_document(case, caseworker)
    make_document(case, caseworker)  # the same content again: a surplus copy
    other = make_document(case, caseworker, data=PNG_BYTES)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, result="granted", closed_at=LONG_AGO)
    verified_login(client, caseworker)
    assert client.post(f"/dossiers/{case.pk}/opschonen/").status_code == 302
    assert list(Note.objects.filter(case=case)) == [kept_note]
    assert set(Document.objects.filter(case=case)) == {original, other}
    record = CleanupRecord.objects.get(case=case)
    assert (record.working_notes_removed, record.copies_removed) == (1, 1)
    assert client.post(f"/dossiers/{case.pk}/opschonen/").status_code == 403  # already cleaned


@pytest.mark.policy("P-2.2.4")
def test_an_archived_dossier_is_read_only_in_the_services_too(caseworker):
    case = make_archived_case(caseworker, closed_at=LONG_AGO)
    with pytest.raises(case_services.ApplicationError, match="gearchiveerd"):
        case_services.add_note(case=case, actor=caseworker, text="Nog iets", category="ordinary",
                               is_working_note=False)
    with pytest.raises(case_services.ApplicationError, match="gearchiveerd"):
        make_document(case, caseworker)
    assert not Note.objects.filter(case=case).exists()


def test_an_open_dossier_is_not_cleaned(caseworker):
    case = make_case(caseworker)
    with pytest.raises(services.ApplicationError):
        services.clean_case(case=case, actor=caseworker)


@pytest.mark.policy("P-2.2.4")
def test_the_nightly_job_archives_cleaned_dossiers_and_reminds_of_the_others(caseworker, team_lead, team_noord):
    closed = dt.datetime(2026, 5, 1, 10, tzinfo=AMS)
    cleaned = make_archived_case(caseworker, closed_at=closed, status=Case.Status.CLOSED, team=team_noord)
    waiting = make_archived_case(caseworker, closed_at=closed, status=Case.Status.CLOSED, team=team_noord)
    Case.objects.filter(pk=waiting.pk).update(cleaned_at=None)
    assert services.run_archive(today=dt.date(2026, 5, 14)) == {"archived": 1, "reminders": 0}  # day 13
    cleaned.refresh_from_db()
    assert cleaned.status == Case.Status.ARCHIVED and cleaned.archived_at is not None
    assert services.run_archive(today=dt.date(2026, 5, 15))["reminders"] == 1  # day 14: the caseworker
    assert CleanupReminder.objects.get().recipient == caseworker
    assert services.run_archive(today=dt.date(2026, 6, 11))["reminders"] == 0  # day 41
    assert services.run_archive(today=dt.date(2026, 6, 12))["reminders"] == 1  # day 42: the team lead
    assert CleanupReminder.objects.filter(recipient=team_lead, level="team_lead").exists()
    assert services.run_archive(today=dt.date(2026, 6, 12))["reminders"] == 0  # once only
    assert JobRun.objects.filter(job="archive", status=JobRun.Status.DONE).count() == 5


def test_the_reminder_shows_on_the_home_page(client, caseworker):
    case = make_archived_case(caseworker, closed_at=LONG_AGO, status=Case.Status.CLOSED)
    Case.objects.filter(pk=case.pk).update(cleaned_at=None)
    services.run_archive(today=TODAY)
    verified_login(client, caseworker)
    assert f"/dossiers/{case.pk}/opschonen/" in client.get("/").content.decode()


@pytest.mark.policy("L-17")
def test_erasure_is_refused_with_the_reason_while_a_dossier_is_within_its_term(caseworker, privacy_officer):
    case = make_archived_case(caseworker, closed_at=dt.datetime(2020, 1, 10, 10, tzinfo=AMS))
    request = services.handle_erasure_request(resident=case.resident, actor=privacy_officer, today=TODAY)
    assert request.status == ErasureRequest.Status.REFUSED
    assert "bewaarplicht" in request.refusal_reason and "10-01-2035" in request.refusal_reason
    assert request.answer_due_on == dt.date(2026, 7, 1)
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.policy("L-17")
def test_erasure_of_a_resident_with_an_open_dossier_is_refused(caseworker, privacy_officer):
    case = make_case(caseworker)
    request = services.handle_erasure_request(resident=case.resident, actor=privacy_officer, today=TODAY)
    assert request.status == ErasureRequest.Status.REFUSED and "in behandeling" in request.refusal_reason


@pytest.mark.policy("L-17")
def test_erasure_without_a_retention_duty_is_carried_out_by_the_destruction_service(caseworker, privacy_officer):
    first = make_archived_case(caseworker, closed_at=LONG_AGO)
    second = make_archived_case(caseworker, closed_at=LONG_AGO, resident=first.resident, status=Case.Status.CLOSED)
    request = services.handle_erasure_request(resident=first.resident, actor=privacy_officer, today=TODAY)
    assert (request.status, request.dossiers_destroyed) == (ErasureRequest.Status.CARRIED_OUT, 2)
    assert not Resident.objects.filter(pk=first.resident_id).exists()
    assert DestructionRecord.objects.filter(erasure_request=request).count() == 2
    request.refresh_from_db()
    assert request.resident is None and second.pk in DestructionRecord.objects.values_list("case_ref", flat=True)


@pytest.mark.policy("L-17")
def test_the_erasure_page_handles_bad_input_in_dutch(client, privacy_officer):
    verified_login(client, privacy_officer)
    response = client.post("/fg/wissing/", {"bsn": "111222333", "received_on": "gisteren"})
    assert response.status_code == 400
    assert "Vul een geldige datum in" in response.content.decode()
    response = client.post("/fg/wissing/", {"bsn": "111222333", "received_on": "2026-06-01"})
    assert response.status_code == 400 and "Er is geen inwoner met dit BSN" in response.content.decode()


@pytest.mark.policy("P-2.2.3")
def test_the_signal_purge_also_removes_a_rejected_signal_whose_content_survived(caseworker):
    kept = signal_services.receive_signal(actor=None, source_kind="professional", category="rent_arrears",
                                          content="Nog te beoordelen")
    rejected = signal_services.receive_signal(actor=None, source_kind="professional", category="rent_arrears",
                                              content="Evident onjuist")
    rejected_pk = rejected.pk
    signal_services.destroy_signal(signal=rejected, actor=caseworker)
    # Simulate a destruction whose row survived (e.g. restored from a backup): the trace exists.
    Signal.objects.bulk_create([Signal(pk=rejected_pk, source_kind="professional", category="rent_arrears",
                                       received_at=rejected.received_at, content="Evident onjuist",
                                       assessment_deadline=rejected.assessment_deadline)])
    assert Signal.objects.filter(pk=rejected_pk).exists()
    assert services.run_signal_purge(today=TODAY) == {"expired": 0, "rejected_leftovers": 1}
    assert list(Signal.objects.values_list("pk", flat=True)) == [kept.pk]


def test_roles_module_has_the_archivist():
    assert roles.ARCHIVIST == "archiefmedewerker"
