"""Destroying a dossier: everything linked goes, a content-free record stays; the guards, the
review by the archivist, idempotence, the cap and the lock (P-2.2.4)."""

import datetime as dt
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection

from audit.models import AccessLogEntry
from cases import services as case_services
from cases.models import (
    Case,
    CaseUserObjectPermission,
    Document,
    EmergencyAccess,
    IdentityCheck,
    MissingInformation,
    Note,
    Representation,
    Resident,
    TransparencyNotice,
)
from core.errors import ApplicationError
from retention import services
from retention.models import DestructionList, DestructionListItem, DestructionRecord, JobRun
from signals import services as signal_services
from signals.models import DestroyedSignal, Signal

from ..factories import make_archived_case, make_case, make_document

AMS = ZoneInfo("Europe/Amsterdam")
LONG_AGO = dt.datetime(2005, 1, 10, 10, tzinfo=AMS)  # Wmo granted: 15 years ended in 2020
TODAY = dt.date(2026, 6, 1)
pytestmark = pytest.mark.usefixtures("retention_rules")


def full_dossier(caseworker, other_caseworker, *, planted: str, resident=None) -> Case:
    """An open dossier with one of every linked kind, then closed long ago and archived."""
    case = make_case(caseworker, resident=resident)
    case_services.add_note(case=case, actor=caseworker, text=f"Werkaantekening {planted}", category="ordinary",
                           is_working_note=True)
    case_services.add_note(case=case, actor=caseworker, text=f"Verslag {planted}", category="ordinary",
                           is_working_note=False)
    make_document(case, caseworker, data=b"%PDF-1.4\n" + planted.encode() + b"\n%%EOF\n", name=f"Brief {planted}")
    case_services.record_identity_check(case=case, actor=caseworker, document_type="passport",
                                        checked_on=dt.date(2004, 12, 1))
    case_services.record_transparency(case=case, actor=caseworker, kind="informed", informed_on=dt.date(2004, 12, 1),
                                      method="letter")
    case_services.record_missing_information(case=case, actor=caseworker, description=f"Loonstrook {planted}",
                                             asked_on=dt.date(2004, 12, 1), refused=False)
    case_services.add_representative(case=case, actor=caseworker, kind="mentor", name=f"Mentor {planted}",
                                     custody_verified=False)
    case_services.request_emergency_access(actor=other_caseworker, case=case, reason="stand_in",
                                           explanation=f"Waarneming {planted}")
    signal = signal_services.receive_signal(actor=None, source_kind="professional", category="rent_arrears",
                                            content=f"Signaal {planted}")
    signal_services.take_up(signal=signal, actor=caseworker, severity="middel", resident=case.resident, case=case)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ARCHIVED, result="granted", closed_at=LONG_AGO,
                                           cleaned_at=LONG_AGO, archived_at=LONG_AGO)
    case.refresh_from_db()
    return case


def approved_list(archivist, today=TODAY) -> DestructionList:
    batch = services.propose_destruction_list(today=today, cap=100)
    return services.approve_list(destruction_list=batch, actor=archivist, count=batch.items.count())


def text_columns():
    with connection.cursor() as cursor:
        cursor.execute("""SELECT table_name, column_name FROM information_schema.columns
                          WHERE table_schema = 'public'
                          AND data_type IN ('text', 'character varying', 'jsonb', 'json')""")
        return cursor.fetchall()


