"""Backup and restore (docs/operations.md): pg_dump in custom format, restore into a fresh
database, verify the access log's chain there and read an encrypted field with the keys, which
are kept apart from the dump (P-2.2.5, L-LOG)."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from audit.services import AccessEvent, log_access
from core.db_roles import app_role

from ..factories import make_case, make_resident

pytestmark = [pytest.mark.policy("L-LOG"), pytest.mark.policy("P-2.2.5")]
ROOT = Path(__file__).resolve().parents[2]
PLANTED_SURNAME = "Hersteltest-Achternaam"


def _binary(name: str) -> str:
    for candidate in (f"/usr/lib/postgresql/15/bin/{name}", shutil.which(name)):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip(f"{name} is not installed")


def _url(name: str) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _conn_args() -> list[str]:
    db = connection.settings_dict
    return ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]


def _manage(database: str, code: str, *, keys: str, tmp_path) -> subprocess.CompletedProcess:
    """Run Django against the restored database with the keys handed over separately."""
    env = {**os.environ, "DATABASE_URL": _url(database), "FIELD_ENCRYPTION_KEYS": keys,
           "BSN_HASH_KEY": settings.BSN_HASH_KEY, "AUDIT_CHAIN_KEY": settings.AUDIT_CHAIN_KEY,
           "AUDIT_CHAIN_HEAD_EXPORT": str(tmp_path / "no-heads.jsonl")}
    return subprocess.run([sys.executable, "manage.py", *code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.django_db(transaction=True)
def test_dump_restore_verify_the_chain_and_read_an_encrypted_field(caseworker, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the procedure is for PostgreSQL")
    resident = make_resident(caseworker, surname=PLANTED_SURNAME)
    case = make_case(caseworker, resident=resident)
    log_access(actor=caseworker, events=[AccessEvent(action="read", case_id=case.pk, purpose="dossier_lezen")] * 3)

    dump = tmp_path / "doetinchem.dump"
    source = connection.settings_dict["NAME"]
    subprocess.run([_binary("pg_dump"), *_conn_args(), "--format=custom", "--file", str(dump), source],
                   check=True, capture_output=True, timeout=120)
    # the dump holds ciphertext only: the keys are not in it
    as_sql = subprocess.run([_binary("pg_restore"), "--file=-", str(dump)], check=True, capture_output=True,
                            timeout=120).stdout
    assert PLANTED_SURNAME.encode() not in as_sql and b"v1:" in as_sql
    assert settings.FIELD_ENCRYPTION_KEYS.split(":", 1)[1].encode() not in as_sql

    restored = f"{source}_restore_{uuid.uuid4().hex[:6]}"
    subprocess.run([_binary("createdb"), *_conn_args(), restored], check=True, capture_output=True, timeout=60)
    try:
        subprocess.run([_binary("pg_restore"), *_conn_args(), "--exit-on-error", "--dbname", restored, str(dump)],
                       check=True, capture_output=True, timeout=300)
        # the documented checks after a restore: the chain, then one encrypted field
        code = ("from django.core.management import call_command; from cases.models import Resident; "
                f"call_command('verify_access_log'); print(Resident.objects.get(pk={resident.pk}).surname)")
        read = ["shell", "--no-imports", "-c", code]
        shown = _manage(restored, read, keys=settings.FIELD_ENCRYPTION_KEYS, tmp_path=tmp_path)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.splitlines() == ["Access log intact: 3 entries verified.", PLANTED_SURNAME]
        # without the right key the restored field does not decrypt: it fails, it never shows junk
        wrong = _manage(restored, read, keys="dev1:" + "B" * 43 + "=", tmp_path=tmp_path)
        assert wrong.returncode != 0 and "DecryptionError" in wrong.stderr
        # the grants of the application's role came along with the restore
        grants = subprocess.run(["psql", *_conn_args(), "-d", restored, "-tAc",
                                 f"SELECT has_table_privilege('{app_role()}', 'audit_accesslogentry', 'DELETE'), "
                                 f"has_table_privilege('{app_role()}', 'audit_accesslogentry', 'INSERT')"],
                                check=True, capture_output=True, text=True, timeout=60)
        assert grants.stdout.strip() == "f|t"
    finally:
        subprocess.run([_binary("dropdb"), *_conn_args(), "--force", "--if-exists", restored],
                       capture_output=True, timeout=60)
