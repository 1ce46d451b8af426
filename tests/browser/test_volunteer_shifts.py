"""A volunteer on a phone, in French and in English: finds a shift, signs up in one tap,
adds their calendar feed and, too late to cancel, offers their place to others; each page
passes the axe check."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clef.programme.models import Screening
from clef.volunteers.models import Shift, Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403
from tests.browser.conftest import PHONE, assert_accessible, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tomorrow(big_template, big_room):
    """A screening in thirty hours: within the cut-off, so a place is offered, not
    cancelled."""
    return Screening.objects.create(
        room=big_room,
        starts_at=timezone.now() + dt.timedelta(hours=30),
        duration=100,
        title="Wanda",
        status=Screening.Status.PUBLISHED,
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_volunteer_signs_up_adds_the_feed_and_offers_a_swap_on_a_phone(
    open_page, live_server, venue, volunteer, tomorrow, language
):
    page = open_page(PHONE, locale="fr-FR" if language == "fr" else "en-GB")
    sign_in(page, live_server, volunteer)
    prefix = "" if language == "fr" else "/en"

    def text(message):
        return french(message) if language == "fr" else message

    page.goto(f"{prefix}/benevoles/")
    assert_accessible(page)
    door = Shift.objects.get(screening=tomorrow, team__code="door")
    page.locator(f'form[action$="/creneaux/{door.pk}/prendre/"] button').click()
    expect(page.get_by_text(text("You are signed up. Thank you!"))).to_be_visible()
    assert Signup.objects.get(shift=door).person == volunteer
    assert_accessible(page)

    page.get_by_role("button", name=text("Offer my place")).click()
    offered = text("You offered your place: it stays yours until another volunteer takes it.")
    expect(page.get_by_text(offered)).to_be_visible()
    assert Signup.objects.get(shift=door).status == Signup.Status.OFFERED

    page.goto(f"{prefix}/benevoles/")
    page.get_by_role("button", name=text("Make my calendar address")).click()
    address = page.get_by_label(text("Calendar address")).input_value()
    assert address.endswith(".ics")
    assert_accessible(page)
    feed = page.request.get(address)
    assert feed.status == 200
    assert "BEGIN:VEVENT" in feed.text()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_coordinator_sees_the_gaps_safety_first_and_the_templates(
    open_page, live_server, venue, tomorrow, language
):
    from clef.lib import roles
    from conftest import _user

    coordinator = _user("corinne", roles.COORDINATOR)
    page = open_page(locale="fr-FR" if language == "fr" else "en-GB")
    sign_in(page, live_server, coordinator)
    prefix = "" if language == "fr" else "/en"

    def text(message):
        return french(message) if language == "fr" else message

    page.goto(f"{prefix}/benevoles/manques/")
    expect(page.get_by_role("heading", name=text("Without their safety staff"))).to_be_visible()
    expect(page.get_by_text("Wanda").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{prefix}/benevoles/modeles/")
    expect(page.get_by_role("heading", name=text("Staffing templates"), level=1)).to_be_visible()
    assert_accessible(page)
