"""schema.org descriptions of screenings, for search engines and aggregators."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from clef.lib import names


def screening_event(screening, request):
    venue = screening.room.venue
    event = {
        "@context": "https://schema.org",
        "@type": "ScreeningEvent",
        "name": screening.display_title,
        "url": request.build_absolute_uri(screening.get_absolute_url()),
        "startDate": screening.local_start.isoformat(),
        "endDate": screening.ends_at.astimezone(screening.zone).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if screening.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "MovieTheater",
            "name": venue.name,
            "screenCount": venue.rooms.count(),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.street,
                "postalCode": venue.postcode,
                "addressLocality": venue.city,
                "addressCountry": venue.country,
            },
        },
        "workPresented": [_movie(sf.film) for sf in screening.screening_films.all()],
        "isAccessibleForFree": screening.is_free,
    }
    subtitles = [sf.subtitles for sf in screening.screening_films.all() if sf.subtitles]
    if subtitles:
        event["subtitleLanguage"] = names.languages(subtitles[0])
    if screening.localized_description():
        event["description"] = screening.localized_description()
    return event


def _movie(film):
    movie = {
        "@type": "Movie",
        "name": film.title,
        "director": [
            {"@type": "Person", "name": name.strip()}
            for name in film.directors.split(",")
            if name.strip()
        ],
        "dateCreated": str(film.year),
        "duration": f"PT{film.runtime}M",
        "countryOfOrigin": [
            {"@type": "Country", "name": name.strip()}
            for name in names.countries(film.countries).split(",")
            if name.strip()
        ],
    }
    if film.shown_original_title:
        movie["alternateName"] = film.shown_original_title
    if film.languages:
        movie["inLanguage"] = names.languages(film.languages)
    return movie


def as_script(data):
    """The data as the body of a <script type="application/ld+json">, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return mark_safe(text.translate(_json_script_escapes))
