"""The benchmark scenarios of issue 10. Each measures the real view or service, and measures its
reference in the same run, so that the comparison is fair on a loaded machine.

Server time is measured in-process: django.test.Client through the full middleware stack
(sessions, second factor, the access-log middleware), without a network. Query counts and SQL
time come from CaptureQueriesContext. Scenario 7 is the only one over HTTP (gunicorn, loopback).

The "without permission filter" and "without access-log write" references patch one function
for the duration of the reference measurement only. They are benchmark-only selectors, never
a setting: nothing in the application can switch them on.
"""

import datetime as dt
import json
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from unittest import mock

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Window
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import ConfidentialityAcknowledgement, User
from accounts.rules import current_confidentiality_text
from audit import services as audit_services
from cases import selectors
from cases.models import Case, Resident
from core.dates import today as current_day

HOST = "127.0.0.1"


@dataclass
class Result:
    key: str
    title: str
    unit: str = "ms"
    p50: float | None = None
    p95: float | None = None
    value: float | None = None  # for rates: the one figure
    references: dict = field(default_factory=dict)  # name -> {"p50":..,"p95":..} or {"value":..}
    target: str = ""
    met: bool | None = None
    queries: dict = field(default_factory=dict)  # name -> count per request
    notes: list = field(default_factory=list)
    samples: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def pct(values, q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values) -> dict:
    return {"p50": round(pct(values, 0.5), 2), "p95": round(pct(values, 0.95), 2)}


def sql_ms(captured, needle: str | None = None) -> float:
    return 1000 * sum(float(q["time"]) for q in captured if needle is None or needle in q["sql"])


@contextmanager
def debug_cursor():
    """Query times are only recorded on a debug cursor (also with DEBUG=false)."""
    old = connection.force_debug_cursor
    connection.force_debug_cursor = True
    try:
        yield
    finally:
        connection.force_debug_cursor = old


# --- users and sessions -------------------------------------------------------------------

def verified_client(user) -> Client:
    """A session as after password and second factor (benchmark-only: no TOTP code typed)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def caseworkers(limit: int = 20) -> list[User]:
    return list(User.objects.filter(username__regex=r"^bench\d{4}$", groups__name=roles.CASEWORKER)
                .order_by("pk")[:limit])


def privacy_officer() -> User:
    from accounts.models import Organisation

    org = Organisation.objects.get(name="Gemeente Doetinchem")
    user, _ = User.objects.get_or_create(username="bench-fg", defaults={"first_name": "Bench", "last_name": "FG",
                                                                         "organisation": org})
    if user.organisation_id != org.pk:
        user.organisation = org
        user.save(update_fields=["organisation"])
    user.groups.add(Group.objects.get(name=roles.PRIVACY_OFFICER))
    ConfidentialityAcknowledgement.objects.get_or_create(user=user, text=current_confidentiality_text())
    return user


def timed_requests(calls, iterations: int, warmup: int = 3, prepare=None):
    """calls(i) -> (response); returns (ms list, captured-query lists). prepare(i) runs untimed."""
    times, captures = [], []
    with debug_cursor():
        for i in range(warmup):
            if prepare:
                prepare(i)
            calls(i)
        for i in range(iterations):
            if prepare:
                prepare(i)
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = calls(i)
                elapsed = (time.perf_counter() - started) * 1000
            if response is not None and getattr(response, "status_code", 200) != 200:
                raise RuntimeError(f"unexpected status {response.status_code}")
            times.append(elapsed)
            captures.append(list(ctx.captured_queries))
    return times, captures


def interleaved(variants: dict, iterations: int, warmup: int = 3) -> dict:
    """Time several variants of the same work in turn (a, b, c, a, b, c, ...), so that a load
    change on the machine hits all of them alike. variants: name -> (call(i), patch or None)."""
    out = {name: ([], []) for name in variants}
    with debug_cursor():
        for i in range(-warmup, iterations):
            for name, (call, patch) in variants.items():
                with patch() if patch else _nothing(), CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = call(max(i, 0))
                    elapsed = (time.perf_counter() - started) * 1000
                if response is not None and getattr(response, "status_code", 200) != 200:
                    raise RuntimeError(f"{name}: unexpected status {response.status_code}")
                if i >= 0:
                    out[name][0].append(elapsed)
                    out[name][1].append(list(ctx.captured_queries))
    return out


@contextmanager
def _nothing():
    yield


# --- plan checks --------------------------------------------------------------------------

def seq_scans_on_big_tables(sql: str, *, threshold: int = 10_000) -> list[str]:
    """Relations over `threshold` rows that the plan reads with a sequential scan."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        found = []

        def walk(node):
            if node.get("Node Type") == "Seq Scan":
                found.append(node["Relation Name"])
            for child in node.get("Plans", []):
                walk(child)

        walk(plan[0]["Plan"])
        big = []
        for name in sorted(set(found)):
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [name])
            row = cursor.fetchone()
            if row and row[0] > threshold:
                big.append(f"{name} ({int(row[0])} rows)")
    return big


