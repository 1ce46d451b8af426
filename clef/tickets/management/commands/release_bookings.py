from django.core.management.base import BaseCommand

from clef.tickets.booking import release_unpaid


class Command(BaseCommand):
    help = (
        "Give back the seats of bookings to pay at the door past their cut-off and of "
        "online payments never finished. Run it every minute or so from a timer."
    )

    def handle(self, *args, **options):
        released = release_unpaid()
        self.stdout.write(f"{released} booking(s) released")
