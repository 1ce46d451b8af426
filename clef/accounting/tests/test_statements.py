"""A rights holder's weekly statement: its figures to the cent, its versions (a statement
sent is never changed), the email with its PDF and CSV, and what is refused."""

import datetime as dt
import io
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from django.utils.text import slugify
from pypdf import PdfReader

from clef.accounting import statement_exports as exports
from clef.accounting import statements
from clef.accounting.figures import AccountingRefused
from clef.accounting.models import DistributorStatement, StatementSending
from clef.lib.timezones import local_to_utc

pytestmark = pytest.mark.django_db

D = Decimal
WEDNESDAY = dt.date(2025, 11, 19)  # a past cinema week: 19 to 25 November 2025
LATER = local_to_utc(dt.date(2025, 12, 1), dt.time(10, 0), "Europe/Paris")


@pytest.fixture
def week(venue):
    return venue.week_of(WEDNESDAY)


@pytest.fixture
def holder(make_holder):
    return make_holder("Survivance", email="programmation@example.org", language="fr")


@pytest.fixture
def wanda(make_screening, make_film, sell, agree, holder):
    """Wednesday 20:00, one 10 € ticket, 50 % to Survivance."""
    film = make_film("Wanda", visa_number="36912")
    screening = make_screening(WEDNESDAY, "20:00", films=[film])
    sell(screening, "10")
    agree(screening, holder=holder, rate="50")
    return screening


def fr(message, context=None, **values):
    """``message`` as the French catalogue has it (the msgid while it is not compiled)."""
    with translation.override("fr"):
        text = translation.pgettext(context, message) if context else translation.gettext(message)
    return text % values if values else text


def text_of(pdf_bytes):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


def send(venue, holder, week, by):
    return statements.send(venue, holder, week, by=by, now=LATER)


def test_it_works_out_a_50_percent_agreement_on_10_euros_to_the_cent(venue, week, holder, wanda):
    content = statements.statement_content(venue, holder, week, now=LATER)
    [row] = content["rows"]
    assert row["starts_at"] == "2025-11-19T20:00:00+01:00"
    assert (row["date"], row["time"], row["room"]) == ("2025-11-19", "20:00", "Grande salle")
    assert (row["film"], row["visa"], row["version"]) == ("Wanda", "36912", "vost")
    assert (row["admissions"], row["paid"], row["free"]) == (1, 1, 0)
    assert (row["receipts"], row["vat"], row["tsa"]) == ("10.00", "0.52", "1.07")
    assert (row["distributor_base"], row["portion"], row["owed"]) == ("8.41", "8.41", "4.21")
    assert row["terms"] == {
        "kind": "percentage",
        "rate": "50.00",
        "amount": None,
        "text": {"fr": fr("%(rate)s %%", rate="50"), "en": "50 %"},
    }
    assert content["week"] == {"start": "2025-11-19", "end": "2025-11-25", "provisional": False}
    assert content["totals"]["owed"] == "4.21"
    assert content["totals"]["receipts"] == "10.00"


def test_it_owes_a_flat_fee_whatever_was_taken(venue, week, holder, make_screening, sell, agree):
    screening = make_screening(WEDNESDAY + dt.timedelta(days=1), "18:00")
    sell(screening, "10", "5", "0")
    agree(screening, holder=holder, kind="flat_fee", amount="150")
    [row] = statements.statement_content(venue, holder, week, now=LATER)["rows"]
    assert (row["admissions"], row["paid"], row["free"]) == (3, 2, 1)
    assert (row["receipts"], row["vat"], row["tsa"], row["portion"]) == (
        "15.00",
        "0.78",
        "1.61",
        "12.61",
    )
    assert row["owed"] == "150.00"
    assert row["terms"]["text"]["fr"] == fr("flat fee %(amount)s", amount="150,00\u00a0€")
    assert row["terms"]["text"]["en"] == "flat fee €150.00"


