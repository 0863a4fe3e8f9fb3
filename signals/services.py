"""Every write about signals, feeds and case meetings (P-2.2.2, P-2.2.3).

Keyword-only arguments and an `actor`; rules come from signals/rules.py; user-caused
refusals are ApplicationError with one Dutch message that never contains signal content.
"""

import datetime as dt
import secrets

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.rules import is_valid_bsn, normalise_bsn
from core.dates import today as current_day
from core.errors import ApplicationError

from . import rules
from .models import (
    CaseMeeting,
    Category,
    DestroyedSignal,
    PartnerToken,
    Severity,
    Signal,
    SignalFeed,
    SourceKind,
)

MAX_CONTENT_LENGTH = 5000


def receive_signal(*, actor, source_kind: str, category: str, content: str, subject_name: str = "",
                   subject_bsn: str = "", partner=None, feed: SignalFeed | None = None,
                   received_at: dt.datetime | None = None) -> Signal:
    """A new signal enters quarantine with its assessment deadline (P-2.2.3)."""
    if source_kind not in SourceKind.values:
        raise ApplicationError("Kies de bron van het signaal.", field="source_kind")
    if category not in Category.values:
        raise ApplicationError("Kies de soort van het signaal.", field="category")
    content = (content or "").strip()
    if not content:
        raise ApplicationError("Beschrijf het signaal.", field="content")
    if len(content) > MAX_CONTENT_LENGTH:
        raise ApplicationError(f"Beschrijf het signaal in hooguit {MAX_CONTENT_LENGTH} tekens.", field="content")
    bsn = normalise_bsn(subject_bsn or "")
    if bsn and not is_valid_bsn(bsn):
        raise ApplicationError("Dit BSN is niet geldig. Controleer de 9 cijfers.", field="subject_bsn")
    if feed is not None and not feed.active:
        raise ApplicationError("Deze signaalbron is niet actief.")
    received_at = received_at or timezone.now()
    return Signal.objects.create(
        source_kind=source_kind, category=category, content=content,
        subject_name=(subject_name or "").strip() or None, subject_bsn=bsn or None,
        partner=feed.organisation if feed else partner, feed=feed, registered_by=actor,
        received_at=received_at,
        assessment_deadline=rules.assessment_deadline(timezone.localdate(received_at)),
    )


@transaction.atomic
def destroy_signal(*, signal: Signal, actor, reason: str = DestroyedSignal.Reason.EVIDENTLY_WRONG,
                   today: dt.date | None = None) -> DestroyedSignal:
    """P-2.2.3: an evidently wrong signal is destroyed at once. The row goes, its change
    history goes, and only a content-free trace stays. Signals have no files."""
    if reason == DestroyedSignal.Reason.EVIDENTLY_WRONG and signal.status != Signal.Status.NEW:
        raise ApplicationError("Dit signaal is al beoordeeld.")
    wrong = reason == DestroyedSignal.Reason.EVIDENTLY_WRONG
    trace = DestroyedSignal.objects.create(
        signal_ref=signal.pk, source_kind=signal.source_kind, partner_id=signal.partner_id,
        received_on=timezone.localdate(signal.received_at),
        assessed_on=(today or current_day()) if wrong else timezone.localdate(signal.assessed_at),
        reason=reason, assessor=actor if wrong else signal.assessed_by,
    )
    pk = signal.pk
    with disable_auditlog():  # a DELETE entry would itself be history of the signal
        signal.delete()
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Signal), object_pk=str(pk)).delete()
    log_access(actor=actor, events=[_destruction_event(f"{reason} signaal:{pk}")])
    return trace


@transaction.atomic
def assess_no_action(*, signal: Signal, actor, severity: str, retain_until: dt.date | None,
                     today: dt.date | None = None) -> Signal:
    """P-2.2.3: a signal that is kept without action needs an explicit retention date."""
    _check_new(signal)
    _check_severity(severity)
    problem = rules.retention_problem(retain_until, today=today or current_day())
    if problem:
        raise ApplicationError(problem, field="retain_until")
    return _mark(signal, actor, status=Signal.Status.NO_ACTION, severity=severity, retain_until=retain_until)


@transaction.atomic
def take_up(*, signal: Signal, actor, severity: str, resident, case=None, retain_until: dt.date | None = None,
            today: dt.date | None = None) -> Signal:
    """P-2.2.2: the signal leaves quarantine linked to a resident, and optionally a dossier of
    that resident. With a dossier it follows that dossier's retention; without one it needs
    its own retention date, like "no action" (P-2.2.3: none is kept without a decision)."""
    _check_new(signal)
    _check_severity(severity)
    if resident is None:
        raise ApplicationError("Kies de inwoner bij wie dit signaal hoort.", field="resident")
    if case is not None and case.resident_id != resident.pk:
        raise ApplicationError("Dit dossier hoort niet bij deze inwoner.", field="case")
    if case is None:
        problem = rules.retention_problem(retain_until, today=today or current_day())
        if problem:
            raise ApplicationError(problem, field="retain_until")
    signal.resident, signal.case = resident, case
    return _mark(signal, actor, status=Signal.Status.TAKEN_UP, severity=severity,
                 retain_until=None if case is not None else retain_until)


