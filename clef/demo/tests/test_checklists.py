"""The demo's accepted proposals made screenings: their checklists in varied states, one
published, one published anyway, one whose key is too short, one blocked; loaded twice,
nothing doubles."""

import datetime as dt

import pytest
import time_machine

from clef.demo.loader import load_demo
from clef.programme.models import Screening
from clef.programming import checklists
from clef.programming.models import Checklist, PublicationOverride

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(demo_once, db):
    """The demo loaded once for this module (``conftest.demo_once``), read at ``NOW``."""
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_demos_checklists_are_in_varied_states_and_one_is_blocked(demo):
    made = Checklist.objects.filter(proposal__isnull=False).select_related("screening")
    assert made.count() == 4
    with time_machine.travel(NOW, tick=False):
        missing = {c.pk: checklists.missing(c) for c in made}
        assert PublicationOverride.objects.count() == 1
        published = made.filter(screening__status=Screening.Status.PUBLISHED)
        assert published.count() in (1, 2)  # the ready one, unless its staff is missing
        blocked = [c for c in made if c.screening.status == Screening.Status.DRAFT]
        assert any(len(missing[c.pk]) >= 3 for c in blocked)
        assert any(
            any(item.flags for item in checklists.items(c)) for c in blocked
        )  # the key too short
        with time_machine.travel(NOW, tick=False):
            load_demo()
    assert Checklist.objects.filter(proposal__isnull=False).count() == 4
    assert PublicationOverride.objects.count() == 1
