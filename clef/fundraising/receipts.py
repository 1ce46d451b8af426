"""Tax receipts (Cerfa 11580): issuing, cancelling and replacing, numbering.

- Numbered without a gap per legal body and per year: the number is taken in the
  caller's transaction under the series' row lock (``venues.numbering``, the series
  ``receipt-<body>``), so a rolled-back receipt gives its number back and two issued at
  once never share one.
- Issued when a gift is paid (``issue_for_gift``, the donor chose a receipt per gift), or
  once a year for a donor's gifts of that year (``issue_year``, the donor's choice; run
  by ``clef issue_receipts <year>``: safe to run twice, a gift already on a receipt is
  left out).
- Never edited: ``cancel`` marks a receipt cancelled and issues a new one with a new
  number that points to it (``replaces``), for the same gifts, with the donor's name
  and address as corrected.
- Memberships give no receipt: only ``Gift`` rows are receipted.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.fundraising.models import Gift, Receipt
from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.lib.refusals import Refused
from clef.venues.numbering import last_number, take_numbers
from clef.venues.queries import current_venue_or_none

LONGEST_REASON = 300


class ReceiptRefused(Refused):
    """A receipt that cannot be issued or cancelled; nothing was written."""


def series(body):
    return f"receipt-{body.pk}"


def next_number(body, year):
    """The next receipt number of ``body`` in ``year``; in the caller's transaction."""
    return take_numbers(_venue(), series(body), year)


def issued_count(body, year):
    return last_number(_venue(), series(body), year)


def _venue():
    venue = current_venue_or_none()
    if venue is None:
        raise ReceiptRefused("no_venue", _("No venue is set up yet."))
    return venue


def year_of(moment):
    return timezone.localtime(moment).year


def receiptable(gift):
    """Whether a paid gift can be on a receipt: paid, with its donor's name and address."""
    return (
        gift.status == Gift.Status.PAID
        and gift.donor_name.strip() != ""
        and gift.donor_address.strip() != ""
        and gift.receipt_when != Gift.ReceiptWhen.NONE
    )


def _on_receipt(gifts):
    return Receipt.objects.filter(gifts__in=gifts, status=Receipt.Status.ISSUED).exists()


def _payment_methods(gifts):
    """What the receipt says of how the money came: cash, cheque, card or transfer."""
    found = []
    for gift in gifts:
        if gift.method == Gift.Method.TILL and gift.sale_line_id:
            method = gift.sale_line.sale.method
            ways = ["cash", "card"] if method == "split" else [method]
        elif gift.method == Gift.Method.ONLINE:
            ways = ["card"]
        elif gift.method == Gift.Method.TILL:
            ways = ["cash"]
        else:
            ways = [gift.method]
        found.extend(way for way in ways if way not in found)
    return ",".join(found)


def _built(body, year, number, gifts, kind, *, by, replaces=None, name=None, address=None):
    """A receipt for ``gifts`` (not saved)."""
    first = gifts[0]
    days = [timezone.localdate(g.paid_at) for g in gifts]
    return Receipt(
        body=body,
        year=year,
        number=number,
        kind=kind,
        donor=first.donor,
        donor_name=name if name is not None else first.donor_name,
        donor_address=address if address is not None else first.donor_address,
        donor_kind=first.donor_kind,
        siren=first.siren,
        amount=sum((g.amount for g in gifts), Decimal("0.00")),
        first_gift_on=min(days),
        last_gift_on=max(days),
        methods=_payment_methods(gifts),
        issued_at=timezone.now(),
        issued_by=by,
        replaces=replaces,
    )


def _issued(receipt, gifts, *, by):
    """What follows a receipt saved: logged, emailed (the copy emailed is the original:
    every download after it is a duplicate). Returns whether it was emailed."""
    log_action(
        "fundraising.receipt.issued",
        by=by,
        obj=receipt,
        receipt=receipt.pk,
        number=receipt.numbered,
        body=receipt.body_id,
        amount=receipt.amount,
        replaces=receipt.replaces_id,
    )
    emailed = _send(receipt, gifts[0])
    if emailed:
        receipt.prints = 1
    return emailed


