from django.core.management.base import BaseCommand

from clef.tickets import blocks, waitinglist
from clef.tickets.release import release


class Command(BaseCommand):
    help = (
        "Give back the seats of bookings to pay at the door past their cut-off and of "
        "online payments never finished, and the workshop places whose address was not "
        "confirmed in time, and the tills' seat blocks of screenings over; offer the seats "
        "whose offer to the waiting list ended to the next in line. Run it every minute or "
        "so from a timer."
    )

    def handle(self, *args, **options):
        bookings, registrations = release()
        self.stdout.write(f"{bookings} booking(s) released")
        self.stdout.write(f"{registrations} workshop place(s) not confirmed in time released")
        if given := blocks.give_back_ended():
            self.stdout.write(f"{given} till seat block(s) of screenings over given back")
        if offered := waitinglist.pass_on():
            self.stdout.write(f"{offered} seat(s) offered to the waiting lists")
