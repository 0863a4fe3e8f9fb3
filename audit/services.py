"""Writing the access log: one bulk insert per request (L-LOG).

Gates call `log_access(...)`. Inside a request the events are buffered and written by
AccessLogMiddleware in one INSERT when the response is ready; outside a request (commands,
jobs, tests that call a gate directly) they are written at once.
"""

import contextvars
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core import db_roles

from . import chain
from .models import AccessLogEntry, ChainCheckpoint, ChainHead, ChainVerification

_buffer: contextvars.ContextVar[list | None] = contextvars.ContextVar("access_log_buffer", default=None)
_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("access_log_context", default=None)
_LOCK_HEAD = "SELECT seq, hash FROM audit_chainhead WHERE id = 1 FOR UPDATE"


@dataclass(frozen=True)
class AccessEvent:
    action: str
    result: str = AccessLogEntry.Result.ALLOWED
    resident_id: int | None = None
    case_id: int | None = None
    purpose: str = ""
    detail: str = ""


def begin_request(*, origin: str | None, actor=None) -> tuple:
    return (_buffer.set([]), _context.set({"origin": origin, "actor": actor}))


def request_actor():
    """The logged-in user of the request being handled, or None (outside a request, or anonymous)."""
    actor = (_context.get() or {}).get("actor")
    return actor if getattr(actor, "is_authenticated", False) else None


def end_request(tokens) -> None:
    events = _buffer.get() or []
    _buffer.reset(tokens[0])
    ctx = _context.get() or {}
    _context.reset(tokens[1])
    if events:
        _write(events, origin=ctx.get("origin"))


def log_access(*, actor, events: list[AccessEvent], on_behalf_of: str = "") -> None:
    rows = [(actor, on_behalf_of, e) for e in events]
    buffered = _buffer.get()
    if buffered is not None:
        buffered.extend(rows)
    else:
        ctx = _context.get() or {}
        _write(rows, origin=ctx.get("origin"))


# From this many entries (a purge or destruction batch, a long list page) the rows go in by
# COPY. Below it, one INSERT of one array per column (what Django's bulk_create sends on
# PostgreSQL, without preparing every value of every field in Python: docs/decisions/0012).
COPY_FROM = 100
_COLUMN_TYPES = (("seq", "bigint"), ("at", "timestamptz"), ("user_id", "bigint"), ("on_behalf_of", "text"),
                 ("role", "text"), ("resident_id", "bigint"), ("case_id", "bigint"), ("action", "text"),
                 ("purpose", "text"), ("origin", "inet"), ("result", "text"), ("detail", "text"),
                 ("prev_hash", "text"), ("hash", "text"))
_COLUMNS = tuple(column for column, _ in _COLUMN_TYPES)
_INSERT = (f"INSERT INTO \"audit_accesslogentry\" ({', '.join(_COLUMNS)}) "  # noqa: S608 constants only
           f"SELECT * FROM UNNEST({', '.join(f'%s::{kind}[]' for _, kind in _COLUMN_TYPES)})")


@dataclass(slots=True)
class _Row:
    """An entry as the chain hashes it (chain.FIELDS) and as it is stored (_COLUMNS)."""
    seq: int
    at: object
    user_id: int | None
    on_behalf_of: str
    role: str
    resident_id: int | None
    case_id: int | None
    action: str
    purpose: str
    origin: str | None
    result: str
    detail: str
    prev_hash: str
    hash: str = ""


def _write(rows, *, origin) -> None:
    """One transaction of two statements on PostgreSQL: lock and read the chain head, then one
    INSERT (or COPY) of every entry, whose trigger moves the head on. docs/decisions/0012."""
    now = timezone.now()
    with transaction.atomic():
        seq, prev = _lock_head()
        entries, role_cache = [], {}
        chain_key, at = settings.AUDIT_CHAIN_KEY.encode(), now.isoformat()
        for actor, on_behalf_of, event in rows:
            key = getattr(actor, "pk", None)
            if key not in role_cache:
                role_cache[key] = _role_of(actor)
            seq += 1
            entry = _Row(seq, now, key, on_behalf_of, role_cache[key], event.resident_id, event.case_id,
                         event.action, event.purpose, origin, event.result, event.detail, prev)
            # chain.canonical(entry), spelled out: every field in chain.FIELDS order, None as "None"
            # (tests/test_chain_head.py compares the two).
            body = (f"{seq}|{at}|{key}|{on_behalf_of}|{entry.role}|{event.resident_id}|{event.case_id}|"
                    f"{event.action}|{event.purpose}|{origin}|{event.result}|{event.detail}")
            entry.hash = prev = chain.link(chain_key, prev, body)
            entries.append(entry)
        if connection.vendor == "postgresql" and len(entries) >= COPY_FROM:
            with connection.cursor() as cursor, cursor.cursor.copy(
                    f"COPY audit_accesslogentry ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                for e in entries:
                    copy.write_row(tuple(getattr(e, c) for c in _COLUMNS))
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(_INSERT, [[getattr(e, c) for e in entries] for c in _COLUMNS])
        else:
            AccessLogEntry.objects.bulk_create([AccessLogEntry(**{c: getattr(e, c) for c in _COLUMNS})
                                                for e in entries])


def _lock_head() -> tuple[int, str]:
    """The chain head (seq, hash), locked until the transaction ends: a concurrent writer (or
    the retention) waits here and then reads the head the other one committed (L-LOG: one
    chain, no gaps, no duplicate sequence numbers). The row is a cache kept by a trigger; see
    ChainHead. On SQLite, which serialises writers itself, the newest entry is read."""
    if connection.vendor != "postgresql":
        return head_from_log()
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_HEAD)
        row = cursor.fetchone()
        if row is None:  # only after a TRUNCATE of every table (a test run's flush)
            cursor.execute("SELECT audit_init_chainhead()")
            cursor.execute(_LOCK_HEAD)
            row = cursor.fetchone()
    return row[0], row[1]


