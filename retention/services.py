"""Every retention write: cleaning, archiving, reminders, destruction lists, the destruction of
a dossier, erasure requests and the signal safety net (P-2.2.3, P-2.2.4, L-17).

Keyword-only arguments; user-caused refusals are ApplicationError with one Dutch message that
never contains personal data. The jobs in tasks.py call the `run_*` functions here.
"""

import datetime as dt
import hashlib
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from accounts import roles
from audit.models import AccessLogEntry
from audit.services import AccessEvent, log_access
from cases.models import (
    Case,
    Document,
    Note,
    Resident,
)
from cases.services import read_document
from core.dates import today as current_day
from core.errors import ApplicationError
from signals import services as signal_services
from signals.models import DestroyedSignal, Signal

from . import destruction, rules, selectors
from .models import (
    CleanupRecord,
    CleanupReminder,
    DestructionList,
    DestructionListItem,
    DestructionRecord,
    ErasureRequest,
    JobRun,
)

# One key per job for pg_try_advisory_lock: overlapping runs of the same job never both work.
LOCK_KEYS = {"destruction": 8_000_001, "archive": 8_000_002, "propose": 8_000_003, "signals": 8_000_004}
BATCH = 50


# --- job discipline ---------------------------------------------------------------------

@contextmanager
def job_run(job: str):
    """Record the run (JobRun), hold the job's advisory lock, and never leak personal data in
    the error: only the exception's class name is kept."""
    run = JobRun.objects.create(job=job)
    if not _try_lock(job):
        _finish(run, JobRun.Status.SKIPPED, {})
        yield None
        return
    try:
        yield run
    except Exception as exc:
        _finish(run, JobRun.Status.FAILED, run.counts, error=type(exc).__name__)
        raise
    else:
        _finish(run, JobRun.Status.DONE, run.counts)
    finally:
        _unlock(job)


def _try_lock(job: str) -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEYS[job]])
        return cursor.fetchone()[0]


def _unlock(job: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEYS[job]])


def _finish(run: JobRun, status: str, counts: dict, *, error: str = "") -> None:
    run.status, run.counts, run.error, run.finished_at = status, counts, error[:200], timezone.now()
    run.save(update_fields=["status", "counts", "error", "finished_at"])


# --- cleaning and archiving (P-2.2.4) ---------------------------------------------------

