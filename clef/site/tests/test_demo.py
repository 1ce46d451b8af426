"""La Clef's demo data: complete enough to show every page, and safe to load twice."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from clef.members.models import Membership
from clef.programme.models import Film, Screening
from clef.site.demo import load_demo
from clef.tickets.models import Ticket
from clef.venues.models import Room, Venue

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(db):
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo", stdout=io.StringIO())
        yield Venue.objects.get(slug="la-clef")


def counts():
    return [
        model.objects.count()
        for model in (Venue, Room, Film, Screening, Ticket, Membership, get_user_model())
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


def test_held_screenings_have_numbered_tickets_without_gaps(demo):
    numbers = list(
        Ticket.objects.filter(series=2026).order_by("number").values_list("number", flat=True)
    )
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) > 100
    assert not Ticket.objects.filter(screening__starts_at__gt=NOW).exists()


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
    assert User.objects.get(username="programmer").has_perm("programme.add_screening")
    assert not User.objects.get(username="member").is_staff
