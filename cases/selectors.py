"""Reads for screens, already narrowed to what the user may see (the gate's rule)."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet

from core.crypto import keyed_hash
from core.dates import today
from processors.models import DataCategory, Purpose
from processors.rules import organisation_may_process

from .access import VIEW, granted_case_ids, granted_with_facts, may_reach_client_data
from .models import Case, Resident
from .rules import normalise_bsn


def _processable_statutes(user) -> list[str] | None:
    """For a user of an external organisation, the statutes it may process today (P-1.1, P-3);
    None for the municipality's own staff."""
    if not user.is_external:
        return None
    on = today()
    return [p for p in Purpose.values if organisation_may_process(
        user.organisation, purpose=p, category=DataCategory.ORDINARY, on=on)]


def _shown_rule(user, statutes: list[str] | None, prefix: str = "") -> Q:
    """Of the dossiers the user holds a grant on, the ones a list shows (the gate's rules): not
    destroyed; of the archive only those the user handled (P-2.2.4); for a user of an external
    organisation only `statutes` (_processable_statutes). With `prefix="case_"` the same rule
    reads the dossier facts copied onto the grants (cases.models.GrantListFacts)."""
    status, caseworker = f"{prefix}status", f"{prefix}caseworker_id"
    rule = ~Q(**{status: Case.Status.DESTROYED}) & ~(Q(**{status: Case.Status.ARCHIVED}) & ~Q(**{caseworker: user.pk}))
    if statutes is not None:
        rule &= Q(**{f"{prefix}statute__in": statutes})
    return rule


def cases_for_user(user) -> QuerySet[Case]:
    """The dossiers the user's task covers: assigned to them or their team (P-2.1.2).

    The same grants as the gate, so a list never shows more than a detail page would.
    Superusers and administrators get nothing extra.
    """
    if not may_reach_client_data(user):
        return Case.objects.none()
    return Case.objects.filter(_shown_rule(user, _processable_statutes(user)), pk__in=granted_case_ids(user, VIEW))


MAX_PAGE = 2**31 // 100  # a larger page number would overflow the OFFSET; it shows the last page
# The list's sort orders (cases.forms.CaseFilterForm): (copied fact on the grant, direction); ties by dossier id.
LIST_ORDER = {"-opened_at": ("case_opened_at", "DESC"), "opened_at": ("case_opened_at", "ASC"),
              "number": ("case_number", "ASC")}


# What a list row shows (templates/cases/_case_rows.html): only these are loaded, so the
# resident's BSN, address and contact details and the request are neither read nor decrypted.
LIST_COLUMNS = ("number", "statute", "status", "opened_at", "resident_id", "resident__first_names",
                "resident__surname", "resident__date_of_birth")


def _page_number(number) -> int:
    try:
        return min(max(int(number), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def visible_case_page(user, *, number, per_page: int, order: str = "-opened_at", statute: str = "",
                      status: str = "") -> Page:
    """One page of the user's dossier list, newest first unless `order` says otherwise, with the
    total (issue 10).

    The page's ids and the total come from one pass over the user's grants and their teams'
    grants alone, filtered and sorted on the dossier facts copied onto each grant, index-only
    (`case_ugrant_list_idx`, `case_ggrant_list_idx`): no lookup per dossier the user may see.
    Then the shown rows are loaded with what a row shows of them (LIST_COLUMNS), through the same rule on
    the dossiers' own columns, so a copy that were ever stale could hide a dossier from the
    list but never show one. Out-of-range or malformed page numbers fall back like
    Paginator.get_page."""
    number = _page_number(number)
    paginator = Paginator([], per_page)
    paginator.count = 0
    if not may_reach_client_data(user):
        return Page([], 1, paginator)
    statutes = _processable_statutes(user)  # once: the grants' query and the shown rows' query share it
    rule = _shown_rule(user, statutes, prefix="case_")
    if statute:
        rule &= Q(case_statute=statute)
    if status:
        rule &= Q(case_status=status)
    try:
        grants_sql, params = granted_with_facts(user, VIEW, rule).query.sql_with_params()
    except EmptyResultSet:  # the rule admits nothing (an external user without an agreement in force)
        return Page([], 1, paginator)
    column, direction = LIST_ORDER[order]

    def ids_and_total(page: int) -> list[tuple[int, int]]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT content_object_id, count(*) OVER () FROM ({grants_sql}) AS granted "  # noqa: S608
                           f"ORDER BY {column} {direction}, content_object_id LIMIT %s OFFSET %s",
                           [*params, per_page, (page - 1) * per_page])
            return cursor.fetchall()

    rows = ids_and_total(number)
    if rows:
        total = rows[0][1]
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({grants_sql}) AS granted", params)  # noqa: S608
            total = cursor.fetchone()[0]
    paginator.count = total  # cached_property: set, so Paginator does not count again
    if not rows and total:  # past the last page: show the last one
        number = paginator.num_pages
        rows = ids_and_total(number)
    ids = list(dict.fromkeys(pk for pk, _ in rows))  # one dossier once, even if two grants disagreed
    shown = Case.objects.filter(_shown_rule(user, statutes))
    if statute:  # the filters again on the dossiers' own columns: a copy is never the last word
        shown = shown.filter(statute=statute)
    if status:
        shown = shown.filter(status=status)
    loaded = shown.select_related("resident").only(*LIST_COLUMNS).in_bulk(ids)
    return Page([loaded[pk] for pk in ids if pk in loaded], min(number, paginator.num_pages), paginator)


def newest_per_resident(cases) -> list[Case]:
    """The first dossier of each resident from dossiers ordered by resident, newest first (the
    household screens show a resident once, with the dossier the user works on most recently)."""
    seen, first = set(), []
    for case in cases:
        if case.resident_id not in seen:
            seen.add(case.resident_id)
            first.append(case)
    return first


def case_by_number(number: str) -> Case | None:
    """Exact lookup of any dossier, for the emergency-access route only (not for display)."""
    return Case.objects.exclude(status=Case.Status.DESTROYED).filter(
        number=number.strip().upper()).first()


def resident_by_bsn(bsn: str) -> Resident | None:
    return Resident.objects.filter(bsn_hash=keyed_hash(normalise_bsn(bsn), purpose="bsn")).first()
