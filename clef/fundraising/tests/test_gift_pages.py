"""The pages of giving: the form, my gifts, receipts' PDFs, the treasurer's pages and
the yearly statement (page, CSV, PDF) equal to the sum of its receipts."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from clef.fundraising import gifts, receipts
from clef.fundraising.models import Gift, Receipt

pytestmark = pytest.mark.usefixtures("venue")

ADDRESS = "12 rue des Écoles\n75005 Paris"
FORM = {
    "amount": "50",
    "kind": "person",
    "name": "Jeanne Durand",
    "address": ADDRESS,
    "siren": "",
    "receipt_when": "each",
    "counterpart": "",
}


def text_of(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_form_shows_what_a_gift_costs_after_the_reduction(client, campaign):
    response = client.get(f"/en/soutenir/{campaign.slug}/donner/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "€100.00" in page and "€34.00" in page  # 100 € costs 34 €
    response = client.post(f"/en/soutenir/{campaign.slug}/donner/", {**FORM, "estimate": "1"})
    assert "A gift of €50.00 gives €33.00 of tax reduction: it costs you €17.00." in (
        response.content.decode()
    )
    assert not Gift.objects.exists()


def test_giving_asks_to_sign_in_then_sends_to_the_provider(client, campaign, member):
    response = client.post(f"/soutenir/{campaign.slug}/donner/", FORM)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert not Gift.objects.exists()
    client.force_login(member)
    response = client.post(f"/soutenir/{campaign.slug}/donner/", FORM)
    gift = Gift.objects.get()
    assert response["Location"] == f"/paiement/test/{gift.payment.code}/"
    assert (gift.donor, gift.amount, gift.donor_email) == (
        member,
        Decimal("50.00"),
        member.email,
    )


def test_a_bad_amount_is_said_on_the_form_and_writes_nothing(client, campaign, member):
    client.force_login(member)
    response = client.post(f"/en/soutenir/{campaign.slug}/donner/", {**FORM, "amount": "0"})
    assert response.status_code == 422
    assert "A gift is more than 0 €." in response.content.decode()
    assert not Gift.objects.exists()


def paid_gift(campaign, user, amount="50"):
    gift, _url = gifts.give_online(
        campaign,
        amount=amount,
        donor=gifts.Donor(name="Jeanne Durand", address=ADDRESS),
        user=user,
    )
    from clef.payments import services

    services.mark_paid(gift.payment)
    return Gift.objects.get(pk=gift.pk)


def test_my_page_shows_my_gifts_and_receipts_and_a_reprint_is_a_duplicate(client, campaign, member):
    gift = paid_gift(campaign, member)
    receipt = gift.receipts.get()
    client.force_login(member)
    page = client.get("/en/compte/dons/").content.decode()
    assert "€50.00" in page and receipt.numbered in page
    url = f"/compte/dons/recu/{receipt.code}.pdf"
    # The email was the original: every download is a duplicate.
    assert receipt.prints == 1
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    receipt.refresh_from_db()
    assert receipt.prints == 2


def test_someone_elses_receipt_is_not_found(client, campaign, member, outsider):
    receipt = paid_gift(campaign, member).receipts.get()
    client.force_login(outsider)
    assert client.get(f"/compte/dons/recu/{receipt.code}.pdf").status_code == 404
    assert client.get("/compte/dons/recu/nothing.pdf").status_code == 404
    assert outsider.username not in client.get("/en/compte/dons/").content.decode()


def test_the_treasurer_types_a_cheque_and_only_the_treasurer(
    client, campaign, fund, treasurer, member
):
    data = {
        **FORM,
        "body": fund.pk,
        "campaign": campaign.pk,
        "amount": "120",
        "method": "cheque",
        "received_on": timezone.localdate().isoformat(),
        "reference": "77",
        "email": "",
    }
    client.force_login(member)
    assert client.post("/tresorerie/dons/", data).status_code == 403
    client.force_login(treasurer)
    assert (
        client.post("/tresorerie/dons/", {**data, "received_on": "0001-01-01"}).status_code == 400
    )
    assert client.post("/tresorerie/dons/", {**data, "amount": "1.001"}).status_code == 422
    assert not Gift.objects.exists()
    response = client.post("/tresorerie/dons/", data)
    assert response.status_code == 302
    gift = Gift.objects.get()
    assert (gift.method, gift.amount, gift.created_by) == ("cheque", Decimal("120.00"), treasurer)
    page = client.get("/en/tresorerie/dons/").content.decode()
    assert "Jeanne Durand" in page and "€120.00" in page


def test_the_treasurer_cancels_and_replaces_a_receipt(client, campaign, member, treasurer):
    receipt = paid_gift(campaign, member).receipts.get()
    client.force_login(treasurer)
    url = f"/tresorerie/recus/{receipt.code}/annuler/"
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Adresse fausse", "address": "1 place X\n75001 Paris"})
    assert response.status_code == 302
    new = Receipt.objects.get(replaces=receipt)
    assert (new.number, new.donor_address) == (2, "1 place X\n75001 Paris")
    assert client.post(url, {"reason": "Encore"}).status_code == 422
    assert Receipt.objects.count() == 2


def test_the_statement_is_the_sum_of_its_receipts(client, campaign, fund, member, treasurer):
    for amount in ("50", "20.50", "100"):
        paid_gift(campaign, member, amount)
    receipts.cancel(Receipt.objects.get(number=2), reason="Erreur", by=treasurer)
    year = timezone.localdate().year
    issued = Receipt.objects.filter(body=fund, year=year, status="issued")
    assert issued.count() == 3
    total = sum(r.amount for r in issued)
    assert total == Decimal("170.50")
    client.force_login(treasurer)
    page = client.get(f"/en/tresorerie/recus/releve/{year}/").content.decode()
    assert "€170.50" in page
    csv = client.get(f"/en/tresorerie/recus/releve/{year}.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[1] == f"Cinéma Revival;901234567;{year};3;170.50;1;1–4"
    pdf = client.get(f"/en/tresorerie/recus/releve/{year}.pdf")
    assert "€170.50" in text_of(pdf.content)
    assert client.get("/tresorerie/recus/releve/99999/").status_code == 400
    client.force_login(member)
    assert client.get(f"/tresorerie/recus/releve/{year}/").status_code == 403


def test_the_treasurer_issues_the_years_receipts_from_the_page(
    client, campaign, fund, treasurer, make_gift
):
    last_year = timezone.localdate().year - 1
    paid_at = timezone.make_aware(timezone.datetime(last_year, 6, 1, 12))
    make_gift(
        "30", name="Paul Martin", donor_address=ADDRESS, receipt_when="yearly", paid_at=paid_at
    )
    client.force_login(treasurer)
    response = client.post("/tresorerie/recus/annee/", {"body": fund.pk, "year": last_year})
    assert response.status_code == 302
    assert Receipt.objects.get().amount == Decimal("30.00")
    client.post("/tresorerie/recus/annee/", {"body": fund.pk, "year": last_year})
    assert Receipt.objects.count() == 1
    page = client.get(f"/en/tresorerie/recus/?year={last_year}").content.decode()
    assert "Paul Martin" in page


def test_the_treasurers_lists_ask_as_many_queries_whatever_their_rows(
    client, campaign, member, treasurer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counted(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    paid_gift(campaign, member)
    client.force_login(treasurer)
    few = [counted(url) for url in ("/tresorerie/dons/", "/tresorerie/recus/", "/compte/dons/")]
    for amount in range(10, 30):
        paid_gift(campaign, member, str(amount))
    many = [counted(url) for url in ("/tresorerie/dons/", "/tresorerie/recus/", "/compte/dons/")]
    assert many == few