# --- scenario 1: a caseworker's dossier list -------------------------------------------------

VISIBLE_SQL = """
    SELECT p.content_object_id FROM cases_caseuserobjectpermission p
     WHERE p.user_id = %(user)s AND p.permission_id = %(perm)s
    UNION
    SELECT g.content_object_id FROM cases_casegroupobjectpermission g
      JOIN accounts_user_groups ug ON ug.group_id = g.group_id
     WHERE ug.user_id = %(user)s AND g.permission_id = %(perm)s
"""
FILTER_SQL = """c.id IN (""" + VISIBLE_SQL + """) AND c.status <> 'destroyed'
    AND (c.status <> 'archived' OR c.caseworker_id = %(user)s)"""
HANDWRITTEN_PAGE = ("SELECT c.*, r.*, u.* FROM cases_case c "  # noqa: S608
                    "JOIN cases_resident r ON r.id = c.resident_id LEFT JOIN accounts_user u ON u.id = c.caseworker_id "
                    "WHERE " + FILTER_SQL + " ORDER BY c.opened_at DESC, c.id LIMIT 25")
HANDWRITTEN_COUNT = "SELECT count(*) FROM cases_case c WHERE " + FILTER_SQL  # noqa: S608


def scenario_list(users, iterations: int) -> Result:
    clients = [verified_client(u) for u in users]
    perm = Permission.objects.get(content_type=ContentType.objects.get_for_model(Case), codename="view_case").pk

    def handwritten(i):
        with connection.cursor() as cursor:
            params = {"user": users[i % len(users)].pk, "perm": perm}
            cursor.execute(HANDWRITTEN_PAGE, params)
            cursor.fetchall()
            cursor.execute(HANDWRITTEN_COUNT, params)
            cursor.fetchone()

    def everything(user, *, number, per_page, order, **filters):
        """Benchmark-only: the list's first page and total over every dossier, in the same shape
        (one pass with `count(*) OVER ()`, then the shown rows with what a row shows)."""
        ordered = Case.objects.exclude(status=Case.Status.DESTROYED).order_by(order, "pk")
        rows = list(ordered.annotate(_total=Window(Count("*"))).values_list("pk", "_total")[:per_page])
        paginator = Paginator([], per_page)
        paginator.count = rows[0][1] if rows else 0
        loaded = Case.objects.select_related("resident").only(*selectors.LIST_COLUMNS).in_bulk([pk for pk, _ in rows])
        return Page([loaded[pk] for pk, _ in rows], 1, paginator)

    page = lambda i: clients[i % len(clients)].get("/dossiers/")  # noqa: E731
    runs = interleaved({"page": (page, None), "hand": (handwritten, None),
                        "unfiltered": (page, lambda: mock.patch.object(selectors, "visible_case_page", everything))},
                       iterations)
    (times, captures), (hand, _), (unfiltered, unfiltered_q) = runs["page"], runs["hand"], runs["unfiltered"]
    page_sql = [sql_ms(c, "cases_caseuserobjectpermission") for c in captures]
    visibility = [q["sql"] for q in captures[0] if "cases_caseuserobjectpermission" in q["sql"]]
    scans = sorted({s for sql in visibility for s in seq_scans_on_big_tables(sql)})
    result = Result("1_list", "Dossierlijst consulent (25 rijen, gesorteerd, met telling)", **summary(times),
                    samples=len(times), target="p95 ≤ 50 ms; SQL ≤ 2 × handgeschreven SQL; geen seq scan > 10k rijen")
    result.references = {
        "page SQL (visibility queries)": summary(page_sql),
        "hand-written SQL (same rows + count)": summary(hand),
        "page without permission filter": summary(unfiltered),
    }
    result.queries = {"page": len(captures[0]), "without permission filter": len(unfiltered_q[0])}
    ratio = pct(page_sql, 0.5) / max(pct(hand, 0.5), 0.001)
    result.notes.append(f"SQL/handwritten ratio (p50): {ratio:.2f}")
    result.notes.append("seq scans on tables > 10k rows: " + (", ".join(scans) if scans else "none"))
    result.met = result.p95 <= 50 and ratio <= 2 and not scans
    result.references["sql_ratio"] = round(ratio, 2)
    result.references["seq_scans"] = scans
    return result