@transaction.atomic
def clean_case(*, case: Case, actor) -> CleanupRecord:
    """P-2.2.4: before archiving, working notes and surplus copies (documents with the same
    content as an earlier one) are removed. The record keeps counts, never content."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.CLOSED:
        raise ApplicationError("Alleen een gesloten dossier kun je opschonen.")
    if case.cleaned_at is not None:
        raise ApplicationError(f"Dit dossier is al opgeschoond op {timezone.localtime(case.cleaned_at):%d-%m-%Y}.")
    notes = list(Note.objects.filter(case=case, is_working_note=True).values_list("pk", flat=True))
    copies = _surplus_copies(case)
    files = list(Document.objects.filter(pk__in=copies).values_list("file", flat=True))
    _forget(Note, notes)
    _forget(Document, copies)
    with disable_auditlog():
        Note.objects.filter(pk__in=notes).delete()
        Document.objects.filter(pk__in=copies).delete()
    _delete_files(files)
    case.cleaned_at = timezone.now()
    case.save(update_fields=["cleaned_at"])
    CleanupReminder.objects.filter(case=case).delete()
    log_access(actor=actor, events=[AccessEvent(action=AccessLogEntry.Action.CHANGE, case_id=case.pk,
                                                resident_id=case.resident_id, purpose="dossier_opschonen")])
    return CleanupRecord.objects.create(case=case, working_notes_removed=len(notes), copies_removed=len(copies),
                                        cleaned_by=actor)


def _surplus_copies(case: Case) -> list[int]:
    seen, surplus = set(), []
    for document in Document.objects.filter(case=case).order_by("uploaded_at", "pk"):
        digest = hashlib.sha256(read_document(document=document)).hexdigest()
        if digest in seen:
            surplus.append(document.pk)
        seen.add(digest)
    return surplus


def run_archive(*, today: dt.date | None = None, cap: int | None = None) -> dict:
    """P-2.2.4 nightly: closed, cleaned dossiers move into the archive (read-only); closed
    dossiers still waiting to be cleaned get a reminder."""
    today = today or current_day()
    cap = cap or settings.RETENTION_CAP_PER_RUN
    with job_run("archive") as run:
        if run is None:
            return {"skipped": 1}
        run.counts = {"archived": _archive_batchwise(cap), "reminders": _remind(today, cap)}
        return run.counts


def _archive_batchwise(cap: int) -> int:
    done, last = 0, 0
    while done < cap:
        ids = list(Case.objects.filter(status=Case.Status.CLOSED, cleaned_at__isnull=False, pk__gt=last)
                   .order_by("pk").values_list("pk", flat=True)[:min(BATCH, cap - done)])
        if not ids:
            break
        for pk in ids:
            done += archive_case(case_id=pk)
        last = ids[-1]
    return done


@transaction.atomic
def archive_case(*, case_id: int) -> int:
    case = Case.objects.select_for_update().filter(pk=case_id, status=Case.Status.CLOSED,
                                                   cleaned_at__isnull=False).first()
    if case is None:
        return 0
    case.status, case.archived_at = Case.Status.ARCHIVED, timezone.now()
    case.save(update_fields=["status", "archived_at"])
    return 1


def _remind(today: dt.date, cap: int) -> int:
    created = 0
    waiting = (Case.objects.filter(status=Case.Status.CLOSED, cleaned_at__isnull=True)
               .select_related("caseworker", "team").order_by("pk")[:cap])
    for case in waiting:
        for level in rules.cleanup_reminder_levels(rules.start_of_term(case.closed_at), today):
            for user in _reminder_recipients(case, level):
                _, new = CleanupReminder.objects.get_or_create(case=case, recipient=user, level=level)
                created += new
    return created


def _reminder_recipients(case: Case, level: str):
    if level == CleanupReminder.Level.CASEWORKER:
        return [case.caseworker] if case.caseworker else []
    if level == CleanupReminder.Level.TEAM_LEAD and case.team_id:
        return list(get_user_model().objects.filter(groups=case.team.group).filter(groups__name=roles.TEAM_LEAD))
    return []


# --- destruction lists (P-2.2.4, DOMAIN_RULES R1.11) -------------------------------------

def run_propose(*, today: dt.date | None = None, cap: int | None = None) -> dict:
    """Nightly: archived dossiers past their term, not yet on a list, become one new list."""
    today = today or current_day()
    cap = cap or settings.RETENTION_CAP_PER_RUN
    with job_run("propose") as run:
        if run is None:
            return {"skipped": 1}
        proposed = propose_destruction_list(today=today, cap=cap)
        run.counts = {"proposed": proposed.items.count() if proposed else 0}
        return run.counts


@transaction.atomic
def propose_destruction_list(*, today: dt.date, cap: int) -> DestructionList | None:
    due = []
    for case, rule, day in selectors.due_cases(today):
        due.append((case, rule, day))
        if len(due) >= cap:
            break
    listed = selectors.on_open_list([c.pk for c, _, _ in due])
    due = [row for row in due if row[0].pk not in listed and not selectors.is_recorded(row[0].pk)]
    if not due:
        return None
    batch = DestructionList.objects.create(proposed_on=today)
    DestructionListItem.objects.bulk_create([
        DestructionListItem(destruction_list=batch, case=case, case_ref=case.pk, case_number=case.number,
                            statute=case.statute, case_result=case.result, rule=rule, due_on=day)
        for case, rule, day in due
    ])
    return batch


def _require_archivist(actor) -> None:
    if not (actor and actor.has_role(roles.ARCHIVIST)):
        raise ApplicationError("Alleen een archiefmedewerker beoordeelt vernietigingslijsten.")


@transaction.atomic
def exclude_item(*, item: DestructionListItem, actor, reason: str) -> DestructionListItem:
    """Removing a dossier from a batch needs a reason, e.g. a legal hold (UX 'Lijst beoordelen')."""
    _require_archivist(actor)
    item = DestructionListItem.objects.select_for_update().select_related("destruction_list").get(pk=item.pk)
    if item.destruction_list.status != DestructionList.Status.PROPOSED:
        raise ApplicationError("Deze lijst is al goedgekeurd; je kunt niets meer uitzonderen.")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Geef de reden waarom dit dossier niet vernietigd wordt.", field="reason")
    if len(reason) > 300:
        raise ApplicationError("De reden is te lang: gebruik hoogstens 300 tekens.", field="reason")
    item.excluded, item.exclusion_reason, item.excluded_by = True, reason, actor
    item.save(update_fields=["excluded", "exclusion_reason", "excluded_by"])
    return item


@transaction.atomic
def approve_list(*, destruction_list: DestructionList, actor, count: int) -> DestructionList:
    """The archivist approves after checking the answers (UX 3.9). `count` is the number the
    button showed: a list that changed since the page was drawn is not approved blindly."""
    _require_archivist(actor)
    batch = DestructionList.objects.select_for_update().get(pk=destruction_list.pk)
    if batch.status != DestructionList.Status.PROPOSED:
        raise ApplicationError(f"Deze lijst is al goedgekeurd op {timezone.localtime(batch.approved_at):%d-%m-%Y}.")
    if count != batch.items.filter(excluded=False).count():
        raise ApplicationError("De lijst is veranderd. Controleer de dossiers opnieuw.")
    batch.status, batch.approved_by, batch.approved_at = DestructionList.Status.APPROVED, actor, timezone.now()
    batch.save(update_fields=["status", "approved_by", "approved_at"])
    return batch


def run_destruction(*, list_id: int | None = None, today: dt.date | None = None, cap: int | None = None) -> dict:
    """Execute approved lists: bounded batches by primary key, each dossier in its own
    transaction, a cap per run, one run at a time (advisory lock). Idempotent: a destroyed
    dossier is gone from the pending items and its record is unique."""
    today = today or current_day()
    cap = cap or settings.RETENTION_CAP_PER_RUN
    with job_run("destruction") as run:
        if run is None:
            return {"skipped": 1}
        lists = DestructionList.objects.filter(status=DestructionList.Status.APPROVED).order_by("pk")
        if list_id is not None:
            lists = lists.filter(pk=list_id)
        destroyed = 0
        for batch in lists:
            destroyed += _execute(batch, today=today, cap=cap - destroyed)
            if destroyed >= cap:
                break
        run.counts = {"destroyed": destroyed}
        return run.counts


def _execute(batch: DestructionList, *, today: dt.date, cap: int) -> int:
    done, last = 0, 0
    while done < cap:
        items = selectors.pending_items(batch, after=last, limit=min(settings.RETENTION_DESTRUCTION_BATCH, cap - done))
        if not items:
            _complete(batch)
            break
        done += _destroy_items(items, batch, today)
        time.sleep(settings.RETENTION_PAUSE_SECONDS)  # spares the database; 0 by default
        last = items[-1][0]
    return done


def _destroy_items(items: list[tuple[int, int]], batch: DestructionList, today: dt.date) -> int:
    item_of = {case_id: item_id for item_id, case_id in items}
    outcome = destroy_cases(case_ids=list(item_of), destruction_list=batch, today=today)
    # A guard refused (e.g. the dossier left the archive after approval): it is not destroyed,
    # and the statement says so, rather than the run stopping for good or the batch failing.
    for message in set(outcome.refused.values()):
        refused = [item_of[case_id] for case_id, m in outcome.refused.items() if m == message]
        DestructionListItem.objects.filter(pk__in=refused).update(
            excluded=True, exclusion_reason=f"Overgeslagen bij uitvoering: {message}"[:300])
    return len(outcome.destroyed)


def _complete(batch: DestructionList) -> None:
    from .statement import destruction_statement

    with transaction.atomic():
        batch = DestructionList.objects.select_for_update().get(pk=batch.pk)
        if batch.status != DestructionList.Status.APPROVED:
            return
        batch.status, batch.executed_at = DestructionList.Status.EXECUTED, timezone.now()
        batch.statement_pdf = destruction_statement(batch)
        batch.save(update_fields=["status", "executed_at", "statement_pdf"])


# --- the destruction of dossiers ------------------------------------------------------

# The facts of a dossier the guards and the record need; its content is never loaded.
CASE_FACTS = ("pk", "number", "statute", "result", "status", "opened_at", "closed_at", "archived_at", "resident_id")


@dataclass
class Destruction:
    destroyed: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)  # dossier id -> the guard's message


def destroy_case(*, case_id: int, today: dt.date, destruction_list: DestructionList | None = None,
                 erasure_request: ErasureRequest | None = None, actor=None) -> int:
    """P-2.2.4: destroy one dossier (destroy_cases with one id). Returns 1 when destroyed, 0 when
    there was nothing (left) to destroy; a guard's refusal raises ApplicationError."""
    outcome = destroy_cases(case_ids=[case_id], today=today, destruction_list=destruction_list,
                            erasure_request=erasure_request, actor=actor)
    if outcome.refused:
        raise ApplicationError(outcome.refused[case_id])
    return len(outcome.destroyed)


