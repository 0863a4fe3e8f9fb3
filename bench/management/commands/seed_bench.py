from django.core.management.base import BaseCommand, CommandError

from bench import seed


class Command(BaseCommand):
    help = ("Fill the (empty) benchmark database with the reference municipality (issue 10). "
            "Benchmark databases only: it loads with triggers off for its own session.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="1 = 150,000 dossiers, 10M access-log entries; 0.01 for a quick run")
        parser.add_argument("--if-needed", action="store_true",
                            help="do nothing when the database is already seeded at this scale")

    def handle(self, *args, scale, if_needed, **options):
        if scale <= 0 or scale > 10:
            raise CommandError("--scale must be above 0 and at most 10")
        marker = seed.seeded()
        if marker and marker["scale"] == scale and marker["version"] == seed.SEED_VERSION and if_needed:
            self.stdout.write(f"Already seeded at scale {scale}.")
            return
        if marker or not seed.is_empty():
            raise CommandError("This database already holds data (seeded at scale "
                               f"{marker['scale'] if marker else '?'}). Use an empty database per scale.")
        seed.seed(scale, out=self.stdout.write)