# --- scenario 2: a dossier page with its access-log write -----------------------------------

def visible_open_cases(user, n: int = 5) -> list[int]:
    return list(selectors.cases_for_user(_verified(user)).filter(status=Case.Status.OPEN)
                .order_by("pk").values_list("pk", flat=True)[:n])


def _verified(user):
    user.is_verified = lambda: True
    return user


def scenario_dossier(users, iterations: int) -> Result:
    clients = [verified_client(u) for u in users]
    pages = [visible_open_cases(u, 3) for u in users]

    def call(i):
        k = i % len(clients)
        return clients[k].get(f"/dossiers/{pages[k][i // len(clients) % len(pages[k])]}/")

    write, write_ms = audit_services._write, []

    def timed_write(rows, origin):  # the real write, timed on its own (the page minus the page)
        started = time.perf_counter()
        write(rows, origin=origin)
        write_ms.append((time.perf_counter() - started) * 1000)

    timed = lambda: mock.patch.object(audit_services, "_write", timed_write)  # noqa: E731 bench-only
    no_write = lambda: mock.patch.object(audit_services, "_write", lambda rows, origin: None)  # noqa: E731 bench-only
    runs = interleaved({"with": (call, timed), "without": (call, no_write)}, iterations)
    (times, captures), (bare, bare_q) = runs["with"], runs["without"]
    write_ms = write_ms[-iterations:]  # without the warm-up
    added_ms = pct(times, 0.5) - pct(bare, 0.5)
    added_q = len(captures[0]) - len(bare_q[0])
    log_sql = [sql_ms(c, "audit_accesslogentry") + sql_ms(c, "audit_chainhead") + sql_ms(c, "pg_advisory_xact_lock")
               for c in captures]
    result = Result("2_dossier", "Dossierpagina met schrijven in toegangslogboek", **summary(times), samples=len(times),
                    target="logboek voegt ≤ 3 ms en ≤ 2 statements (plus BEGIN/COMMIT) toe")
    result.references = {"same page without the log write": summary(bare),
                         "the log write itself": summary(write_ms),
                         "SQL of the log write": summary(log_sql),
                         "added_ms_p50": round(added_ms, 2), "added_queries": added_q}
    result.queries = {"page": len(captures[0]), "without log write": len(bare_q[0])}
    added = [_label(q["sql"]) for q in captures[0] if q["sql"] in ("BEGIN", "COMMIT")
             or any(n in q["sql"] for n in ("audit_accesslogentry", "audit_chainhead", "pg_advisory_xact_lock"))]
    control = sum(1 for q in captures[0] if q["sql"] in ("BEGIN", "COMMIT")) - sum(
        1 for q in bare_q[0] if q["sql"] in ("BEGIN", "COMMIT"))
    result.notes.append(f"the write itself takes {pct(write_ms, 0.5):.2f} ms (p50); the page with it is "
                        f"{added_ms:.2f} ms slower (p50 difference, noisy on a loaded machine)")
    result.notes.append(f"logging adds {added_q} statements, {added_q - control} besides BEGIN/COMMIT; "
                        f"the page's log and transaction statements: {', '.join(added)}")
    result.met = pct(write_ms, 0.5) <= 3 and added_q - control <= 2
    return result


