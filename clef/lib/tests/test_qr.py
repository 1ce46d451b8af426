"""QR codes read back: what a camera at the door would decode is the text put in."""

import io
import re

import zxingcpp
from django.utils import translation
from PIL import Image, ImageDraw

from clef.lib.qr import qr_png, qr_svg

CODE = "Xq3_kP9-aZ0bYc1d"


def _decode(image):
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return found[0]


def _raster(svg):
    """Draw the SVG's path the way segno writes it (moves and horizontal strokes of one
    module's thickness) on a white image, one pixel a module, four times enlarged."""
    side = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg)[1])
    scale = int(re.search(r'transform="scale\((\d+)\)"', svg)[1])
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg)[1]
    size = side // scale
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            end = x + float(a)
            draw.rectangle([x, y - 0.5, end - 1, y - 0.5], fill=0)
            x = end
    return image.resize((size * 4, size * 4), Image.Resampling.NEAREST)


def test_the_png_decodes_back_to_the_text_at_error_level_m():
    barcode = _decode(Image.open(io.BytesIO(qr_png(CODE))))
    assert barcode.text == CODE
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    assert barcode.ec_level == "M"


def test_the_png_has_a_quiet_zone_of_four_modules():
    image = Image.open(io.BytesIO(qr_png(CODE, scale=5))).convert("L")
    # A 16-character code at level M is a version 2 symbol (25 modules), plus 4 white
    # modules on each side, 5 pixels a module.
    assert image.size == (165, 165)
    assert image.crop((0, 0, 165, 20)).getextrema() == (255, 255)
    assert image.crop((0, 0, 20, 165)).getextrema() == (255, 255)
    assert image.getpixel((20, 20)) == 0


def test_the_svg_decodes_back_to_the_text():
    assert _decode(_raster(qr_svg(CODE))).text == CODE


def test_the_svg_can_be_inlined_in_a_page_or_served_as_a_file():
    svg = qr_svg(CODE)
    assert svg.startswith('<svg width="198" height="198" role="img" ')
    assert "<?xml" not in svg
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert 'viewBox="0 0 198 198"' in svg
    assert 'class="qr"' in svg
    assert svg.endswith("</svg>")


def test_the_svg_is_named_for_screen_readers_in_the_active_language():
    with translation.override("en"):
        assert "<title>QR code</title>" in qr_svg(CODE)
    assert "<title>Ticket 2026-000123 &lt;&amp;&gt;</title>" in qr_svg(
        CODE, title="Ticket 2026-000123 <&>"
    )
