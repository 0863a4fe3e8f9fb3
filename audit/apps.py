from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Toegangslogboek"

    def ready(self):
        from . import monitoring

        monitoring.connect()
