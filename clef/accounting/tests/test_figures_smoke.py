import datetime as dt
from decimal import Decimal

from clef.accounting.figures import statement_of


def test_a_screening_held_yesterday_has_its_statement(make_screening, venue, sell, agree):
    screening = make_screening(venue.local_date() - dt.timedelta(days=1))
    sell(screening, "10", "0", "5")
    agree(screening)
    statement = statement_of(screening)
    assert statement.admissions == 3
    assert statement.free == 1
    assert statement.receipts == Decimal("15.00")
    assert sum(amount for _key, amount in statement.parts()) == statement.receipts
