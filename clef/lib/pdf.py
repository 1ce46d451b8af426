"""What the printed documents (tickets, membership cards) share: the fonts, the words for
money and dates in the active language, text that fits its box, and the QR code.

The fonts are DejaVu, kept in ``lib/fonts`` with their licence: the PDF core fonts know
no "€", and a fresh machine needs no font package.
"""

import io
from pathlib import Path

from django.utils import formats
from fpdf import FPDF

from clef.lib import pdf_text
from clef.lib.dates import first_of_month
from clef.lib.qr import qr_png

FONTS = Path(__file__).resolve().parent / "fonts"
SANS = "dejavu"
CONDENSED = "dejavu-condensed"
# The whole fonts, or the same cut down to the Latin characters (``scripts/latin-fonts``):
# a quarter of the time to load and embed, for the documents made on a hot path (a
# booking's tickets, the till's), made again on the whole fonts when a character is not
# in them (``latin_first``).
FULL = FONTS
LATIN = FONTS / "latin"

BLACK = (0, 0, 0)
GREY = (85, 85, 85)
PT = 0.3528  # millimetres in a typographic point


def new_document(*, width, height, title, language, author="", fonts=FULL):
    """An empty PDF of pages ``width`` × ``height`` millimetres, fonts loaded (from the
    folder ``fonts``: ``FULL`` or ``LATIN``)."""
    pdf = FPDF(orientation="P", unit="mm", format=(width, height))
    pdf.add_font(SANS, "", fonts / "DejaVuSans.ttf")
    pdf.add_font(SANS, "B", fonts / "DejaVuSans-Bold.ttf")
    pdf.add_font(CONDENSED, "B", fonts / "DejaVuSansCondensed-Bold.ttf")
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0  # text starts where the rules do
    pdf.set_margins(0, 0, 0)
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("clef")
    if author:
        pdf.set_author(author)
    return pdf


def as_bytes(pdf):
    return bytes(pdf.output())


def latin_first(make):
    """The bytes of ``make(fonts)``'s PDF, made on the ``LATIN`` fonts, or again on the
    ``FULL`` ones when it holds a character the Latin fonts lack (a name in Greek, a
    title in Cyrillic): the same document either way, faster for most."""
    pdf = make(LATIN)
    if any(getattr(font, "missing_glyphs", None) for font in pdf.fonts.values()):
        pdf = make(FULL)
    return as_bytes(pdf)


def long_date(value):
    """ "mercredi 18 novembre 2026" or "Wednesday 18 November 2026" ("1er" in French)."""
    return first_of_month(formats.date_format(value, "l j F Y"))


def short_date(value):
    """ "18 novembre 2026" or "18 November 2026" ("1er" in French)."""
    return first_of_month(formats.date_format(value, "j F Y"))


def clock(value):
    """ "20:00": cinemas print the 24-hour clock in both languages."""
    return formats.time_format(value, "H:i")


def write(
    pdf, x, y, width, text, *, size, bold=False, family=SANS, color=BLACK, align="L", cut=True
):
    """One line of text at (x, y), cut with "…" if it is wider than ``width`` (unless
    ``cut`` is false: a line ``lines_of`` made fits already). Returns the y below it."""
    set_font(pdf, family, "B" if bold else "", size)
    pdf.set_text_color(*color)
    if cut:
        text = _cut(pdf, text, width)
    height = size * PT * 1.25
    if text:  # an empty cell draws nothing
        pdf.set_xy(x, y)
        pdf_text.line(pdf, width, height, text, align)  # as pdf.cell draws it, faster
    return y + height


def set_font(pdf, family, style, size):
    """``pdf.set_font(family, style, size)``, skipped when that font is set already (as
    fpdf2 itself would, after more work: the tables of a busy week set fonts 30,000
    times)."""
    if (
        pdf.font_size_pt != size
        or pdf.font_family != family
        or pdf.font_style != style
        or pdf.underline
        or pdf.strikethrough
    ):
        pdf.set_font(family, style, size)


