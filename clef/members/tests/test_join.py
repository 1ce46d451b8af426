"""Joining and renewing through the join page and the test payment provider, up to the
numbered card."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import translation

from clef.members.models import Membership, Person
from clef.payments.models import Payment, PaymentEvent

JOIN = "/adhesion/"
JOIN_EN = "/en/adhesion/"


def join(client, url=JOIN, **data):
    """POST the join form; follow the test provider's payment page if sent there."""
    return client.post(url, data)


def pay(client, response):
    """On the test provider's page the join form sent us to, press "Pay"."""
    assert response.status_code == 302
    assert response.url.startswith(("/paiement/test/", "/en/paiement/test/"))
    return client.post(response.url, {"action": "pay"})


def a_year_after(day):
    """The same day a year later (28 February for 29 February), as the venue counts."""
    if (day.month, day.day) == (2, 29):
        return dt.date(day.year + 1, 2, 28)
    return day.replace(year=day.year + 1)


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


# --- the page ---------------------------------------------------------------------------
def test_it_explains_the_membership_and_sends_visitors_to_sign_up_or_in(client, venue):
    response = client.get(JOIN_EN)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Choose any amount from €5.00 to €15.00" in text
    assert "It is valid for 12 months from the day you pay." in text
    assert 'href="/en/compte/creer/?next=/en/adhesion/"' in text
    assert 'href="/en/compte/connexion/?next=/en/adhesion/"' in text
    assert "<form" not in text.split('id="main"')[1]


def test_it_tells_the_solidarity_amount_when_there_is_one(client, venue):
    venue.membership_solidarity = Decimal("2")
    venue.save()

    text = client.get(JOIN_EN).content.decode()

    assert "If that is too much, choose the solidarity membership: €2.00." in text


def test_it_tells_the_season_when_memberships_follow_the_season(client, venue):
    venue.membership_validity = "season"
    venue.season_start_month = 9
    venue.save()

    text = client.get(JOIN_EN).content.decode()

    assert "It is valid for the season, from 1 September to 31 August." in text


def test_it_offers_the_lowest_the_middle_and_the_highest_amounts(signed_in, venue):
    text = signed_in.get(JOIN_EN).content.decode()

    assert re.findall(r'name="choice" value="([\d.]+)"', text) == ["5.00", "10.00", "15.00"]


def test_it_refuses_a_visitor_who_posts_without_signing_in(client, venue):
    response = client.post(JOIN, {"choice": "10.00"})

    assert response.status_code == 302
    assert response.url == "/compte/connexion/?next=/adhesion/"
    assert Membership.objects.count() == 0


# --- joining --------------------------------------------------------------------------
def test_it_joins_at_10_euros_through_the_test_provider_to_a_numbered_card(
    signed_in, member, venue
):
    response = join(signed_in, choice="10.00")
    payment = Payment.objects.get()
    assert response.url == f"/paiement/test/{payment.code}/"
    membership = Membership.objects.get()
    assert (membership.status, membership.number, membership.amount) == (
        "pending",
        None,
        Decimal("10.00"),
    )

    response = pay(signed_in, response)

    membership.refresh_from_db()
    today = venue.local_date()
    assert response.url == f"/adhesion/carte/{membership.code}/"
    assert membership.status == "paid"
    assert membership.number == 1
    assert membership.season == today.year
    assert membership.starts_on == today
    assert membership.payment == payment
    card = signed_in.get(response.url).content.decode()
    assert f"{today.year}-00001" in card
    assert "<svg" in card


def test_a_typed_amount_wins_over_a_ticked_one(signed_in, venue):
    join(signed_in, choice="15.00", other="7,50")

    assert Membership.objects.get().amount == Decimal("7.50")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("4.99", "Choose an amount from €5.00 to €15.00."),
        ("15.01", "Choose an amount from €5.00 to €15.00."),
        ("7.505", "An amount has at most two decimals (cents)."),
        ("dix", "Type an amount in euros, like 10 or 7.50."),
        ("-5", "Choose an amount from €5.00 to €15.00."),
    ],
)
def test_it_refuses_a_bad_amount_with_its_reason_and_writes_nothing(
    signed_in, venue, typed, message
):
    response = join(signed_in, JOIN_EN, other=typed)

    assert response.status_code == 200
    assert response.context["form"].errors == {"other": [message]}
    assert message in response.content.decode()
    assert Membership.objects.count() == 0
    assert Payment.objects.count() == 0
    assert PaymentEvent.objects.count() == 0


