"""A tax receipt as a PDF, with every mention of the Cerfa 11580 model: the body that
receives (name, address, object, kind), the receipt's number, the donor (name, address;
a company's SIREN), the amount in figures and in words, the date (or the first and last
day of a year's gifts), the form and nature of the gift, the payment method, the article
of the tax code, the signer's name and role and the signature.

A receipt is a French tax document: always drawn in French, whatever the reader's
language. A copy printed again says "duplicate"; a cancelled one says so and names the
receipt that replaces it; a replacement names the one it replaces."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from clef.fundraising.models import Receipt
from clef.fundraising.receipts_words import in_words
from clef.lib import pdf as doc
from clef.lib.money import format_euros

LANGUAGE = "fr"
SIGNATURE_WIDTH = 45


def method_labels():
    return {
        "cash": _("Cash"),
        "cheque": _("Cheque"),
        "card": _("Card"),
        "transfer": _("Bank transfer"),
    }


def body_kind(body):
    return {
        "association": _("Association of general interest (law of 1 July 1901)"),
        "endowment_fund": _("Endowment fund (law of 4 August 2008, article 140)"),
    }.get(body.kind, body.get_kind_display())


def mentions(receipt, *, duplicate=False):
    """What the receipt says, as (label, value) pairs in order; the PDF draws them and
    the tests read them back."""
    body = receipt.body
    labels = method_labels()
    methods = ", ".join(str(labels.get(m, m)) for m in receipt.methods.split(",") if m)
    if receipt.first_gift_on == receipt.last_gift_on:
        when = doc.short_date(receipt.first_gift_on)
    else:
        when = _("from %(first)s to %(last)s") % {
            "first": doc.short_date(receipt.first_gift_on),
            "last": doc.short_date(receipt.last_gift_on),
        }
    donor = receipt.donor_name
    if receipt.siren:
        donor = _("%(name)s (SIREN %(siren)s)") % {"name": donor, "siren": receipt.siren}
    rows = [
        (_("Receipt number"), f"{receipt.numbered}"),
        (_("Beneficiary"), body.name),
        (_("Address"), " ".join(body.address.split())),
        (_("Object"), body.object),
        (_("Kind of body"), body_kind(body)),
    ]
    if body.rna:
        rows.append((_("RNA number"), body.rna))
    if body.siren:
        rows.append((_("SIREN"), body.siren))
    rows += [
        (_("Donor"), donor),
        (_("Donor's address"), " ".join(receipt.donor_address.split())),
        (_("Amount"), f"***{format_euros(receipt.amount)}***"),
        (_("Amount in words"), in_words(receipt.amount)),
        (_("Date of the gift"), when),
        (_("Form of the gift"), _("Declaration of a gift by hand")),
        (_("Nature of the gift"), _("Money")),
        (_("Payment method"), methods),
        (_("Tax code articles"), body.article),
    ]
    return rows


def receipt_pdf(receipt, *, duplicate=False):
    """The receipt as PDF bytes."""
    with override(LANGUAGE):
        return _draw(receipt, duplicate=duplicate)


def _draw(receipt, *, duplicate):
    body = receipt.body
    sheet = doc.Sheet(
        title=_("Tax receipt %(number)s · %(body)s")
        % {"number": receipt.numbered, "body": body.name},
        language=LANGUAGE,
        author=body.name,
    )
    sheet.line(_("Cerfa no. 11580"), size=8, color=doc.GREY)
    sheet.heading(_("Receipt for gifts to certain organisations of general interest"))
    sheet.note(
        _("Articles 200, 238 bis and 978 of the French general tax code (CGI)"), color=doc.GREY
    )
    if duplicate:
        sheet.line(_("DUPLICATE"), size=14, bold=True)
    if receipt.status == Receipt.Status.CANCELLED:
        sheet.line(_("CANCELLED"), size=14, bold=True)
        replacement = Receipt.objects.filter(replaces=receipt).first()
        if replacement is not None:
            sheet.note(_("Replaced by receipt %(number)s.") % {"number": replacement.numbered})
    if receipt.replaces_id:
        sheet.note(
            _("This receipt replaces receipt %(number)s, cancelled.")
            % {"number": receipt.replaces.numbered}
        )
    sheet.space(2)
    for label, value in mentions(receipt):
        sheet.line(f"{label} : {value}")
    sheet.space(3)
    sheet.note(
        _(
            "The beneficiary certifies on its honour that the gifts it receives give the "
            "right to the tax reduction of articles %(article)s."
        )
        % {"article": body.article or "200, 238 bis, 978"}
    )
    sheet.space(4)
    place = body.address.strip().splitlines()[-1] if body.address.strip() else ""
    issued = timezone.localdate(receipt.issued_at)
    sheet.line(
        _("Made in %(place)s on %(date)s") % {"place": place, "date": doc.short_date(issued)}
    )
    sheet.line(f"{body.signer_name}, {body.signer_role}", bold=True)
    _signature(sheet, body)
    return sheet.output()


def _signature(sheet, body):
    if not body.signature:
        return
    try:
        with body.signature.open("rb") as image:
            sheet.pdf.image(image, x=sheet.MARGIN, y=sheet.y + 2, w=SIGNATURE_WIDTH)
    except (OSError, ValueError):
        # A signature file gone missing must not stop the receipt: it says so instead.
        sheet.note(_("(signature missing)"))
