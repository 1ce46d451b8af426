from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from clef.venues.models import Venue


def current_venue_or_none():
    """The venue this site is for: CLEF_VENUE names it, else the first one; None before
    one is set up."""
    venues = Venue.objects.all()
    if slug := getattr(settings, "CLEF_VENUE", ""):
        venues = venues.filter(slug=slug)
    return venues.order_by("pk").first()


def current_venue():
    """The venue this site is for; a 404 before one is set up."""
    venue = current_venue_or_none()
    if venue is None:
        raise Http404(_("No venue is set up yet."))
    return venue
