"""The membership card's PDF opened back: a card-sized page, the member's details in their
language, and a QR code that decodes to the membership's code."""

import datetime as dt
import io

import pytest
import time_machine
import zxingcpp
from pypdf import PdfReader

from clef.members.documents import card_pdf
from clef.members.models import Membership

# Monday 16 November 2026 in Paris: ``make_member`` memberships run from the 15th to
# 16 November 2027.
NOW = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _read(pdf):
    [page] = PdfReader(io.BytesIO(pdf)).pages
    codes = [code.text for image in page.images for code in zxingcpp.read_barcodes(image.image)]
    return page, page.extract_text(), codes


def test_it_prints_a_card_with_the_qr_code_of_the_membership(paid_member):
    membership = Membership.objects.get(person=paid_member)
    page, _text, codes = _read(card_pdf(membership))
    assert codes == [membership.code]
    # 85.6 × 53.98 mm, a bank card, in PDF points.
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (243, 153)


def test_it_prints_the_members_details_in_french(paid_member):
    membership = Membership.objects.get(person=paid_member)
    _page, text, _codes = _read(card_pdf(membership))
    assert "La Clef" in text
    assert "Mila" in text
    assert "2026-00001" in text
    assert "15 novembre 2026" in text
    assert "16 novembre 2027" in text
    assert "10,00\u00a0€" in text


def test_it_prints_in_the_members_language(make_member):
    jane = make_member("jane", language="en")
    membership = Membership.objects.get(person=jane)
    _page, text, _codes = _read(card_pdf(membership))
    assert "Membership card, season 2026" in text
    assert "Valid from 15 November 2026" in text
    assert "Valid until 16 November 2027" in text
    assert "€10.00" in text


def test_it_prints_in_french_for_a_person_without_a_language(venue, member):
    membership = Membership.objects.create(
        venue=venue,
        person=member,
        number=7,
        season=2026,
        amount="5.00",
        starts_on=dt.date(2026, 11, 16),
        ends_on=dt.date(2027, 11, 15),
    )
    _page, text, codes = _read(card_pdf(membership))
    assert "5,00\u00a0€" in text
    assert "2026-00007" in text
    assert codes == [membership.code]
