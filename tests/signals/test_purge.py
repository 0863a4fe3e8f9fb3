"""The batched purge of expired signals (P-2.2.3, issue 10): per signal a content-free trace
that no one can change or remove, its change history gone, and per batch one access-log entry
that names the batch; an open case meeting holds its signal."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.db import ProgrammingError, transaction
from django.utils import timezone

from audit.models import AccessLogEntry
from core.dates import today
from signals import services
from signals.models import CaseMeeting, DestroyedSignal, Signal

from ..factories import make_resident
from .conftest import make_signal

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.3")]


def _kept(intake_user, until, **kwargs):
    signal = make_signal(subject_name="Jan Jansen", **kwargs)
    return services.assess_no_action(signal=signal, actor=intake_user, severity="laag", retain_until=until)


def test_the_purge_leaves_a_trace_per_signal_a_log_entry_per_batch_and_no_history(intake_user,
                                                                                  housing_corporation):
    until = today() + dt.timedelta(days=10)
    received = timezone.now() - dt.timedelta(days=3)
    signals = [_kept(intake_user, until, received_at=received, partner=housing_corporation) for _ in range(3)]
    later = _kept(intake_user, until + dt.timedelta(days=1))
    assert LogEntry.objects.filter(content_type__model="signal", object_pk=str(signals[0].pk)).exists()
    assert services.purge_expired_signals(today=until + dt.timedelta(days=1), batch=2) == 3
    assert list(Signal.objects.values_list("pk", flat=True)) == [later.pk]
    traces = DestroyedSignal.objects.filter(signal_ref__in=[s.pk for s in signals])
    assert {(t.source_kind, t.partner_id, t.received_on, t.assessed_on, t.reason, t.assessor_id) for t in traces} == {
        (signals[0].source_kind, housing_corporation.pk, timezone.localdate(received), today(),
         DestroyedSignal.Reason.RETENTION_ENDED, intake_user.pk)}
    assert traces.count() == 3
    assert not LogEntry.objects.filter(content_type__model="signal", object_pk__in=[str(s.pk) for s in signals])
    first, second, third = sorted(s.pk for s in signals)
    entries = AccessLogEntry.objects.filter(purpose="signaal_vernietigen").order_by("seq")
    assert [(e.action, e.user_id, e.detail) for e in entries] == [
        ("change", None, f"retention_ended signaal:{first}-{second} (2)"),
        ("change", None, f"retention_ended signaal:{third}-{third} (1)")]
    # the entry and the traces' shared destruction time identify exactly the batch's traces
    batch = DestroyedSignal.objects.filter(signal_ref__range=(first, second), reason="retention_ended")
    assert batch.count() == 2 and len({t.destroyed_at for t in batch}) == 1


def test_a_trace_cannot_be_changed_or_removed(intake_user):
    """The traces are the record of destruction: the database refuses UPDATE and DELETE (for
    the application's own role also without the trigger: tests/hardening/test_database_roles.py)."""
    signal = make_signal(subject_name="Jan Jansen")
    trace = services.destroy_signal(signal=signal, actor=intake_user)
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        DestroyedSignal.objects.filter(pk=trace.pk).update(reason="retention_ended")
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        DestroyedSignal.objects.filter(pk=trace.pk).delete()
    assert DestroyedSignal.objects.get(pk=trace.pk).reason == "evidently_wrong"


def test_the_batch_detail_fits_the_log_field_for_large_signal_numbers():
    detail = services.batch_detail("retention_ended", [10**12 + 5, 10**13 - 1, 10**12 + 7])
    assert detail == f"retention_ended signaal:{10**12 + 5}-{10**13 - 1} (3)"
    assert len(detail) <= AccessLogEntry._meta.get_field("detail").max_length


def test_an_open_case_meeting_holds_its_signal_and_no_other_a_closed_one_goes_with_it(intake_user,
                                                                                      housing_corporation):
    """A taken-up signal without a dossier is destroyed after its retention date; a planned
    (open) case meeting holds it until the meeting is closed, without holding up the purge of
    any other signal; a closed meeting goes with its signal, with its organisations and history."""
    until = today() + dt.timedelta(days=10)

    def taken_up_with_meeting():
        signal = services.take_up(signal=make_signal(), actor=intake_user, severity="laag",
                                  resident=make_resident(intake_user), retain_until=until)
        meeting = services.save_meeting(actor=intake_user, signal=signal, held_on=today(),
                                        organisations=[housing_corporation], presence="present")
        return signal, meeting

    held, open_meeting = taken_up_with_meeting()
    done, closed_meeting = taken_up_with_meeting()
    services.close_meeting(actor=intake_user, meeting=closed_meeting)
    plain = _kept(intake_user, until)
    assert LogEntry.objects.filter(content_type__model="casemeeting", object_pk=str(closed_meeting.pk)).exists()
    assert services.purge_expired_signals(today=until + dt.timedelta(days=1)) == 2
    assert list(Signal.objects.values_list("pk", flat=True)) == [held.pk]
    assert list(CaseMeeting.objects.values_list("pk", flat=True)) == [open_meeting.pk]
    assert set(DestroyedSignal.objects.values_list("signal_ref", flat=True)) == {done.pk, plain.pk}
    assert not LogEntry.objects.filter(content_type__model="casemeeting", object_pk=str(closed_meeting.pk)).exists()
    assert not CaseMeeting.organisations.through.objects.filter(casemeeting_id=closed_meeting.pk).exists()
    services.close_meeting(actor=intake_user, meeting=open_meeting)
    assert services.purge_expired_signals(today=until + dt.timedelta(days=1)) == 1
    assert not Signal.objects.exists() and not CaseMeeting.objects.exists()
