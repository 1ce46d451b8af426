from django.core.management.base import BaseCommand

from clef.volunteers.gaps import send_gap_alerts


class Command(BaseCommand):
    help = (
        "Email the qualified volunteers the shifts still short CLEF_SHIFT_GAP_DAYS days "
        "before them, at most one email a day per person. Run it daily or hourly."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_gap_alerts()} gap email(s) sent")
