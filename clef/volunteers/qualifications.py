"""Who holds what: the one rule by which a qualification counts on a day.

A qualification counts on day D when it was granted on or before D, has not expired
(``expires_on`` is the first day it no longer counts; none: it never does), and the
shifts its training asks to shadow were confirmed (``Training.shadow_shifts``). The
shifts, the door and the till ask here (``holds``, ``qualified_for``,
``qualified_users``); nobody else writes the rule again.
"""

import calendar
import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from clef.volunteers.models import Qualification, ShadowShift, Team


def today():
    """Today in the venue's zone."""
    return timezone.localdate()


def add_months(day, months):
    """``day`` plus ``months`` months; the 31st of a shorter month is its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def expiry_for(training, granted_on):
    """When a qualification of ``training`` granted on that day stops counting."""
    if not training.valid_months:
        return None
    return add_months(granted_on, training.valid_months)


def _shadowed_count():
    """The shadowed shifts confirmed for a qualification's person and training."""
    shadows = (
        ShadowShift.objects.filter(person=OuterRef("person"), training=OuterRef("training"))
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(shadows, output_field=IntegerField()), Value(0))


def valid_qualifications(*, on=None):
    """The qualifications that count on ``on`` (today by default)."""
    on = on or today()
    return (
        Qualification.objects.filter(granted_on__lte=on)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=on))
        .annotate(shadowed=_shadowed_count())
        .filter(shadowed__gte=F("training__shadow_shifts"))
    )


def holds(user, training_code, *, on=None):
    """Whether ``user`` holds the training of that code on ``on`` (today by default)."""
    if not user or not user.is_authenticated:
        return False
    return valid_qualifications(on=on).filter(person=user, training__code=training_code).exists()


def _team(team):
    return team if isinstance(team, Team) else Team.objects.filter(code=team).first()


def qualified_for(user, team, *, on=None):
    """Whether ``user`` holds, on ``on``, a training that qualifies for ``team`` (a
    ``Team`` or its code)."""
    if not user or not user.is_authenticated:
        return False
    team = _team(team)
    if team is None:
        return False
    return valid_qualifications(on=on).filter(person=user, training__teams=team).exists()


def qualified_users(team, *, on=None):
    """The active users qualified for ``team`` (a ``Team`` or its code) on ``on``, as a
    queryset (one query however many)."""
    users = get_user_model().objects.filter(is_active=True)
    team = _team(team)
    if team is None:
        return users.none()
    holders = valid_qualifications(on=on).filter(training__teams=team).values("person")
    return users.filter(pk__in=holders).order_by("first_name", "last_name", "pk")


def shadowing_left(qualification):
    """How many shifts are still to shadow before ``qualification`` counts."""
    done = ShadowShift.objects.filter(
        person=qualification.person_id, training=qualification.training_id
    ).count()
    return max(0, qualification.training.shadow_shifts - done)
