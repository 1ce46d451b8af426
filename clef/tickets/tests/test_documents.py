"""A booking's PDF opened back: one page per ticket still standing, the text a ticket must
show, and a QR code that decodes to the ticket's code."""

import datetime as dt
import io

import pytest
import time_machine
import zxingcpp
from pypdf import PdfReader

from clef.payments import services as payments
from clef.tickets.booking import book, cancel_ticket
from clef.tickets.documents import booking_pdf, qr_svg

# Monday 16 November 2026, 10:00 in Paris: the ``on_sale`` screening is on Saturday 21.
NOW = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paid_booking(on_sale, paid_member):
    """Two seats, at 0 € and 7.50 €, paid online."""
    booking, _ = book(on_sale, user=paid_member, prices=["0", "7.50"], method="test")
    payments.mark_paid(booking.payment)
    booking.refresh_from_db()
    return booking


def _read(pdf):
    """Each page's text (wrapped lines joined) and the texts of the QR codes on it."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        (
            page.extract_text().replace("\n", " "),
            [code.text for image in page.images for code in zxingcpp.read_barcodes(image.image)],
        )
        for page in reader.pages
    ]


def _tickets(booking):
    return list(booking.tickets.order_by("number"))


def test_it_prints_one_page_per_ticket_with_its_qr_code(paid_booking):
    pages = _read(booking_pdf(paid_booking))
    assert [codes for _text, codes in pages] == [[t.code] for t in _tickets(paid_booking)]


def test_it_prints_what_a_ticket_must_show_in_french(paid_booking):
    (free_text, _), (paid_text, _) = _read(booking_pdf(paid_booking))
    for text in (free_text, paid_text):
        assert "La Clef" in text
        assert "34 rue Daubenton, 75005 Paris" in text
        assert "Wanda" in text
        assert "Barbara Loden, 1970" in text
        assert "samedi 21 novembre 2026, 20:00" in text
        assert "Grande salle" in text
        assert "Mila" in text
    assert "2026-000001" in free_text
    assert "0,00\u00a0€" in free_text
    assert "2026-000002" in paid_text
    assert "7,50\u00a0€" in paid_text
    assert "2026-000001" not in paid_text


def test_it_prints_in_the_language_of_the_booking(on_sale, make_member):
    jane = make_member("jane", language="en")
    booking, _ = book(on_sale, user=jane, prices=["7.50"], method="test", language="en")
    payments.mark_paid(booking.payment)
    [(text, _codes)] = _read(booking_pdf(booking))
    assert "Saturday 21 November 2026, 20:00" in text
    assert "€7.50" in text
    assert "Price paid" in text
    assert "Paid" in text


def test_it_says_a_ticket_is_to_pay_at_the_door(on_sale, make_member):
    jane = make_member("jane", language="en")
    booking, _ = book(on_sale, user=jane, prices=["6"], method="door", language="en")
    [(text, codes)] = _read(booking_pdf(booking))
    assert "Price to pay" in text
    assert "€6.00" in text
    assert "To pay at the door" in text
    assert codes == [booking.tickets.get().code]


def test_it_leaves_out_a_cancelled_ticket(paid_booking):
    free, paid = _tickets(paid_booking)
    cancel_ticket(free)
    pages = _read(booking_pdf(paid_booking))
    assert len(pages) == 1
    [(text, codes)] = pages
    assert codes == [paid.code]
    assert "2026-000002" in text
    assert "2026-000001" not in text


def test_it_names_the_programme_and_each_of_its_films(
    venue, small_room, make_screening, make_film, make_member
):
    films = [
        make_film("Daguerréotypes", directors="Agnès Varda", year=1975),
        make_film("Salut les Cubains", directors="Agnès Varda", year=1963),
    ]
    screening = make_screening(
        dt.date(2026, 11, 20),
        "18:30",
        room=small_room,
        films=films,
        title="Carte blanche à Agnès Varda",
        title_en="Agnès Varda, a carte blanche",
    )
    jane = make_member("jane", language="en")
    booking, _ = book(screening, user=jane, prices=["0"], language="en")
    [(text, _codes)] = _read(booking_pdf(booking))
    assert "Agnès Varda, a carte blanche" in text
    assert "Daguerréotypes (Agnès Varda, 1975)" in text
    assert "Salut les Cubains (Agnès Varda, 1963)" in text
    assert "Friday 20 November 2026, 18:30" in text
    assert "Petite salle" in text


def test_it_is_an_a6_page(paid_booking):
    page = PdfReader(io.BytesIO(booking_pdf(paid_booking))).pages[0]
    # 105 × 148 mm in PDF points.
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (298, 420)


def test_the_tickets_module_gives_the_qr_code_as_svg_too():
    assert qr_svg("abc").startswith("<svg ")
