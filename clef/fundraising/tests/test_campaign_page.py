"""The public campaign page: the total and each source, the countdown, the counterparts
left, the donors who agreed to be named; in French and in English; cached for visitors
yet showing a gift at once."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clef.fundraising.campaigns_queries import Countdown, countdown, figures
from clef.fundraising.models import Campaign, Counterpart, Loan, Patron

NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)
PARIS = dt.timezone(dt.timedelta(hours=2))  # summer time, for readable instants


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def text_of(response):
    return response.content.decode().replace("\u202f", " ").replace("\xa0", " ")


def test_it_shows_the_total_of_each_source_and_the_donors(client, campaign, make_gift):
    Loan.objects.create(
        campaign=campaign, lender="Crédit Coopératif", amount=Decimal("100000.00"),
        rate=Decimal("3.5"), years=15, guaranteed_share=Decimal("50"), guarantor="IFCIC",
        starts_on=dt.date(2026, 6, 1),
    )  # fmt: skip
    patron = Patron.objects.create(campaign=campaign, name="Fondation Lumière", pledged=500000)
    make_gift("250.00", name="Ada")
    make_gift("50.00")
    make_gift("20.00", status="pending")
    make_gift("30000.00", source="patronage", patron=patron, method="transfer")
    make_gift("20000.00", source="patronage", patron=patron, method="transfer")

    response = client.get("/en/soutenir/travaux/")

    assert response.status_code == 200
    page = text_of(response)
    # 100,000 + 50,000 + 300 = 150,300 of 600,000: 25 %.
    assert "€150,300.00 of €600,000.00" in page
    assert '<progress class="campaign-progress" max="100" value="25"' in page
    assert "3 donors so far." in page
    assert "€50,000.00 of €200,000.00" in page
    assert "€300.00 of €400,000.00" in page
    assert "€100,000.00 borrowed" in page
    assert "A loan of €100,000.00 from Crédit Coopératif, at 3.5% over 15 years." in page
    assert "50% of it is guaranteed by IFCIC." in page


def test_the_page_in_french_writes_amounts_and_dates_the_french_way(client, campaign, make_gift):
    make_gift("150300.00", name="Ada")

    page = text_of(client.get("/soutenir/travaux/"))

    assert "<h1>Les travaux de la grande salle</h1>" in page
    assert "150 300,00 €" in page
    assert "600 000,00 €" in page
    assert "Refaire les fauteuils." in page
    assert '<time datetime="2026-05-04T12:00:00+02:00">4 mai 2026</time>' in page
    assert '<time datetime="2026-07-03T12:00:00+02:00">' in page


def test_figures_count_each_donor_once(campaign, make_gift, django_user_model):
    someone = django_user_model.objects.create_user("someone")
    make_gift("10.00", donor=someone)
    make_gift("15.00", donor=someone)
    make_gift("5.00")
    make_gift("5.00", status="cancelled")

    crowd = next(s for s in figures(campaign)["sources"] if s.key == "crowdfunding")

    assert (crowd.raised, crowd.donors) == (Decimal("30.00"), 2)


def test_the_page_in_english_has_the_english_texts_and_figures(client, campaign, make_gift):
    make_gift("1234.50")

    page = text_of(client.get("/en/soutenir/travaux/"))

    assert "<h1>Works in the big room</h1>" in page
    assert "€1,234.50 of €600,000.00" in page
    assert "New seats." in page
    assert "Seats, projector." in page
    assert "1 donor so far." in page


def test_a_gift_shows_at_once_on_the_cached_page(client, campaign, make_gift):
    assert "€0.00 of €600,000.00" in text_of(client.get("/en/soutenir/travaux/"))
    make_gift("40.00")

    assert "€40.00 of €600,000.00" in text_of(client.get("/en/soutenir/travaux/"))


def test_a_cached_page_costs_one_query_whatever_the_gifts(client, campaign, make_gift):
    for amount in ("10", "20", "30"):
        make_gift(amount, name=f"Donor {amount}")
    client.get("/soutenir/travaux/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/soutenir/travaux/")
    assert len(queries) == 1


def test_the_page_s_queries_do_not_grow_with_the_gifts(client, campaign, make_gift):
    make_gift("10", name="Un")
    with CaptureQueriesContext(connection) as few:
        client.get("/soutenir/travaux/")
    for amount in range(20):
        make_gift(amount + 1, name=f"Donor {amount}")
    with CaptureQueriesContext(connection) as many:
        client.get("/soutenir/travaux/")
    assert len(many) == len(few)


def test_it_names_only_donors_who_agreed(client, campaign, make_gift):
    make_gift("10.00", name="Ada Lovelace")
    make_gift("10.00", donor_name="Secret Person", show_name=False)

    page = text_of(client.get("/soutenir/travaux/"))

    assert "Ada Lovelace" in page
    assert "Secret Person" not in page


def test_it_shows_the_counterparts_left(client, campaign, make_gift):
    poster = Counterpart.objects.create(
        campaign=campaign, name="Une affiche", minimum_gift=Decimal("40"), stock=3,
        declared_value=Decimal("10"),
    )  # fmt: skip
    Counterpart.objects.create(
        campaign=campaign, name="Un merci", minimum_gift=Decimal("5"),
        declared_value=Decimal("0"),
    )  # fmt: skip
    make_gift("40.00", counterpart=poster)
    make_gift("40.00", counterpart=poster, status="pending")
    make_gift("40.00", counterpart=poster, status="cancelled")

    page = text_of(client.get("/en/soutenir/travaux/"))

    assert '<th scope="row">Une affiche</th><td class="num">1</td>' in page
    assert '<th scope="row">Un merci</th><td class="num">No limit</td>' in page


def test_it_counts_down_to_the_deadline(client, campaign):
    campaign.deadline = NOW + dt.timedelta(days=3, hours=5, minutes=10)
    campaign.save()

    page = text_of(client.get("/en/soutenir/travaux/"))

    assert "3 days 5 hours</time> left: the campaign ends on 7 May 2026 at 17:10." in page


def test_it_says_when_the_campaign_is_over(client, campaign, _frozen):
    campaign.deadline = NOW + dt.timedelta(minutes=30)
    campaign.save()
    assert "0 hours 30 minutes</time> left" in text_of(client.get("/en/soutenir/travaux/"))

    _frozen.move_to(NOW + dt.timedelta(minutes=30))
    page = text_of(client.get("/en/soutenir/travaux/"))

    assert "The campaign ended on 4 May 2026. Thank you to everyone who gave." in page
    assert "campaign-countdown" not in page


def test_the_countdown_counts_calendar_days_when_the_clocks_go_forward(settings):
    # Midnight on Saturday 28 March 2026 to midnight on Monday 30 March: 47 hours pass.
    now = dt.datetime(2026, 3, 27, 23, 0, tzinfo=dt.UTC)
    deadline = dt.datetime(2026, 3, 29, 22, 0, tzinfo=dt.UTC)
    assert deadline - now == dt.timedelta(hours=47)
    assert countdown(deadline, now) == Countdown(over=False, days=2, hours=0, minutes=0)


def test_the_countdown_counts_calendar_days_when_the_clocks_go_back():
    # Midnight on Saturday 24 October 2026 to midnight on Monday 26 October: 49 hours.
    now = dt.datetime(2026, 10, 23, 22, 0, tzinfo=dt.UTC)
    deadline = dt.datetime(2026, 10, 25, 23, 0, tzinfo=dt.UTC)
    assert countdown(deadline, now) == Countdown(over=False, days=2, hours=0, minutes=0)


def test_the_last_hours_are_real_hours_across_the_change():
    # 01:30 to 03:30 on the night the clocks go forward: one hour passes.
    now = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)
    deadline = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)
    assert timezone.localtime(deadline).strftime("%H:%M") == "03:30"
    assert countdown(deadline, now) == Countdown(over=False, days=0, hours=1, minutes=0)
    assert countdown(deadline, deadline) == Countdown(over=True)


def test_a_campaign_not_open_yet_or_unknown_is_not_found(client, campaign):
    campaign.opens_on = timezone.localdate() + dt.timedelta(days=1)
    campaign.save()
    assert client.get("/soutenir/travaux/").status_code == 404
    assert client.get("/soutenir/nope/").status_code == 404
    assert client.get("/soutenir/nope.json").status_code == 404
    assert client.get("/soutenir/travaux/integrer/").status_code == 404


def test_the_list_shows_running_and_past_campaigns(client, campaign, make_gift):
    make_gift("75.00")
    page = text_of(client.get("/en/soutenir/"))
    assert 'href="/en/soutenir/travaux/">Works in the big room</a>' in page
    assert "€75.00 of €600,000.00 · until 3 July 2026" in page


def test_the_page_fits_a_phone(client, campaign):
    page = text_of(client.get("/soutenir/travaux/"))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_the_give_button_leads_to_the_form_while_the_campaign_runs(client, campaign, _frozen):
    assert 'href="/soutenir/travaux/donner/"' in client.get("/soutenir/travaux/").content.decode()
    _frozen.move_to(campaign.deadline)
    assert "/donner/" not in client.get("/soutenir/travaux/").content.decode()


def test_the_list_s_queries_do_not_grow_with_the_campaigns(client, campaign, make_gift):
    make_gift("10")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/soutenir/")
    for number in range(3):
        other = Campaign.objects.create(
            slug=f"autre-{number}", title=f"Autre {number}", goal=Decimal("1000"),
            opens_on=campaign.opens_on, deadline=campaign.deadline, body=campaign.body,
        )  # fmt: skip
        Loan.objects.create(
            campaign=other, lender="Banque", amount=Decimal("500"), rate=Decimal("1"),
            years=1, starts_on=dt.date(2026, 6, 1),
        )  # fmt: skip
        make_gift("5", campaign=other)
    with CaptureQueriesContext(connection) as four:
        page = text_of(client.get("/en/soutenir/"))
    assert len(four) == len(one)
    assert "€505.00 of €1,000.00" in page


def test_whole_days_are_said_without_zero_hours(client, campaign):
    campaign.deadline = NOW + dt.timedelta(days=12)
    campaign.save()
    page = text_of(client.get("/en/soutenir/travaux/"))
    assert ">12 days</time> left: the campaign ends on 16 May 2026 at 12:00." in page
