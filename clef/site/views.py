"""The public site around the programme: home, the story, the association, practical
information, where the money goes; plus the health check and error pages."""

from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from clef.accounting.stats import admissions, held, season_summary
from clef.fundraising import campaigns_queries
from clef.lib.pagecache import cached_for_visitors
from clef.lib.shares import split_ticket
from clef.members.models import Membership
from clef.programme.queries import current_cycles, programme_version, upcoming
from clef.site import legal
from clef.site.models import Commission, Page, TimelineEntry
from clef.venues.queries import current_venue, current_venue_or_none

# The example price on the page that explains where a ticket's money goes.
EXAMPLE_PRICE = Decimal("10.00")


def health(request):
    """A trivial endpoint: the server's own ceiling in benchmarks, and a liveness probe."""
    return HttpResponse("ok", content_type="text/plain")


def _home_version(request):
    # The home page says "tonight": it changes with the programme and with the clock.
    return f"{programme_version()}:{timezone.now():%Y%m%d%H%M}"


@cached_for_visitors(_home_version, timeout=120)
def home(request):
    venue = current_venue()
    now = timezone.now()
    today = venue.local_date(now)
    soon = [s for s in upcoming(venue, now=now, days=7) if s.ends_at > now]
    tonight = [s for s in soon if s.local_start.date() == today]
    later = [s for s in soon if s.local_start.date() != today]
    return render(
        request,
        "site/home.html",
        {
            "venue": venue,
            "today": today,
            "open_today": venue.is_open_on(today),
            "tonight": tonight,
            "next_days": later,
            "cycles": current_cycles(venue, now=now),
            "counters": counters(venue, now),
            "intro": Page.objects.filter(slug="accueil").first(),
            "listed": ",".join(str(s.pk) for s in soon),
        },
    )


def counters(venue, now):
    """Live figures, counted from the database: the screenings held and their spectators
    as the page on where the money goes counts them (``accounting.stats``), one query
    each."""
    return {
        "screenings": held(venue, now=now).count(),
        "spectators": admissions(venue, now=now),
        "members": Membership.objects.filter(venue=venue).valid_on(venue.local_date(now)).count(),
    }


def history(request):
    return render(
        request,
        "site/history.html",
        {
            "entries": TimelineEntry.objects.all(),
            "intro": Page.objects.filter(slug="histoire").first(),
        },
    )


def association(request):
    return render(
        request,
        "site/association.html",
        {
            "commissions": Commission.objects.all(),
            "intro": Page.objects.filter(slug="association").first(),
        },
    )


def visit(request):
    venue = current_venue()
    return render(
        request,
        "site/visit.html",
        {
            "venue": venue,
            "rooms": venue.rooms.all(),
            "intro": Page.objects.filter(slug="infos-pratiques").first(),
        },
    )


def _money_version(request):
    # The season shown ends with the last complete month: the day is enough to see a
    # new month; the programme's version changes with the venue's rates.
    version = f"{programme_version()}:{timezone.localdate().isoformat()}"
    return f"{version}:{campaigns_queries.list_version()}"


@cached_for_visitors(_money_version, timeout=600)
def money(request):
    """What a 10 € ticket pays for, then where the last season's euros went, from the
    accounts (``accounting.stats.season_summary``)."""
    venue = current_venue()
    split = split_ticket(
        EXAMPLE_PRICE,
        vat_rate=venue.vat_rate,
        tsa_rate=venue.tsa_rate,
        rental_rate=venue.usual_rental_rate,
        music_rights_rate=venue.music_rights_rate,
    )
    rows = [
        ("vat", split.vat, venue.vat_rate),
        ("tsa", split.tsa, venue.tsa_rate),
        ("rights", split.rights_holder, venue.usual_rental_rate),
        ("music", split.music_rights, venue.music_rights_rate),
        ("cinema", split.cinema, None),
    ]
    return render(
        request,
        "site/money.html",
        {
            "campaigns": campaigns_queries.summaries(),
            "venue": venue,
            "split": split,
            "rows": [
                {
                    "key": key,
                    "amount": amount,
                    "rate": rate,
                    "share": (amount * 100 / split.price).quantize(Decimal("0.1")),
                }
                for key, amount, rate in rows
            ],
            "intro": Page.objects.filter(slug="argent").first(),
            "season": season_summary(venue),
        },
    )


def join(request):
    """What membership is, in a few lines, before the form at ``/adhesion/``."""
    venue = current_venue()
    return render(
        request,
        "site/join.html",
        {
            "venue": venue,
            "intro": Page.objects.filter(slug="adherer").first(),
            "terms_url": reverse("site:terms"),
        },
    )


def legal_page(request, slug):
    """The legal notice, the privacy policy or the terms of sale (``site.legal``)."""
    return render(
        request,
        "site/page.html",
        {
            "page": legal.legal_page(slug, current_venue_or_none()),
            "legal": True,
            "cookies": legal.cookies() if slug == legal.PRIVACY else None,
        },
    )


def page(request, slug):
    return render(request, "site/page.html", {"page": get_object_or_404(Page, slug=slug)})


def not_found(request, exception=None):
    return render(request, "site/404.html", status=404)


def server_error(request):
    return render(request, "site/500.html", status=500)
