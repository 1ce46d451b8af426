"""The CNC numbers of the venue and its rooms, typed in the back office: plain digits
(0 to 9) only; anything else is refused with a message, and nothing is saved."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from clef.venues.models import Room, Venue

pytestmark = pytest.mark.django_db

MESSAGE = "A CNC number is 1 to 9 digits (0 to 9), with no spaces or letters."


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("direction", "direction@example.org", "x")
    client.force_login(user)
    return client


def change_url(venue):
    with translation.override("en"):
        return reverse("admin:venues_venue_change", args=[venue.pk])


def form_data(response):
    """What the venue's change page would post back as it stands: its fields and its
    rooms' inline forms."""
    data = {}

    def add(form, prefix=""):
        for name in form.fields:
            value = form[name].value()
            key = f"{prefix}{name}"
            if value is True:
                data[key] = "on"
            elif value is None or value is False:
                continue
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = str(formset.management_form[name].value())
        for form in formset.forms:
            add(form, f"{form.prefix}-")
    return data


def post(staff, venue, **changes):
    data = form_data(staff.get(change_url(venue)))
    data.update(changes)
    return staff.post(change_url(venue), data)


@pytest.mark.parametrize("typed", ["12a", "\u0663\u0663", "12 34", "²", "-1"])
def test_the_venue_form_refuses_a_cnc_number_that_is_not_plain_digits(staff, venue, typed):
    response = post(staff, venue, cnc_number=typed)

    assert response.status_code == 200  # the form again, with the message
    assert MESSAGE in response.context["adminform"].form.errors["cnc_number"]
    venue.refresh_from_db()
    assert venue.cnc_number == ""


def test_a_cnc_number_of_30_digits_is_refused_for_its_length(staff, venue):
    response = post(staff, venue, cnc_number="1" * 30)

    assert response.context["adminform"].form.errors["cnc_number"] == [
        "Ensure this value has at most 9 characters (it has 30)."
    ]
    venue.refresh_from_db()
    assert venue.cnc_number == ""


@pytest.mark.parametrize("typed", ["12a", "\u0663\u0663"])
def test_a_rooms_cnc_number_is_refused_the_same_way(staff, venue, big_room, typed):
    data = form_data(staff.get(change_url(venue)))
    (prefix,) = [k[: -len("-id")] for k, v in data.items() if k.endswith("-id")]
    data[f"{prefix}-cnc_number"] = typed

    response = staff.post(change_url(venue), data)

    (inline,) = response.context["inline_admin_formsets"]
    assert inline.formset.forms[0].errors["cnc_number"] == [MESSAGE]
    assert Room.objects.get(pk=big_room.pk).cnc_number == ""


def test_plain_digits_are_kept(staff, venue, big_room):
    data = form_data(staff.get(change_url(venue)))
    (prefix,) = [k[: -len("-id")] for k, v in data.items() if k.endswith("-id")]
    data.update({"cnc_number": "751342", f"{prefix}-cnc_number": "1"})

    response = staff.post(change_url(venue), data)

    assert response.status_code == 302, [
        f.errors for i in response.context["inline_admin_formsets"] for f in i.formset.forms
    ]
    assert Venue.objects.get(pk=venue.pk).cnc_number == "751342"
    assert Room.objects.get(pk=big_room.pk).cnc_number == "1"
