"""Reads for the retention jobs and screens (P-2.2.4)."""

import datetime as dt

from cases.models import Case

from . import rules
from .models import DestructionList, DestructionListItem, DestructionRecord, JobRun, RetentionRule


def rule_for(case: Case) -> RetentionRule | None:
    """The rule of the list version that applied when the dossier was opened (R1.1); None when
    there is none: such a dossier is never due (never guess a term)."""
    opened_on = rules.start_of_term(case.opened_at)
    return (RetentionRule.objects.filter(statute=case.statute, case_result=case.result, valid_from__lte=opened_on)
            .order_by("-valid_from").first())


def rules_for(cases) -> dict[int, RetentionRule | None]:
    """rule_for for many dossiers with one query (the rules table is small)."""
    ordered = list(RetentionRule.objects.order_by("-valid_from"))
    return {case.pk: next((r for r in ordered if (r.statute, r.case_result) == (case.statute, case.result)
                           and r.valid_from <= rules.start_of_term(case.opened_at)), None) for case in cases}


_LOOK_UP = object()  # due_on's default: find the rule; None passed in means "there is no rule"


def due_on(case: Case, rule=_LOOK_UP) -> dt.date | None:
    if rule is _LOOK_UP:
        rule = rule_for(case)
    if rule is None or case.closed_at is None:
        return None
    return rules.destruction_due_on(rules.start_of_term(case.closed_at), rule.term)


def due_cases(today: dt.date, *, batch: int = 500):
    """Archived dossiers whose term has ended on `today`: yields (case, rule, due_on).
    Walks the archive in bounded batches by primary key."""
    last = 0
    while True:
        chunk = list(Case.objects.filter(status=Case.Status.ARCHIVED, pk__gt=last).order_by("pk")[:batch])
        if not chunk:
            return
        for case in chunk:
            rule = rule_for(case)
            day = due_on(case, rule)
            if day is not None and today >= day:
                yield case, rule, day
        last = chunk[-1].pk


def on_open_list(case_ids) -> set[int]:
    """Dossiers already on a list that is not yet executed (not proposed twice)."""
    return set(DestructionListItem.objects.filter(
        case_ref__in=case_ids, destruction_list__status__in=[DestructionList.Status.PROPOSED,
                                                             DestructionList.Status.APPROVED],
    ).values_list("case_ref", flat=True))


def pending_items(destruction_list: DestructionList, *, after: int, limit: int) -> list[tuple[int, int]]:
    """Items of an approved list still to destroy, by primary key: (item id, dossier id)."""
    return list(destruction_list.items.filter(excluded=False, case__isnull=False, pk__gt=after)
                .order_by("pk").values_list("pk", "case_id")[:limit])


def items_by_case(destruction_list: DestructionList, case_ids) -> dict[int, DestructionListItem]:
    return {item.case_ref: item for item in DestructionListItem.objects.filter(destruction_list=destruction_list,
                                                                                case_ref__in=list(case_ids))}


def is_recorded(case_ref: int) -> bool:
    return DestructionRecord.objects.filter(case_ref=case_ref).exists()


def latest_runs(limit: int = 50):
    return JobRun.objects.all()[:limit]
