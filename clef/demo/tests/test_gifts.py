"""The demo's gifts: 300 of varied sizes, methods and bodies, their receipts, one
cancelled and replaced; the demo member's gift on their page; loaded twice, nothing
doubles."""

import datetime as dt

import pytest
import time_machine

from clef.demo.fundraising import load_fundraising
from clef.demo.gifts import load_gifts
from clef.fundraising.models import Gift, Receipt
from clef.lib import roles

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def loaded(db, venue, settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path
    groups = roles.ensure_roles()
    for username, role in (("treasurer", roles.TREASURER), ("member", roles.MEMBER)):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", first_name="Marin"
        )
        user.groups.add(groups[role])
    with time_machine.travel(NOW, tick=False):
        load_fundraising(TODAY)
        load_gifts(TODAY)
        load_gifts(TODAY)
        yield


def test_the_demo_has_300_gifts_of_every_method_and_both_bodies(loaded):
    # 300 gifts, and the 2023 campaign as it ended: its three patrons' payments and the
    # platform's crowdfunding before clef, as one line.
    assert Gift.objects.count() == 304
    purchase = Gift.objects.filter(campaign__slug="rachat-2023", status="paid")
    assert sum(g.amount for g in purchase.filter(source="patronage")) == 1000000
    assert sum(g.amount for g in purchase.filter(source="crowdfunding")) == 291000
    assert set(Gift.objects.values_list("method", flat=True)) == {"online", "cheque", "transfer"}
    assert set(Gift.objects.values_list("body__kind", flat=True)) == {
        "association",
        "endowment_fund",
    }
    assert Gift.objects.filter(status="paid").count() > 250


def test_the_demo_has_receipts_one_cancelled_and_replaced(loaded):
    cancelled = Receipt.objects.get(status="cancelled")
    replacement = Receipt.objects.get(replaces=cancelled)
    assert replacement.number > cancelled.number
    assert list(replacement.gifts.all()) == list(cancelled.gifts.all())
    assert Receipt.objects.filter(status="issued", kind="yearly").exists()


def test_the_demo_member_has_a_gift_with_its_receipt(loaded, django_user_model):
    member = django_user_model.objects.get(username="member")
    gift = Gift.objects.get(donor=member)
    assert (str(gift.amount), gift.status, gift.receipts.count()) == ("50.00", "paid", 1)