def _check_new(signal: Signal) -> None:
    if signal.status != Signal.Status.NEW:
        raise ApplicationError("Dit signaal is al beoordeeld.")


def _check_severity(severity: str) -> None:
    if severity not in Severity.values:
        raise ApplicationError("Kies hoe ernstig het signaal is.", field="severity")


def _mark(signal, actor, *, status, severity, retain_until):
    signal.status, signal.severity, signal.retain_until = status, severity, retain_until
    signal.assessed_at, signal.assessed_by = timezone.now(), actor
    signal.save()
    log_access(actor=actor, events=[AccessEvent(
        action=AccessLogEntry.Action.CHANGE, resident_id=signal.resident_id, case_id=signal.case_id,
        purpose="signaal_beoordelen", detail=f"{status} signaal:{signal.pk}")])
    return signal


PURGE_BATCH = 1000
# The due signals of one purge batch, in the order of signal_purge_due_idx; a signal another
# session holds is left for the next batch or run.
# A signal whose case meeting is still open (planned, not closed) is held until it is closed:
# the meeting is work in progress. A closed meeting goes with its signal.
_DUE = ("id IN (SELECT id FROM {signal} s WHERE case_id IS NULL AND retain_until < %s "
        "AND NOT EXISTS (SELECT 1 FROM {meeting} m WHERE m.signal_id = s.id AND m.status = 'open') "
        "ORDER BY retain_until, id LIMIT %s FOR UPDATE SKIP LOCKED)")


def purge_expired_signals(*, today: dt.date | None = None, batch: int = PURGE_BATCH) -> int:
    """P-2.2.3: a kept signal without a dossier is destroyed the day after its retention date.

    In batches (issue 10): per batch one statement takes up to `batch` due signals (SKIP
    LOCKED), deletes them, writes their content-free traces and deletes their change history.
    The trace per signal is the record of its destruction (append-only for the application's
    database role); the access log gets one chained entry per batch that names the batch's
    signal numbers and their count (`batch_detail`), not one per signal (decision 0005).
    """
    today = today or current_day()
    reason = DestroyedSignal.Reason.RETENTION_ENDED
    count = 0
    while True:
        with transaction.atomic():
            refs = _destroy_where(_DUE, [today, batch], reason=reason)
            if not refs:
                return count
            log_access(actor=None, events=[_destruction_event(batch_detail(reason, refs))])
            count += len(refs)


def batch_detail(reason: str, refs: list[int]) -> str:
    """The access-log detail of one purge batch: its lowest and highest signal number and how
    many there were ("retention_ended signaal:101-2417 (1000)"). With the traces' shared
    destruction time this identifies exactly the batch's traces. Fits the detail's 60
    characters for signal numbers of up to 13 digits."""
    return f"{reason} signaal:{min(refs)}-{max(refs)} ({len(refs)})"


def destroy_signals_of_cases(*, case_ids: list[int]) -> list[AccessEvent]:
    """P-2.2.3: a taken-up signal follows its dossier; used by the retention destruction inside
    its transaction. Returns the access-log events (one per signal) for the caller to write
    with its own log call, so that a batch of dossiers writes the access log once."""
    reason = DestroyedSignal.Reason.RETENTION_ENDED
    refs = _destroy_where("case_id = ANY(%s)", [list(case_ids)], reason=reason)
    return [_destruction_event(f"{reason} signaal:{pk}") for pk in refs]


def _destruction_event(detail: str) -> AccessEvent:
    """The access-log entry of a destruction: never content, only signal numbers (decision 0005)."""
    return AccessEvent(action=AccessLogEntry.Action.CHANGE, purpose="signaal_vernietigen", detail=detail)


# One statement for a set of signals: delete the rows, write a content-free trace per signal
# (the same fields destroy_signal writes; dates in the local time zone, like timezone.localdate),
# delete their change history, and delete their case meetings with the meetings' organisations
# and history (a meeting is about its signal and goes with it; the foreign keys are checked at
# the end of the transaction). The signals are not loaded (and so not decrypted); the ORM's
# delete collector would load every row.
_DESTROY_SQL = """
WITH gone AS (
    DELETE FROM {signal} WHERE {condition}
    RETURNING id, source_kind, partner_id, received_at, assessed_at, assessed_by_id
), traces AS (
    INSERT INTO {trace} (signal_ref, source_kind, partner_id, received_on, assessed_on, reason, assessor_id,
                         destroyed_at)
    SELECT id, source_kind, partner_id, (received_at AT TIME ZONE %s)::date, (assessed_at AT TIME ZONE %s)::date,
           %s, assessed_by_id, %s FROM gone
), history AS (
    DELETE FROM {history} WHERE content_type_id = %s AND object_pk IN (SELECT id::text FROM gone)
), meetings AS (
    DELETE FROM {meeting} WHERE signal_id IN (SELECT id FROM gone) RETURNING id
), meeting_organisations AS (
    DELETE FROM {meeting_organisations} WHERE {meeting_column} IN (SELECT id FROM meetings)
), meeting_history AS (
    DELETE FROM {history} WHERE content_type_id = %s AND object_pk IN (SELECT id::text FROM meetings)
)
SELECT id FROM gone ORDER BY id
"""


