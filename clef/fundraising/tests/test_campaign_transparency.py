"""The page on where the money goes adds the campaigns and what they paid for."""

import datetime as dt
from decimal import Decimal

from clef.fundraising.models import Loan


def test_where_the_money_goes_shows_the_campaigns(client, venue, campaign, make_gift):
    Loan.objects.create(
        campaign=campaign, lender="Banque", amount=Decimal("1400000"), rate=Decimal("4"),
        years=20, starts_on=dt.date(2024, 6, 30),
    )  # fmt: skip
    page = client.get("/en/ou-va-l-argent/").content.decode().replace("\xa0", " ")
    assert 'href="/en/soutenir/travaux/">Works in the big room</a>' in page
    assert "€1,400,000.00 raised of €600,000.00, for Cinéma Revival." in page
    assert "Seats, projector." in page

    make_gift("25.00")
    page = client.get("/en/ou-va-l-argent/").content.decode()
    assert "€1,400,025.00 raised of €600,000.00" in page
