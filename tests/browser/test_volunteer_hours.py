"""The coordinator confirms a shift's hours after it, in French and in English: the
volunteers signed up ticked, one unticked as not come; the page and the year's report
pass the axe check."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clef.lib import roles
from clef.volunteers.models import Shift, Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403
from tests.browser.conftest import assert_accessible, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(db):
    from conftest import _user

    return _user("corinne", roles.COORDINATOR, first_name="Corinne")


@pytest.fixture
def yesterdays_bar(venue, teams, make_volunteer):
    """Yesterday evening's bar shift, three hours, two volunteers signed up."""
    ends = timezone.now() - dt.timedelta(hours=20)
    shift = Shift.objects.create(
        venue=venue,
        team=teams["bar"],
        title="Bar",
        arrive_at=ends - dt.timedelta(hours=3),
        starts_at=ends - dt.timedelta(hours=3),
        ends_at=ends,
        places=2,
    )
    for username, first in (("ana", "Ana"), ("bruno", "Bruno")):
        person = make_volunteer(username, "bar")
        person.first_name = first
        person.save()
        Signup.objects.create(shift=shift, person=person)
    return shift


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_coordinator_confirms_who_came(
    open_page, live_server, coordinator, yesterdays_bar, language
):
    page = open_page(locale="fr-FR" if language == "fr" else "en-GB")
    sign_in(page, live_server, coordinator)
    prefix = "" if language == "fr" else "/en"

    page.goto(f"{prefix}/benevoles/heures/")
    assert_accessible(page)
    page.get_by_role("link", name="Bar", exact=False).first.click()
    assert_accessible(page)
    label = "Bruno"
    page.get_by_label(label).uncheck()
    button = "Confirm the hours" if language == "en" else french("Confirm the hours")
    page.get_by_role("button", name=button).click()

    expect(page.locator(".messages")).to_be_visible()
    assert dict(Signup.objects.values_list("person__username", "attendance")) == {
        "ana": "came",
        "bruno": "no_show",
    }
    year = timezone.localtime(yesterdays_bar.starts_at).year
    page.goto(f"{prefix}/benevoles/heures/{year}/")
    assert_accessible(page)
    expect(page.locator("table.ledger").first).to_contain_text("Ana")
