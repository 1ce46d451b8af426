import datetime as dt

from django.core.management.base import BaseCommand

from clef.venues.models import Venue
from clef.volunteers.staffing import make_bar_shifts


class Command(BaseCommand):
    help = (
        "Make the bar's shifts of each venue's open days for the next weeks from its bar "
        "hours (a day already made is left alone). Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=4, choices=range(1, 13))

    def handle(self, *args, weeks, **options):
        for venue in Venue.objects.all():
            today = venue.local_date()
            made = make_bar_shifts(venue, today, today + dt.timedelta(weeks=weeks))
            self.stdout.write(f"{venue.name}: {len(made)} bar shift(s) made")
