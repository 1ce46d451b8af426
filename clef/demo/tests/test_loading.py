"""La Clef's demo data: complete enough to show every page, and safe to load twice."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from clef.boxoffice.models import JournalEntry
from clef.demo.loader import load_demo
from clef.lib import roles
from clef.members.models import Membership, Person
from clef.payments.models import Payment
from clef.programme.models import Film, Screening
from clef.tickets import seats
from clef.tickets.booking import availability
from clef.tickets.models import Booking, Registration, Ticket, WaitingListEntry
from clef.venues.models import Room, Venue

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(demo_once, db):
    """The demo loaded once for this module (``conftest.demo_once``), read at ``NOW``."""
    with time_machine.travel(NOW, tick=False):
        yield Venue.objects.get(slug="la-clef")


def counts():
    return [
        model.objects.count()
        for model in (
            Venue,
            Room,
            Film,
            Screening,
            Ticket,
            Booking,
            Payment,
            Registration,
            Membership,
            Person,
            get_user_model(),
        )
    ]


def test_loading_twice_neither_fails_nor_doubles(demo):
    before = counts()
    with time_machine.travel(NOW, tick=False):
        load_demo()
    assert counts() == before


def test_it_is_la_clef_with_its_two_rooms(demo):
    assert (demo.name, demo.street, demo.postcode, demo.open_days) == (
        "La Clef",
        "34 rue Daubenton",
        "75005",
        "23456",
    )
    assert [(r.name, r.seats) for r in demo.rooms.all()] == [
        ("Grande salle", 120),
        ("Petite salle", 65),
    ]


def test_four_weeks_of_programme_from_the_current_week(demo):
    start = demo.week_of(dt.date(2026, 11, 21)).start
    coming = Screening.objects.published().filter(
        starts_at__date__gte=start, starts_at__date__lt=start + dt.timedelta(weeks=4)
    )
    assert coming.count() >= 30
    assert coming.filter(title__startswith="Courts métrages").exists()
    shorts = coming.filter(title__startswith="Courts métrages").first()
    assert len(shorts.ordered_films) >= 3
    assert coming.filter(kind=Screening.Kind.DEBATE).exclude(guests="").exists()
    assert coming.filter(cycle__slug="enfance", cycle__for_children=True).exists()
    assert coming.filter(pricing=Screening.Pricing.FREE).exists()
    assert coming.filter(sdh=True).exists() and coming.filter(audio_description=True).exists()
    assert Screening.objects.filter(status=Screening.Status.CANCELLED).exists()


def test_every_coming_screening_keeps_the_rules(demo):
    with time_machine.travel(NOW, tick=False):
        for screening in Screening.objects.filter(starts_at__gt=NOW):
            screening.full_clean()


def test_tickets_are_numbered_in_the_series_without_gaps(demo):
    numbers = list(
        Ticket.objects.filter(series=2026).order_by("number").values_list("number", flat=True)
    )
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) > 100
    # Coming screenings have only the tickets booked online, after the held ones'.
    coming = Ticket.objects.filter(screening__starts_at__gt=NOW)
    assert not coming.filter(booking__isnull=True).exists()
    assert not coming.filter(online=False).exists()
    held = Ticket.objects.filter(screening__starts_at__lt=NOW)
    assert min(t.number for t in coming) > max(t.number for t in held)


def test_every_demo_login_is_a_confirmed_person(demo):
    for username in ["admin", "programmer", "cashier", "treasurer", "volunteer", "member"]:
        person = Person.objects.get(user__username=username)
        assert person.email_confirmed_at is not None
        assert person.language == "fr"


def test_the_demo_member_has_a_paid_booking_and_one_to_pay_at_the_door(demo):
    member = get_user_model().objects.get(username="member")
    assert Membership.objects.valid_on(dt.date(2026, 11, 21)).filter(person=member).exists()
    bookings = Booking.objects.filter(person=member).order_by("screening__starts_at")
    assert [b.status for b in bookings] == [Booking.Status.CONFIRMED, Booking.Status.HELD]
    paid, held = bookings
    assert [(t.price, t.status) for t in paid.tickets.order_by("number")] == [
        (Decimal("0.00"), Ticket.Status.PAID),
        (Decimal("6.00"), Ticket.Status.PAID),
    ]
    assert paid.payment.status == Payment.Status.PAID
    assert [(t.price, t.status) for t in held.tickets.all()] == [
        (Decimal("5.00"), Ticket.Status.BOOKED)
    ]
    assert held.payment is None
    assert paid.screening.display_title != held.screening.display_title
    assert paid.screening.starts_at > NOW + dt.timedelta(days=1)


def test_coming_screenings_have_bookings_one_nearly_sold_out_online_one_sold_out(demo):
    coming = Booking.objects.filter(screening__starts_at__gt=NOW)
    assert coming.exclude(person__username="member").count() == 48
    # Three of them fill the quota of the screening with a waiting list.
    assert coming.filter(idempotency_key__startswith="demo-full-").count() == 3
    assert coming.filter(status=Booking.Status.CONFIRMED).exists()
    assert coming.filter(status=Booking.Status.HELD).exists()
    assert coming.filter(language="en").exists()
    left = [
        availability(s).online_left
        for s in Screening.objects.filter(bookings__in=coming).distinct()
    ]
    assert left.count(2) == 1
    assert left.count(0) == 1  # sold out online, its waiting list offered a seat back


def test_the_next_workshop_is_full_with_two_children_waiting(demo):
    workshop = (
        Screening.objects.published()
        .filter(kind=Screening.Kind.WORKSHOP, starts_at__gt=NOW)
        .order_by("starts_at")
        .first()
    )
    assert workshop.title.startswith("La Petite Évasion : ")
    assert (workshop.age_min, workshop.age_max, workshop.online_quota) == (6, 10, 12)
    assert workshop.is_free
    statuses = list(workshop.registrations.values_list("status", flat=True))
    assert statuses.count(Registration.Status.REGISTERED) == 12
    assert statuses.count(Registration.Status.WAITING) == 2
    assert all(6 <= r.child_age <= 10 for r in workshop.registrations.all())


def test_there_is_a_login_for_each_role(demo):
    User = get_user_model()
    for username, role in [
        ("admin", "administrator"),
        ("programmer", "programmer"),
        ("cashier", "cashier"),
        ("treasurer", "treasurer"),
        ("volunteer", "volunteer"),
        ("member", "member"),
    ]:
        user = User.objects.get(username=username)
        assert user.groups.filter(name=role).exists()
        assert user.check_password("clef-demo")
    assert User.objects.get(username="admin").is_superuser
    assert roles.can_check_in(User.objects.get(username="cashier"))
    assert not roles.can_check_in(User.objects.get(username="member"))
    assert User.objects.get(username="programmer").has_perm("programme.add_screening")
    assert not User.objects.get(username="member").is_staff


def local_day(venue, moment):
    return timezone.localtime(moment, venue.zone).date()


def test_members_joined_on_days_spread_over_the_past_year(demo):
    joined = list(
        Membership.objects.filter(person__username__regex=r"^(member|membre\d+)$")
        .select_related("payment")
        .order_by("paid_at")
    )
    assert len(joined) == 61
    days = [local_day(demo, m.paid_at) for m in joined]
    assert days[0] >= dt.date(2025, 12, 26) and days[-1] <= dt.date(2026, 11, 13)
    assert len({(d.year, d.month) for d in days}) >= 10
    for membership, day in zip(joined, days, strict=True):
        # Valid twelve months from the day paid, in that year's season; paid online then.
        assert membership.status == Membership.Status.PAID
        assert (membership.season, membership.starts_on) == (day.year, day)
        assert membership.ends_on == day.replace(year=day.year + 1) - dt.timedelta(days=1)
        payment = membership.payment
        paid_at = payment.events.get(status=Payment.Status.PAID).at
        assert (payment.method, payment.status, paid_at) == ("test", "paid", membership.paid_at)
        entry = JournalEntry.objects.get(body__contains=f'"payment":"{payment.code}"')
        assert entry.recorded_at == membership.paid_at.replace(microsecond=0)
        assert membership.payment.amount == membership.amount
    # Numbered in each season in the order paid, with those the till sold after them.
    for season in (2025, 2026):
        numbered = Membership.objects.filter(season=season, status=Membership.Status.PAID)
        in_order = list(numbered.order_by("paid_at").values_list("number", flat=True))
        assert in_order == list(range(1, len(in_order) + 1))


def test_the_statistics_the_money_page_and_the_cards_tell_the_same_memberships(demo, client):
    from clef.accounting.stats import season_summary, year_statistics

    paid = Membership.objects.filter(status=Membership.Status.PAID)
    with time_machine.travel(NOW, tick=False):
        by_year = {year: year_statistics(demo, year) for year in (2025, 2026)}
        season = season_summary(demo)
        assert sum(s.memberships for s in by_year.values()) == paid.count() == 63
        november = by_year[2026].months[10]
        assert november.memberships == paid.filter(paid_at__month=11).count() < 20
        # The season on the page on where the money goes: November 2025 to October 2026.
        assert (
            season.memberships
            == paid.filter(paid_at__lt=dt.datetime(2026, 10, 31, 23, tzinfo=dt.UTC)).count()
        )
        assert season.memberships > 40
        membership = paid.filter(person__username="membre07").get()
        client.force_login(membership.person)
        card = client.get(f"/en/adhesion/carte/{membership.code}/").content.decode()
    assert membership.starts_on.strftime("%-d %B %Y") in card
    assert membership.ends_on.strftime("%-d %B %Y") in card
    assert local_day(demo, membership.paid_at) == membership.starts_on


def test_the_home_page_and_the_money_page_count_the_same_spectators(demo, client):
    from clef.accounting.stats import admissions

    # On 1 December the last season (December to November) covers every screening held.
    december = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)
    with time_machine.travel(december, tick=False):
        home = client.get("/en/").content.decode()
        money = client.get("/en/ou-va-l-argent/").content.decode()
        counted = admissions(demo, now=december)
    spectators = re.search(r"<dt>spectators</dt><dd>([^<]+)</dd>", home).group(1)
    admitted = re.search(r"<dt>Admissions</dt><dd>([^<]+)</dd>", money).group(1)
    assert spectators == admitted == f"{counted:,}"
    held = Ticket.objects.filter(
        screening__starts_at__lte=december,
        screening__status=Screening.Status.PUBLISHED,
        status__in=Ticket.COUNTED,
    )
    assert counted == held.count() > 1000
    # Tickets already paid for screenings still to come are nobody's admission yet.
    coming = Ticket.objects.filter(screening__starts_at__gt=NOW, status__in=Ticket.COUNTED)
    assert coming.count() > 50
    with time_machine.travel(NOW, tick=False):
        home = client.get("/en/").content.decode()
    spectators = re.search(r"<dt>spectators</dt><dd>([^<]+)</dd>", home).group(1)
    assert spectators == f"{held.filter(screening__starts_at__lte=NOW).count():,}"


def test_films_have_visa_numbers_and_the_venue_and_rooms_cnc_numbers(demo):
    from clef.accounting.declared import films_without_visa

    films = list(Film.objects.order_by("slug").values_list("slug", "visa_number", "no_visa"))
    assert [slug for slug, _visa, no_visa in films if no_visa] == ["meshes-of-the-afternoon"]
    for slug, visa, no_visa in films:
        assert no_visa or re.fullmatch(r"[1-9]\d{4,5}", visa), slug
    assert films_without_visa(demo, dt.date(2026, 10, 1), dt.date(2026, 12, 31)) == []
    assert demo.cnc_number == "751342"
    assert [(r.name, r.cnc_number) for r in demo.rooms.all()] == [
        ("Grande salle", "7513421"),
        ("Petite salle", "7513422"),
    ]
    for obj in (demo, *demo.rooms.all()):
        obj.full_clean()


def test_a_screening_of_the_week_is_sold_out_online_with_a_seat_held_for_the_member(demo):
    entry = WaitingListEntry.objects.select_related("screening").get(person__username="member")
    screening = entry.screening
    assert NOW + dt.timedelta(days=2) < screening.starts_at < NOW + dt.timedelta(days=8)
    assert entry.state(NOW) == WaitingListEntry.State.OFFERED
    assert entry.offer_ends_at == NOW + dt.timedelta(hours=2)
    assert WaitingListEntry.objects.filter(screening=screening).count() == 3
    assert [e.state(NOW) for e in WaitingListEntry.objects.filter(screening=screening)] == [
        WaitingListEntry.State.OFFERED,
        WaitingListEntry.State.WAITING,
        WaitingListEntry.State.WAITING,
    ]
    assert availability(screening).sold_out_online
    assert seats.count(screening, person=entry.person).online_left == 1
