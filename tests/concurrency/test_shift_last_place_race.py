"""Volunteers taking the last place of a shift at the same instant, each in its own
thread with its own database connection: one gets it, the others are told it is full."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from clef.lib.refusals import Refused
from clef.volunteers import shifts
from clef.volunteers.models import Shift, Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403
from tests.concurrency.conftest import at_once

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_four_volunteers_taking_the_last_place_at_once_one_gets_it(
    big_template, make_screening, day_ahead, make_volunteer
):
    screening = make_screening(day_ahead)
    safety = Shift.objects.get(screening=screening, team__code="safety")
    people = [make_volunteer(f"rush{i}", "safety") for i in range(4)]

    results = at_once(
        4,
        lambda i: (Shift.objects.get(pk=safety.pk), get_user_model().objects.get(pk=people[i].pk)),
        lambda fetched: shifts.take(*fetched),
    )

    outcomes = Counter(
        "taken" if kind == "ok" else value.code if isinstance(value, Refused) else repr(value)
        for kind, value in results
    )
    assert outcomes == {"taken": 1, "full": 3}
    assert Signup.objects.filter(shift=safety, status__in=Signup.ACTIVE).count() == 1
