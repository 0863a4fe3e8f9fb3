"""Reads for screens, already narrowed to what the user may see (the gate's rule)."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Window

from core.crypto import keyed_hash
from core.dates import today
from processors.models import DataCategory, Purpose
from processors.rules import organisation_may_process

from .access import VIEW, granted_case_ids, may_reach_client_data
from .models import Case, Resident
from .rules import normalise_bsn


def cases_for_user(user) -> QuerySet[Case]:
    """The dossiers the user's task covers: assigned to them or their team (P-2.1.2).

    The same EXISTS rule as the gate, so a list never shows more than a detail page would.
    Superusers and administrators get nothing extra.
    """
    if not may_reach_client_data(user):
        return Case.objects.none()
    qs = Case.objects.filter(pk__in=granted_case_ids(user, VIEW)).exclude(status=Case.Status.DESTROYED)
    # P-2.2.4: of the archive, only the dossiers the user handled (the gate's archive rule).
    qs = qs.exclude(Q(status=Case.Status.ARCHIVED) & ~Q(caseworker=user))
    if user.is_external:
        on = today()
        allowed = [p for p in Purpose.values if organisation_may_process(
            user.organisation, purpose=p, category=DataCategory.ORDINARY, on=on)]
        qs = qs.filter(statute__in=allowed)
    return qs


MAX_PAGE = 2**31 // 100  # a larger page number would overflow the OFFSET; it shows the last page


def case_page(qs: QuerySet[Case], *, order: tuple[str, ...], number, per_page: int) -> Page:
    """One page of a dossier list, for a visible set of thousands (issue 10).

    The page's ids and the total come from one pass over the dossiers and their grants
    (`count(*) OVER ()`; index-only over `case_visible_cover_idx`); then one query loads the
    shown rows with their resident and caseworker. A plain paginated `select_related` would
    join a resident to every dossier the user may see before sorting, and count in a second
    pass. Out-of-range or malformed page numbers fall back like Paginator.get_page."""
    try:
        number = min(max(int(number), 1), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    ordered = qs.select_related(None).order_by(*order)
    window = ordered.annotate(_total=Window(Count("*"))).values_list("pk", "_total")
    rows = list(window[(number - 1) * per_page:number * per_page])
    total = rows[0][1] if rows else ordered.count()
    paginator = Paginator([], per_page)
    paginator.count = total  # cached_property: set, so Paginator does not count again
    if not rows and total:  # past the last page: show the last one
        number = paginator.num_pages
        rows = list(window[(number - 1) * per_page:number * per_page])
    ids = [pk for pk, _ in rows]
    loaded = Case.objects.select_related("resident", "caseworker").in_bulk(ids)
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
