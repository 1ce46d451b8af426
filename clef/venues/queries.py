from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from clef.venues.models import Venue


def current_venue():
    """The venue this site is for: CLEF_VENUE names it, else the first one."""
    venues = Venue.objects.all()
    if slug := getattr(settings, "CLEF_VENUE", ""):
        venues = venues.filter(slug=slug)
    venue = venues.order_by("pk").first()
    if venue is None:
        raise Http404(_("No venue is set up yet."))
    return venue