def _make(body, year, gifts, kind, *, by, replaces=None, name=None, address=None):
    number = next_number(body, year)
    receipt = _built(
        body, year, number, gifts, kind, by=by, replaces=replaces, name=name, address=address
    )
    receipt.save()
    receipt.gifts.set(gifts)
    if _issued(receipt, gifts, by=by):
        Receipt.objects.filter(pk=receipt.pk).update(prints=1)
    return receipt


def _send(receipt, gift):
    """Email the receipt with its PDF, after the commit, in the donor's language."""
    email = gift.donor_email or (gift.donor.email if gift.donor_id else "")
    if not email:
        return False
    from clef.fundraising.receipts_pdf import receipt_pdf

    language = _language_of(gift.donor)
    pk = receipt.pk

    def attachments():
        return [(f"recu-{receipt.numbered}.pdf", receipt_pdf(receipt), "application/pdf")]

    send_mail_on_commit(
        "fundraising/emails/receipt",
        {"receipt": receipt, "gift": gift, "pk": pk},
        to=email,
        language=language,
        attachments=_Lazy(attachments),
    )
    return True


class _Lazy:
    """Attachments made when the mail is sent (after the commit), not before."""

    def __init__(self, make):
        self.make = make

    def __iter__(self):
        return iter(self.make())


def _language_of(user):
    person = getattr(user, "person", None) if user is not None else None
    return getattr(person, "language", None) or "fr"


@transaction.atomic
def issue_for_gift(gift, *, by=None):
    """The receipt of one paid gift, if its donor asked for one per gift; None else.
    Idempotent: a gift already on an issued receipt gets no second one."""
    gift = (
        Gift.objects.select_for_update(of=("self",)).select_related("body", "donor").get(pk=gift.pk)
    )
    if gift.receipt_when != Gift.ReceiptWhen.EACH or not receiptable(gift):
        return None
    if _on_receipt([gift]):
        return None
    return _make(gift.body, year_of(gift.paid_at), [gift], Receipt.Kind.SINGLE, by=by)


def donor_key(gift):
    """Who a yearly receipt is for: the account, or the name, address and SIREN typed."""
    if gift.donor_id:
        return ("user", gift.donor_id, gift.donor_kind)
    return ("typed", gift.donor_name.strip().casefold(), gift.donor_address.strip(), gift.siren)


def waiting_for_year(body, year):
    """The paid gifts of ``year`` to ``body`` whose donor chose one receipt a year and
    that no issued receipt covers yet, grouped by donor, in a stable order."""
    first = timezone.make_aware(dt.datetime(year, 1, 1))
    last = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    gifts = (
        Gift.objects.filter(
            body=body,
            status=Gift.Status.PAID,
            paid_at__gte=first,
            paid_at__lt=last,
            receipt_when=Gift.ReceiptWhen.YEARLY,
        )
        .exclude(donor_name="")
        .exclude(donor_address="")
        .exclude(receipts__status=Receipt.Status.ISSUED)
        .select_related("donor", "sale_line__sale")
        .order_by("paid_at", "pk")
    )
    groups = defaultdict(list)
    for gift in gifts:
        groups[donor_key(gift)].append(gift)
    return list(groups.values())


CHUNK = 500


def issue_year(body, year, *, by=None):
    """Issue ``body``'s yearly receipts of ``year``: one per donor who chose so, for the
    year's gifts not on a receipt yet. By chunks of ``CHUNK`` donors, each in its own
    transaction with its numbers taken at once (a long run stopped halfway keeps what it
    made; running again finishes it, and issues nothing twice). Returns the receipts."""
    if year > timezone.localdate().year:
        raise ReceiptRefused(
            "year_not_begun", _("The year %(year)s has not begun.") % {"year": year}
        )
    groups = waiting_for_year(body, year)
    made = []
    for start in range(0, len(groups), CHUNK):
        made += _issue_chunk(body, year, groups[start : start + CHUNK], by=by)
    log_action("fundraising.receipts.year_issued", by=by, body=body.pk, year=year, count=len(made))
    return made


