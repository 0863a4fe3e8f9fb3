"""The batched purge of expired signals (P-2.2.3, issue 10): per signal a content-free trace
and an access-log entry, its change history gone; a signal with a case meeting stops it."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.db.models import ProtectedError
from django.utils import timezone

from audit.models import AccessLogEntry
from core.dates import today
from signals import services
from signals.models import DestroyedSignal, Signal

from ..factories import make_resident
from .conftest import make_signal

pytestmark = [pytest.mark.django_db, pytest.mark.policy("P-2.2.3")]


def _kept(intake_user, until, **kwargs):
    signal = make_signal(subject_name="Jan Jansen", **kwargs)
    return services.assess_no_action(signal=signal, actor=intake_user, severity="laag", retain_until=until)


def test_the_purge_leaves_a_trace_and_a_log_entry_per_signal_and_no_history(intake_user, housing_corporation):
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
    details = sorted(AccessLogEntry.objects.filter(purpose="signaal_vernietigen").values_list("detail", flat=True))
    assert details == sorted(f"retention_ended signaal:{s.pk}" for s in signals)


def test_a_signal_with_a_case_meeting_is_not_purged(intake_user, housing_corporation):
    until = today() + dt.timedelta(days=10)
    signal = services.take_up(signal=make_signal(), actor=intake_user, severity="laag",
                              resident=make_resident(intake_user), retain_until=until)
    services.save_meeting(actor=intake_user, signal=signal, held_on=today(), organisations=[housing_corporation],
                          presence="present")
    with pytest.raises(ProtectedError):
        services.purge_expired_signals(today=until + dt.timedelta(days=1))
    assert Signal.objects.filter(pk=signal.pk).exists() and not DestroyedSignal.objects.exists()
