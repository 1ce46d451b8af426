"""The demo's members: the demo member and sixty others, each joined online (through
the test provider) on a day of the past year, by the membership service with the demo's
clock set to that moment. So each membership is numbered in its season in the order
paid, valid from the day paid for the venue's length of validity, and its payment and
its entry in the journal carry that moment: the statistics, the page on where the money
goes and the cards tell the same dates.

Loaded once, before the till's evenings: the journal's times only go forward, so a
second load (a later day) adds no membership in the past."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from clef.demo.clock import demo_clock
from clef.demo.data import seed
from clef.lib import roles
from clef.lib.timezones import local_to_utc
from clef.members import services as members
from clef.members.models import Membership, Person
from clef.payments import services as payments
from clef.payments.methods import TestProvider

DEMO_MEMBERS = 60
# When they joined, in days before the day loaded: from eleven months ago, so that every
# membership still runs over the demo's coming weeks, to a week ago, before the till's
# evenings (the last three with screenings), which the journal must record after them.
EARLIEST, LATEST = 330, 8
# Joining online, at any hour from morning to night.
FIRST_MINUTE, LAST_MINUTE = 9 * 60, 22 * 60
AMOUNTS = [5, 5, 8, 10, 10, 12, 15]


def load_members(venue, people, today):
    """The demo member and ``DEMO_MEMBERS`` others, each with a membership paid on a day
    of the past year (once)."""
    users = [people[roles.MEMBER], *_member_users()]
    if Membership.objects.filter(venue=venue, person__in=users).exists():
        return
    rng = random.Random(seed("memberships"))
    joining = sorted(
        ((_moment(venue, today, rng), Decimal(rng.choice(AMOUNTS)), user) for user in users),
        key=lambda joined: (joined[0], joined[2].username),
    )
    with demo_clock() as clock:
        for at, amount, user in joining:
            clock(at)
            _join(venue, user, amount)


def _member_users():
    User = get_user_model()
    member_group = Group.objects.get(name=roles.MEMBER)
    users = []
    for n in range(1, DEMO_MEMBERS + 1):
        user, created = User.objects.get_or_create(
            username=f"membre{n:02d}",
            defaults={
                "first_name": "Membre",
                "last_name": f"n°{n}",
                "email": f"membre{n:02d}@example.org",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(member_group)
        users.append(user)
    return users


def _moment(venue, today, rng):
    day = today - dt.timedelta(days=rng.randint(LATEST, EARLIEST))
    minutes = rng.randint(FIRST_MINUTE, LAST_MINUTE)
    return local_to_utc(day, dt.time(minutes // 60, minutes % 60), venue.timezone)


def _join(venue, user, amount):
    """Join online as the person would: their address confirmed, the membership started
    and its payment accepted by the test provider, all at the clock's moment."""
    Person.objects.get_or_create(
        user=user, defaults={"language": "fr", "email_confirmed_at": timezone.now()}
    )
    membership = members.start_membership(
        user, venue, amount=amount, method=TestProvider.code, by=user
    )
    payments.mark_paid(membership.payment, by=user, note="demo")
    return membership
