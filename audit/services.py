"""Writing the access log: one bulk insert per request (L-LOG).

Gates call `log_access(...)`. Inside a request the events are buffered and written by
AccessLogMiddleware in one INSERT when the response is ready; outside a request (commands,
jobs, tests that call a gate directly) they are written at once.
"""

import contextvars
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from . import chain
from .models import AccessLogEntry, ChainVerification

_buffer: contextvars.ContextVar[list | None] = contextvars.ContextVar("access_log_buffer", default=None)
_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("access_log_context", default=None)
_LOCK_KEY = 7_513  # NEN 7513: the advisory lock that serialises the chain


@dataclass(frozen=True)
class AccessEvent:
    action: str
    result: str = AccessLogEntry.Result.ALLOWED
    resident_id: int | None = None
    case_id: int | None = None
    purpose: str = ""
    detail: str = ""


def begin_request(*, origin: str | None) -> tuple:
    return (_buffer.set([]), _context.set({"origin": origin}))


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


def _write(rows, *, origin) -> None:
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AccessLogEntry.objects.order_by("-seq").only("seq", "hash").first()
        seq, prev = (last.seq, last.hash) if last else (0, chain.GENESIS)
        entries, role_cache = [], {}
        for actor, on_behalf_of, event in rows:
            key = getattr(actor, "pk", None)
            if key not in role_cache:
                role_cache[key] = _role_of(actor)
            seq += 1
            entry = AccessLogEntry(
                seq=seq, at=now, user_id=getattr(actor, "pk", None), on_behalf_of=on_behalf_of,
                role=role_cache[key], resident_id=event.resident_id, case_id=event.case_id,
                action=event.action, purpose=event.purpose, origin=origin,
                result=event.result, detail=event.detail, prev_hash=prev,
            )
            entry.hash = prev = chain.entry_hash(prev, entry)
            entries.append(entry)
        AccessLogEntry.objects.bulk_create(entries)


def _role_of(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return ",".join(actor.role_names)[:100]


def verify_chain() -> ChainVerification:
    entries = AccessLogEntry.objects.order_by("seq").iterator(chunk_size=5000)
    report = chain.verify(entries)
    return ChainVerification.objects.create(
        ok=report.ok, checked=report.checked,
        first_broken_seq=report.first_broken_seq, reason=report.reason,
    )
