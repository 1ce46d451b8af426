from django.core.management.base import BaseCommand

from clef.programming.checklists_reminders import send_late_reminders


class Command(BaseCommand):
    help = (
        "Email each programmer the items of their screenings' checklists that are late "
        "(once per item and due day). Run it daily from a timer; run twice, it sends "
        "nothing twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_late_reminders()} reminder(s) sent")
