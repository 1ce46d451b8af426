"""A programmer fills in their screening's checklist on a phone, is refused publication
while it lacks something, and a commission member publishes it anyway with a reason; the
programmer's page, the checklist and the free slots pass the axe check, in French and in
English. Fields and buttons are found by their names, whatever the language."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from clef.lib import roles
from clef.programme.models import Screening
from clef.programming.models import Checklist, Proposal, PublicationOverride
from tests.browser.conftest import PHONE, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programmer_member(db):
    from conftest import _user

    return _user("pia", roles.MEMBER, first_name="Pia")


@pytest.fixture
def commission_member(db):
    from conftest import _user

    return _user("colette", roles.COMMISSION, first_name="Colette")


@pytest.fixture
def draft(make_screening, venue, programmer_member, make_film):
    screening = make_screening(
        venue.local_date() + dt.timedelta(days=30),
        "20:30",
        status=Screening.Status.DRAFT,
        programmer=programmer_member,
    )
    Checklist.objects.create(screening=screening)
    proposal = Proposal.objects.create(
        title="Wanda", proposer=programmer_member, status=Proposal.Status.ACCEPTED
    )
    proposal.films.add(make_film())
    return screening


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_checklist_is_filled_refused_then_published_anyway(
    open_page, live_server, programmer_member, commission_member, draft, language
):
    prefix = "" if language == "fr" else "/en"
    locale = "fr-FR" if language == "fr" else "en-GB"
    page = open_page(PHONE, locale=locale)
    sign_in(page, live_server, programmer_member)

    page.goto(f"{prefix}/programmer/mes-seances/")
    assert_accessible(page)
    page.locator(f"a[href$='/programmer/seance/{draft.pk}/']").first.click()
    assert_accessible(page)
    page.locator("input[name=rights_requested_on]").fill("2026-11-18")
    page.locator("select[name=copy_format]").select_option("dcp")
    page.locator("input[name=poster_ready]").check()
    page.locator("form.account-form button[type=submit]").last.click()
    expect(page.locator(".messages")).to_be_visible()
    checklist = Checklist.objects.get()
    assert checklist.rights_requested_on == dt.date(2026, 11, 18)
    assert checklist.poster_ready

    page.locator("form[action$='/publier/'] button").first.click()
    expect(page.locator(".message.error")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == Screening.Status.DRAFT

    page.goto(f"{prefix}/propositions/{Proposal.objects.get().pk}/creneaux/")
    assert_accessible(page)

    other = open_page(locale=locale)
    sign_in(other, live_server, commission_member)
    other.goto(f"{prefix}/programmer/seance/{draft.pk}/")
    other.locator("textarea[name=reason]").fill("The distributor agreed by phone.")
    other.locator("form[action$='/publier/'] button").last.click()
    expect(other.locator(".messages")).to_be_visible()
    assert_accessible(other)
    draft.refresh_from_db()
    assert draft.status == Screening.Status.PUBLISHED
    assert PublicationOverride.objects.get().reason == "The distributor agreed by phone."
