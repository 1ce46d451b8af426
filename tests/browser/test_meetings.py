"""A member votes in an online poll on a phone; a facilitator runs a meeting of three
proposals with the keyboard on a tablet. Both pass the axe check, in French and in
English. Buttons are found by their names, whatever the language."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clef.programming import meetings, votes
from clef.programming.models import Ballot, Meeting, Proposal
from clef.programming.tests.meeting_helpers import *  # noqa: F403  (fixtures)
from tests.browser.conftest import PHONE, assert_accessible, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TABLET = {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True}


def _says(language, message, context=None):
    return french(message, context) if language == "fr" else message


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_member_votes_in_a_poll_on_a_phone(open_page, live_server, commission, voters, language):
    poll = votes.create_poll(
        question="Un cycle Varda en mars ?",
        kind="majority",
        closes_at=timezone.now() + dt.timedelta(days=3),
        results_after_vote=True,
        by=commission,
    )
    prefix = "" if language == "fr" else "/en"
    page = open_page(PHONE, locale="fr-FR" if language == "fr" else "en-GB")
    sign_in(page, live_server, voters[0])
    page.goto(f"{prefix}/sondages/{poll.pk}/")
    assert_accessible(page)
    page.get_by_label(_says(language, "For", "vote"), exact=True).tap()
    page.get_by_role("button", name=_says(language, "Vote"), exact=True).tap()
    expect(page.locator(".poll-counts")).to_contain_text("(quorum 5)")
    assert_accessible(page)
    assert list(Ballot.objects.values_list("answer", flat=True)) == ["for"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_facilitator_runs_a_meeting_of_three_proposals_with_the_keyboard(
    open_page, live_server, meeting, agenda, facilitator, voters, language
):
    for voter in voters[:3]:
        meetings.answer(meeting, voter, coming=True)
    prefix = "" if language == "fr" else "/en"
    page = open_page(TABLET, locale="fr-FR" if language == "fr" else "en-GB")
    sign_in(page, live_server, facilitator)
    page.goto(f"{prefix}/reunions/{meeting.pk}/animer/")
    assert_accessible(page)

    def press(name):
        button = page.get_by_role("button", name=name, exact=True).first
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")

    press(_says(language, "Open the meeting"))
    for voter in voters[:3]:
        press(_says(language, "Mark %(name)s present") % {"name": voter.username})
    for _item in agenda:
        press(_says(language, "Open the vote"))
        press(_says(language, "Record the vote"))
        press(_says(language, "Close the vote and count"))
    assert_accessible(page)
    press(_says(language, "Close the meeting"))
    press(_says(language, "Publish the minutes and email them to the members"))
    assert_accessible(page)
    assert Meeting.objects.get().minutes_published_at is not None
    assert list(Proposal.objects.order_by("pk").values_list("status", flat=True)) == [
        "accepted",
        "accepted",
        "accepted",
    ]