def write_block(
    pdf,
    x,
    y,
    width,
    text,
    *,
    size,
    min_size=None,
    max_lines=3,
    bold=False,
    family=SANS,
    color=BLACK,
    align="L",
):
    """Text wrapped at ``width`` on at most ``max_lines`` lines: the size shrinks down to
    ``min_size`` to fit, then the last line is cut with "…". Returns the y below it."""
    style = "B" if bold else ""
    min_size = min_size or size
    while True:
        pdf.set_font(family, style, size)
        lines = pdf.multi_cell(width, text=text, dry_run=True, output="LINES")
        if len(lines) <= max_lines or size <= min_size:
            break
        size -= 0.5
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _cut(pdf, " ".join(lines[max_lines - 1 :]), width)]
    for line in lines:
        y = write(
            pdf, x, y, width, line, size=size, bold=bold, family=family, color=color, align=align
        )
    return y


def string_width(pdf, text):
    """``pdf.get_string_width(text)`` in the current font, from the glyphs' widths kept
    per font file and text: the same figure, without laying the text out."""
    font = pdf.current_font
    if not getattr(font, "ttffile", None) or pdf.char_spacing or pdf.font_stretching != 100:
        return pdf.get_string_width(text)
    key = (str(font.ttffile), text)
    units = _UNITS.get(key)
    if units is None:
        if len(_UNITS) >= _CACHED:
            _UNITS.clear()
        units = _UNITS[key] = sum(font.cw[ord(c)] for c in text)
    return units * pdf.font_size_pt * 0.001 / pdf.k


def _cut(pdf, text, width):
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_qr(pdf, text, *, x, y, size):
    """The QR code of ``text`` as a ``size`` millimetres square image at (x, y)."""
    pdf.image(io.BytesIO(qr_png(text)), x=x, y=y, w=size, h=size)


def rule(pdf, y, *, x1, x2, dashed=False):
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    if dashed:
        pdf.set_dash_pattern(dash=1.2, gap=1)
    pdf.line(x1, y, x2, y)
    pdf.set_dash_pattern()


def lines_of(pdf, text, width, *, size, bold=False, family=SANS):
    """``text`` broken into the lines that fit ``width`` millimetres at ``size`` points,
    between words (a word wider than the width alone goes on over lines of its own),
    never cut: every character of ``text`` is in the lines."""
    set_font(pdf, family, "B" if bold else "", size)
    text = str(text)
    if not text.strip():
        return [""]
    font = pdf.current_font
    lines = _FPDF
    if getattr(font, "ttffile", None) and not pdf.c_margin and width > 0:
        key = (str(font.ttffile), pdf.font_size_pt, pdf.k, width, text)
        lines = _LINES.get(key)
        if lines is None:
            if len(_LINES) >= _CACHED:
                _LINES.clear()
            lines = _LINES[key] = _broken(font, pdf.font_size_pt, pdf.k, width, text)
    if lines is _FPDF:
        lines = pdf.multi_cell(width, text=text, dry_run=True, output="LINES")
    elif "\u00a0" in text:  # as fpdf2 gives them, for the same lines
        lines = [line.replace("\u00a0", " ") for line in lines]
    else:
        return list(lines) or [""]
    return _with_spaces_kept(text, lines or [""])


# What the measured breaking below leaves to fpdf2: line and page breaks, soft hyphens and
# the breaking spaces other than " " (a tab among them).
_UNUSUAL = frozenset(
    "\n\r\t\x0c\u00ad\u200b\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
)
_LINES = {}  # (font file, size, unit, width, text) -> lines: a font file's widths never change
_UNITS = {}  # (font file, text) -> its width in the font's units (thousandths of an em)
_CACHED = 50_000
_FPDF = object()  # left to fpdf2: unusual text, or a character wider than the width
_TOLERANCE = 1e-9  # fpdf2's FloatTolerance


