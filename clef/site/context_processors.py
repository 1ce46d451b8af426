from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from clef.lib.security import local_path
from clef.venues.queries import current_venue_or_none


def site(request):
    """The venue (read only if a template uses it; empty before one is set up, so that
    error pages still render) and the other languages of the page being read, for the
    language switch."""
    current = get_language()
    # A path of this site even when asked for //another.site/ (a 404 page's own path).
    path = local_path(request.get_full_path())
    others = [
        {"code": code, "url": translate_url(path, code)}
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    return {"other_languages": others, "site_venue": SimpleLazyObject(current_venue_or_none)}
