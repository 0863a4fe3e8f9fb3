"""Re-encrypt every encrypted field with the current (first) key, after a key rotation.

Put the new key first in FIELD_ENCRYPTION_KEYS and keep the old one behind it; run this; then
remove the old key. Works in batches by primary key, each batch in its own transaction, and
writes only rows whose key id is not the current one, so it can be stopped and run again.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core import crypto
from core.fields import EncryptedTextField

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields with the current key (key rotation)."

    def handle(self, *args, **options):
        current = crypto.current_key_id()
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if fields:
                total += self._model(model, fields, current)
        self.stdout.write(f"{total} rows re-encrypted with key {current!r}.")

    def _model(self, model, fields, current) -> int:
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        done, last_pk = 0, 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {columns} FROM {table} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608 - names come from model metadata
                               [last_pk, BATCH])
                rows = cursor.fetchall()
            if not rows:
                return done
            stale = [row[0] for row in rows
                     if any(v is not None and crypto.key_id_of(v) != current for v in row[1:])]
            with transaction.atomic():
                for obj in model._base_manager.filter(pk__in=stale):
                    obj.save(update_fields=[f.name for f in fields])
            done += len(stale)
            last_pk = rows[-1][0]