@transaction.atomic
def _issue_chunk(body, year, groups, *, by):
    pks = [gift.pk for gifts in groups for gift in gifts]
    still = set(
        Gift.objects.select_for_update()
        .filter(pk__in=pks, status=Gift.Status.PAID)
        .values_list("pk", flat=True)
    )
    on_receipt = set(
        Receipt.gifts.through.objects.filter(
            gift_id__in=pks, receipt__status=Receipt.Status.ISSUED
        ).values_list("gift_id", flat=True)
    )
    groups = [g for g in groups if all(x.pk in still and x.pk not in on_receipt for x in g)]
    if not groups:
        return []
    first = take_numbers(_venue(), series(body), year, len(groups))
    made = Receipt.objects.bulk_create(
        _built(body, year, first + i, gifts, Receipt.Kind.YEARLY, by=by)
        for i, gifts in enumerate(groups)
    )
    Receipt.gifts.through.objects.bulk_create(
        Receipt.gifts.through(receipt_id=receipt.pk, gift_id=gift.pk)
        for receipt, gifts in zip(made, groups, strict=True)
        for gift in gifts
    )
    emailed = [r.pk for r, gifts in zip(made, groups, strict=True) if _issued(r, gifts, by=by)]
    Receipt.objects.filter(pk__in=emailed).update(prints=1)
    return made


@transaction.atomic
def cancel(receipt, *, reason, by, name=None, address=None):
    """Cancel ``receipt`` and issue its replacement (a new number, the same gifts), with
    the donor's ``name`` and ``address`` as corrected when given. Returns the new one."""
    receipt = (
        Receipt.objects.select_for_update(of=("self",)).select_related("body").get(pk=receipt.pk)
    )
    reason = (reason or "").strip()
    if receipt.status != Receipt.Status.ISSUED:
        raise ReceiptRefused(
            "already_cancelled",
            _("Receipt %(number)s is cancelled already.") % {"number": receipt.numbered},
        )
    if not reason or len(reason) > LONGEST_REASON:
        raise ReceiptRefused(
            "reason_needed",
            _("Say why the receipt is cancelled, in at most %(count)s characters.")
            % {"count": LONGEST_REASON},
        )
    name = name.strip() if name else None
    address = address.strip() if address else None
    if (name is not None and len(name) > 200) or (address is not None and len(address) > 500):
        raise ReceiptRefused("too_long", _("The name or the address is too long."))
    receipt.status = Receipt.Status.CANCELLED
    receipt.cancelled_at = timezone.now()
    receipt.cancel_reason = reason
    receipt.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    log_action(
        "fundraising.receipt.cancelled",
        by=by,
        obj=receipt,
        receipt=receipt.pk,
        number=receipt.numbered,
        reason=reason,
    )
    gifts = list(receipt.gifts.select_related("donor", "sale_line__sale").order_by("paid_at"))
    # The replacement is numbered in the year it is issued, as a new receipt is.
    year = timezone.localdate().year
    return _make(
        receipt.body,
        year,
        gifts,
        receipt.kind,
        by=by,
        replaces=receipt,
        name=name or receipt.donor_name,
        address=address or receipt.donor_address,
    )


@transaction.atomic
def withdraw(receipt, *, reason, by):
    """Cancel ``receipt`` with no replacement: its gift was given back. Gifts it covered
    that still stand get a new receipt."""
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    if receipt.status != Receipt.Status.ISSUED:
        return None
    receipt.status = Receipt.Status.CANCELLED
    receipt.cancelled_at = timezone.now()
    receipt.cancel_reason = reason[:LONGEST_REASON]
    receipt.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    log_action(
        "fundraising.receipt.withdrawn", by=by, obj=receipt, receipt=receipt.pk, reason=reason
    )
    left = list(
        receipt.gifts.filter(status=Gift.Status.PAID)
        .select_related("donor", "sale_line__sale")
        .order_by("paid_at")
    )
    if not left:
        return None
    return _make(
        receipt.body, timezone.localdate().year, left, receipt.kind, by=by, replaces=receipt
    )


@transaction.atomic
def count_print(receipt):
    """Count a download; the second and later are duplicates. Returns whether this one
    is a duplicate."""
    locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
    locked.prints += 1
    locked.save(update_fields=["prints"])
    receipt.prints = locked.prints
    return locked.prints > 1
