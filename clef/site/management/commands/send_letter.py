from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from clef.site import letter
from clef.venues.queries import current_venue_or_none


class Command(BaseCommand):
    help = "Send the coming cinema week's programme to the letter's readers (run weekly)."

    def handle(self, *args, **options):
        venue = current_venue_or_none()
        if venue is None:
            self.stdout.write(_("No venue is set up yet."))
            return
        sent = letter.send_week(venue)
        self.stdout.write(_("Letters sent: %(count)s.") % {"count": sent})