def _broken(font, size_pt, k, width, text):
    """The lines fpdf2's ``multi_cell`` (word wrapping, no cell margin) makes of
    ``text``, found by adding glyph widths (the font's integer units) instead of laying
    out every character: a line ends before the character that would pass ``width``, at
    the last space before it (dropped), or at that character when there is none. Each
    width is turned into millimetres as fpdf2 does, so that a line just at the edge
    breaks the same way. Whole words are added at once when they fit clearly."""
    if _UNUSUAL.intersection(text):
        return _FPDF
    widths = font.cw
    scale = size_pt * 0.001

    def mm(units):
        return units * scale / k

    space = widths[32]
    clearly = width - 1e-6
    words = text.split(" ")
    lines, start, i, n = [], 0, 0, len(text)
    line_units, last_space = 0, None  # units of the line so far; index of its last space
    for number, word in enumerate(words):
        if number:  # the space before this word
            if mm(line_units) + mm(space) - width > _TOLERANCE:
                lines.append(text[start:i])
                start, line_units, last_space = i + 1, 0, None
            else:
                last_space, line_units = i, line_units + space
            i += 1
        units = sum(widths[ord(c)] for c in word)
        if "\u00a0" not in word and mm(line_units + units) < clearly:
            line_units += units
            i += len(word)
            continue
        for c in word:  # character by character, as fpdf2 does
            w = widths[ord(c)]
            while mm(line_units) + mm(w) - width > _TOLERANCE:
                if last_space is not None:  # back to the last space
                    lines.append(text[start:last_space])
                    start, last_space = last_space + 1, None
                    line_units = sum(
                        space if ch == "\u00a0" else widths[ord(ch)] for ch in text[start:i]
                    )
                elif start < i:  # the word goes on on the next line
                    lines.append(text[start:i])
                    start, line_units = i, 0
                else:
                    return _FPDF
            line_units += space if c == "\u00a0" else w
            i += 1
    if start < n and mm(line_units):
        lines.append(text[start:n])
    return tuple(lines)


def _with_spaces_kept(text, lines):
    """fpdf2 keeps a no-break space from breaking a line but gives the line back with a
    plain space: take each line's characters from ``text`` itself ("4,21\u00a0€" stays
    one word in the PDF's text, as the pages and tests write it)."""
    kept, i = [], 0
    for line in lines:
        while i < len(text) and text[i] in " \n" and not line.startswith(text[i]):
            i += 1
        original = text[i : i + len(line)]
        kept.append(original if original.replace("\u00a0", " ") == line else line)
        i += len(line)
    return kept


def wrap(pdf, x, y, width, text, *, size, bold=False, family=SANS, color=BLACK, align="L"):
    """Text wrapped at ``width`` on as many lines as it takes, never cut. Returns the y
    below it."""
    for line in lines_of(pdf, text, width, size=size, bold=bold, family=family):
        y = write(
            pdf,
            x,
            y,
            width,
            line,
            size=size,
            bold=bold,
            family=family,
            color=color,
            align=align,
            cut=False,
        )
    return y


