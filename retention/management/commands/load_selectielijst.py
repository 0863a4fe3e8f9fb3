from django.core.management.base import BaseCommand

from retention import schedule
from retention.models import RetentionRule


class Command(BaseCommand):
    help = "Laad de Selectielijst 2020 (procestype 8) in de bewaarregels (idempotent)."

    def handle(self, *args, **options):
        count = schedule.load(RetentionRule)
        self.stdout.write(f"{count} bewaarregels geladen (Selectielijst 2020).")
