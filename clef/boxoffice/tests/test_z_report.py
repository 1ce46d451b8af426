"""The session's (Z) report, page and PDF: the VAT by rate, the payment methods with the
split payments' parts apart, the perpetual grand total, tickets by price, memberships,
the bar, the reversals and refunds with their reason and lines; the close page and the
report count sales alike. A cashier finds their reports on the tills' page; the
treasurer finds every session and closing from the desk."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from clef.boxoffice import documents, refunds, reports, reversals, sales, sessions
from clef.boxoffice.sales import MembershipLine, Order

pytestmark = pytest.mark.django_db

D = Decimal


def url(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


@pytest.fixture
def evening(till_session, tonight, drink, beer, cashier):
    """A split sale (two tickets 6 and 7.50 € and a membership 10 €: 20 € by card, 3.50 €
    in cash), a beer by card, two lemonades undone, a ticket at 7.50 € refunded in part;
    closed with 105 € counted."""
    split, _ = sales.sell(
        till_session,
        Order(
            screening=tonight,
            prices=["6", "7.50"],
            membership=MembershipLine(amount="10", first_name="Nina", last_name="Vidal"),
        ),
        method="split",
        card_part="20",
        by=cashier,
    )
    sales.sell(till_session, Order(products={beer: 1}), method="card", by=cashier)
    mistake, _ = sales.sell(till_session, Order(products={drink: 2}), method="cash", by=cashier)
    reversals.undo(mistake, by=cashier)
    ticket = split.lines.get(position=3)
    refunds.refund(till_session, [ticket], reason="Son coupé pendant la séance", by=cashier)
    return sessions.close_session(till_session, counts={"50.00": "2", "5.00": "1"}, by=cashier)


def pdf_text(report, language="fr"):
    content = documents.session_report_pdf(report, language=language)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_report_splits_the_tenders_and_counts_as_the_close_page(evening):
    report = reports.session_report(reports.session_for_report(evening.pk))
    # 23.50 + 4 + 5 - 5 - 7.50 = 20 €.
    assert report.total == D("20.00")
    assert [
        (m.method, m.count, m.amount, m.split_count, m.split_amount) for m in report.methods
    ] == [
        # 3.50 € cash part, 5 € of lemonades undone, 7.50 € refunded in cash.
        ("cash", 2, D("-4.00"), 1, D("3.50")),
        ("card", 2, D("24.00"), 1, D("20.00")),
    ]
    assert report.methods_total == report.total
    assert report.sales_count == 3
    # The close page's counts are the report's (one function, ``sessions.kind_of``).
    close_page = sessions.by_method(evening)
    assert close_page["cash"]["count"] == 2 and close_page["card"]["count"] == 2
    assert close_page["split"] == {"count": 1, "total": D("23.50")}
    # 100 € float + 3.50 € - 7.50 €: the lemonades came and went.
    assert report.expected == evening.expected == D("96.00")
    assert report.grand_total == D("20.00")


def test_the_pdf_reads_back_every_part_of_the_report(evening):
    report = reports.session_report(reports.session_for_report(evening.pk))
    text = pdf_text(report)
    # The VAT by rate: tickets and lemonades at 5.5 %, the beer at 20 %, the membership none.
    assert "5,5 %" in text and "20 %" in text and "0 %" in text
    # Payment methods, the split payments' parts apart.
    assert "Espèces" in text and "Carte" in text
    for amount in ("3,50", "24,00", "20,00", "96,00", "105,00", "9,00"):
        assert amount in text, amount
    # Tickets by price, the membership, the bar.
    assert "6,00" in text and "7,50" in text
    assert "Bière" in text and "Limonade" in text
    # The reversal and the refund: their reason and lines, not a bare code.
    assert "Son coupé pendant la séance" in text
    assert "Limonade × -2" in text
    assert "Wanda" in text  # the refunded ticket's line names the film
    english = pdf_text(report, language="en")
    assert "of which parts of split payments (Cash)" in english
    assert "of which parts of split payments (Card)" in english
    assert "undone by the cashier" in english
    assert "refunded: “Son coupé pendant la séance”" in english
    assert "Grand total at the close" in english


def test_the_report_page_names_the_refund_and_the_reversal(client, cashier, evening):
    client.force_login(cashier)
    page = client.get(url("boxoffice:session_report", evening.pk)).content.decode()
    assert "Son coupé pendant la séance" in page
    assert "Limonade" in page
    assert "96,00\u00a0€" in page


def test_a_cashier_finds_their_reports_on_the_tills_page(
    client, cashier, other_cashier, till, evening
):
    others = sessions.open_session(till, cashier=other_cashier, opening_float="10")
    client.force_login(cashier)
    page = client.get(url("boxoffice:tills")).content.decode()
    assert url("boxoffice:session_report", evening.pk) in page
    assert url("boxoffice:session_report", others.pk) not in page
    listed = client.get(url("boxoffice:sessions")).content.decode()
    assert url("boxoffice:session_report", evening.pk) in listed
    assert url("boxoffice:session_report", others.pk) not in listed


def test_the_treasurer_finds_every_session_and_closing_from_the_desk(
    client, treasurer, other_cashier, till, evening
):
    others = sessions.open_session(till, cashier=other_cashier, opening_float="10")
    client.force_login(treasurer)
    desk = client.get(url("accounting:index")).content.decode()
    assert url("boxoffice:sessions") in desk and url("boxoffice:closings") in desk
    listed = client.get(url("boxoffice:sessions")).content.decode()
    assert url("boxoffice:session_report", evening.pk) in listed
    assert url("boxoffice:session_report", others.pk) in listed


def test_a_member_may_not_list_the_sessions(client, member):
    client.force_login(member)
    assert client.get(url("boxoffice:sessions")).status_code == 403