class Sheet:
    """An A4 document of headings, tables and notes, for statements and declarations:
    a new page when the next line does not fit, with the title small at its top and the
    table's header repeated. Nothing is ever cut: titles, notes, headers and cells wrap.

    ``columns`` of a table are (label, width in millimetres, align) with align "L" or "R";
    a row is a list of strings, one per column. ``Sheet.table`` keeps its header with its
    first row and its totals with its last row: a total never starts a page alone.
    """

    MARGIN = 12
    LINE = 5.0
    CELL_SIZE = 8.5
    MIN_CELL_SIZE = 6
    GAP = 1.5  # millimetres between a cell's text and the next column

    def __init__(self, *, title, language, author="", landscape=False):
        self.width, self.height = (297, 210) if landscape else (210, 297)
        self.title = title
        self.pdf = new_document(
            width=self.width, height=self.height, title=title, language=language, author=author
        )
        self.pdf.add_page()
        self.y = self.MARGIN
        self._header = None
        self._sizes = {}  # (text, width, bold) -> the size _cell_size found

    @property
    def inner(self):
        return self.width - 2 * self.MARGIN

    @property
    def bottom(self):
        return self.height - self.MARGIN

    def _room(self, height):
        """A new page unless ``height`` millimetres fit below; on the new page the title
        (small) and the header of the table being drawn."""
        if self.y + height <= self.bottom:
            return
        self.pdf.add_page()
        self.y = wrap(
            self.pdf, self.MARGIN, self.MARGIN, self.inner, self.title, size=8, color=GREY
        )
        self.y += 2
        if self._header:
            self._draw_row(*self._header)

    def _text(self, text, *, size, bold=False, color=BLACK):
        lines = lines_of(self.pdf, text, self.inner, size=size, bold=bold)
        self._room(len(lines) * size * PT * 1.25)
        self.y = wrap(
            self.pdf, self.MARGIN, self.y, self.inner, text, size=size, bold=bold, color=color
        )

    def keep(self, height):
        """A new page now unless ``height`` millimetres fit below: what follows (a title
        and the start of its table) stays together."""
        self._header = None
        self._room(height)

    def line(self, text, *, size=9.5, bold=False, color=BLACK):
        self._text(text, size=size, bold=bold, color=color)

    def heading(self, text, *, size=12):
        self._header = None
        lines = lines_of(self.pdf, text, self.inner, size=size, bold=True)
        self._room(10 + len(lines) * size * PT * 1.25 + 3 * self.LINE)
        self.y += 3
        self._text(text, size=size, bold=True)
        rule(self.pdf, self.y + 0.5, x1=self.MARGIN, x2=self.width - self.MARGIN)
        self.y += 1.5

    def note(self, text, *, size=9, color=BLACK):
        self._text(text, size=size, color=color)

    def space(self, height=2):
        self.y += height

    def table(self, columns, rows, *, totals=()):
        """A table: its header in bold, then ``rows``, then ``totals`` in bold. Cells wrap
        between words (a cell whose word is wider than its column is set smaller); the
        header goes with the first row, the last row with the totals (a page that cannot
        hold them together is left for the next, the header repeated)."""
        header = (columns, [label for label, _width, _align in columns], True)
        body = [(self._cells(columns, row, False), False) for row in rows]
        body += [(self._cells(columns, row, True), True) for row in totals]
        heights = [self._height(laid) for laid, _bold in body]
        # What must stay on one page with row i: the totals follow the last row.
        keep = list(heights)
        if totals:
            last = max(len(rows) - 1, 0)
            keep[last] = sum(heights[last:])
        self._header = None  # a new page here starts with this table's header, once
        self._room(self._height(self._cells(*header)) + (keep[0] if keep else 0))
        self._header = header
        self._draw_row(*header)
        for (laid, bold), height in zip(body, keep, strict=True):
            self._room(height)
            self._draw(laid, bold)
        self._header = None
        self.y += 1

    def _cell_size(self, text, width, bold):
        """The cell's font size: ``CELL_SIZE``, smaller (down to ``MIN_CELL_SIZE``) when
        a word of it is wider than its column, so that words wrap whole."""
        key = (str(text), width, bold)
        if key in self._sizes:
            return self._sizes[key]
        size = self.CELL_SIZE
        words = key[0].split()
        while size > self.MIN_CELL_SIZE:
            set_font(self.pdf, SANS, "B" if bold else "", size)
            if all(string_width(self.pdf, w) <= width for w in words):
                break
            size -= 0.5
        self._sizes[key] = size
        return size

    def _cells(self, columns, cells, bold):
        """A row laid out: each cell as (x, width, align, size, lines)."""
        x = self.MARGIN
        laid = []
        for (_label, width, align), text in zip(columns, cells, strict=True):
            size = self._cell_size(text, width - self.GAP, bold)
            lines = lines_of(self.pdf, text, width - self.GAP, size=size, bold=bold)
            laid.append((x, width, align, size, lines))
            x += width
        return laid

    def _height(self, laid):
        return max(
            self.LINE + (len(lines) - 1) * size * PT * 1.25
            for _x, _width, _align, size, lines in laid
        )

    def _draw_row(self, columns, cells, bold):
        self._draw(self._cells(columns, cells, bold), bold)

    def _draw(self, laid, bold):
        for x, width, align, size, lines in laid:
            y = self.y
            for line in lines:
                y = write(
                    self.pdf,
                    x,
                    y,
                    width - self.GAP,
                    line,
                    size=size,
                    bold=bold,
                    align=align,
                    cut=False,
                )
        self.y += self._height(laid)
        if bold:
            x, width = laid[-1][0], laid[-1][1]
            rule(self.pdf, self.y - 0.6, x1=self.MARGIN, x2=x + width)

    def output(self):
        return as_bytes(self.pdf)