def _destroy_where(condition: str, params: list, *, reason: str) -> list[int]:
    """Destroy the signals that meet `condition`; returns their numbers, in order."""
    through = CaseMeeting.organisations.through
    sql = _DESTROY_SQL.format(
        signal=Signal._meta.db_table, trace=DestroyedSignal._meta.db_table, history=LogEntry._meta.db_table,
        meeting=CaseMeeting._meta.db_table, meeting_organisations=through._meta.db_table,
        meeting_column=through._meta.get_field("casemeeting").column,
        condition=condition.format(signal=Signal._meta.db_table, meeting=CaseMeeting._meta.db_table))
    zone = timezone.get_current_timezone_name()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, zone, zone, reason, timezone.now(),
                             ContentType.objects.get_for_model(Signal).pk,
                             ContentType.objects.get_for_model(CaseMeeting).pk])
        return [pk for (pk,) in cursor.fetchall()]


# Feeds and their keys (configuration, no client data).

def register_feed(*, actor, organisation, name: str, category: str, agreement_reference: str,
                  review_date: dt.date) -> SignalFeed:
    """P-2.2.3: a feed exists only with its agreement and a proportionality review date."""
    if not (agreement_reference or "").strip():
        raise ApplicationError("Vul het kenmerk van het convenant of de overeenkomst in.",
                               field="agreement_reference")
    if review_date is None:
        raise ApplicationError("Vul in wanneer de bron opnieuw wordt getoetst.", field="review_date")
    return SignalFeed.objects.create(organisation=organisation, name=name.strip(), category=category,
                                     agreement_reference=agreement_reference.strip(), review_date=review_date)


def issue_partner_token(*, actor, feed: SignalFeed) -> tuple[PartnerToken, str]:
    """A new key for a feed; the plain key is returned once and never stored."""
    key = secrets.token_urlsafe(32)
    token = PartnerToken.objects.create(feed=feed, key_hash=PartnerToken.hash_key(key), prefix=key[:8])
    return token, key


def revoke_partner_token(*, actor, token: PartnerToken) -> PartnerToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# Case meetings (casusoverleg).

@transaction.atomic
def save_meeting(*, actor, signal: Signal, held_on: dt.date, organisations, presence: str = "",
                 absence_reason: str = "", absence_explanation: str = "", informed_on: dt.date | None = None,
                 meeting: CaseMeeting | None = None) -> CaseMeeting:
    """Record (or update) a casusoverleg about a signal that was taken up."""
    if signal.status != Signal.Status.TAKEN_UP:
        raise ApplicationError("Een casusoverleg hoort bij een signaal dat is opgepakt.")
    if meeting is not None and meeting.status == CaseMeeting.Status.CLOSED:
        raise ApplicationError("Dit overleg is al afgesloten.")
    if held_on is None:
        raise ApplicationError("Vul de datum van het overleg in.", field="held_on")
    if not list(organisations):
        raise ApplicationError("Kies minstens één deelnemende organisatie.", field="organisations")
    meeting = meeting or CaseMeeting(signal=signal, created_by=actor)
    meeting.held_on, meeting.presence = held_on, presence
    present = presence == CaseMeeting.Presence.PRESENT
    meeting.absence_reason = "" if present else absence_reason
    meeting.absence_explanation = None if present else ((absence_explanation or "").strip() or None)
    meeting.informed_on = None if present else informed_on
    meeting.save()
    meeting.organisations.set(organisations)
    return meeting


@transaction.atomic
def close_meeting(*, actor, meeting: CaseMeeting, today: dt.date | None = None) -> CaseMeeting:
    """P-2.2.3: no meeting is closed unless the resident took part, or the reason they did not
    and the date they were informed are recorded."""
    if meeting.status == CaseMeeting.Status.CLOSED:
        return meeting
    problem = rules.meeting_closure_problem(
        presence=meeting.presence, absence_reason=meeting.absence_reason,
        informed_on=meeting.informed_on, today=today or current_day())
    if problem:
        raise ApplicationError(problem, field="presence")
    meeting.status, meeting.closed_at, meeting.closed_by = CaseMeeting.Status.CLOSED, timezone.now(), actor
    meeting.save(update_fields=["status", "closed_at", "closed_by"])
    return meeting
