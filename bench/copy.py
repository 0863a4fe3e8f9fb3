"""Bulk loading for the benchmark seed: PostgreSQL COPY from rows built in Python.

Only for the benchmark database (docs/benchmarks.md). Rows are written as COPY text: the values
the seed makes never contain tabs, newlines or backslashes (ciphertext is base64), so no
escaping is needed; None becomes \\N.
"""

import datetime as dt
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection

CHUNK = 1 << 20  # bytes per write to the COPY stream


def _text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def copy_rows(model, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows (tuples in the order of `columns`, db column names) into the model's table."""
    table = model._meta.db_table
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    count, parts, size = 0, [], 0
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            line = "\t".join(_text(v) for v in row) + "\n"
            parts.append(line)
            size += len(line)
            count += 1
            if size >= CHUNK:
                copy.write("".join(parts).encode())
                parts, size = [], 0
        if parts:
            copy.write("".join(parts).encode())
    return count


def _high_water(cursor, table: str) -> int:
    """The highest id ever used: the larger of MAX(id) and the sequence's last value, so that an
    id of a deleted row (whose trace may keep it, e.g. DestroyedSignal.signal_ref) is never reused."""
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 (model table)
    highest = cursor.fetchone()[0]
    cursor.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id'))", [table])
    return max(highest, cursor.fetchone()[0] or 0)


def next_id(model) -> int:
    with connection.cursor() as cursor:
        return _high_water(cursor, model._meta.db_table) + 1


def reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                       [table, max(_high_water(cursor, table), 1)])


@contextmanager
def fast_load(*models):
    """Load without per-row work: triggers (foreign-key checks and the append-only guards) off
    for this session (session_replication_role = replica, superuser only), and the plain
    indexes of the given tables dropped and rebuilt afterwards. Constraint indexes (primary
    keys, unique) stay. The seed writes consistent references itself."""
    saved = []
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        for model in models:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [model._meta.db_table])
            for name, definition in cursor.fetchall():
                saved.append(definition)
                cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for definition in saved:
                cursor.execute(definition)
            cursor.execute("SET session_replication_role = DEFAULT")
