from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the access log's hash chain and report the first broken entry (L-LOG)."

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Access log broken at entry {result.first_broken_seq}: {result.reason} "
                f"({result.checked} entries intact before it)."
            )
        self.stdout.write(f"Access log intact: {result.checked} entries verified.")
