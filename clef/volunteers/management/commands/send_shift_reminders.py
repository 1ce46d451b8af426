from django.core.management.base import BaseCommand

from clef.volunteers.shifts_reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send the volunteers the reminder of their shift each chose (the day before, two "
        "hours before). Run it every few minutes from a timer; a reminder is sent once."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()} reminder(s) sent")
