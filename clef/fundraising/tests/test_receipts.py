"""Receipts: issued when a gift is paid or once a year, numbered without a gap per body
and year, never edited (cancelled and replaced), the PDF's every mention, duplicates."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext, override
from pypdf import PdfReader

from clef.audit.models import Action
from clef.fundraising import receipts
from clef.fundraising.models import Gift, LegalBody, Receipt
from clef.fundraising.receipts_pdf import receipt_pdf

ADDRESS = "12 rue des Écoles\n75005 Paris"


@pytest.fixture
def named(make_gift, venue):
    def make(amount, name="Jeanne Durand", *, when="each", **fields):
        fields.setdefault("donor_address", ADDRESS)
        return make_gift(amount, name=name, receipt_when=when, **fields)

    return make


def fr(msgid):
    """What the receipt (always in French) prints for ``msgid``: its French once the
    catalogue has it, the msgid before."""
    with override("fr"):
        return gettext(msgid)


def text_of(pdf):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_gift_paid_gets_the_next_number_of_its_body_and_year(named, fund):
    first = receipts.issue_for_gift(named("50"))
    second = receipts.issue_for_gift(named("20", "Paul Martin"))
    year = timezone.localdate().year
    assert (first.year, first.number, second.number) == (year, 1, 2)
    assert second.numbered == f"{year}-00002"
    assert first.amount == Decimal("50.00")
    assert list(first.gifts.all()) == list(Gift.objects.filter(amount=50))


def test_a_gift_on_a_receipt_gets_no_second_one(named):
    gift = named("50")
    assert receipts.issue_for_gift(gift) is not None
    assert receipts.issue_for_gift(gift) is None
    assert Receipt.objects.count() == 1


def test_a_gift_without_an_address_or_not_paid_gets_no_receipt(named):
    assert receipts.issue_for_gift(named("50", donor_address="")) is None
    assert receipts.issue_for_gift(named("50", status="pending")) is None
    assert receipts.issue_for_gift(named("50", when="yearly")) is None
    assert Receipt.objects.count() == 0


def test_each_body_numbers_its_own_receipts(named, fund, venue):
    association = LegalBody.objects.create(
        kind=LegalBody.Kind.ASSOCIATION, name="La Clef Revival", address="34 rue Daubenton"
    )
    receipts.issue_for_gift(named("50"))
    other = Gift.objects.create(
        body=association,
        amount=Decimal("30"),
        method="cheque",
        status="paid",
        paid_at=timezone.now(),
        donor_name="Paul Martin",
        donor_address=ADDRESS,
    )
    assert receipts.issue_for_gift(other).number == 1


def test_the_years_receipts_group_each_donors_gifts_once(named, fund):
    last_year = timezone.localdate().year - 1
    jan = timezone.make_aware(dt.datetime(last_year, 1, 15, 12))
    oct_ = timezone.make_aware(dt.datetime(last_year, 10, 3, 12))
    named("30", when="yearly", paid_at=jan)
    named("45.50", when="yearly", paid_at=oct_)
    named("10", "Paul Martin", when="yearly", paid_at=oct_)
    named("99", when="each", paid_at=oct_)  # has its own receipt: not in the year's
    made = receipts.issue_year(fund, last_year)
    assert sorted((r.donor_name, r.amount) for r in made) == [
        ("Jeanne Durand", Decimal("75.50")),
        ("Paul Martin", Decimal("10.00")),
    ]
    jeanne = next(r for r in made if r.donor_name == "Jeanne Durand")
    assert (jeanne.first_gift_on, jeanne.last_gift_on) == (jan.date(), oct_.date())
    assert jeanne.kind == Receipt.Kind.YEARLY
    assert sorted(r.number for r in made) == [1, 2]
    # Run again: nothing more.
    assert receipts.issue_year(fund, last_year) == []
    assert Receipt.objects.count() == 2


def test_cancelling_keeps_the_receipt_and_issues_a_new_number_pointing_to_it(named, treasurer):
    old = receipts.issue_for_gift(named("50", "Jeane Durant"))
    new = receipts.cancel(old, reason="Nom mal écrit", by=treasurer, name="Jeanne Durand")
    old.refresh_from_db()
    assert (old.status, old.donor_name, old.cancel_reason) == (
        Receipt.Status.CANCELLED,
        "Jeane Durant",
        "Nom mal écrit",
    )
    assert (new.number, new.replaces, new.donor_name, new.amount) == (
        2,
        old,
        "Jeanne Durand",
        Decimal("50.00"),
    )
    assert list(new.gifts.all()) == list(old.gifts.all())
    assert Action.objects.filter(name="fundraising.receipt.cancelled").count() == 1
    text = text_of(receipt_pdf(old))
    assert fr("CANCELLED") in text
    assert fr("Replaced by receipt %(number)s.") % {"number": new.numbered} in text
    replaces = fr("This receipt replaces receipt %(number)s, cancelled.")
    assert replaces % {"number": old.numbered} in text_of(receipt_pdf(new))


def test_it_refuses_to_cancel_twice_or_without_a_reason(named, treasurer):
    receipt = receipts.issue_for_gift(named("50"))
    with pytest.raises(receipts.ReceiptRefused) as refused:
        receipts.cancel(receipt, reason="  ", by=treasurer)
    assert refused.value.code == "reason_needed"
    receipts.cancel(receipt, reason="Erreur", by=treasurer)
    with pytest.raises(receipts.ReceiptRefused) as refused:
        receipts.cancel(receipt, reason="Encore", by=treasurer)
    assert refused.value.code == "already_cancelled"
    assert Receipt.objects.count() == 2


def test_the_pdf_holds_every_mention_of_the_cerfa(named, fund):
    gift = named("71.01", method="cheque")
    receipt = receipts.issue_for_gift(gift)
    text = text_of(receipt_pdf(receipt))
    for mention in [
        fr("Cerfa no. 11580"),
        fr("Receipt for gifts to certain organisations of general interest"),
        f"{fr('Receipt number')} : {receipt.numbered}",
        f"{fr('Beneficiary')} : Cinéma Revival",
        f"{fr('Address')} : 4 rue Champollion 75005 Paris",
        f"{fr('Object')} : Acquérir et préserver le cinéma La Clef.",
        fr("Endowment fund (law of 4 August 2008, article 140)"),
        f"{fr('Donor')} : Jeanne Durand",
        f"{fr('Donor' + chr(39) + 's address')} : 12 rue des Écoles 75005 Paris",
        "***71,01\u00a0€***",
        f"{fr('Amount in words')} : soixante et onze euros et un centime",
        f"{fr('Date of the gift')} : ",
        f"{fr('Form of the gift')} : {fr('Declaration of a gift by hand')}",
        f"{fr('Nature of the gift')} : {fr('Money')}",
        f"{fr('Payment method')} : {fr('Cheque')}",
        f"{fr('Tax code articles')} : 200, 238 bis et 978 du code général des impôts",
        "Camille Martin, Présidente",
    ]:
        assert mention in text, mention
    assert fr("DUPLICATE") not in text
    assert fr("DUPLICATE") in text_of(receipt_pdf(receipt, duplicate=True))


def test_a_company_receipt_names_its_siren(named):
    gift = named("500", "Librairie du Quartier SARL", donor_kind="company", siren="123456789")
    text = text_of(receipt_pdf(receipts.issue_for_gift(gift)))
    assert "Librairie du Quartier SARL (SIREN 123456789)" in text


def test_the_receipt_is_emailed_with_its_pdf_and_the_email_copy_is_the_original(
    named, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = receipts.issue_for_gift(named("50", donor_email="jeanne@example.org"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jeanne@example.org"]
    assert receipt.numbered in message.subject
    ((name, content, kind),) = message.attachments
    assert (name, kind) == (f"recu-{receipt.numbered}.pdf", "application/pdf")
    assert "Jeanne Durand" in text_of(content)
    receipt.refresh_from_db()
    assert receipt.prints == 1
    assert receipts.count_print(receipt) is True


def test_a_name_outside_windows_1252_is_drawn_with_the_embedded_font(named):
    receipt = receipts.issue_for_gift(named("30", "Пётр Иванов"))
    assert "Пётр Иванов" in text_of(receipt_pdf(receipt))


def test_the_years_receipts_print_as_one_pdf_a_page_each(named):
    made = [receipts.issue_for_gift(named(str(10 + i), f"Donateur {i}")) for i in range(3)]
    from clef.fundraising.receipts_pdf import receipts_pdf

    pages = PdfReader(io.BytesIO(receipts_pdf(made, title="2026"))).pages
    assert len(pages) == 3
    assert [f"Donateur {i}" in page.extract_text() for i, page in enumerate(pages)] == [True] * 3
