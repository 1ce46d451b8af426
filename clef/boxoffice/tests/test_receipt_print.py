"""A sale's receipt on the till's 80 mm printer: what it says, read back from its PDF and
its page; the first print is the original, later ones say "duplicate" with their number
and are recorded; only the sale's cashier (or a treasurer) prints it. The sale's tickets
on the same roll, with the cinema's name."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from clef.audit.models import Action
from clef.boxoffice.models import JournalEntry
from clef.boxoffice.receipt_documents import REPRINTED
from clef.boxoffice.sales import Order, sell

pytestmark = pytest.mark.django_db

# Monday 16 November 2026, 20:05 in Paris.
NOW = dt.datetime(2026, 11, 16, 19, 5, tzinfo=dt.UTC)
MM = 72 / 25.4  # PDF points in a millimetre


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sale(till_session, tonight, drink, beer, cashier, settings):
    settings.CLEF_VENUE_SIRET = "123 456 789 00012"
    cashier.first_name, cashier.last_name = "Camille", "Durand"
    cashier.save()
    made, _ = sell(
        till_session,
        Order(screening=tonight, prices=["6"], products={drink: 2, beer: 1}),
        method="cash",
        tendered="20",
        by=cashier,
    )
    return made


def url(name, sale, lang="en"):
    with translation.override(lang):
        return reverse(f"boxoffice:{name}", args=[sale.code])


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def page_text(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def signature_start(sale):
    signature = JournalEntry.objects.get(sale=sale).signature[:16].upper()
    return " ".join(signature[i : i + 4] for i in range(0, 16, 4))


def test_the_receipt_pdf_is_80_mm_wide_and_says_what_a_receipt_must(client, cashier, sale):
    client.force_login(cashier)
    response = client.get(url("receipt_pdf", sale))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width) / MM) == 80
    entry = JournalEntry.objects.get(sale=sale)
    for mention in (
        "La Clef",
        "34 rue Daubenton",
        "75005 Paris",
        "SIRET 123 456 789 00012",
        "16 November 2026, 20:05",
        "Till: Caisse du hall · Cashier: Camille",
        "2 × Limonade",
        "€5.00",
        "Bière",
        "€4.00",
        "Total €15.00",
        "Paid by Cash €15.00",
        "Cash given €20.00",
        "Change given €5.00",
        f"Sale no. {sale.code}",
        f"Journal entry no. {entry.sequence}",
        f"Signature: {signature_start(sale)}",
    ):
        assert mention in text, text
    # VAT by rate: 11 € at 5.5 % (0.57 € of VAT), 4 € at 20 % (0.67 €).
    assert "VAT by rate\nRate Without VAT VAT With VAT\n" in text
    assert "\n5.5% €10.43 €0.57 €11.00\n" in text
    assert "\n20% €3.33 €0.67 €4.00\n" in text
    assert "DUPLICATE" not in text


def test_the_receipt_page_says_the_same_and_prints_on_80_mm(client, cashier, sale):
    client.force_login(cashier)
    response = client.get(url("receipt", sale))
    assert response.status_code == 200
    text = page_text(response)
    for mention in (
        "La Clef",
        "SIRET 123 456 789 00012",
        "16 November 2026, 20:05",
        "Till: Caisse du hall · Cashier: Camille",
        "2 × Limonade €5.00",
        "Total €15.00",
        "Paid by Cash €15.00",
        "Cash given €20.00",
        "Change given €5.00",
        f"Sale no. {sale.code}",
        f"Journal entry no. {JournalEntry.objects.get(sale=sale).sequence}",
        f"Signature: {signature_start(sale)}",
        "5.5% €10.43 €0.57 €11.00",
        "20% €3.33 €0.67 €4.00",
    ):
        assert mention.replace("\u00a0", " ") in text.replace("\u00a0", " "), mention
    html = response.content.decode()
    assert "clef/print80.css" in html
    assert "clef/print80.js" in html
    assert "<script>" not in html  # no inline script: the policy forbids it
    assert "DUPLICATE" not in html


def test_a_reprint_says_duplicate_with_its_number_and_is_recorded(client, cashier, sale):
    client.force_login(cashier)
    first = client.get(url("receipt", sale))
    assert "DUPLICATE" not in first.content.decode()
    second = client.get(url("receipt_pdf", sale))
    assert "DUPLICATE no. 1" in pdf_text(second.content)[1]
    third = client.get(url("receipt", sale))
    assert 'data-duplicate="2"' in third.content.decode()
    assert "DUPLICATE no. 2" in page_text(third)
    reprints = Action.objects.filter(name=REPRINTED, subject_key=sale.code).order_by("pk")
    assert [(a.data["count"], a.data["document"], a.by_id) for a in reprints] == [
        (1, "pdf", cashier.pk),
        (2, "page", cashier.pk),
    ]


def test_it_refuses_another_cashier_and_sends_a_visitor_to_sign_in(
    client, sale, other_cashier, member
):
    for name in ("receipt", "receipt_pdf", "sale_tickets_80", "sale_tickets_80_pdf"):
        client.logout()
        response = client.get(url(name, sale))
        assert response.status_code == 302
        assert "next=" in response["Location"]
        for user in (other_cashier, member):
            client.force_login(user)
            assert client.get(url(name, sale)).status_code == 403
    # Refused requests print nothing: the first print is still to come.
    assert not Action.objects.filter(subject_key=sale.code, name__contains="receipt").exists()


def test_a_treasurer_may_print_the_receipt(client, treasurer, sale):
    client.force_login(treasurer)
    assert client.get(url("receipt", sale)).status_code == 200


def test_an_unknown_sale_is_not_found(client, cashier, sale):
    client.force_login(cashier)
    assert client.get(reverse("boxoffice:receipt", args=["x" * 5000])).status_code == 404
    assert client.get(reverse("boxoffice:receipt_pdf", args=["٣٣٣"])).status_code == 404


def test_the_tickets_print_on_80_mm_with_the_cinemas_name_and_town(client, cashier, sale):
    client.force_login(cashier)
    response = client.get(url("sale_tickets_80_pdf", sale))
    assert response.status_code == 200
    reader, text = pdf_text(response.content)
    ticket = sale.lines.get(kind="ticket").ticket
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width) / MM) == 80
    assert "La Clef" in text
    assert "34 rue Daubenton, 75005 Paris" in text
    assert f"Series {ticket.series} · no. {ticket.number:06d}" in text
    assert "Price paid: €6.00" in text
    page = client.get(url("sale_tickets_80", sale))
    assert page.status_code == 200
    body = page_text(page)
    assert "La Clef" in body
    assert f"Series {ticket.series} · no. {ticket.number:06d}" in body
    assert "Price paid: €6.00" in body
    assert ticket.price == Decimal("6.00")


def test_a_split_payment_shows_its_cash_and_card_parts(client, till_session, tonight, cashier):
    made, _ = sell(
        till_session,
        Order(screening=tonight, prices=["15"]),
        method="split",
        card_part="10",
        tendered="5",
        by=cashier,
    )
    client.force_login(cashier)
    _reader, text = pdf_text(client.get(url("receipt_pdf", made)).content)
    assert "Paid by Cash €5.00" in text
    assert "Paid by Card €10.00" in text
    assert "Total €15.00" in text


def test_the_sale_page_leads_to_the_receipt_and_its_stubs_name_the_cinema(client, cashier, sale):
    client.force_login(cashier)
    page = client.get(url("sale", sale)).content.decode()
    assert url("receipt", sale) in page
    assert url("sale_tickets_80", sale) in page
    assert "<strong>La Clef</strong>, Paris" in page


def test_the_tills_tickets_pdf_is_80_mm_wide(client, cashier, sale):
    client.force_login(cashier)
    reader, text = pdf_text(client.get(url("sale_pdf", sale)).content)
    assert round(float(reader.pages[0].mediabox.width) / MM) == 80
    assert "La Clef" in text
