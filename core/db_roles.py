"""The application's database role and the two owner-run deletes (docs/decisions/0014).

Migrations run as the owner role; the application connects as a login that is a member of
DATABASE_APP_ROLE. That role may only SELECT and INSERT the append-only tables
(APPEND_ONLY_TABLES), and only SELECT and UPDATE the chain head (HEAD_TABLES). The two
legitimate deletes run as SECURITY DEFINER functions owned by the owner role, which check
their own preconditions before they delete:

- audit_remove_access_log_range: access-log retention, one leading range, entries older than
  the cutoff, and the cutoff at least MIN_LOG_AGE_DAYS in the past;
- disclosures_destroy_for_cases: the disclosure register of a batch of dossiers, only when
  every one of them has its destruction record (written earlier in the same transaction);
  audit/migrations/0006 replaced the one-dossier function of 0004.
"""

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

# Tables the application may only read and append to. A table added here needs a migration
# that revokes UPDATE, DELETE and TRUNCATE (see audit/migrations/0004 and 0005, disclosures/migrations/0005).
APPEND_ONLY_TABLES = ("audit_accesslogentry", "audit_chaincheckpoint", "disclosures_disclosure",
                      "disclosures_disclosurereview", "audit_securityevent", "signals_destroyedsignal")
# The access log's chain head (audit.models.ChainHead, a cache that verification never reads):
# the application may read it, lock it (FOR UPDATE needs UPDATE) and move it on, but not insert,
# delete or truncate it; a missing row comes back through the owner's audit_init_chainhead().
HEAD_TABLES = ("audit_chainhead",)
MIN_LOG_AGE_DAYS = 30  # the smallest ACCESS_LOG_RETENTION_DAYS the settings allow
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role() -> str:
    role = settings.DATABASE_APP_ROLE
    if not _IDENTIFIER.match(role or ""):
        raise ImproperlyConfigured("DATABASE_APP_ROLE must be a plain lower-case role name")
    return role


def remove_access_log_range(*, up_to_seq: int, older_than) -> int:
    """Delete the access log's leading range up to `up_to_seq` (PostgreSQL: as the owner)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT audit_remove_access_log_range(%s, %s)", [up_to_seq, older_than])
            return cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(up_to_seq), 0) FROM audit_chaincheckpoint")
        floor = cursor.fetchone()[0]
        cursor.execute("DELETE FROM audit_accesslogentry WHERE seq > %s AND seq <= %s", [floor, up_to_seq])
        return cursor.rowcount


def destroy_disclosures_of_cases(*, case_ids: list[int]) -> int:
    """Delete the disclosure register of the dossiers being destroyed (P-2.2.4)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT disclosures_destroy_for_cases(%s::bigint[])", [list(case_ids)])
            return cursor.fetchone()[0]
        marks = ", ".join(["%s"] * len(case_ids))
        cursor.execute(f"DELETE FROM disclosures_disclosure WHERE case_id IN ({marks})", list(case_ids))  # noqa: S608
        return cursor.rowcount
