from django.core.management.base import BaseCommand

from clef.programming.votes_reminders import close_due_polls, send_reminders


class Command(BaseCommand):
    help = (
        "Remind the members who have not voted in an online poll closing within a day "
        "(once per poll), and close and count the polls past their closing time. Run it "
        "every few minutes from a timer; run twice, it sends nothing twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()} reminder(s) sent")
        self.stdout.write(f"{close_due_polls()} poll(s) closed")