def test_a_minimum_guarantee_applies_when_the_percentage_is_below_it(
    venue, week, holder, make_screening, sell, agree
):
    poor = make_screening(WEDNESDAY, "14:00")
    sell(poor, "10")
    agree(poor, holder=holder, kind="minimum_guarantee", rate="35", amount="3")
    rich = make_screening(WEDNESDAY, "20:00")
    sell(rich, *["10"] * 3)
    agree(rich, holder=holder, kind="minimum_guarantee", rate="35", amount="3")
    content = statements.statement_content(venue, holder, week, now=LATER)
    # 35 % of 8.41 is 2.94: the minimum, 3.00. 35 % of 25.22 (30 € taken) is 8.83.
    assert [(r["portion"], r["owed"]) for r in content["rows"]] == [
        ("8.41", "3.00"),
        ("25.22", "8.83"),
    ]
    assert content["totals"]["owed"] == "11.83"


def test_a_programme_of_shorts_lists_only_the_holders_films(
    venue, week, holder, make_holder, make_film, make_screening, sell, agree
):
    first, second, third = (
        make_film("Un", runtime=10),
        make_film("Deux", runtime=20),
        make_film("Trois", runtime=30),
    )
    screening = make_screening(WEDNESDAY, "20:00", films=[first, second, third])
    sell(screening, *["10"] * 6)
    other = make_holder("Light Cone", email="")
    agree(screening, first, holder=holder)
    agree(screening, second, holder=other)
    agree(screening, third, holder=holder)
    content = statements.statement_content(venue, holder, week, now=LATER)
    # 60 €: VAT 3.13, TSA 6.43, base 50.44, split 10/20/30 minutes: 8.41, 16.81, 25.22.
    assert [(r["film"], r["portion"], r["owed"]) for r in content["rows"]] == [
        ("Un", "8.41", "4.21"),
        ("Trois", "25.22", "12.61"),
    ]
    assert content["totals"] == {
        "screenings": 1,
        "admissions": 6,
        "paid": 6,
        "free": 0,
        "receipts": "60.00",
        "vat": "3.13",
        "tsa": "6.43",
        "portion": "33.63",
        "owed": "16.82",
    }


def test_times_carry_the_offset_of_their_day_across_the_change_of_clocks(
    venue, holder, make_screening, sell, agree
):
    """Clocks went back on Sunday 26 October 2025, inside the week of the 22nd."""
    for day in (dt.date(2025, 10, 25), dt.date(2025, 10, 26)):
        screening = make_screening(day, "20:00")
        sell(screening, "10")
        agree(screening, holder=holder)
    content = statements.statement_content(
        venue, holder, venue.week_of(dt.date(2025, 10, 22)), now=LATER
    )
    assert [r["starts_at"] for r in content["rows"]] == [
        "2025-10-25T20:00:00+02:00",
        "2025-10-26T20:00:00+01:00",
    ]


def test_other_weeks_and_other_holders_are_left_out(
    venue, week, holder, wanda, make_holder, make_screening, sell, agree
):
    before = make_screening(WEDNESDAY - dt.timedelta(days=1), "20:00")  # previous week
    sell(before, "10")
    agree(before, holder=holder)
    theirs = make_screening(WEDNESDAY, "16:00")
    sell(theirs, "10")
    agree(theirs, holder=make_holder("Capricci"))
    rows = statements.statement_content(venue, holder, week, now=LATER)["rows"]
    assert [r["screening"] for r in rows] == [wanda.pk]


def test_the_content_is_read_in_a_fixed_number_of_queries(
    venue, week, holder, wanda, make_screening, sell, agree, django_assert_num_queries
):
    for hour in ("14:00", "16:00", "18:00"):
        other = make_screening(WEDNESDAY + dt.timedelta(days=2), hour)
        sell(other, "5", "0")
        agree(other, holder=holder)
    with django_assert_num_queries(4):
        content = statements.statement_content(venue, holder, week, now=LATER)
    assert len(content["rows"]) == 4


