"""Fixtures shared by every test: a venue like La Clef, its rooms, films, screenings,
and one person per role."""

import datetime as dt
import itertools
import os
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone, translation

from clef.accounting.models import RightsAgreement, RightsHolder
from clef.boxoffice.models import Closing, JournalEntry, Sale, SaleLine, TillSession
from clef.lib import roles
from clef.lib.timezones import local_to_utc
from clef.members.models import Membership, Person
from clef.payments.models import Payment
from clef.payments.services import mark_paid
from clef.programme.models import Film, Screening, ScreeningFilm
from clef.tickets.booking import book
from clef.tickets.models import Booking, Ticket
from clef.venues.models import Room, Venue
from clef.venues.numbering import take_numbers

PASSWORD = "a-test-password-1"

# The tests run the site as `make demo` does: the stand-in payment provider on (its page,
# paid online bookings) and plain HTTP (no redirect to HTTPS, cookies without "Secure").
# A test of the production defaults sets them back. The servers some tests start
# (gunicorn, the benches' helpers) read the same from their environment.
AS_THE_DEMO = {
    "CLEF_ONLINE_PAYMENT": "test",
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
}
os.environ.setdefault("CLEF_ONLINE_PAYMENT", "test")
os.environ.setdefault("CLEF_HTTPS", "false")


@pytest.fixture(scope="session", autouse=True)
def _as_the_demo(tmp_path_factory):
    """The demo's settings above, the throttle's counters in a folder of this run's own
    (another run's tests, or the demo, must not pause this one's sign-ins), and uploaded
    files in another."""
    from django.test.utils import override_settings

    folder = str(tmp_path_factory.mktemp("throttle"))
    os.environ["CLEF_THROTTLE_DIR"] = folder
    caches = {**settings.CACHES, "throttle": {**settings.CACHES["throttle"], "LOCATION": folder}}
    # Uploaded files (posters, signatures) land in this run's own folder, not var/.
    media = str(tmp_path_factory.mktemp("media"))
    override = override_settings(CACHES=caches, MEDIA_ROOT=media, **AS_THE_DEMO)
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session", autouse=True)
def journal_key(tmp_path_factory):
    """The tests' own signing key, outside the database like a real one; the server
    processes some tests start inherit it through the environment."""
    from clef.boxoffice import keys

    path = tmp_path_factory.mktemp("journal-key") / "journal.key"
    keys.generate(path)
    os.environ[keys.SETTING] = str(path)
    setattr(settings, keys.SETTING, str(path))
    return path


_anchor_folders = itertools.count()


@pytest.fixture(autouse=True)
def _journal_anchors(journal_key, settings, monkeypatch):
    """Each test its own folder of journal anchors (how far each venue's chain went,
    written after a commit): tests reuse venues' numbers, and one test's journal says
    nothing of the next one's."""
    folder = str(journal_key.parent / f"anchors-{next(_anchor_folders)}")
    settings.CLEF_JOURNAL_ANCHOR_DIR = folder
    monkeypatch.setenv("CLEF_JOURNAL_ANCHOR_DIR", folder)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Real hashing is slow on purpose; tests log people in, they do not guard secrets."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _french_first():
    """Each test starts in the site's first language: a request to an /en/ page made by
    an earlier test leaves English active in this thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached pages, and the throttle's counts, must not leak from one test to the next."""
    cache.clear()
    caches["throttle"].clear()
    yield
    cache.clear()
    caches["throttle"].clear()


@pytest.fixture
def venue(db):
    return Venue.objects.create(
        slug="la-clef",
        name="La Clef",
        street="34 rue Daubenton",
        postcode="75005",
        city="Paris",
        timezone="Europe/Paris",
        open_days="23456",
    )


@pytest.fixture
def big_room(venue):
    return Room.objects.create(venue=venue, name="Grande salle", seats=120, position=1)


@pytest.fixture
def small_room(venue):
    return Room.objects.create(venue=venue, name="Petite salle", seats=65, position=2)


_slugs = itertools.count(1)


@pytest.fixture
def make_film(db):
    def make(title="Wanda", **fields):
        n = next(_slugs)
        defaults = {
            "slug": f"film-{n}",
            "directors": "Barbara Loden",
            "year": 1970,
            "countries": "États-Unis",
            "runtime": 102,
            "languages": "anglais",
        }
        return Film.objects.create(title=title, **{**defaults, **fields})

    return make


@pytest.fixture
def make_screening(big_room, make_film):
    """A published screening at a local wall-clock time in Paris, with its films."""

    def make(day, time="20:00", *, room=None, films=None, duration=None, **fields):
        room = room or big_room
        hours, minutes = map(int, time.split(":"))
        films = films if films is not None else [make_film()]
        screening = Screening.objects.create(
            room=room,
            starts_at=local_to_utc(day, dt.time(hours, minutes), room.venue.timezone),
            duration=duration or sum(f.runtime for f in films) + 15,
            status=fields.pop("status", Screening.Status.PUBLISHED),
            **fields,
        )
        for position, film in enumerate(films, start=1):
            ScreeningFilm.objects.create(screening=screening, film=film, position=position)
        return screening

    return make