@transaction.atomic
def destroy_cases(*, case_ids: list[int], today: dt.date, destruction_list: DestructionList | None = None,
                  erasure_request: ErasureRequest | None = None, actor=None) -> Destruction:
    """P-2.2.4: destroy a batch of dossiers with everything linked, in one transaction, and
    leave a content-free record of each.

    Guards per dossier (never early, never without a decision; see _refusal): a dossier whose
    guard refuses is left as it is and reported in `refused`, the others are destroyed. A
    dossier that no longer exists is in neither. The work is set-based (issue 10): a fixed
    number of statements per batch, whatever its size. The access log stays (ids only) and
    gets one entry per destroyed dossier and signal, in one write.
    """
    cases = list(Case.objects.select_for_update().filter(pk__in=list(case_ids)).order_by("pk").only(*CASE_FACTS))
    rule_of = selectors.rules_for(cases)
    items = selectors.items_by_case(destruction_list, [c.pk for c in cases]) if destruction_list else {}
    outcome, doomed = Destruction(), []
    for case in cases:
        problem = _refusal(case, selectors.due_on(case, rule_of[case.pk]), today, destruction_list,
                           items.get(case.pk), erasure_request)
        if problem:
            outcome.refused[case.pk] = problem
        else:
            doomed.append(case)
    if erasure_request is not None and outcome.refused:
        return outcome  # an erasure is all or nothing: the caller refuses it; nothing is touched
    if doomed:
        _destroy(doomed, rule_of, destruction_list=destruction_list, erasure_request=erasure_request, actor=actor)
        outcome.destroyed = [case.pk for case in doomed]
    return outcome


