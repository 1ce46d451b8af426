"""The treasurer sends a rights holder their weekly statement in one click and sees it in
the log; the page passes the axe check."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from clef.accounting.models import RightsAgreement, RightsHolder, StatementSending
from clef.tickets.models import Ticket
from clef.venues.numbering import take_numbers
from tests.browser.conftest import assert_accessible, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEDNESDAY = dt.date(2025, 11, 19)


@pytest.fixture
def holder(venue, make_screening):
    """Survivance, owed 50 % of Wanda shown on Wednesday 19 November 2025 (two tickets:
    10 € and a free one)."""
    survivance = RightsHolder.objects.create(
        name="Survivance", contact_name="Carole", email="programmation@example.org"
    )
    screening = make_screening(WEDNESDAY, "20:00")
    with transaction.atomic():
        first = take_numbers(venue, "ticket", 2025, 2)
    for i, price in enumerate(["10", "0"]):
        Ticket.objects.create(
            venue=venue,
            screening=screening,
            series=2025,
            number=first + i,
            price=Decimal(price),
            status=Ticket.Status.PAID,
        )
    RightsAgreement.objects.create(
        screening=screening,
        film=screening.screening_films.get().film,
        holder=survivance,
        kind="percentage",
        rate=Decimal("50"),
    )
    return survivance


def test_the_treasurer_sends_a_statement_and_sees_it_logged(
    page, live_server, treasurer, holder, screenshot
):
    sign_in(page, live_server, treasurer)
    with translation.override("fr"):
        address = reverse("accounting:distributor_statement", args=[holder.pk, "2025-11-21"])
    page.goto(address)  # a Friday: the page is the week's, from its Wednesday
    assert page.url.endswith(f"/tresorerie/distributeur/{holder.pk}/2025-11-19/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Survivance")
    expect(page.locator("tfoot")).to_contain_text("4,21\u00a0€")
    expect(page.get_by_text(french("Not sent yet."))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "1-live")

    button = page.get_by_role(
        "button",
        name=french("Send to %(email)s") % {"email": "programmation@example.org"},
    )
    button.click()

    sent = french("Sent to %(email)s: version %(version)s of the statement.") % {
        "email": "programmation@example.org",
        "version": 1,
    }
    expect(page.locator(".messages")).to_contain_text(sent)
    log = page.locator(".statement-sending")
    expect(log).to_have_count(1)
    expect(log).to_contain_text("programmation@example.org")
    expect(log).to_contain_text("theo")
    assert_accessible(page)
    screenshot(page, "2-sent")

    [sending] = StatementSending.objects.all()
    assert (sending.statement.version, sending.statement.total) == (1, Decimal("4.21"))
    [message] = mail.outbox
    assert message.to == ["programmation@example.org"]
    assert [name.rsplit(".", 1)[1] for name, _content, _type in message.attachments] == [
        "pdf",
        "csv",
    ]
