"""Fixtures for the till: a till, an open session, the bar's products, a screening
starting soon; and for the journal's tests: messages in English, the folder of anchors,
a journal of six entries, a closing written straight into the journal."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone, translation

from clef.boxoffice import journal, sessions
from clef.boxoffice.models import Closing, JournalEntry, Product, Till
from clef.boxoffice.sales import Order, sell


@pytest.fixture
def till(venue):
    return Till.objects.create(venue=venue, name="Caisse du hall")


@pytest.fixture
def till_session(till, cashier):
    return sessions.open_session(till, cashier=cashier, opening_float="100")


@pytest.fixture
def drink(venue):
    return Product.objects.create(
        venue=venue,
        name="Limonade",
        name_en="Lemonade",
        price=Decimal("2.50"),
        vat_rate=Decimal("5.50"),
    )


@pytest.fixture
def beer(venue):
    return Product.objects.create(
        venue=venue, name="Bière", name_en="Beer", price=Decimal("4.00"), vat_rate=Decimal("20.00")
    )


@pytest.fixture
def tonight(make_screening, venue):
    """A published screening starting in 30 minutes."""
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=30), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"))


# --- the journal -------------------------------------------------------------------------
@pytest.fixture
def in_english():
    """The journal's messages checked as their msgids (``usefixtures("in_english")``)."""
    with translation.override("en"):
        yield


@pytest.fixture
def anchors(settings):
    """The folder of the anchors beside the key: each test has its own (the root conftest)."""
    return Path(settings.CLEF_JOURNAL_ANCHOR_DIR)


@pytest.fixture
def write_journal(venue, till_session, tonight, drink, beer, cashier):
    """``write_journal()``: entry 1 opens the session (``till_session``), entries 2 to 6
    are five sales. Returns the venue's entries by number."""

    def write():
        sell(
            till_session,
            Order(screening=tonight, prices=["6"]),
            method="cash",
            tendered="10",
            by=cashier,
        )
        sell(
            till_session,
            Order(screening=tonight, prices=["0", "5"], products={drink: 1}),
            method="card",
            by=cashier,
        )
        sell(till_session, Order(screening=tonight, prices=["8"]), method="card", by=cashier)
        sell(till_session, Order(products={drink: 2, beer: 1}), method="cash", by=cashier)
        sell(till_session, Order(screening=tonight, prices=["4"]), method="card", by=cashier)
        return {e.sequence: e for e in JournalEntry.objects.filter(venue=venue)}

    return write


@pytest.fixture
def entries(write_journal, anchors, django_capture_on_commit_callbacks):
    """The six entries of ``write_journal`` as the server writes them: the anchor beside
    the key follows each commit."""
    with django_capture_on_commit_callbacks(execute=True):
        made = write_journal()
    return made


@pytest.fixture
def record_closing(venue):
    """``record_closing(last)``: a day's closing of entries 1 to ``last`` with nothing to
    sum, written straight into the journal and the closings' table (not by
    ``closings.close_day``). Returns the closing."""

    def record(last):
        with transaction.atomic():
            entry = journal.append(venue, JournalEntry.Kind.CLOSING, {"kind": "day", "total": "0"})
            return Closing.objects.create(
                venue=venue,
                kind=Closing.Kind.DAY,
                period_start=venue.local_date(),
                period_end=venue.local_date(),
                first_sequence=1,
                last_sequence=last,
                total=Decimal("0.00"),
                cumulative=Decimal("0.00"),
                entry=entry,
            )

    return record


@pytest.fixture
def as_cashier(client, cashier):
    client.force_login(cashier)
    return client
