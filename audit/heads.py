"""Export of the access log's chain head outside the database (L-LOG).

The hash chain shows a changed, removed or inserted entry, but someone with the chain key and
write access to the database could recompute every hash after a change, or cut the newest
entries off. So the head of the chain (last sequence number, its hash, the number of entries,
the moment) is appended regularly to a store outside the database: AUDIT_CHAIN_HEAD_EXPORT, a
JSON-lines file on a separate, append-only volume in production. Verification compares the
database with every exported head: a rewritten chain no longer has the exported hash at the
exported sequence number, and a truncated one lacks it.

Each line carries an HMAC with AUDIT_CHAIN_KEY, so a line written past the application does not
count, and the database name, so heads of another database (a test run, a demo) are ignored.
"""

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from . import chain
from .models import AccessLogEntry, ChainCheckpoint


def _database() -> str:
    return str(connection.settings_dict.get("NAME", ""))


def _mac(head: dict) -> str:
    message = "head|{database}|{last_seq}|{last_hash}|{count}|{at}".format(**head).encode()
    return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), message, hashlib.sha256).hexdigest()


def current_head() -> dict:
    last = AccessLogEntry.objects.order_by("-seq").only("seq", "hash").first()
    return {
        "at": timezone.now().isoformat(),
        "database": _database(),
        "last_seq": last.seq if last else 0,
        "last_hash": last.hash if last else chain.GENESIS,
        "count": AccessLogEntry.objects.count(),
    }


def export_head(path: str | None = None) -> dict:
    """Append the current head to the export store and return it."""
    head = current_head()
    head["mac"] = _mac(head)
    target = Path(path or settings.AUDIT_CHAIN_HEAD_EXPORT)
    target.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(head, sort_keys=True) + "\n").encode()
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    return head


@dataclass(frozen=True)
class HeadReport:
    ok: bool
    compared: int
    first_broken_seq: int | None = None
    reason: str = ""


def read_heads(path: str | None = None) -> list[dict]:
    """Every exported head of this database; a line that does not verify raises ValueError."""
    target = Path(path or settings.AUDIT_CHAIN_HEAD_EXPORT)
    if not target.exists():
        return []
    heads, database = [], _database()
    for number, raw in enumerate(target.read_text().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            head = json.loads(raw)
            valid = hmac.compare_digest(str(head.pop("mac")), _mac(head))
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            raise ValueError(f"regel {number} van de geëxporteerde koppen is niet door de applicatie geschreven")
        if head["database"] == database:
            heads.append(head)
    return heads


def verify_against_heads(path: str | None = None) -> HeadReport:
    """Compare the database's chain with every exported head (after the chain itself verified)."""
    try:
        heads = read_heads(path)
    except ValueError as error:
        return HeadReport(False, 0, None, str(error))
    checkpoint = ChainCheckpoint.objects.order_by("-up_to_seq").first()
    floor = checkpoint.up_to_seq if checkpoint else 0
    newest = AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or floor
    wanted = {h["last_seq"] for h in heads if h["last_seq"] > floor}
    stored = dict(AccessLogEntry.objects.filter(seq__in=wanted).values_list("seq", "hash")) if wanted else {}
    compared = 0
    for head in sorted(heads, key=lambda h: h["last_seq"]):
        seq = head["last_seq"]
        if seq > newest:
            return HeadReport(False, compared, seq, f"het logboek is ingekort: regel {seq} uit de kop van "
                                                    f"{head['at'][:16]} ontbreekt")
        if seq > floor:
            actual = stored.get(seq)
        elif seq == floor and checkpoint is not None:
            actual = checkpoint.last_hash
        else:
            continue  # removed by the access-log retention, behind a verified checkpoint
        if actual is None or not hmac.compare_digest(actual, head["last_hash"]):
            return HeadReport(False, compared, seq, f"regel {seq} wijkt af van de geëxporteerde kop van "
                                                    f"{head['at'][:16]}: de keten is herschreven")
        compared += 1
    return HeadReport(True, compared)
