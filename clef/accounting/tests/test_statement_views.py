"""The statement's page, its PDF and CSV (live and of each version) and its send button:
who may, what they see, what is refused."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from clef.accounting.models import DistributorStatement, StatementSending

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.date(2025, 11, 19)
FRIDAY = dt.date(2025, 11, 21)


def fr(message, context=None, **values):
    """``message`` as the French catalogue has it (the msgid while it is not compiled)."""
    with translation.override("fr"):
        text = translation.pgettext(context, message) if context else translation.gettext(message)
    return text % values if values else text


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(f"accounting:{name}", args=args)


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def holder(make_holder):
    return make_holder("Survivance", email="programmation@example.org")


@pytest.fixture
def wanda(make_screening, sell, agree, holder):
    screening = make_screening(WEDNESDAY, "20:00")
    sell(screening, "10")
    agree(screening, holder=holder, rate="50")
    return screening


@pytest.fixture
def as_treasurer(client, treasurer):
    client.force_login(treasurer)
    return client


def page_url(holder, day=WEDNESDAY):
    return url("distributor_statement", holder.pk, day.isoformat())


def send_url(holder, day=WEDNESDAY):
    return url("send_statement", holder.pk, day.isoformat())


# --- who may ---------------------------------------------------------------------------
def test_a_visitor_is_sent_to_sign_in(client, holder, wanda):
    for response in (client.get(page_url(holder)), client.post(send_url(holder))):
        assert response.status_code == 302
        assert "?next=" in response["Location"]
    assert not StatementSending.objects.exists()


def test_a_programmer_may_neither_read_nor_send(client, programmer, holder, wanda):
    client.force_login(programmer)
    assert client.get(page_url(holder)).status_code == 403
    assert client.post(send_url(holder)).status_code == 403
    assert not DistributorStatement.objects.exists()


def test_sending_is_post_only_and_needs_the_csrf_token(treasurer, holder, wanda):
    client = Client(enforce_csrf_checks=True)
    client.force_login(treasurer)
    assert client.get(send_url(holder)).status_code == 405
    assert client.post(send_url(holder)).status_code == 403
    assert not DistributorStatement.objects.exists()


# --- the page --------------------------------------------------------------------------
def test_another_day_of_the_week_redirects_to_its_first_day(as_treasurer, holder, wanda):
    response = as_treasurer.get(page_url(holder, FRIDAY))
    assert response.status_code == 302
    assert response["Location"] == page_url(holder, WEDNESDAY)


def test_a_week_to_come_and_a_malformed_date_are_refused(as_treasurer, holder, venue):
    future = venue.local_date() + dt.timedelta(days=8)
    assert as_treasurer.get(page_url(holder, future)).status_code == 400
    response = as_treasurer.get(url("distributor_statement", holder.pk, "2025-13-40"))
    assert response.status_code == 400
    assert response.context["refused"].code == "bad_date"


def test_the_page_shows_the_live_figures_and_the_send_button(as_treasurer, holder, wanda):
    response = as_treasurer.get(page_url(holder))
    assert response.status_code == 200
    live = response.context["live"]
    [row] = live["rows"]
    assert (row["receipts"], row["vat"], row["tsa"], row["portion"], row["owed"]) == (
        Decimal("10.00"),
        Decimal("0.52"),
        Decimal("1.07"),
        Decimal("8.41"),
        Decimal("4.21"),
    )
    html = response.content.decode()
    assert fr("Send to %(email)s", email="programmation@example.org") in html
    assert url("distributor_statement_pdf", holder.pk, "2025-11-19") in html
    assert url("distributor_statement_csv", holder.pk, "2025-11-19") in html
    assert "4,21\u00a0€" in html
    assert fr("Not sent yet.") in html


def test_a_holder_without_email_gets_a_link_to_the_back_office(
    as_treasurer, holder, wanda, make_holder
):
    holder.email = ""
    holder.save()
    html = as_treasurer.get(page_url(holder)).content.decode()
    assert fr("This rights holder has no email address: the statement cannot be sent.") in html
    assert f'href="/gestion/accounting/rightsholder/{holder.pk}/change/"' in html
    assert "<button" not in html.split('class="statement-send"')[1].split("</section>")[0]


def test_the_page_stays_at_a_fixed_number_of_queries(
    as_treasurer, holder, wanda, make_screening, sell, agree, django_assert_max_num_queries
):
    as_treasurer.post(send_url(holder))
    with django_assert_max_num_queries(14) as few:
        as_treasurer.get(page_url(holder))
    queries = len(few.captured_queries)
    for day in range(1, 6):
        for hour in ("14:00", "18:00", "21:00"):
            screening = make_screening(WEDNESDAY + dt.timedelta(days=day), hour)
            sell(screening, "5", "0")
            agree(screening, holder=holder)
    as_treasurer.post(send_url(holder))
    with django_assert_max_num_queries(queries):
        response = as_treasurer.get(page_url(holder))
    assert len(response.context["live"]["rows"]) == 16


# --- sending ---------------------------------------------------------------------------
def test_a_treasurer_sends_and_sees_the_log(
    as_treasurer, holder, wanda, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_treasurer.post(send_url(holder, FRIDAY), follow=True)
    assert response.redirect_chain == [(page_url(holder), 302)]
    html = response.content.decode()
    assert (
        fr(
            "Sent to %(email)s: version %(version)s of the statement.",
            email="programmation@example.org",
            version=1,
        )
        in html
    )
    [sending] = StatementSending.objects.all()
    assert sending.statement.version == 1
    assert "programmation@example.org" in html.split('class="statement-sending"')[1]
    assert len(mailoutbox) == 1 and len(mailoutbox[0].attachments) == 2


def test_after_a_change_the_page_warns_of_the_next_version(as_treasurer, holder, wanda, sell):
    as_treasurer.post(send_url(holder))
    response = as_treasurer.get(page_url(holder))
    assert response.context["changed"] is False
    sell(wanda, "10")
    response = as_treasurer.get(page_url(holder))
    assert response.context["changed"] is True
    assert (
        fr(
            "The figures have changed since version %(version)s was sent: sending will "
            "make version %(next)s.",
            version=1,
            next=2,
        )
        in response.content.decode()
    )


def test_sending_with_nothing_to_send_is_a_400_and_writes_nothing(as_treasurer, holder, venue):
    response = as_treasurer.post(send_url(holder))
    assert response.status_code == 400
    assert response.context["refused"].code == "nothing"
    assert not DistributorStatement.objects.exists()


# --- documents -------------------------------------------------------------------------
def test_the_live_pdf_is_in_the_readers_language(as_treasurer, holder, wanda):
    response = as_treasurer.get(
        url("distributor_statement_pdf", holder.pk, "2025-11-19", language="en")
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Statement of receipts: Survivance" in text
    assert "Live figures: not sent." in text
    assert "€4.21" in text


def test_the_live_csv_is_utf8_with_a_bom(as_treasurer, holder, wanda):
    response = as_treasurer.get(url("distributor_statement_csv", holder.pk, "2025-11-19"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(f"\ufeff{fr('week from')};".encode())
    terms = fr("Percentage of the distributor base")
    assert response.content.decode("utf-8-sig").splitlines()[1].endswith(f";{terms};50,00;;4,21")


def test_each_version_keeps_its_own_documents(as_treasurer, holder, wanda, sell):
    as_treasurer.post(send_url(holder))
    sell(wanda, "10")
    as_treasurer.post(send_url(holder))
    v1, v2 = DistributorStatement.objects.order_by("version")
    old = pdf_text(as_treasurer.get(url("statement_version_pdf", v1.pk, language="en")))
    new = pdf_text(as_treasurer.get(url("statement_version_pdf", v2.pk, language="en")))
    assert "Version 1" in old and "Share owed to Survivance: €4.21" in old
    assert "Version 2" in new and "Share owed to Survivance: €8.41" in new
    csv = as_treasurer.get(url("statement_version_csv", v1.pk)).content.decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("2025-11-19;Survivance;1;")
    assert csv.splitlines()[1].endswith(";4,21")
