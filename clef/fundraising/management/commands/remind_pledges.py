from django.core.management.base import BaseCommand

from clef.fundraising.pledges import send_reminders


class Command(BaseCommand):
    help = (
        "Email the donors whose pledge has an instalment due within a week, or unpaid a "
        "week after it was due. Run it daily from a timer; no reminder is sent twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()} pledge reminder(s) sent")
