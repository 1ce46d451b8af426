"""Fixtures of the proposals' tests: the people of the permission matrix and a proposal
ready to submit. Imported by the tests that use them."""

import datetime as dt

import pytest
from django.utils import timezone

from clef.lib import roles
from clef.programming import proposals_writing
from clef.programming.models import Proposal
from clef.volunteers.models import Qualification, Training

__all__ = [
    "commission_member",
    "draft",
    "make_qualified",
    "proposer",
    "qualified",
    "submitted",
    "values",
]


def values(**changes):
    """What a proposer types, as the form gives it."""
    return {
        "title": "Wanda",
        "kind": Proposal.Kind.SCREENING,
        "reason": "Un film rare, jamais montré ici.",
        "wished_from": None,
        "wished_to": None,
        "wished_room": None,
        "in_cinemas_now": False,
        "released_when": "1971",
        **changes,
    }


@pytest.fixture
def make_qualified(make_member):
    """A member holding the programming qualification (the volunteers' training)."""

    def make(username, **fields):
        user = make_member(username, **fields)
        training, _created = Training.objects.get_or_create(
            code="programming", defaults={"name": "Programmer une séance"}
        )
        Qualification.objects.create(
            person=user, training=training, granted_on=timezone.localdate() - dt.timedelta(days=3)
        )
        return user

    return make


@pytest.fixture
def proposer(make_qualified):
    return make_qualified("pablo")


@pytest.fixture
def qualified(make_qualified):
    return make_qualified("quentin")


@pytest.fixture
def commission_member(make_member):
    user = make_member("cora")
    user.groups.add(roles.ensure_roles()[roles.COMMISSION])
    return user


@pytest.fixture
def draft(proposer, make_film):
    return proposals_writing.propose(by=proposer, values=values(), films=[make_film()])


@pytest.fixture
def submitted(proposer, make_film):
    return proposals_writing.propose(by=proposer, values=values(), films=[make_film()], submit=True)