def _destroy(cases: list[Case], rule_of: dict, *, destruction_list, erasure_request, actor) -> None:
    ids, now = [case.pk for case in cases], timezone.now()
    DestructionRecord.objects.bulk_create([DestructionRecord(
        case_ref=case.pk, case_number=case.number, statute=case.statute, case_result=case.result,
        rule=rule_of[case.pk], closed_on=rules.start_of_term(case.closed_at),
        archived_on=rules.start_of_term(case.archived_at) if case.archived_at else None,
        destroyed_at=now, destruction_list=destruction_list, erasure_request=erasure_request,
    ) for case in cases])
    # A taken-up signal follows its dossier (P-2.2.3), with its own content-free trace.
    events = signal_services.destroy_signals_of_cases(case_ids=ids)
    with disable_auditlog(), _destruction_flag():
        files = destruction.delete_case_rows(case_ids=ids)
        destruction.remove_unused_residents(resident_ids=[case.resident_id for case in cases])
    events += [AccessEvent(action=AccessLogEntry.Action.CHANGE, case_id=case.pk, resident_id=case.resident_id,
                           purpose="dossier_vernietigen", detail=f"dossier:{case.pk}") for case in cases]
    log_access(actor=actor, events=events)
    if connection.vendor == "postgresql":
        # The raw deletes leave deferred foreign keys to be checked at COMMIT; check them now,
        # while the files still exist, so a refused commit never leaves rows without files.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # Files go last, inside the transaction: if deleting one fails, nothing is committed and
    # the next run retries; a committed destruction never leaves a file behind.
    _delete_files(files)


