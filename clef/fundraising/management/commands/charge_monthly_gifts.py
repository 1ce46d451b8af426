from django.core.management.base import BaseCommand

from clef.fundraising.gifts_monthly import charge_due


class Command(BaseCommand):
    help = (
        "Charge the monthly gifts due (the stand-in provider simulates the card on file). "
        "Run it daily from a timer; a month is never charged twice."
    )

    def handle(self, *args, **options):
        made = charge_due()
        self.stdout.write(f"{len(made)} monthly gift(s) charged")
