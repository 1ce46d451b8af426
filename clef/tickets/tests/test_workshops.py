"""Workshop registrations: the age range, the capacity, the waiting list in order."""

import pytest
from django.core import mail

from clef.tickets import workshops
from clef.tickets.booking import BookingRefused
from clef.tickets.models import Registration


@pytest.mark.parametrize(("age", "ok"), [(5, False), (6, True), (10, True), (11, False)])
def test_it_checks_the_childs_age_against_the_range(workshop, age, ok, register_child):
    if ok:
        assert register_child(workshop, "Lou", age).status == Registration.Status.REGISTERED
    else:
        with pytest.raises(BookingRefused) as refused:
            register_child(workshop, "Lou", age)
        assert refused.value.code == "age"
        assert "6" in refused.value.message and "10" in refused.value.message
        assert Registration.objects.count() == 0


def test_past_the_capacity_children_wait_and_are_promoted_in_order(
    workshop, django_capture_on_commit_callbacks, register_child
):
    with django_capture_on_commit_callbacks(execute=True):
        first = register_child(workshop, "Ada")
        register_child(workshop, "Bea")
        third = register_child(workshop, "Cid", language="en")
        fourth = register_child(workshop, "Dan")
    assert [r.status for r in (third, fourth)] == ["waiting", "waiting"]
    assert third.guardian_email == "sam@example.org"
    assert len(mail.outbox) == 4
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workshops.cancel(first)
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == ("registered", "waiting")
    assert [m.subject for m in mail.outbox] == [f"Workshop: {workshop.display_title}"]


def test_a_screening_that_is_not_a_workshop_takes_no_registration(on_sale, register_child):
    with pytest.raises(BookingRefused) as refused:
        register_child(on_sale, "Ada")
    assert refused.value.code == "not_workshop"


def test_a_workshop_that_has_started_takes_no_registration(workshop, time_machine, register_child):
    time_machine.move_to(workshop.starts_at)
    with pytest.raises(BookingRefused) as refused:
        register_child(workshop, "Ada")
    assert refused.value.code == "past"
