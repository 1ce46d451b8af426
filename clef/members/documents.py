"""A membership card as a PDF the size of a bank card, in the member's language, with
the QR code the door reads; and the attestation of membership (A4), which proves one
joined and paid, and says it is no tax receipt."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from clef.lib import pdf as doc
from clef.lib.money import format_euros
from clef.members.models import Membership, Person

WIDTH, HEIGHT = 85.6, 53.98  # ISO/IEC 7810 ID-1, in millimetres
MARGIN = 4
QR_SIZE = 27


def card_pdf(membership):
    """The card of ``membership`` as bytes."""
    language = _language_of(membership.person)
    venue = membership.venue
    with override(language):
        pdf = doc.new_document(
            width=WIDTH,
            height=HEIGHT,
            title=_("Membership card · %(venue)s") % {"venue": venue.name},
            language=language,
            author=venue.name,
        )
        pdf.add_page()
        _card(pdf, membership, venue)
        return doc.as_bytes(pdf)


def _language_of(user):
    if user is None:
        return "fr"
    try:
        return user.person.language
    except Person.DoesNotExist:
        return "fr"


def _card(pdf, membership, venue):
    left, width = MARGIN, WIDTH - 2 * MARGIN
    y = doc.write(pdf, left, MARGIN, width, venue.name, size=10, bold=True)
    title = _("Membership card, season %(season)s") % {"season": membership.season}
    y = doc.write(pdf, left, y, width, title, size=7, color=doc.GREY)
    doc.rule(pdf, y + 1, x1=left, x2=WIDTH - MARGIN)

    top = y + 3
    column = width - QR_SIZE - 3
    name = _holder(membership.person)
    y = top
    if name:
        y = doc.write_block(
            pdf,
            left,
            y,
            column,
            name,
            size=10.5,
            min_size=8,
            max_lines=2,
            bold=True,
            family=doc.CONDENSED,
        )
    y = _field(pdf, left, y + 1, column, _("Number"), str(membership))
    rows = []
    if membership.starts_on and membership.ends_on:
        rows.append((_("Valid from"), doc.short_date(membership.starts_on)))
        rows.append((_("Valid until"), doc.short_date(membership.ends_on)))
    rows.append((_("Amount"), format_euros(membership.amount)))
    y = _rows(pdf, left, y + 1, column, rows)
    if membership.status != Membership.Status.PAID:
        status = str(Membership.Status(membership.status).label)
        doc.write(pdf, left, y + 0.5, column, status, size=7, bold=True)
    doc.draw_qr(pdf, membership.code, x=WIDTH - MARGIN - QR_SIZE, y=top - 1, size=QR_SIZE)

    address = f"{venue.street}, {venue.postcode} {venue.city}"
    doc.write(pdf, left, HEIGHT - MARGIN - 3, width, address, size=6, color=doc.GREY)


def _field(pdf, x, y, width, label, value, *, size=9):
    y = doc.write(pdf, x, y, width, label, size=5.5, color=doc.GREY)
    return doc.write(pdf, x, y, width, value, size=size, bold=True)


def _rows(pdf, x, y, width, rows):
    """Labels and their values, one pair a line, the values aligned."""
    pdf.set_font(doc.SANS, "", 5.5)
    label_width = max(pdf.get_string_width(label) for label, _value in rows) + 1.5
    for label, value in rows:
        doc.write(pdf, x, y + 0.4, label_width, label, size=5.5, color=doc.GREY)
        y = doc.write(pdf, x + label_width, y, width - label_width, value, size=7, bold=True)
    return y


def _holder(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def attestation_pdf(membership):
    """The attestation of a paid ``membership`` as bytes: the association, the member,
    the season, the validity, the amount and the day it was paid. A membership that opens
    the screenings is no gift: the attestation says so, and gives no tax reduction."""
    language = _language_of(membership.person)
    venue = membership.venue
    with override(language):
        sheet = doc.Sheet(
            title=_("Attestation of membership · %(venue)s") % {"venue": venue.name},
            language=language,
            author=venue.name,
        )
        sheet.line(venue.name, size=13, bold=True)
        sheet.line(f"{venue.street}, {venue.postcode} {venue.city}", size=9, color=doc.GREY)
        sheet.space(6)
        sheet.heading(_("Attestation of membership"), size=15)
        sheet.space(2)
        name = _holder(membership.person) or _("the holder of card %(number)s") % {
            "number": membership
        }
        sheet.note(
            _(
                "The association of %(venue)s certifies that %(name)s is a member for the "
                "season %(season)s, under number %(number)s."
            )
            % {"venue": venue.name, "name": name, "season": membership.season, "number": membership}
        )
        sheet.space(3)
        rows = [[_("Number"), str(membership)], [_("Season"), str(membership.season)]]
        if membership.starts_on and membership.ends_on:
            rows.append([_("Valid from"), doc.long_date(membership.starts_on)])
            rows.append([_("Valid until"), doc.long_date(membership.ends_on)])
        rows.append([_("Membership paid"), format_euros(membership.amount)])
        if membership.paid_at:
            paid_on = timezone.localtime(membership.paid_at, venue.zone).date()
            rows.append([_("Paid on"), doc.long_date(paid_on)])
        for label, value in rows:
            sheet.line(_("%(label)s: %(value)s") % {"label": label, "value": value})
        sheet.space(6)
        sheet.note(
            _(
                "This attestation is not a tax receipt: a membership that gives access to the "
                "screenings gives no right to a tax reduction."
            ),
            size=8.5,
            color=doc.GREY,
        )
        return sheet.output()
