from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

# The chain head row (audit.models.ChainHead) comes back after a flush, which truncates every
# table and then sends post_migrate (test runs); a no-op when the row is there.
_INIT_HEAD = """DO $$ BEGIN
    IF to_regprocedure('audit_init_chainhead()') IS NOT NULL THEN PERFORM audit_init_chainhead(); END IF;
END $$;"""


def _restore_chain_head(sender, using, **kwargs) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_INIT_HEAD)


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Toegangslogboek"

    def ready(self):
        from . import monitoring

        monitoring.connect()
        post_migrate.connect(_restore_chain_head, sender=self, dispatch_uid="audit.chain_head")
