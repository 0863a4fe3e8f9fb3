"""Scenarios 5 and 6: the signal purge and the destruction of due dossiers, each as rows per
second of the real service, beside a reference measured in the same run.

Both consume data. Before measuring, the scenario tops the pool up with the seed's own
generator (untimed), so repeated runs measure the same amount of work.
"""

import datetime as dt
import time
from collections import defaultdict
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from cases.models import Case
from core.dates import today as current_day
from retention import selectors as retention_selectors
from retention import services as retention_services
from retention.models import DestructionList, DestructionListItem, RetentionRule
from signals import services as signal_services
from signals.models import Signal

from .copy import fast_load, reset_sequence
from .scenarios import Result
from .seed import TOPPED_UP

RAW_BATCH = 1_000


@contextmanager
def sql_profile():
    """Count and time every statement by its kind and table (a cheap profile of a job)."""
    stats = defaultdict(lambda: [0, 0.0])

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            words = sql.split()
            verb = words[0].upper() if words else "?"
            table = next((w.strip('"') for w in words if w.strip('"').split("_")[0] in TABLE_PREFIXES), "")
            stats[f"{verb} {table}".strip()][0] += 1
            stats[f"{verb} {table}".strip()][1] += time.perf_counter() - started

    with connection.execute_wrapper(wrapper):
        yield stats


TABLE_PREFIXES = {"signals", "cases", "audit", "auditlog", "retention", "disclosures", "plans", "meldcode",
                  "accounts", "django", "auth"}


def _top(stats, total_s: float, n: int = 6) -> list[str]:
    sql_s = sum(v[1] for v in stats.values())
    rows = sorted(stats.items(), key=lambda kv: -kv[1][1])[:n]
    lines = [f"SQL {sql_s:.2f} s of {total_s:.2f} s ({100 * sql_s / max(total_s, 1e-9):.0f} %), "
             f"{sum(v[0] for v in stats.values())} statements"]
    lines += [f"  {k}: {v[0]} × = {v[1]:.2f} s" for k, v in rows]
    return lines


# --- scenario 5: signal purge ------------------------------------------------------------------

def _expired():
    return Signal.objects.filter(case__isnull=True, retain_until__lt=current_day())


def _raw_delete_rate(ids: list[int]) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for k in range(0, len(ids), RAW_BATCH):
            cursor.execute("DELETE FROM signals_signal WHERE id = ANY(%s)", [ids[k:k + RAW_BATCH]])
    return len(ids) / (time.perf_counter() - started)


def scenario_purge(seeder, n: int) -> Result:
    have = _expired().count()
    if have < 3 * n:
        seeder.load_staff()
        seeder.signals(3 * n - have, 1.0)
        reset_sequence(Signal)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE signals_signal")
    with connection.cursor() as cursor:
        cursor.execute("SELECT retain_until FROM signals_signal WHERE case_id IS NULL AND retain_until < %s "
                       "ORDER BY retain_until OFFSET %s LIMIT 1", [current_day(), n])
        cutoff = cursor.fetchone()[0]
    # The service: every expired signal before the cut-off (about n) with its trace, history and log.
    with sql_profile() as stats:
        started = time.perf_counter()
        purged = signal_services.purge_expired_signals(today=cutoff)
        elapsed = time.perf_counter() - started
    rate = purged / elapsed
    # The reference: a raw DELETE ... WHERE id = ANY(...) of as many other expired signals, same batch
    # size, twice. First the signals the purge would take next, in its order (expiry date): rows
    # spread over the whole table, as the purge's are. Then, the reference used until 7 December
    # (second session), the next expired signals in id order: rows that lie together on fewer
    # pages, so each batch dirties fewer pages and writes less WAL; the cheaper case, shown beside it.
    next_due = _expired().order_by("retain_until", "pk").values_list("pk", flat=True)[:purged]
    like_for_like = _raw_delete_rate(list(next_due))
    in_id_order = _raw_delete_rate(list(_expired().order_by("pk").values_list("pk", flat=True)[:purged]))
    result = Result("5_purge", f"Signalen opschonen ({purged} afgewezen signalen)", unit="rows/s",
                    value=round(rate), target="≥ 50 % van ruwe SQL")
    result.references = {
        f"raw SQL DELETE … WHERE id = ANY(…), batches of {RAW_BATCH}, the same kind of rows (expiry order)":
            {"value": round(like_for_like)},
        f"raw SQL DELETE … WHERE id = ANY(…), batches of {RAW_BATCH}, rows in id order": {"value": round(in_id_order)},
        "share_of_raw": round(rate / like_for_like, 3), "share_of_raw_in_id_order": round(rate / in_id_order, 3),
        "rows": purged, "seconds": round(elapsed, 2)}
    result.queries = {"per 1000 signals": round(1000 * sum(v[0] for v in stats.values()) / max(purged, 1))}
    result.notes += _top(stats, elapsed)
    result.met = rate >= 0.5 * like_for_like
    return result