# --- versions and sendings -------------------------------------------------------------
def test_sending_twice_unchanged_keeps_one_version_and_logs_both_sendings(
    venue, week, holder, wanda, treasurer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send(venue, holder, week, treasurer)
        second = send(venue, holder, week, treasurer)
    assert first.statement == second.statement
    assert first.statement.version == 1
    assert first.statement.total == D("4.21")
    assert StatementSending.objects.filter(statement=first.statement).count() == 2
    assert (second.to, second.language, second.sent_by) == (
        "programmation@example.org",
        "fr",
        treasurer,
    )


def test_a_later_ticket_makes_version_2_and_version_1_is_kept_as_sent(
    venue, week, holder, wanda, sell, treasurer
):
    v1 = send(venue, holder, week, treasurer).statement
    sell(wanda, "10")
    v2 = send(venue, holder, week, treasurer).statement
    assert (v1.version, v2.version) == (1, 2)
    assert (v2.total, v2.content["totals"]["receipts"]) == (D("8.41"), "20.00")
    v1.refresh_from_db()
    assert (v1.total, v1.content["totals"]["receipts"]) == (D("4.21"), "10.00")
    old = text_of(exports.pdf(v1.content, statement=v1))
    assert "Version 1" in old and "4,21\u00a0€" in old and "8,41\u00a0€" in old  # base 8.41
    assert "Version 2" in text_of(exports.pdf(v2.content, statement=v2))
    assert DistributorStatement.objects.filter(holder=holder).count() == 2


def test_a_corrected_agreement_makes_a_new_version(venue, week, holder, wanda, treasurer):
    send(venue, holder, week, treasurer)
    agreement = wanda.rights_agreements.get()
    agreement.rate = D("40")
    agreement.save()
    v2 = send(venue, holder, week, treasurer).statement
    assert (v2.version, v2.total) == (2, D("3.36"))  # 40 % of 8.41


def test_the_email_carries_the_pdf_and_the_csv_in_french(
    venue, week, holder, wanda, treasurer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(venue, holder, week, treasurer)
    [mail] = mailoutbox
    assert mail.to == ["programmation@example.org"]
    assert mail.subject == fr(
        "%(venue)s: statement of receipts for the week of %(day)s",
        venue="La Clef",
        day="19 novembre 2025",
    )
    assert "4,21\u00a0€" in mail.body
    (pdf_name, pdf, pdf_type), (csv_name, csv, csv_type) = mail.attachments
    stem = slugify(fr("statement", "file name"))  # "releve"
    assert (pdf_name, pdf_type) == (f"{stem}-survivance-2025-11-19-v1.pdf", "application/pdf")
    assert (csv_name, csv_type) == (f"{stem}-survivance-2025-11-19-v1.csv", "text/csv")
    assert fr("Statement of receipts: %(holder)s", holder="Survivance") in text_of(pdf)
    assert csv.startswith(f"\ufeff{fr('week from')};{fr('rights holder')};")
    assert csv.splitlines()[1].endswith(";4,21")  # a decimal comma in French


def test_the_email_is_in_english_for_an_english_speaking_holder(
    venue, week, holder, wanda, treasurer, mailoutbox, django_capture_on_commit_callbacks
):
    holder.language = "en"
    holder.save()
    with django_capture_on_commit_callbacks(execute=True):
        sending = send(venue, holder, week, treasurer)
    assert sending.language == "en"
    [mail] = mailoutbox
    assert mail.subject == "La Clef: statement of receipts for the week of 19 November 2025"
    assert "€4.21" in mail.body
    pdf_name, pdf, _type = mail.attachments[0]
    assert pdf_name == "statement-survivance-2025-11-19-v1.pdf"
    text = text_of(pdf)
    assert "Statement of receipts: Survivance" in text and "€4.21" in text


def test_the_csv_is_in_the_readers_language_with_iso_dates(venue, week, holder, wanda, treasurer):
    statement = send(venue, holder, week, treasurer).statement
    with translation.override("en"):
        lines = exports.csv(statement.content, statement=statement).decode("utf-8-sig")
    assert lines.splitlines()[1] == (
        "2025-11-19;Survivance;1;2025-11-19;20:00;Grande salle;Wanda;36912;"
        "Original version, subtitled;1;1;0;10.00;0.52;1.07;10.72;8.41;8.41;"
        "Percentage of the distributor base;50.00;;4.21"
    )
    with translation.override("fr"):
        lines = exports.csv(statement.content, statement=statement).decode("utf-8-sig")
    assert lines.splitlines()[1] == (
        f"2025-11-19;Survivance;1;2025-11-19;20:00;Grande salle;Wanda;36912;"
        f"{fr('Original version, subtitled')};1;1;0;10,00;0,52;1,07;10,72;8,41;8,41;"
        f"{fr('Percentage of the distributor base')};50,00;;4,21"
    )


# --- refusals: nothing written, no email -----------------------------------------------
def refused(venue, holder, week, by, mailoutbox, capture):
    with capture(execute=True), pytest.raises(AccountingRefused) as error:
        send(venue, holder, week, by)
    assert not DistributorStatement.objects.exists()
    assert not StatementSending.objects.exists()
    assert mailoutbox == []
    return error.value


def test_it_refuses_a_holder_without_email(
    venue, week, holder, wanda, treasurer, mailoutbox, django_capture_on_commit_callbacks
):
    holder.email = ""
    holder.save()
    error = refused(venue, holder, week, treasurer, mailoutbox, django_capture_on_commit_callbacks)
    assert error.code == "no_email"
    assert error.message == fr(
        "%(holder)s has no email address: add one before sending the statement.",
        holder="Survivance",
    )


def test_it_refuses_a_week_not_begun(
    venue, holder, treasurer, mailoutbox, django_capture_on_commit_callbacks
):
    future = venue.week_of(dt.date(2025, 12, 3))  # after LATER
    error = refused(
        venue, holder, future, treasurer, mailoutbox, django_capture_on_commit_callbacks
    )
    assert error.code == "future_week"


def test_it_refuses_a_week_with_nothing_for_the_holder(
    venue,
    week,
    holder,
    treasurer,
    mailoutbox,
    make_screening,
    sell,
    agree,
    make_holder,
    django_capture_on_commit_callbacks,
):
    screening = make_screening(WEDNESDAY, "20:00")
    sell(screening, "10")
    agree(screening, holder=make_holder("Capricci"))
    error = refused(venue, holder, week, treasurer, mailoutbox, django_capture_on_commit_callbacks)
    assert error.code == "nothing"


# --- two sends at once -----------------------------------------------------------------
def test_a_version_number_is_taken_once(venue, week, holder, wanda, treasurer):
    statement = send(venue, holder, week, treasurer).statement
    with pytest.raises(IntegrityError), transaction.atomic():
        DistributorStatement.objects.create(
            venue=venue,
            holder=holder,
            week_start=week.start,
            version=1,
            content=statement.content,
            total=statement.total,
        )


def test_a_send_that_meets_another_reuses_its_version(
    venue, week, holder, wanda, treasurer, monkeypatch
):
    """The second of two sends at once did not see the first's version when it looked:
    the unique version number refuses its copy, and it reads and reuses the first's."""
    first = send(venue, holder, week, treasurer).statement
    real_latest = statements._latest
    calls = []

    def stale_then_real(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_latest(*args)

    monkeypatch.setattr(statements, "_latest", stale_then_real)
    second = send(venue, holder, week, treasurer).statement
    assert second == first
    assert len(calls) == 2
    assert DistributorStatement.objects.count() == 1
    assert StatementSending.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_make_one_version(
    venue, holder, make_film, make_screening, sell, agree, treasurer
):
    if connection.vendor == "sqlite":
        pytest.skip("threads need a database they can share: PostgreSQL (or tests/concurrency)")
    week = venue.week_of(WEDNESDAY)
    screening = make_screening(WEDNESDAY, "20:00")
    sell(screening, "10")
    agree(screening, holder=holder)
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait(timeout=30)
            results.append(send(venue, holder, week, treasurer).statement.pk)
        except BaseException as error:  # reported below
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1, results
    assert DistributorStatement.objects.count() == 1
    assert StatementSending.objects.count() == 2
