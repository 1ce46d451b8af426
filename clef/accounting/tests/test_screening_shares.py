"""The screening's statement page: the parts of the receipts add up to 100 %, the
distributor base is shown apart, and no two columns share a title."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from clef.accounting.figures import statement_of
from clef.programme.models import Screening


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.UTC), tick=False)


def split_table(page):
    start = page.index('class="ledger split-table"')
    return page[start : page.index("</table>", start)]


def percents(table):
    """The percents of the table's body, as Decimals."""
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    found = re.findall(r'<td class="num">(-?[\d\u202f ]+,\d\d)\u00a0%</td>', body)
    return [Decimal(text.replace(",", ".")) for text in found]


@pytest.fixture
def every_kind(week_of_every_kind):
    week_of_every_kind(
        short="Meshes of the Afternoon",
        shorts_holder=("Light Cone", "light@example.org"),
        last_price="7",
    )
    return list(Screening.objects.order_by("starts_at"))


def test_the_percents_add_up_to_a_hundred_for_every_kind_of_terms(signed_in, every_kind):
    assert len(every_kind) == 5
    for screening in every_kind:
        page = signed_in.get(reverse("accounting:screening", args=[screening.pk])).content.decode()
        table = split_table(page)
        shown = percents(table)
        statement = statement_of(screening)
        # VAT, the tax, music rights, each film's holder, the cinema.
        assert len(shown) == 4 + len(statement.films), screening
        assert sum(shown) == Decimal("100.00"), (screening, shown)
        assert "100,00\u00a0%" in table[table.index("<tfoot>") :]
        assert "Assiette distributeur" not in table
        assert "Assiette distributeur" in page


def test_the_shares_of_a_screening_are_its_parts_with_percents(every_kind):
    wanda = every_kind[0]  # 15.00 €, 50 %
    shares = statement_of(wanda).shares()
    assert [(s.key, s.amount, s.percent) for s in shares] == [
        ("vat", Decimal("0.78"), Decimal("5.20")),
        ("tsa", Decimal("1.61"), Decimal("10.73")),
        ("music", Decimal("0.18"), Decimal("1.20")),
        ("rights", Decimal("6.31"), Decimal("42.07")),
        ("cinema", Decimal("6.12"), Decimal("40.80")),
    ]


def test_a_flat_fee_above_the_receipts_leaves_the_cinema_below_zero_and_still_adds_up(
    signed_in, make_screening, sell, agree
):
    screening = make_screening(dt.date(2026, 11, 18))
    sell(screening, "3")
    agree(screening, kind="flat_fee", amount="50")
    shares = statement_of(screening).shares()
    assert sum(s.percent for s in shares) == Decimal("100.00")
    assert shares[-1].amount < 0 and shares[-1].percent < 0
    page = signed_in.get(reverse("accounting:screening", args=[screening.pk])).content.decode()
    assert sum(percents(split_table(page))) == Decimal("100.00")


def test_no_receipts_no_percents(signed_in, make_screening, sell, agree):
    screening = make_screening(dt.date(2026, 11, 18))
    sell(screening, "0", "0")
    agree(screening)
    assert {s.percent for s in statement_of(screening).shares()} == {None}
    page = signed_in.get(reverse("accounting:screening", args=[screening.pk])).content.decode()
    assert percents(split_table(page)) == []


def test_no_two_columns_have_the_same_title(signed_in, every_kind):
    for lang in ("", "/en"):
        url = lang + reverse("accounting:screening", args=[every_kind[0].pk])
        page = signed_in.get(url).content.decode()
        for table in re.findall(r"<thead>(.*?)</thead>", page, re.S):
            titles = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
            assert len(titles) == len(set(titles)), titles
        assert ">Share<" not in page and ">Part<" not in page