# --- scenario 6: destruction of due dossiers ------------------------------------------------

def _due_unlisted(n: int) -> list[Case]:
    listed = DestructionListItem.objects.values("case_ref")
    return list(Case.objects.filter(status=Case.Status.ARCHIVED, closed_at__lt=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
                .exclude(pk__in=listed).order_by("pk")[:n])


def approved_list(seeder, n: int) -> DestructionList:
    """An approved list of n due dossiers (untimed set-up: proposing and approving are not
    what this scenario measures)."""
    cases = _due_unlisted(n)
    if len(cases) < n:
        seeder.load_staff()
        with fast_load():
            seeder.archived(n - len(cases))
        for model in TOPPED_UP:
            reset_sequence(model)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        cases = _due_unlisted(n)
    rules = {(r.statute, r.case_result): r for r in RetentionRule.objects.order_by("valid_from")}
    archivist = get_user_model().objects.get(username="bench-archief")
    today = current_day()
    batch = DestructionList.objects.create(proposed_on=today, status=DestructionList.Status.APPROVED,
                                           approved_by=archivist, approved_at=timezone.now())
    items = []
    for case in cases:
        rule = rules[(case.statute, case.result)]
        items.append(DestructionListItem(destruction_list=batch, case=case, case_ref=case.pk, case_number=case.number,
                                         statute=case.statute, case_result=case.result, rule=rule,
                                         due_on=retention_selectors.due_on(case, rule)))
    DestructionListItem.objects.bulk_create(items, batch_size=2000)
    return batch


def scenario_destruction(seeder, n: int) -> Result:
    batch = approved_list(seeder, n)
    statement = {"s": 0.0}
    original = retention_services._complete

    def timed_complete(b):
        started = time.perf_counter()
        original(b)
        statement["s"] += time.perf_counter() - started

    retention_services._complete = timed_complete  # measures, changes nothing
    try:
        with sql_profile() as stats:
            started = time.perf_counter()
            counts = retention_services.run_destruction(list_id=batch.pk, cap=n)
            elapsed = time.perf_counter() - started
    finally:
        retention_services._complete = original
    destroyed = counts.get("destroyed", 0)
    rate = destroyed / elapsed
    without_statement = destroyed / max(elapsed - statement["s"], 1e-9)
    result = Result("6_destruction", f"Vernietigen van {destroyed} dossiers met verslag", unit="dossiers/s",
                    value=round(rate, 1), target="≥ 500 dossiers/s")
    result.references = {"without the statement PDF": {"value": round(without_statement, 1)},
                         "statement_pdf_seconds": round(statement["s"], 2), "seconds": round(elapsed, 2),
                         "dossiers": destroyed}
    result.queries = {"per dossier": round(sum(v[0] for v in stats.values()) / max(destroyed, 1), 1)}
    result.notes += _top(stats, elapsed)
    result.met = rate >= 500
    return result
