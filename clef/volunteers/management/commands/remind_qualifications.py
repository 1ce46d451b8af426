from django.core.management.base import BaseCommand

from clef.volunteers.qualifications_reminders import remind_expiring


class Command(BaseCommand):
    help = (
        "Email the volunteers whose qualification expires within 30 days, proposing the "
        "training's next session; once per expiry. Run it daily from a timer."
    )

    def handle(self, *args, **options):
        sent = remind_expiring()
        self.stdout.write(f"{sent} expiry reminder(s) sent")
