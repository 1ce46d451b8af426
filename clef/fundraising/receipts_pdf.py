"""A tax receipt as a PDF, with every mention of the Cerfa 11580 model: the body that
receives (name, address, object, kind), the receipt's number, the donor (name, address;
a company's SIREN), the amount in figures and in words, the date (or the first and last
day of a year's gifts), the form and nature of the gift, the payment method, the article
of the tax code, the signer's name and role and the signature.

A receipt is a French tax document: always drawn in French, whatever the reader's
language. A copy printed again says "duplicate"; a cancelled one says so and names the
receipt that replaces it; a replacement names the one it replaces."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF
from fpdf.fonts import CoreFont

from clef.fundraising.models import Receipt
from clef.fundraising.receipts_words import in_words
from clef.lib import pdf as doc
from clef.lib import pdf_text
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


def receipt_pdf(receipt, *, duplicate=False, signature=None):
    """The receipt as PDF bytes. ``signature``: the body's signature image as bytes,
    read once by a caller drawing many receipts."""
    with override(LANGUAGE):
        blocks = _blocks(receipt, duplicate=duplicate)
        core = _fits_core(blocks)
        title = _("Tax receipt %(number)s · %(body)s") % {
            "number": receipt.numbered,
            "body": receipt.body.name,
        }
        pdf = _document(title, receipt.body, core)
        _page(pdf, blocks, core, receipt.body, signature)
        return doc.as_bytes(pdf)


def receipts_pdf(receipts, *, title):
    """Many receipts in one PDF, a page each (the year's, to print or archive)."""
    receipts = list(receipts)
    if not receipts:
        return None
    with override(LANGUAGE):
        pages = [_blocks(receipt, duplicate=False) for receipt in receipts]
        core = all(_fits_core(blocks) for blocks in pages)
        pdf = _document(title, receipts[0].body, core)
        signatures = {}
        for receipt, blocks in zip(receipts, pages, strict=True):
            body = receipt.body
            if body.pk not in signatures:
                signatures[body.pk] = signature_bytes(body)
            _page(pdf, blocks, core, body, signatures[body.pk])
        return doc.as_bytes(pdf)


# --- what a receipt says, as blocks: (text, size, bold, grey, space before) -------------
def _blocks(receipt, *, duplicate):
    body = receipt.body
    blocks = [
        (_("Cerfa no. 11580"), 8, False, True, 0),
        (_("Receipt for gifts to certain organisations of general interest"), 13, True, False, 2),
        (
            _("Articles 200, 238 bis and 978 of the French general tax code (CGI)"),
            9,
            False,
            True,
            1,
        ),
    ]
    if duplicate:
        blocks.append((_("DUPLICATE"), 14, True, False, 2))
    if receipt.status == Receipt.Status.CANCELLED:
        blocks.append((_("CANCELLED"), 14, True, False, 2))
        replacement = Receipt.objects.filter(replaces=receipt).first()
        if replacement is not None:
            text = _("Replaced by receipt %(number)s.") % {"number": replacement.numbered}
            blocks.append((text, 9.5, False, False, 0))
    if receipt.replaces_id:
        text = _("This receipt replaces receipt %(number)s, cancelled.") % {
            "number": receipt.replaces.numbered
        }
        blocks.append((text, 9.5, False, False, 1))
    for i, (label, value) in enumerate(mentions(receipt)):
        blocks.append((f"{label} : {value}", 10, False, False, 3 if i == 0 else 0.6))
    certify = _(
        "The beneficiary certifies on its honour that the gifts it receives give the "
        "right to the tax reduction of articles %(article)s."
    ) % {"article": body.article or "200, 238 bis, 978"}
    blocks.append((certify, 9.5, False, False, 4))
    place = body.address.strip().splitlines()[-1] if body.address.strip() else ""
    issued = timezone.localdate(receipt.issued_at)
    made = _("Made in %(place)s on %(date)s") % {
        "place": place,
        "date": doc.short_date(issued),
    }
    blocks.append((made, 10, False, False, 5))
    blocks.append((f"{body.signer_name}, {body.signer_role}", 10, True, False, 1))
    return blocks


# --- drawing -----------------------------------------------------------------------------
# Most receipts are written in Windows-1252 (French, and "€", "Œ", "’"): those are drawn
# with the PDF's own Helvetica, nothing embedded, a few milliseconds each; a receipt with
# any other character (a name in Cyrillic, say) with the embedded DejaVu fonts.
CORE = "Helvetica"
CORE_ENCODING = "windows-1252"
WIDTH, HEIGHT, MARGIN = 210, 297, 18


def _fits_core(blocks):
    try:
        "".join(text for text, *_rest in blocks).encode(CORE_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _document(title, body, core):
    if core:
        pdf = FPDF(orientation="P", unit="mm", format=(WIDTH, HEIGHT))
        pdf.core_fonts_encoding = CORE_ENCODING
        pdf.set_auto_page_break(False)
        pdf.c_margin = 0
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_title(title)
        pdf.set_lang(LANGUAGE)
        pdf.set_creator("clef")
        pdf.set_author(body.name)
        return pdf
    pdf = doc.new_document(
        width=WIDTH, height=HEIGHT, title=title, language=LANGUAGE, author=body.name
    )
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    return pdf


def _page(pdf, blocks, core, body, signature):
    family = CORE if core else doc.SANS
    pdf.add_page()
    pdf.set_xy(MARGIN, MARGIN)
    width = WIDTH - 2 * MARGIN
    for text, size, bold, grey, space in blocks:
        pdf.set_font(family, "B" if bold else "", size)
        pdf.set_text_color(*(doc.GREY if grey else doc.BLACK))
        height = size * doc.PT * 1.3
        y = pdf.get_y() + space
        for line in _wrapped(pdf, text, width):
            if y + height > HEIGHT - MARGIN:
                pdf.add_page()
                y = MARGIN
            pdf.set_xy(MARGIN, y)
            pdf_text.line(pdf, width, height, line, "L")  # as pdf.cell draws it, faster
            y += height
        pdf.set_y(y)
    if signature is None:
        signature = signature_bytes(body)
    if signature:
        if pdf.get_y() + 25 > HEIGHT - MARGIN:
            pdf.add_page()
        pdf.image(io.BytesIO(signature), x=MARGIN, y=pdf.get_y() + 2, w=SIGNATURE_WIDTH)


def _units(font, text):
    """``text``'s width in a core font's units (thousandths of an em), a whole number:
    a line's is the sum of its words' and spaces'."""
    return sum(font.cw.get(c, 0) for c in text.encode(CORE_ENCODING).decode("latin-1"))


def _width(pdf, text):
    """``text``'s width in the current font: from the core font's widths directly (the
    same figure as ``get_string_width``, without its per-call cost), else fpdf2's."""
    font = pdf.current_font
    if isinstance(font, CoreFont):
        return _in_mm(pdf, _units(font, text))
    return pdf.get_string_width(text)


def _in_mm(pdf, units):
    return units * pdf.font_size_pt / 1000 / pdf.k


def _wrapped(pdf, text, width):
    """``text`` in lines that fit ``width``, broken between words (a word wider than the
    line goes alone on its line, set as it is). In a core font each word is measured
    once, the line's width kept as it grows."""
    if _width(pdf, text) <= width:
        return [text]
    font = pdf.current_font
    if not isinstance(font, CoreFont):
        return _wrapped_measuring(pdf, text, width)
    space = _units(font, " ")
    lines, line, units = [], "", 0
    for word in text.split(" "):
        size = _units(font, word)
        if line and _in_mm(pdf, units + space + size) > width:
            lines.append(line)
            line, units = word, size
        elif line:
            line, units = f"{line} {word}", units + space + size
        else:
            line, units = word, size
    lines.append(line)
    return lines


def _wrapped_measuring(pdf, text, width):
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and _width(pdf, candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return lines


def signature_bytes(body):
    """The body's signature image, or b"" when it has none or its file is gone (the
    receipt is still made; the signer's name and role are printed)."""
    if not body.signature:
        return b""
    try:
        with body.signature.open("rb") as image:
            return image.read()
    except (OSError, ValueError):
        return b""
