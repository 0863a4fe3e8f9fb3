"""The set-based part of the destruction of dossiers (P-2.2.4, issue 10): everything that hangs
on a set of dossiers, deleted with one statement per table, and the residents who became unused.

Only retention/services.py calls this, inside its transaction, after the guards passed and
the destruction records were written, with the destruction flag set (the append-only triggers
of the disclosure register and the Zorgplein decisions let a DELETE through only then).
Plain SQL on purpose: the ORM's delete collector loads (and decrypts) every row and deletes per
object kind per dossier. Every row's change history (django-auditlog) goes in the same
statement as the row: it is history of content. Foreign keys are checked at commit
(DEFERRABLE INITIALLY DEFERRED), so a correcting Zorgplein decision and the one it corrects go
in one statement. tests/retention/test_batch_destruction.py compares CASE_TABLES with the
models' relations, so a new relation to a dossier cannot be forgotten here. Table and column
names come from the models' _meta; values are always parameters (hence the noqa: S608).
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from cases.models import (
    ArchiveReadConsent,
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Document,
    EmergencyAccess,
    Household,
    HouseholdMember,
    IdentityCheck,
    MissingInformation,
    Note,
    ReductionRecord,
    Resident,
    TransparencyNotice,
)
from core import db_roles
from disclosures.models import (
    ClientInformed,
    Consultation,
    Disclosure,
    DisclosureReview,
    Objection,
    StatutoryRequest,
)
from meldcode.models import MeldcodeStep, MeldcodeTrack
from plans.models import Decision, ForwardingRecord, MaatwerkRequest, Plan, PlanSection, PlanVersion, RequestConsent

from .models import CleanupRecord, CleanupReminder, DestructionListItem

IDS = "= ANY(%s)"  # every %s in a condition below is the array of dossier ids


def _ids_of(model, column: str = "case_id") -> str:
    return f"SELECT id FROM {model._meta.db_table} WHERE {column} {IDS}"  # noqa: S608


# (model, condition on its table), in deletion order. Signals go first, through the signals
# service (they have their own traces); the dossiers themselves go last.
CASE_TABLES = [
    (ClientInformed, f"disclosure_id IN ({_ids_of(Disclosure)})"),
    (DisclosureReview, f"disclosure_id IN ({_ids_of(Disclosure)})"),  # by the owner's function, with its disclosure
    (StatutoryRequest, f"case_id {IDS}"),
    (Disclosure, f"case_id {IDS}"),  # through the owner's function: see _delete_disclosures
    (Objection, f"case_id {IDS}"),
    (Consultation, f"case_id {IDS}"),
    (Decision, f"request_id IN ({_ids_of(MaatwerkRequest)})"),  # corrections included, one statement
    (ForwardingRecord, f"request_id IN ({_ids_of(MaatwerkRequest)})"),
    (RequestConsent, f"request_id IN ({_ids_of(MaatwerkRequest)})"),
    (MaatwerkRequest, f"case_id {IDS}"),
    (PlanVersion, f"plan_id IN ({_ids_of(Plan)})"),
    (PlanSection, f"plan_id IN ({_ids_of(Plan)}) OR member_case_id {IDS}"),
    (Plan, f"case_id {IDS}"),
    (MeldcodeStep, f"track_id IN ({_ids_of(MeldcodeTrack)})"),
    (MeldcodeTrack, f"case_id {IDS}"),
    (ReductionRecord, f"case_id {IDS}"),
    (Note, f"case_id {IDS}"),
    (Document, f"case_id {IDS}"),
    (TransparencyNotice, f"case_id {IDS}"),
    (MissingInformation, f"case_id {IDS}"),
    (EmergencyAccess, f"case_id {IDS}"),
    (ArchiveReadConsent, f"case_id {IDS}"),
    (IdentityCheck, f"case_id {IDS}"),  # SET_NULL in the model, but an identity check of a destroyed dossier goes
    (CaseUserObjectPermission, f"content_object_id {IDS}"),
    (CaseGroupObjectPermission, f"content_object_id {IDS}"),
    (CleanupRecord, f"case_id {IDS}"),
    (CleanupReminder, f"case_id {IDS}"),
]
# SET_NULL relations that stay: the list item keeps its copied facts (case_ref, number), and a
# plan version of another household plan loses the member section it pointed to.
CASE_SET_NULL = [
    (PlanVersion, "section_id", f"section_id IN ({_ids_of(PlanSection, 'member_case_id')})"),
    (DestructionListItem, "case_id", f"case_id {IDS}"),
]


def delete_case_rows(*, case_ids: list[int]) -> list[str]:
    """Delete the dossiers and everything in CASE_TABLES; return the stored file names of their
    documents (the caller deletes the files after the rows)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT file FROM {Document._meta.db_table} WHERE case_id {IDS}", [case_ids])  # noqa: S608
        files = [name for (name,) in cursor.fetchall() if name]
        for model, column, condition in CASE_SET_NULL:
            _execute(cursor, f"UPDATE {model._meta.db_table} SET {column} = NULL WHERE {condition}",  # noqa: S608
                     case_ids)
        for model, condition in CASE_TABLES:
            if model is Disclosure:
                _delete_disclosures(cursor, condition, case_ids)
            elif model is DisclosureReview:
                pass  # append-only for the application's role: the owner's function removes them
            else:
                _delete(cursor, model, condition, case_ids)
        _delete(cursor, Case, f"id {IDS}", case_ids)
    return files