def head_from_log() -> tuple[int, str]:
    """The chain head as the log says: the newest entry; after a retention that removed every
    entry, the newest checkpoint; else the genesis."""
    last = AccessLogEntry.objects.order_by("-seq").only("seq", "hash").first()
    checkpoint = ChainCheckpoint.objects.order_by("-up_to_seq").only("up_to_seq", "last_hash").first()
    if last is not None and (checkpoint is None or last.seq >= checkpoint.up_to_seq):
        return last.seq, last.hash
    return (checkpoint.up_to_seq, checkpoint.last_hash) if checkpoint else (0, chain.GENESIS)


def reset_chain_head() -> None:
    """Set the head row from the log, for loads that bypass the trigger (bench.seed's COPY with
    session_replication_role = replica). Not for concurrent use: it does not lock."""
    seq, last_hash = head_from_log()
    ChainHead.objects.update_or_create(id=1, defaults={"seq": seq, "hash": last_hash})


def _role_of(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return ",".join(actor.role_names)[:100]


def verify_chain() -> ChainVerification:
    checkpoint = ChainCheckpoint.objects.order_by("-up_to_seq").first()
    if checkpoint is not None and not hmac.compare_digest(checkpoint.mac, chain.checkpoint_mac(
            up_to_seq=checkpoint.up_to_seq, last_hash=checkpoint.last_hash, removed=checkpoint.removed)):
        return ChainVerification.objects.create(ok=False, checked=0, first_broken_seq=checkpoint.up_to_seq,
                                                reason="controlepunt is niet door de bewaartaak geschreven")
    start = (checkpoint.up_to_seq, checkpoint.last_hash) if checkpoint else (0, chain.GENESIS)
    entries = AccessLogEntry.objects.filter(seq__gt=start[0]).order_by("seq").iterator(chunk_size=5000)
    report = chain.verify(entries, after_seq=start[0], after_hash=start[1])
    if report.ok:  # a chain that is intact in itself must also match the heads exported outside the database
        from .heads import verify_against_heads

        against = verify_against_heads()
        if not against.ok:
            report = chain.ChainReport(False, report.checked, against.first_broken_seq, against.reason)
    return ChainVerification.objects.create(
        ok=report.ok, checked=report.checked,
        first_broken_seq=report.first_broken_seq, reason=report.reason,
    )


@transaction.atomic
def remove_entries_older_than(*, older_than) -> ChainCheckpoint | None:
    """Access-log retention: remove every entry before `older_than` in ONE range DELETE (never
    row by row) and leave a checkpoint, so the chain still verifies from there on.

    Only whole leading ranges go: the newest removed entry's hash becomes the checkpoint, and
    a gap anywhere else is still reported by verification. The append-only trigger lets this
    DELETE through only while the transaction-local flag doetinchem.log_retention is on, which
    the owner's function audit_remove_access_log_range sets (audit/migrations/0004).
    """
    _lock_head()  # no write between finding the range and writing its checkpoint
    last = AccessLogEntry.objects.filter(at__lt=older_than).order_by("-seq").only("seq", "hash").first()
    if last is None:
        return None
    # On PostgreSQL a SECURITY DEFINER function of the owner role deletes (the application's
    # role has no DELETE on the access log, docs/decisions/0014); it deletes the same range.
    removed = db_roles.remove_access_log_range(up_to_seq=last.seq, older_than=older_than)
    mac = chain.checkpoint_mac(up_to_seq=last.seq, last_hash=last.hash, removed=removed)
    return ChainCheckpoint.objects.create(up_to_seq=last.seq, last_hash=last.hash, removed=removed,
                                          older_than=older_than, mac=mac)
