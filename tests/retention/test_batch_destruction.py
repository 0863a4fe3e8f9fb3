"""The set-based destruction (issue 10): a batch of dossiers in one transaction, with the same
guards per dossier, a fixed number of statements whatever the batch size, one access-log
write, and nothing linked to a dossier forgotten (P-2.2.4)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles
from audit.models import AccessLogEntry
from cases import services as case_services
from cases.models import Case, Household, HouseholdMember, Representation, Resident
from disclosures.models import Disclosure, DisclosureReview
from plans.models import Decision
from processors.models import Purpose
from retention import destruction, services
from retention.models import DestructionListItem, DestructionRecord
from signals.models import Signal

from ..conftest import _persona, verified
from ..factories import make_archived_case, make_case
from .test_destruction import LONG_AGO, TODAY, approved_list
from .test_linked_destruction import _linked_everything

pytestmark = [pytest.mark.usefixtures("retention_rules"), pytest.mark.policy("P-2.2.4")]
RECENT = dt.datetime(2020, 1, 10, 10, tzinfo=dt.UTC)  # Wmo granted: its term runs until 2035


def test_a_refusing_dossier_is_skipped_with_its_reason_and_the_rest_of_the_batch_goes(caseworker, archivist):
    cases = [make_archived_case(caseworker, closed_at=LONG_AGO) for _ in range(3)]
    batch = approved_list(archivist)
    Case.objects.filter(pk=cases[1].pk).update(status=Case.Status.CLOSED)  # left the archive after approval
    assert services.run_destruction(list_id=batch.pk, today=TODAY) == {"destroyed": 2}
    assert list(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True)) == [cases[1].pk]
    assert set(DestructionRecord.objects.values_list("case_ref", flat=True)) == {cases[0].pk, cases[2].pk}
    skipped = DestructionListItem.objects.get(destruction_list=batch, case_ref=cases[1].pk)
    assert skipped.excluded
    assert skipped.exclusion_reason == "Overgeslagen bij uitvoering: Alleen een gearchiveerd dossier wordt vernietigd."
    assert not DestructionListItem.objects.filter(destruction_list=batch, excluded=True).exclude(pk=skipped.pk)


@pytest.mark.django_db
def test_a_batch_with_a_corrected_zorgplein_decision_and_a_reviewed_disclosure(
        coach_with_agreement, zorgplein_reviewer, statement, archivist, caseworker):
    af = _persona("af", roles.AF, statement=statement)
    linked = _linked_everything(verified(coach_with_agreement), verified(zorgplein_reviewer), af, "BATCH")
    plain = make_archived_case(caseworker, closed_at=LONG_AGO)
    assert Decision.objects.filter(request__case=linked, corrects__isnull=False).count() == 1
    disclosure = Disclosure.objects.get(case=linked)
    DisclosureReview.objects.create(disclosure=disclosure, decision="accepted", comment="In orde", reviewed_by=af)
    batch = approved_list(archivist)
    assert services.run_destruction(list_id=batch.pk, today=TODAY) == {"destroyed": 2}
    assert not Case.objects.filter(pk__in=[linked.pk, plain.pk]).exists()
    assert not Decision.objects.filter(request__case_id=linked.pk).exists()
    assert not Disclosure.objects.filter(pk=disclosure.pk).exists() and not DisclosureReview.objects.exists()
    assert not LogEntry.objects.filter(content_type__model="decision").exists()


def test_a_shared_resident_goes_only_with_their_last_dossier(caseworker, archivist):
    first = make_case(caseworker)
    resident = first.resident
    case_services.add_representative(case=first, actor=caseworker, kind="mentor", name="Mentor", custody_verified=False)
    Case.objects.filter(pk=first.pk).update(status=Case.Status.ARCHIVED, result="granted", closed_at=LONG_AGO,
                                            cleaned_at=LONG_AGO, archived_at=LONG_AGO)
    second = make_archived_case(caseworker, closed_at=LONG_AGO, resident=resident)
    last = make_archived_case(caseworker, closed_at=RECENT, resident=resident)  # not yet due
    household = Household.objects.create()
    HouseholdMember.objects.create(household=household, resident=resident)
    services.run_destruction(list_id=approved_list(archivist).pk, today=TODAY)
    assert not Case.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert Resident.objects.filter(pk=resident.pk).exists() and Representation.objects.filter(resident=resident)

    Case.objects.filter(pk=last.pk).update(closed_at=LONG_AGO, archived_at=LONG_AGO)
    services.run_destruction(list_id=approved_list(archivist).pk, today=TODAY)
    assert not Resident.objects.filter(pk=resident.pk).exists()
    assert not Representation.objects.filter(resident_id=resident.pk).exists()
    assert not Household.objects.filter(pk=household.pk).exists()
    assert not LogEntry.objects.filter(content_type__model="resident", object_pk=str(resident.pk)).exists()


def test_the_statements_of_a_batch_do_not_grow_with_the_number_of_dossiers(caseworker, archivist):
    cases = [make_archived_case(caseworker, closed_at=LONG_AGO, documents=1) for _ in range(9)]
    batch = approved_list(archivist)
    services.destroy_cases(case_ids=[cases[0].pk], destruction_list=batch, today=TODAY)  # warms the caches
    counts = []
    for chunk in (cases[1:3], cases[3:9]):
        with CaptureQueriesContext(connection) as ctx:
            outcome = services.destroy_cases(case_ids=[c.pk for c in chunk], destruction_list=batch, today=TODAY)
        assert outcome.destroyed == [c.pk for c in chunk]
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_dossiers_without_a_retention_rule_cost_no_query_each(caseworker, archivist):
    """A dossier whose statute and result have no rule is never due (never guess a term); the
    batch refuses it without looking the rule up again per dossier."""
    from retention.models import RetentionRule

    RetentionRule.objects.filter(statute=Purpose.WGS).delete()
    due = make_archived_case(caseworker, closed_at=LONG_AGO)
    batch = approved_list(archivist)
    ruleless = [make_archived_case(caseworker, closed_at=LONG_AGO, statute=Purpose.WGS) for _ in range(4)]
    counts = []
    for extra in (ruleless[:1], ruleless[1:4]):
        with CaptureQueriesContext(connection) as ctx:
            outcome = services.destroy_cases(case_ids=[c.pk for c in extra], destruction_list=batch, today=TODAY)
        assert outcome.destroyed == [] and set(outcome.refused) == {c.pk for c in extra}
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert services.destroy_cases(case_ids=[due.pk], destruction_list=batch, today=TODAY).destroyed == [due.pk]


def test_one_access_log_write_with_one_entry_per_destroyed_dossier(caseworker, archivist, monkeypatch):
    cases = [make_archived_case(caseworker, closed_at=LONG_AGO) for _ in range(3)]
    batch = approved_list(archivist)
    writes = []
    real = services.log_access
    monkeypatch.setattr(services, "log_access", lambda **kw: (writes.append(kw["events"]), real(**kw)))
    assert services.run_destruction(list_id=batch.pk, today=TODAY) == {"destroyed": 3}
    assert len(writes) == 1
    entries = AccessLogEntry.objects.filter(purpose="dossier_vernietigen")
    assert sorted(entries.values_list("case_id", flat=True)) == sorted(c.pk for c in cases)
    assert {e.resident_id for e in entries} == {c.resident_id for c in cases}


@pytest.mark.django_db
def test_every_relation_to_a_dossier_is_handled_by_the_destruction():
    """A new model pointing at a dossier, or at a row destroyed with it, must be added to
    retention/destruction.py (or it would be left behind, or fail the commit)."""
    tables = {model for model, _ in destruction.CASE_TABLES}
    handled = tables | {model for model, _, _ in destruction.CASE_SET_NULL} | {Signal}
    for target in (Case, *tables):
        for field in target._meta.get_fields(include_hidden=True):
            if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one):
                assert field.related_model in handled, f"{field.related_model._meta.label} -> {target._meta.label}"


@pytest.mark.django_db
def test_a_taken_up_signal_with_a_case_meeting_goes_with_its_dossier(caseworker, archivist, statement):
    """P-2.2.3/P-2.2.4: the signal follows its dossier, and its case meeting (even an open one)
    follows the signal, with the meeting's organisations and change history."""
    from accounts.models import Organisation
    from signals import services as signal_services
    from signals.models import CaseMeeting, DestroyedSignal, SourceKind
    from signals.models import Category as SignalCategory

    intake = _persona("intake", roles.INTAKE, statement=statement)
    partner = Organisation.objects.create(name="Woningcorporatie", kind=Organisation.Kind.CHAIN_PARTNER)
    case = make_archived_case(caseworker, closed_at=LONG_AGO)
    signal = signal_services.receive_signal(actor=None, source_kind=SourceKind.PROFESSIONAL,
                                            category=SignalCategory.SCHOOL_WORRY, content="Zorgen.",
                                            received_at=LONG_AGO)
    Signal.objects.filter(pk=signal.pk).update(status=Signal.Status.TAKEN_UP, case=case, resident=case.resident,
                                               severity="laag", assessed_at=LONG_AGO, assessed_by=intake)
    meeting = signal_services.save_meeting(actor=intake, signal=Signal.objects.get(pk=signal.pk),
                                           held_on=LONG_AGO.date(), organisations=[partner], presence="present")
    batch = approved_list(archivist)
    assert services.run_destruction(list_id=batch.pk, today=TODAY) == {"destroyed": 1}
    assert not Case.objects.filter(pk=case.pk).exists() and not Signal.objects.filter(pk=signal.pk).exists()
    assert not CaseMeeting.objects.filter(pk=meeting.pk).exists()
    assert not CaseMeeting.organisations.through.objects.exists()
    assert not LogEntry.objects.filter(content_type__model="casemeeting", object_pk=str(meeting.pk)).exists()
    assert DestroyedSignal.objects.filter(signal_ref=signal.pk).exists()