def _label(sql: str) -> str:
    words = sql.split()
    if sql.startswith("SELECT pg_"):
        return f"{words[0]} {words[1]}"
    if "audit_chainhead" in sql:
        return "SELECT chain head FOR UPDATE"
    return words[0]


# --- scenario 3: resident search by BSN --------------------------------------------------------

def scenario_search(users, iterations: int) -> Result:
    clients = [verified_client(u) for u in users]
    bsns = []
    for u in users:
        pk = visible_open_cases(u, 1)[0]
        bsns.append(Resident.objects.get(cases__pk=pk).bsn)  # decrypted by the real field
    times, captures = timed_requests(
        lambda i: clients[i % len(clients)].post("/zoeken/", {"query": bsns[i % len(bsns)]}), iterations)
    result = Result("3_search", "Inwoner zoeken op BSN", **summary(times), samples=len(times), target="p95 ≤ 30 ms")
    result.references = {"SQL of the page": summary([sql_ms(c) for c in captures])}
    result.queries = {"page": len(captures[0])}
    result.met = result.p95 <= 30
    return result


# --- scenario 4: the FG's access-log questions -----------------------------------------------

def scenario_access_log(iterations: int) -> list[Result]:
    from desk.views import _LOG_FILTER

    fg = privacy_officer()
    client = verified_client(fg)
    today = current_day()
    residents = list(Resident.objects.filter(cases__status=Case.Status.OPEN).order_by("pk")
                     .values_list("pk", flat=True)[:iterations])
    staff = caseworkers(20)
    results = []
    for key, title, make in [
        ("4a_log_resident", "Wie heeft inwoner X ingezien (12 maanden)",
         lambda i: {"start": (today - dt.timedelta(days=365)).isoformat(), "end": today.isoformat(),
                    "user_id": None, "kind": "", "case_id": None, "resident_id": residents[i % len(residents)],
                    "case_number": ""}),
        ("4b_log_user_day", "Wat opende medewerker Y op dag D",
         lambda i: {"start": (today - dt.timedelta(days=1 + i % 300)).isoformat(),
                    "end": (today - dt.timedelta(days=1 + i % 300)).isoformat(),
                    "user_id": staff[i % len(staff)].pk, "kind": "", "case_id": None, "resident_id": None,
                    "case_number": ""}),
    ]:
        def prepare(i, make=make):
            session = client.session
            session[_LOG_FILTER] = make(i)
            session.save()

        times, captures = timed_requests(lambda i: client.get("/fg/toegangslogboek/"), iterations, prepare=prepare)
        big = [q for q in captures[0] if "audit_accesslogentry" in q["sql"] and q["sql"].startswith("SELECT")]
        scans = sorted({s for q in big for s in seq_scans_on_big_tables(q["sql"])})
        result = Result(key, title, **summary(times), samples=len(times), target="p95 ≤ 100 ms")
        result.references = {"SQL of the page": summary([sql_ms(c) for c in captures]), "seq_scans": scans}
        result.queries = {"page": len(captures[0])}
        result.notes.append("seq scans on tables > 10k rows: " + (", ".join(scans) if scans else "none"))
        result.met = result.p95 <= 100 and not scans
        results.append(result)
    return results


def now_iso() -> str:
    return timezone.now().isoformat(timespec="seconds")