def test_it_asks_for_an_amount_when_none_is_given(signed_in, venue):
    response = join(signed_in, JOIN_EN)

    assert response.context["form"].errors == {"choice": ["Choose an amount, or type one."]}
    assert Membership.objects.count() == 0


def test_it_refuses_an_amount_that_is_not_one_of_the_buttons(signed_in, venue):
    response = join(signed_in, JOIN_EN, choice="1.00")

    assert list(response.context["form"].errors) == ["choice"]
    assert Membership.objects.count() == 0


def test_it_accepts_the_solidarity_amount_when_the_venue_has_one(signed_in, venue):
    venue.membership_solidarity = Decimal("2")
    venue.save()

    join(signed_in, other="2")

    assert Membership.objects.get().amount == Decimal("2.00")


def test_it_refuses_an_amount_between_solidarity_and_the_lowest(signed_in, venue):
    venue.membership_solidarity = Decimal("2")
    venue.save()

    response = join(signed_in, JOIN_EN, other="3")

    assert response.context["form"].errors == {
        "other": ["Choose €2.00 (solidarity) or from €5.00 to €15.00."]
    }
    assert Membership.objects.count() == 0


def test_it_refuses_the_solidarity_amount_when_the_venue_has_none(signed_in, venue):
    response = join(signed_in, JOIN_EN, other="2")

    assert response.context["form"].errors == {"other": ["Choose an amount from €5.00 to €15.00."]}
    assert Membership.objects.count() == 0


def test_a_free_solidarity_membership_is_paid_at_once(signed_in, venue):
    venue.membership_solidarity = Decimal("0")
    venue.save()

    response = join(signed_in, choice="0.00")

    membership = Membership.objects.get()
    assert response.url == f"/adhesion/carte/{membership.code}/"
    assert (membership.status, membership.number, membership.payment.method) == (
        "paid",
        1,
        "free",
    )


# --- renewing ------------------------------------------------------------------------
def test_a_member_sees_their_membership_and_renews_it(client, venue, paid_member):
    client.force_login(paid_member)
    current = Membership.objects.get()

    text = client.get(JOIN_EN).content.decode()

    assert "Renew your membership" in text
    assert str(current) in text
    assert f'href="/en/adhesion/carte/{current.code}/"' in text


def test_a_renewal_starts_when_the_current_membership_ends(client, venue, paid_member):
    client.force_login(paid_member)
    current = Membership.objects.get()

    pay(client, join(client, choice="15.00"))

    renewal = Membership.objects.exclude(pk=current.pk).get()
    start = current.ends_on + dt.timedelta(days=1)
    assert (renewal.status, renewal.season, renewal.starts_on) == ("paid", start.year, start)
    assert renewal.ends_on == a_year_after(start) - dt.timedelta(days=1)


@time_machine.travel(dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC), tick=False)
def test_in_season_mode_a_membership_runs_to_the_end_of_the_season(signed_in, venue):
    venue.membership_validity = "season"
    venue.season_start_month = 9
    venue.save()

    pay(signed_in, join(signed_in, choice="10.00"))
    pay(signed_in, join(signed_in, choice="10.00"))

    first, renewal = Membership.objects.order_by("pk")
    assert (first.season, first.starts_on, first.ends_on, str(first)) == (
        2026,
        dt.date(2026, 11, 21),
        dt.date(2027, 8, 31),
        "2026-00001",
    )
    assert (renewal.season, renewal.starts_on, renewal.ends_on, str(renewal)) == (
        2027,
        dt.date(2027, 9, 1),
        dt.date(2028, 8, 31),
        "2027-00001",
    )


# --- numbers ---------------------------------------------------------------------------
def test_membership_numbers_have_no_gap_even_when_payments_are_refused(
    client, venue, django_user_model
):
    for n in range(25):
        user = django_user_model.objects.create_user(f"person{n}", f"person{n}@example.org")
        client.force_login(user)
        response = join(client, choice="5.00")
        client.post(response.url, {"action": "refuse" if n % 5 == 4 else "pay"})

    paid = Membership.objects.filter(status="paid").order_by("paid_at", "pk")
    assert [m.number for m in paid] == list(range(1, 21))
    assert Membership.objects.filter(status="cancelled", number=None).count() == 5


