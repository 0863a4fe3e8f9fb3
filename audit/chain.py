"""The keyed hash chain of the access log (L-LOG: tamper-evident).

hash(n) = HMAC-SHA256(AUDIT_CHAIN_KEY, hash(n-1) | canonical fields of n). Without the key
nobody can write a valid entry; a changed entry breaks its own hash, a removed one breaks the
next entry's link and the sequence, an inserted one has no valid hash.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

GENESIS = "0" * 64
FIELDS = ("seq", "at", "user_id", "on_behalf_of", "role", "resident_id", "case_id",
          "action", "purpose", "origin", "result", "detail")


def canonical(entry) -> str:
    parts = []
    for name in FIELDS:
        value = getattr(entry, name)
        parts.append(value.isoformat() if hasattr(value, "isoformat") else str(value))
    return "|".join(parts)


def entry_hash(prev_hash: str, entry) -> str:
    message = f"{prev_hash}|{canonical(entry)}".encode()
    return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), message, hashlib.sha256).hexdigest()


def link(key: bytes, prev_hash: str, body: str) -> str:
    """entry_hash for a writer that builds the canonical text itself (audit.services._write, a
    thousand entries at a time): the same message, the one-shot HMAC."""
    return hmac.digest(key, f"{prev_hash}|{body}".encode(), "sha256").hex()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify(entries, *, after_seq: int = 0, after_hash: str = GENESIS) -> ChainReport:
    """Walk entries in sequence order; report the first one that does not fit the chain.

    After a retention checkpoint the walk starts at after_seq + 1 with after_hash."""
    prev_hash, expected_seq, checked = after_hash, after_seq + 1, 0
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainReport(False, checked, entry.seq, f"volgnummer {expected_seq} ontbreekt")
        if entry.prev_hash != prev_hash:
            return ChainReport(False, checked, entry.seq, "schakel naar vorige regel klopt niet")
        if not hmac.compare_digest(entry.hash, entry_hash(prev_hash, entry)):
            return ChainReport(False, checked, entry.seq, "inhoud past niet bij de hash")
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    return ChainReport(True, checked)


def checkpoint_mac(*, up_to_seq: int, last_hash: str, removed: int) -> str:
    message = f"checkpoint|{up_to_seq}|{last_hash}|{removed}".encode()
    return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), message, hashlib.sha256).hexdigest()
