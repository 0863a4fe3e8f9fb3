from django.core.management.base import BaseCommand

from audit.heads import export_head


class Command(BaseCommand):
    help = "Append the access log's chain head to AUDIT_CHAIN_HEAD_EXPORT (L-LOG; beat does this hourly)."

    def add_arguments(self, parser):
        parser.add_argument("--path", help="another export file than AUDIT_CHAIN_HEAD_EXPORT")

    def handle(self, *args, path=None, **options):
        head = export_head(path)
        self.stdout.write(f"Chain head exported: entry {head['last_seq']}, {head['count']} entries.")
