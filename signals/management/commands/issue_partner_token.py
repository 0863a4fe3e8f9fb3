from django.core.management.base import BaseCommand, CommandError

from signals import services
from signals.models import SignalFeed


class Command(BaseCommand):
    help = "Geef een nieuwe API-sleutel uit voor een signaalbron. De sleutel wordt één keer getoond."

    def add_arguments(self, parser):
        parser.add_argument("feed_id", type=int)

    def handle(self, *args, feed_id, **options):
        feed = SignalFeed.objects.filter(pk=feed_id).first()
        if feed is None:
            raise CommandError("Er is geen signaalbron met dit nummer.")
        token, key = services.issue_partner_token(actor=None, feed=feed)
        self.stdout.write(f"Sleutel {token.prefix}… voor bron {feed.pk}: {key}")