# --- the card ----------------------------------------------------------------------------
def test_the_card_shows_the_membership(client, venue, paid_member):
    client.force_login(paid_member)
    membership = Membership.objects.get()

    response = client.get(f"/en/adhesion/carte/{membership.code}/")

    text = response.content.decode()
    assert response.status_code == 200
    assert "La Clef" in text
    assert "Mila" in text
    assert str(membership) in text
    assert membership.ends_on.strftime("%-d %B %Y") in text
    assert "€10.00" in text
    assert f'href="/en/adhesion/carte/{membership.code}/carte.pdf"' in text


def test_the_card_is_only_for_its_owner(client, venue, paid_member, outsider):
    code = Membership.objects.get().code
    client.force_login(outsider)

    for url in (
        f"/adhesion/carte/{code}/",
        f"/adhesion/carte/{code}/qr.svg",
        f"/adhesion/carte/{code}/carte.pdf",
    ):
        assert client.get(url).status_code == 404, url


def test_the_card_asks_a_visitor_to_sign_in(client, venue, paid_member):
    code = Membership.objects.get().code

    response = client.get(f"/adhesion/carte/{code}/")

    assert response.status_code == 302
    assert response.url == f"/compte/connexion/?next=/adhesion/carte/{code}/"


def test_staff_who_may_see_memberships_see_the_card(client, venue, paid_member, treasurer):
    code = Membership.objects.get().code
    client.force_login(treasurer)

    assert client.get(f"/adhesion/carte/{code}/").status_code == 200


def test_an_unknown_card_is_not_found(signed_in, venue):
    assert signed_in.get("/adhesion/carte/nothing-here/").status_code == 404


def test_the_qr_code_is_an_svg_of_the_membership_code(client, venue, paid_member):
    from clef.lib.qr import qr_svg

    client.force_login(paid_member)
    membership = Membership.objects.get()

    response = client.get(f"/adhesion/carte/{membership.code}/qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.decode() == qr_svg(membership.code)


def test_a_pending_membership_card_waits_for_payment_with_a_link_to_pay(signed_in, venue):
    join(signed_in, choice="10.00")
    membership = Membership.objects.get()

    response = signed_in.get(f"/en/adhesion/carte/{membership.code}/")

    text = response.content.decode()
    assert "Waiting for payment" in text
    assert f'href="/en/paiement/test/{membership.payment.code}/"' in text
    assert "<svg" not in text
    assert signed_in.get(f"/adhesion/carte/{membership.code}/qr.svg").status_code == 404
    join_page = signed_in.get(JOIN_EN).content.decode()
    assert "A membership of €10.00 is waiting for payment." in join_page


def test_a_refused_membership_card_says_it_is_not_paid(signed_in, venue):
    response = join(signed_in, choice="10.00")
    signed_in.post(response.url, {"action": "refuse"})
    membership = Membership.objects.get()

    text = signed_in.get(f"/en/adhesion/carte/{membership.code}/").content.decode()

    assert membership.status == "cancelled"
    assert "Not paid" in text
    assert 'href="/en/adhesion/"' in text


# --- emails ----------------------------------------------------------------------------
@time_machine.travel(dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("language", "month", "card_prefix"),
    [("fr", "novembre", "/adhesion/carte/"), ("en", "November", "/en/adhesion/carte/")],
)
def test_the_welcome_email_is_in_the_members_language(
    signed_in, member, venue, django_capture_on_commit_callbacks, language, month, card_prefix
):
    member.first_name = "D'Artagnan"
    member.save()
    Person.objects.create(user=member, language=language)

    with django_capture_on_commit_callbacks(execute=True):
        pay(signed_in, join(signed_in, choice="10.00"))

    membership = Membership.objects.get()
    (message,) = mail.outbox
    with translation.override(language):
        subject = translation.gettext("Your membership of %(venue)s") % {"venue": "La Clef"}
        hello = translation.gettext("Hello %(name)s,") % {"name": "D'Artagnan"}
    assert message.to == ["marin@example.org"]
    assert message.subject == subject
    assert message.body.startswith(hello)
    assert "2026-00001" in message.body
    assert f"21 {month} 2026" in message.body
    assert f"{settings.SITE_URL}{card_prefix}{membership.code}/" in message.body


def test_the_welcome_email_greets_a_person_without_a_first_name(
    signed_in, member, venue, django_capture_on_commit_callbacks
):
    Person.objects.create(user=member, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        pay(signed_in, join(signed_in, choice="10.00"))

    assert mail.outbox[0].body.startswith("Hello,\n")


def test_the_card_pdf_is_served_to_its_owner(client, venue, paid_member):
    client.force_login(paid_member)
    membership = Membership.objects.get()

    response = client.get(f"/en/adhesion/carte/{membership.code}/carte.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="membership-card-{membership}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
