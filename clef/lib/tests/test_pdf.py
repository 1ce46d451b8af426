"""The statements' and declarations' sheet: nothing cut, totals kept with their table."""

import io
import math

from pypdf import PdfReader

from clef.lib.pdf import Sheet

TITLE = (
    "Weekly declaration of takings for the retrospective of Chantal Akerman, "
    "Jeanne Dielman, 23 quai du Commerce 1080 Bruxelles and other long-titled films"
)


def pages_of(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def words_of(text):
    return text.replace("\n", " ").split()


def test_a_title_of_150_characters_prints_every_word():
    assert len(TITLE) == 150
    sheet = Sheet(title=TITLE, language="en")
    sheet.line(TITLE, size=14, bold=True)
    sheet.heading(TITLE)
    sheet.note(TITLE * 3)

    text = "\n".join(pages_of(sheet.output()))

    assert "…" not in text
    assert words_of(text).count("Akerman,") == 5
    for word in words_of(TITLE):
        assert word in words_of(text)


def test_a_cell_and_a_header_wider_than_their_column_wrap_between_words():
    sheet = Sheet(title="Cells", language="fr")
    sheet.table(
        [("Assiette distributeur", 22, "R"), ("Film", 40, "L")],
        [["611,00 €", TITLE]],
        totals=[["611,00 €", "Total"]],
    )

    words = words_of(pages_of(sheet.output())[0])

    assert "…" not in " ".join(words)
    assert words[:2] == ["Assiette", "distributeur"]
    assert all(word in words for word in words_of(TITLE))


def rows_filling_the_first_page():
    """How many one-line rows fill the first page exactly under a table's header."""
    sheet = Sheet(title="Fill", language="en")
    below_header = sheet.y + Sheet.LINE
    return math.floor((sheet.bottom - below_header) / Sheet.LINE + 1e-9)


def test_a_total_that_would_start_a_page_alone_takes_the_last_row_with_it():
    count = rows_filling_the_first_page()
    sheet = Sheet(title="Fill", language="en")
    sheet.table(
        [("Row", 60, "L"), ("Amount", 30, "R")],
        [[f"row {n}", f"{n},00 €"] for n in range(1, count + 1)],
        totals=[["Grand total", f"{count * (count + 1) // 2},00 €"]],
    )

    first, second = pages_of(sheet.output())

    assert "Grand total" not in first
    assert f"row {count - 1}" in first
    assert f"row {count}" not in first.split()[-4:]  # the last row moved on
    assert words_of(second).count("row") == 1
    assert f"row {count}" in second
    assert "Grand total" in second
    assert "Row Amount" in second  # the header is repeated above them


def test_a_table_that_fits_keeps_its_rows_and_total_on_one_page():
    count = rows_filling_the_first_page() - 1
    sheet = Sheet(title="Fill", language="en")
    sheet.table(
        [("Row", 60, "L"), ("Amount", 30, "R")],
        [[f"row {n}", "1,00 €"] for n in range(1, count + 1)],
        totals=[["Grand total", f"{count},00 €"]],
    )

    pages = pages_of(sheet.output())

    assert len(pages) == 1
    assert "Grand total" in pages[0]


def test_a_no_break_space_stays_in_the_text_and_keeps_its_words_together():
    sheet = Sheet(title="Spaces", language="fr")
    sheet.table([("Montant", 22, "R")], [["1\u00a0234,21\u00a0€"]])

    assert "1\u00a0234,21\u00a0€" in pages_of(sheet.output())[0]


def test_a_word_wider_than_its_column_is_set_smaller_not_split():
    sheet = Sheet(title="Narrow", language="en")
    sheet.table([("Screenings", 16, "R"), ("X-rated", 12, "L")], [["1", "no"]])

    words = words_of(pages_of(sheet.output())[0])

    assert words[:2] == ["Screenings", "X-rated"]


def test_a_table_moved_to_a_new_page_shows_its_header_once():
    count = rows_filling_the_first_page()
    sheet = Sheet(title="Fill", language="en")
    sheet.table([("Row", 60, "L")], [[f"row {n}"] for n in range(1, count - 1)])
    sheet.table([("Price", 30, "R"), ("Takings", 30, "R")], [["1,00 €", "1,00 €"]] * 2)

    second = pages_of(sheet.output())[1]

    assert words_of(second).count("Price") == 1
