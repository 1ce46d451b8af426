"""Issue 17's leftovers at the till: the sale's own page asks before undoing, as the
screen does (the same dialog, and without JavaScript the question on the page first);
the screenings the till lists are the ones its check-in takes, the evening's earlier
ones included."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from clef.boxoffice import sales, till_reads
from clef.boxoffice.models import Sale, TillSession
from clef.boxoffice.sales import Order
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def url(name, *args, lang="fr"):
    with translation.override(lang):
        return reverse(f"boxoffice:{name}", args=args)


def said(message, lang="fr"):
    with translation.override(lang):
        return escape(translation.gettext(message))


def at(venue, make_screening, minutes, **fields):
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=minutes), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"), **fields)


# --- the sale's page asks before undoing -------------------------------------------------
def test_the_sale_page_asks_before_undoing_and_confirming_undoes(
    as_cashier, till_session, tonight, cashier
):
    sale, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5"]), method="card", by=cashier
    )
    page = as_cashier.get(url("sale", sale.code)).content.decode()
    # A link that asks, the till's dialog for JavaScript; no form that undoes at once
    # outside the dialog.
    assert f'href="{url("sale", sale.code)}?annuler=1" data-undo-ask' in page
    dialog = re.search(r"<dialog class=\"till-undo-ask\" data-undo-dialog.*?</dialog>", page, re.S)
    assert dialog and f'action="{url("undo", sale.code)}"' in dialog[0]
    assert page.count(f'action="{url("undo", sale.code)}"') == 1
    # Without JavaScript: the question on the page, nothing undone.
    asked = as_cashier.get(url("sale", sale.code), {"annuler": "1"}).content.decode()
    assert said("Undo this sale?") in asked
    assert 'role="alertdialog"' in asked and "data-undo-confirm autofocus" in asked
    assert f'href="{url("sale", sale.code)}"' in asked  # "No, keep it"
    assert "data-undo-ask" not in asked
    assert not Sale.objects.filter(reverses=sale).exists()
    assert sale.lines.get().ticket.status != Ticket.Status.CANCELLED
    # Confirming undoes.
    done = as_cashier.post(url("undo", sale.code))
    assert done.status_code == 303
    assert Sale.objects.filter(reverses=sale).exists()


def test_a_sale_no_longer_undoable_asks_nothing(as_cashier, till_session, tonight, cashier):
    first, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5"]), method="card", by=cashier
    )
    sales.sell(till_session, Order(screening=tonight, prices=["6"]), method="card", by=cashier)
    page = as_cashier.get(url("sale", first.code), {"annuler": "1"}).content.decode()
    assert said("Undo this sale?") not in page
    assert url("undo", first.code) not in page


# --- one rule for the screenings offered ---------------------------------------------------
def test_an_earlier_screening_listed_is_one_the_check_in_takes(
    as_cashier, till, till_session, venue, make_screening
):
    TillSession.objects.filter(pk=till_session.pk).update(
        opened_at=timezone.now() - dt.timedelta(hours=3)
    )
    early = at(venue, make_screening, -120)
    page = as_cashier.get(url("till", till.pk)).content.decode()
    assert f'id="till-screening-{early.pk}"' in page
    answer = as_cashier.post(
        url("checkin", till.pk), {"screening": early.pk, "raw": "999999"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert said("Choose the screening first.") not in answer
    # Both ask the same rule.
    session = TillSession.objects.get(pk=till_session.pk)
    assert early.pk in [s.pk for s in till_reads.offered(venue, session)]


def test_a_screening_not_listed_is_not_checked_in(
    as_cashier, till, till_session, venue, make_screening
):
    # The session opened now: a screening of three hours ago is neither listed nor taken.
    old = at(venue, make_screening, -180)
    page = as_cashier.get(url("till", till.pk)).content.decode()
    assert f'id="till-screening-{old.pk}"' not in page
    answer = as_cashier.post(
        url("checkin", till.pk), {"screening": old.pk, "raw": "999999"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert said("Choose the screening first.") in answer