def tables_containing(value: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            cursor.execute(f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE %s LIMIT 1', [f"%{value}%"])
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found


def files_root() -> Path:
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"])


def all_file_bytes() -> list[bytes]:
    return [p.read_bytes() for p in files_root().rglob("*") if p.is_file()]


@pytest.mark.policy("P-2.2.4")
def test_destruction_removes_every_trace_of_planted_content(caseworker, other_caseworker, archivist):
    planted = f"PLANTED-{uuid.uuid4().hex}"
    case = full_dossier(caseworker, other_caseworker, planted=planted)
    resident_id, case_id = case.resident_id, case.pk
    with connection.cursor() as cursor:  # the stored ciphertexts must go too, not only the plaintext
        cursor.execute("SELECT text FROM cases_note WHERE case_id = %s", [case_id])
        ciphertexts = [row[0][:40] for row in cursor.fetchall()]
    file_bytes = [(files_root() / d.file.name).read_bytes() for d in Document.objects.filter(case=case)]
    assert file_bytes and ciphertexts
    log_before = set(AccessLogEntry.objects.values_list("pk", flat=True))

    batch = approved_list(archivist)
    assert services.run_destruction(list_id=batch.pk, today=TODAY) == {"destroyed": 1}

    for model in (Case, Note, Document, IdentityCheck, TransparencyNotice, MissingInformation, EmergencyAccess,
                  CaseUserObjectPermission):
        assert not model.objects.filter(**({"pk": case_id} if model is Case else
                                           {"content_object_id": case_id} if model is CaseUserObjectPermission
                                           else {"case_id": case_id})).exists(), model
    assert not Resident.objects.filter(pk=resident_id).exists()
    assert not Representation.objects.filter(resident_id=resident_id).exists()
    assert not Signal.objects.filter(case_id=case_id).exists()
    assert DestroyedSignal.objects.filter(reason=DestroyedSignal.Reason.RETENTION_ENDED).count() == 1
    assert not LogEntry.objects.filter(object_pk=str(case_id), content_type__model="case").exists()
    assert not LogEntry.objects.filter(object_pk=str(resident_id), content_type__model="resident").exists()
    for value in (planted, *ciphertexts):
        assert tables_containing(value) == [], value
    assert not any(b in all_file_bytes() for b in file_bytes)
    # The access log stays (ids only, append-only) and records the destruction itself.
    assert log_before < set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert AccessLogEntry.objects.filter(case_id=case_id, purpose="dossier_vernietigen").exists()
    record = DestructionRecord.objects.get(case_ref=case_id)
    assert (record.case_number, record.statute, record.case_result, record.rule.list_result) == (
        case.number, "wmo", "granted", "8.1.1")
    assert record.closed_on == dt.date(2005, 1, 10) and record.destruction_list == batch


@pytest.mark.policy("P-2.2.4")
def test_the_resident_stays_while_another_dossier_needs_them(caseworker, other_caseworker, archivist):
    old = full_dossier(caseworker, other_caseworker, planted="x")
    current = make_case(caseworker, resident=old.resident)
    services.run_destruction(list_id=approved_list(archivist).pk, today=TODAY)
    assert not Case.objects.filter(pk=old.pk).exists()
    assert Resident.objects.filter(pk=current.resident_id).exists()
    assert Representation.objects.filter(resident_id=current.resident_id).exists()
    assert Case.objects.filter(pk=current.pk).exists()


@pytest.mark.policy("P-2.2.4")
def test_a_dossier_within_its_term_is_never_destroyed(caseworker, archivist):
    young = make_archived_case(caseworker, closed_at=dt.datetime(2020, 1, 10, 10, tzinfo=AMS))
    due = make_archived_case(caseworker, closed_at=LONG_AGO)
    batch = approved_list(archivist)
    assert list(batch.items.values_list("case_ref", flat=True)) == [due.pk]
    with pytest.raises(ApplicationError):  # even when called directly, the guard refuses
        services.destroy_case(case_id=young.pk, destruction_list=batch, today=TODAY)
    assert Case.objects.filter(pk=young.pk).exists()


@pytest.mark.policy("P-2.2.4")
def test_nothing_is_destroyed_without_an_approved_list(caseworker, archivist):
    case = make_archived_case(caseworker, closed_at=LONG_AGO)
    batch = services.propose_destruction_list(today=TODAY, cap=100)
    assert services.run_destruction(today=TODAY) == {"destroyed": 0}
    with pytest.raises(ApplicationError):
        services.destroy_case(case_id=case.pk, destruction_list=batch, today=TODAY)
    with pytest.raises(ApplicationError):
        services.destroy_case(case_id=case.pk, today=TODAY)
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.policy("P-2.2.4")
def test_an_excluded_dossier_stays_and_the_exclusion_needs_a_reason(caseworker, archivist):
    kept = make_archived_case(caseworker, closed_at=LONG_AGO)
    gone = make_archived_case(caseworker, closed_at=LONG_AGO)
    batch = services.propose_destruction_list(today=TODAY, cap=100)
    item = batch.items.get(case_ref=kept.pk)
    with pytest.raises(ApplicationError, match="reden"):
        services.exclude_item(item=item, actor=archivist, reason="  ")
    services.exclude_item(item=item, actor=archivist, reason="Bezwaar loopt nog (legal hold)")
    with pytest.raises(ApplicationError, match="veranderd"):
        services.approve_list(destruction_list=batch, actor=archivist, count=2)
    services.approve_list(destruction_list=batch, actor=archivist, count=1)
    services.run_destruction(today=TODAY)
    assert Case.objects.filter(pk=kept.pk).exists() and not Case.objects.filter(pk=gone.pk).exists()
    batch.refresh_from_db()
    assert batch.status == DestructionList.Status.EXECUTED
    assert bytes(batch.statement_pdf).startswith(b"%PDF")


@pytest.mark.policy("P-2.2.4")
def test_only_the_archivist_approves(caseworker, privacy_officer):
    make_archived_case(caseworker, closed_at=LONG_AGO)
    batch = services.propose_destruction_list(today=TODAY, cap=100)
    for user in (caseworker, privacy_officer):
        with pytest.raises(ApplicationError):
            services.approve_list(destruction_list=batch, actor=user, count=1)


@pytest.mark.policy("P-2.2.4")
def test_approving_twice_says_when_it_was_approved(caseworker, archivist):
    make_archived_case(caseworker, closed_at=LONG_AGO)
    batch = approved_list(archivist)
    with pytest.raises(ApplicationError, match="al goedgekeurd op"):
        services.approve_list(destruction_list=batch, actor=archivist, count=1)


@pytest.mark.policy("P-2.2.4")
def test_running_twice_destroys_nothing_twice_and_records_nothing_twice(caseworker, archivist):
    cases = [make_archived_case(caseworker, closed_at=LONG_AGO) for _ in range(3)]
    batch = approved_list(archivist)
    assert services.run_destruction(today=TODAY) == {"destroyed": 3}
    assert services.run_destruction(today=TODAY) == {"destroyed": 0}
    assert services.destroy_case(case_id=cases[0].pk, destruction_list=batch, today=TODAY) == 0
    assert DestructionRecord.objects.filter(destruction_list=batch).count() == 3
    assert services.propose_destruction_list(today=TODAY, cap=100) is None  # not proposed again


@pytest.mark.policy("P-2.2.4")
def test_the_cap_bounds_a_run_and_the_next_run_finishes_the_list(caseworker, archivist):
    for _ in range(3):
        make_archived_case(caseworker, closed_at=LONG_AGO)
    batch = approved_list(archivist)
    assert services.run_destruction(today=TODAY, cap=2) == {"destroyed": 2}
    batch.refresh_from_db()
    assert batch.status == DestructionList.Status.APPROVED and batch.statement_pdf is None
    assert services.run_destruction(today=TODAY, cap=2) == {"destroyed": 1}
    batch.refresh_from_db()
    assert batch.status == DestructionList.Status.EXECUTED


@pytest.mark.policy("P-2.2.4")
def test_an_overlapping_run_is_skipped_and_recorded(caseworker, archivist):
    make_archived_case(caseworker, closed_at=LONG_AGO)
    approved_list(archivist)
    from django.db import connections

    other = connections.create_connection("default")  # another session holds the lock
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [services.LOCK_KEYS["destruction"]])
        assert services.run_destruction(today=TODAY) == {"skipped": 1}
        assert Case.objects.filter(status=Case.Status.ARCHIVED).count() == 1
    finally:
        other.close()
    assert JobRun.objects.filter(job="destruction", status=JobRun.Status.SKIPPED).count() == 1
    assert services.run_destruction(today=TODAY) == {"destroyed": 1}
    assert JobRun.objects.filter(job="destruction", status=JobRun.Status.DONE).latest("pk").counts == {"destroyed": 1}


@pytest.mark.policy("P-2.2.4")
def test_a_guard_refusal_during_a_run_leaves_the_dossier_and_says_why(caseworker, archivist):
    case = make_archived_case(caseworker, closed_at=LONG_AGO)
    batch = approved_list(archivist)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)  # left the archive after approval
    assert services.run_destruction(today=TODAY) == {"destroyed": 0}
    item = DestructionListItem.objects.get(destruction_list=batch)
    assert item.excluded and item.exclusion_reason.startswith("Overgeslagen bij uitvoering")
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.policy("P-2.2.4")
def test_a_failed_run_records_the_error_without_content(caseworker, archivist, monkeypatch):
    make_archived_case(caseworker, closed_at=LONG_AGO)
    approved_list(archivist)

    def boom(**kwargs):
        raise RuntimeError("Inwoner Jansen, BSN 123456782")

    monkeypatch.setattr(services, "destroy_cases", boom)
    with pytest.raises(RuntimeError):
        services.run_destruction(today=TODAY)
    run = JobRun.objects.get(job="destruction")
    assert (run.status, run.error) == (JobRun.Status.FAILED, "RuntimeError")
