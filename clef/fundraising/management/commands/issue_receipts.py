from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clef.fundraising import receipts
from clef.fundraising.models import LegalBody
from clef.lib.refusals import Refused


class Command(BaseCommand):
    help = (
        "Issue the yearly tax receipts of a year (the last one by default) for the donors "
        "who chose one receipt a year, for each legal body. Safe to run again: a gift "
        "already on a receipt is left out."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", nargs="?", type=int)

    def handle(self, *args, year=None, **options):
        year = year or timezone.localdate().year - 1
        for body in LegalBody.objects.order_by("pk"):
            try:
                made = receipts.issue_year(body, year)
            except Refused as refused:
                raise CommandError(refused.message) from None
            self.stdout.write(f"{body}: {len(made)} receipt(s) issued for {year}")