def _delete_disclosures(cursor, condition: str, case_ids: list[int]) -> None:
    # The application's role may not delete the register (L-LOG): the owner's function does,
    # after checking that every dossier's destruction record exists. The history goes first.
    _execute(cursor, f"DELETE FROM {LogEntry._meta.db_table} WHERE content_type_id = {_content_type(Disclosure)} "  # noqa: S608
                     f"AND object_pk IN (SELECT id::text FROM {Disclosure._meta.db_table} WHERE {condition})", case_ids)
    db_roles.destroy_disclosures_of_cases(case_ids=case_ids)


def remove_unused_residents(*, resident_ids) -> set[int]:
    """The residents of `resident_ids` that nothing protects any more (no dossier, no signal,
    no request at the desk: every PROTECT relation of Resident) go, with what cascades from
    them (identity checks, representation, household membership) and a household left
    empty; a SET_NULL reference (an erasure request) keeps its row. Returns the removed ids."""
    ids = sorted(set(resident_ids))
    if not ids:
        return set()
    used = set()
    for relation in _relations(Resident, models.PROTECT):
        used |= set(relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": ids})
                    .values_list(relation.field.attname, flat=True))
    unused = [pk for pk in ids if pk not in used]
    if not unused:
        return set()
    households = sorted(set(HouseholdMember.objects.filter(resident_id__in=unused)
                            .values_list("household_id", flat=True)))
    with connection.cursor() as cursor:
        for relation in _relations(Resident, models.SET_NULL):
            table, column = relation.related_model._meta.db_table, relation.field.column
            _execute(cursor, f"UPDATE {table} SET {column} = NULL WHERE {column} {IDS}", unused)  # noqa: S608
        for relation in _relations(Resident, models.CASCADE):
            _delete(cursor, relation.related_model, f"{relation.field.column} {IDS}", unused)
        _delete(cursor, Resident, f"id {IDS}", unused)
        if households:
            members = HouseholdMember._meta.db_table
            _delete(cursor, Household, f"id {IDS} AND NOT EXISTS (SELECT 1 FROM {members} m "  # noqa: S608
                                       f"WHERE m.household_id = {Household._meta.db_table}.id)", households)
    return set(unused)


def _relations(model, on_delete) -> list:
    """The relations pointing at `model` whose on_delete is `on_delete` (hidden ones included)."""
    found = [f for f in model._meta.get_fields(include_hidden=True)
             if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)]
    unknown = [f for f in found if f.on_delete not in (models.PROTECT, models.CASCADE, models.SET_NULL)]
    if unknown:
        raise NotImplementedError(f"no destruction rule for {unknown[0].related_model._meta.label}")
    return [f for f in found if f.on_delete is on_delete]


def _delete(cursor, model, condition: str, ids: list[int]) -> None:
    """One statement: the rows of `model` matching `condition`, and their change history."""
    table = model._meta.db_table
    if auditlog.contains(model):
        sql = (f"WITH gone AS (DELETE FROM {table} WHERE {condition} RETURNING id) "  # noqa: S608
               f"DELETE FROM {LogEntry._meta.db_table} WHERE content_type_id = {_content_type(model)} "
               "AND object_pk IN (SELECT id::text FROM gone)")
    else:
        sql = f"DELETE FROM {table} WHERE {condition}"  # noqa: S608
    _execute(cursor, sql, ids)


def _execute(cursor, sql: str, ids: list[int]) -> None:
    cursor.execute(sql, [list(ids)] * sql.count("%s"))


def _content_type(model) -> int:
    return ContentType.objects.get_for_model(model).pk  # cached after the first call