@contextmanager
def _destruction_flag():
    """Tell the append-only triggers (disclosures/0003, plans/0003) that this transaction is
    the retention destruction; the flag ends with the transaction and is cleared after use."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL doetinchem.destruction = 'on'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL doetinchem.destruction = 'off'")


def _refusal(case, due, today, destruction_list, item, erasure_request) -> str:
    """Never early, never without a decision (P-2.2.4): the guard's message, or "" when the
    dossier may be destroyed. `item` is the dossier's item on `destruction_list`, if any."""
    if due is None or today < due:
        return "Dit dossier is nog niet aan vernietiging toe."
    if destruction_list is not None:
        if destruction_list.status != DestructionList.Status.APPROVED or item is None or item.excluded:
            return "Dit dossier staat niet op een goedgekeurde vernietigingslijst."
        if case.status != Case.Status.ARCHIVED:
            return "Alleen een gearchiveerd dossier wordt vernietigd."
    elif erasure_request is not None:
        if case.status not in (Case.Status.CLOSED, Case.Status.ARCHIVED):
            return "Een dossier in behandeling wordt niet vernietigd."
    else:
        return "Vernietigen kan alleen via een lijst of een verzoek tot wissing."
    return ""


def remove_resident_if_unused(*, resident_id: int) -> bool:
    """The resident goes with the last dossier, unless a signal still refers to them (it has
    its own retention date). Representation, identity checks and household go with them."""
    with disable_auditlog():
        return resident_id in destruction.remove_unused_residents(resident_ids=[resident_id])


def _forget(model, pks) -> None:
    """Delete the change history (django-auditlog) of these objects: it is history of content."""
    if pks:
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                object_pk__in=[str(pk) for pk in pks]).delete()


def _delete_files(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


# --- erasure requests (L-17) ------------------------------------------------------------

@transaction.atomic
def handle_erasure_request(*, resident: Resident, actor, received_on: dt.date | None = None,
                           today: dt.date | None = None) -> ErasureRequest:
    """L-17: refused with the reason while a retention duty applies (an open dossier, or one
    still within its term); otherwise carried out at once by the destruction service."""
    today = today or current_day()
    request = ErasureRequest.objects.create(resident=resident, received_on=received_on or today,
                                            answer_due_on=rules.answer_due_on(received_on or today),
                                            registered_by=actor)
    cases = list(Case.objects.filter(resident=resident))
    reason = _erasure_refusal(cases, today)
    if reason:
        request.status, request.refusal_reason = ErasureRequest.Status.REFUSED, reason
    else:
        outcome = destroy_cases(case_ids=[c.pk for c in cases], today=today, erasure_request=request, actor=actor)
        if outcome.refused:  # _erasure_refusal checked the same; a dossier changed in between
            raise ApplicationError(next(iter(outcome.refused.values())))
        request.dossiers_destroyed = len(outcome.destroyed)
        if not cases:
            remove_resident_if_unused(resident_id=resident.pk)
        if not Resident.objects.filter(pk=resident.pk).exists():
            request.resident = None  # the row went with the resident (SET_NULL); keep it so
        request.status = ErasureRequest.Status.CARRIED_OUT
    request.decided_at = timezone.now()
    request.save()
    return request


def _erasure_refusal(cases, today) -> str:
    if any(c.status == Case.Status.OPEN for c in cases):
        return "Er is een dossier in behandeling; de gegevens zijn nodig voor de uitvoering van de wettelijke taak."
    dates = [selectors.due_on(c) for c in cases]
    if any(d is None for d in dates):
        return "Voor een dossier is geen bewaartermijn bekend; de archivaris beoordeelt dit eerst."
    return rules.erasure_refusal(dates, today)


# --- signals (P-2.2.3) ------------------------------------------------------------------

def run_signal_purge(*, today: dt.date | None = None) -> dict:
    """P-2.2.3: expired signals are destroyed by the signals service; as a safety net, a signal
    whose destruction trace exists but whose row (and so content) still exists is removed."""
    today = today or current_day()
    with job_run("signals") as run:
        if run is None:
            return {"skipped": 1}
        expired = signal_services.purge_expired_signals(today=today)
        leftovers = list(Signal.objects.filter(pk__in=DestroyedSignal.objects.values("signal_ref"))
                         .values_list("pk", flat=True))
        _forget(Signal, leftovers)
        with transaction.atomic(), disable_auditlog():
            Signal.objects.filter(pk__in=leftovers).delete()
        run.counts = {"expired": expired, "rejected_leftovers": len(leftovers)}
        return run.counts
