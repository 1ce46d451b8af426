"""A trained member, on a phone, proposes a film and another member comments on it; the
pages pass axe's checks in French and in English."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clef.programming.models import Proposal, ProposalComment
from clef.volunteers.models import Qualification, Training
from tests.browser.conftest import PHONE, assert_accessible, fits_the_width, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _qualify(user):
    training, _created = Training.objects.get_or_create(
        code="programming", defaults={"name": "Programmer une séance"}
    )
    Qualification.objects.create(
        person=user, training=training, granted_on=timezone.localdate() - dt.timedelta(days=3)
    )


@pytest.mark.parametrize(("prefix", "locale"), [("", "fr-FR"), ("/en", "en-GB")])
def test_a_member_proposes_a_film_on_a_phone_and_another_comments(
    open_page, live_server, make_member, venue, big_room, prefix, locale
):
    def say(message, context=None):
        return french(message, context) if not prefix else message

    proposer = make_member("pablo")
    _qualify(proposer)
    page = open_page(PHONE, locale=locale)
    sign_in(page, live_server, proposer)

    page.goto(f"{prefix}/propositions/nouvelle/")
    expect(page.get_by_role("heading", level=1)).to_have_text(say("Propose a film"))
    assert_accessible(page)
    assert fits_the_width(page)

    # A runtime of 0 is refused on its field, and nothing is written.
    page.get_by_label(say("Title of the proposal")).fill("La Noire de…")
    page.get_by_label(say("Why this film?")).fill("Le premier long métrage de Sembène.")
    page.get_by_label(say("Is the film in cinemas now?")).select_option("no")
    page.locator("#id_film_title").fill("La Noire de…")
    page.locator("#id_film_runtime").fill("0")
    page.get_by_role("button", name=say("Submit the proposal")).tap()
    expect(page.locator("#id_film_runtime")).to_have_attribute("aria-invalid", "true")
    assert Proposal.objects.count() == 0

    page.locator("#id_film_runtime").fill("65")
    page.get_by_role("button", name=say("Submit the proposal")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("La Noire de…")
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.proposed_films.get().runtime) == ("submitted", 65)
    assert_accessible(page)

    # Another member comments, on their phone.
    reader = open_page(PHONE, locale=locale)
    sign_in(reader, live_server, make_member("marc"))
    reader.goto(f"{prefix}/propositions/")
    reader.get_by_role("link", name="La Noire de…").tap()
    reader.get_by_label(say("Your comment")).fill("Vu à Lussas : magnifique.")
    reader.get_by_role("button", name=say("Post the comment")).tap()
    expect(reader.get_by_text("Vu à Lussas : magnifique.")).to_be_visible()
    assert list(ProposalComment.objects.values_list("text", flat=True)) == [
        "Vu à Lussas : magnifique."
    ]
    assert_accessible(reader)
    assert fits_the_width(reader)