def _user(username, role=None, **fields):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **fields
    )
    if role:
        groups = roles.ensure_roles()
        user.groups.add(groups[role])
    return user


@pytest.fixture
def programmer(db):
    return _user("paula", roles.PROGRAMMER, is_staff=True)


@pytest.fixture
def treasurer(db):
    return _user("theo", roles.TREASURER, is_staff=True)


@pytest.fixture
def member(db):
    return _user("marin", roles.MEMBER)


@pytest.fixture
def outsider(db):
    return _user("olga")


@pytest.fixture
def cashier(db):
    return _user("camille", roles.CASHIER)


@pytest.fixture
def other_cashier(db):
    """A cashier who is not ``cashier``: what is camille's is not theirs."""
    return _user("oscar", roles.CASHIER)


@pytest.fixture
def make_member(venue):
    """A person with a confirmed address and a paid membership valid for a year."""

    def make(username, *, language="fr", days_left=365):
        user = _user(username, roles.MEMBER, first_name=username.capitalize())
        Person.objects.create(user=user, language=language, email_confirmed_at=timezone.now())
        today = venue.local_date()
        with transaction.atomic():
            number = take_numbers(venue, "membership", today.year)
        Membership.objects.create(
            venue=venue,
            person=user,
            status=Membership.Status.PAID,
            number=number,
            season=today.year,
            amount=Decimal("10.00"),
            starts_on=today - dt.timedelta(days=1),
            ends_on=today + dt.timedelta(days=days_left),
            paid_at=timezone.now(),
        )
        return user

    return make


@pytest.fixture
def paid_member(make_member):
    """A member whose membership is valid: may book."""
    return make_member("mila")


@pytest.fixture
def on_sale(make_screening, venue):
    """A published pay-what-you-want screening in five days at 20:00, on sale online."""
    return make_screening(venue.local_date() + dt.timedelta(days=5), "20:00")


@pytest.fixture
def paid_ticket(on_sale, paid_member):
    """A ticket for ``on_sale`` paid online, 7.50 €."""
    booking, _ = book(on_sale, user=paid_member, prices=["7.50"], method="test")
    mark_paid(booking.payment)
    ticket = booking.tickets.get()
    assert ticket.status == Ticket.Status.PAID
    return ticket


@pytest.fixture
def held_ticket(on_sale, make_member):
    """A ticket for ``on_sale`` booked to pay at the door, 5 €."""
    booking, _ = book(on_sale, user=make_member("hugo"), prices=["5"], method="door")
    assert booking.status == Booking.Status.HELD
    return booking.tickets.get()


@pytest.fixture
def written(db):
    """``written()``: how many rows each table that people, bookings, the till and the
    journal write to holds; an action refused compares it before and after: unchanged."""

    def count():
        return {
            "people": get_user_model().objects.count(),
            "memberships": Membership.objects.count(),
            "bookings": Booking.objects.count(),
            "tickets": Ticket.objects.count(),
            "tickets not cancelled": Ticket.objects.exclude(status=Ticket.Status.CANCELLED).count(),
            "screenings cancelled": Screening.objects.filter(
                status=Screening.Status.CANCELLED
            ).count(),
            "payments": Payment.objects.count(),
            "till sessions": TillSession.objects.count(),
            "open till sessions": TillSession.objects.filter(closed_at=None).count(),
            "sales": Sale.objects.count(),
            "sale lines": SaleLine.objects.count(),
            "journal entries": JournalEntry.objects.count(),
            "closings": Closing.objects.count(),
        }

    return count


# --- the accounts: tickets sold at given prices, rights holders, agreements -------------
@pytest.fixture
def sell(venue):
    """``sell(screening, "10", "0", "5.50", status=..., online=...)``: tickets at these
    prices, numbered in the venue's series, paid unless told otherwise."""

    def make(screening, *prices, status=Ticket.Status.PAID, online=False):
        series = screening.starts_at.year
        with transaction.atomic():
            first = take_numbers(venue, "ticket", series, len(prices))
        return Ticket.objects.bulk_create(
            Ticket(
                venue=venue,
                screening=screening,
                series=series,
                number=first + i,
                price=Decimal(price),
                status=status,
                online=online,
            )
            for i, price in enumerate(prices)
        )

    return make


@pytest.fixture
def make_holder(db):
    def make(name="Survivance", **fields):
        fields.setdefault("email", "programmation@example.org")
        return RightsHolder.objects.create(name=name, **fields)

    return make


@pytest.fixture
def agree(make_holder):
    """``agree(screening, film=None, kind="percentage", rate="50", amount=None, holder=)``:
    the agreement for one film of a screening (its first film by default)."""

    def make(
        screening, film=None, *, kind="percentage", rate=None, amount=None, holder=None, **fields
    ):
        film = film or screening.screening_films.order_by("position").first().film
        if kind in ("percentage", "minimum_guarantee") and rate is None:
            rate = "50"
        holder = holder or RightsHolder.objects.filter(name="Survivance").first() or make_holder()
        return RightsAgreement.objects.create(
            screening=screening,
            film=film,
            holder=holder,
            kind=kind,
            rate=Decimal(rate) if rate is not None else None,
            amount=Decimal(amount) if amount is not None else None,
            **fields,
        )

    return make
