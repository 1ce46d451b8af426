"""The demo's gifts (after ``demo/fundraising.py``): 300 gifts of varied sizes, methods
and bodies, their receipts, one cancelled and replaced.

- the 2023 purchase: gifts of that spring and summer to the endowment fund, online (history
  from before clef: written as they were, paid then) and by cheque or transfer (typed as the
  treasurer would, through the services);
- the works campaign running: gifts online through the payments registry (the stand-in
  provider), some with a counterpart, among them the demo member's, on their page;
- the association: a few cheques with no campaign;
- receipts: issued at once for donors who chose one per gift, the year's for the others
  (``receipts.issue_year``); one of them cancelled and replaced (an address mistyped).

Loaded twice, nothing is added (gifts are there already)."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from clef.demo.data import seed
from clef.fundraising import gifts, receipts
from clef.fundraising.models import Campaign, DonorKind, Gift, LegalBody, Receipt
from clef.payments import services as payments
from clef.payments.methods import online_method

SIZES = ["10", "15", "20", "25", "30", "50", "50", "60", "80", "100", "150", "200", "500"]
FIRST_NAMES = ["Jeanne", "Karim", "Agnès", "Tom", "Lucie", "Ousmane", "Mireille", "Hugo"]
LAST_NAMES = ["Durand", "Benali", "Roux", "Lefèvre", "Nguyen", "Diallo", "Moreau", "Petit"]
STREETS = ["rue Mouffetard", "rue Monge", "rue Daubenton", "boulevard Arago", "rue Broca"]
PURCHASE_GIFTS = 150
WORKS_GIFTS = 120
ASSOCIATION_GIFTS = 30


def _donor(rng, i, *, when=None):
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {i:03d}"
    return gifts.Donor(
        name=name,
        address=f"{rng.randrange(1, 120)} {rng.choice(STREETS)}\n75005 Paris",
        receipt_when=when or rng.choice(["each", "each", "yearly"]),
        show_name=rng.random() < 0.4,
    )


def load_gifts(today):
    if Gift.objects.exists():
        return
    rng = random.Random(seed("gifts"))
    users = get_user_model().objects
    treasurer = users.filter(username="treasurer").first()
    member = users.filter(username="member").first()
    fund = LegalBody.objects.get(kind=LegalBody.Kind.ENDOWMENT_FUND)
    association = LegalBody.objects.get(kind=LegalBody.Kind.ASSOCIATION)
    purchase = Campaign.objects.get(slug="rachat-2023")
    works = Campaign.objects.get(slug="travaux")

    _purchase(rng, fund, purchase, treasurer)
    _purchase_as_it_ended(fund, purchase)
    _works(rng, works, member, today)
    _association(rng, association, treasurer, today)
    receipts.issue_year(fund, 2023, by=treasurer)
    receipts.issue_year(association, today.year - 1, by=treasurer)
    first = Receipt.objects.filter(body=fund, status=Receipt.Status.ISSUED).order_by("pk").first()
    if first is not None:
        receipts.cancel(
            first,
            reason="Adresse mal saisie",
            by=treasurer,
            address=f"{first.donor_address.splitlines()[0]} bis\n75005 Paris",
        )


def _purchase(rng, fund, purchase, treasurer):
    """The 2023 campaign: from 26 April to 26 October 2023."""
    start = dt.date(2023, 4, 26)
    for i in range(PURCHASE_GIFTS):
        day = start + dt.timedelta(days=rng.randrange(183))
        amount = rng.choice(SIZES)
        donor = _donor(rng, i)
        method = rng.choice(["online", "online", "cheque", "transfer"])
        if method == "online":
            # Before clef: written as it was, paid that day.
            gift = Gift.objects.create(
                body=fund,
                campaign=purchase,
                amount=Decimal(amount),
                method=Gift.Method.ONLINE,
                status=Gift.Status.PAID,
                paid_at=timezone.make_aware(dt.datetime.combine(day, dt.time(21))),
                show_name=donor.show_name,
                receipt_when=donor.receipt_when,
                **donor.fields(),
            )
            receipts.issue_for_gift(gift, by=treasurer)
        else:
            gifts.record_typed(
                body=fund,
                campaign=purchase,
                amount=amount,
                method=method,
                received_on=day,
                reference=f"{rng.randrange(1000000, 9999999)}" if method == "cheque" else "",
                donor=donor,
                by=treasurer,
            )


# What the 2023 campaign raised, as the press reported it: 291,000 € from the crowd and
# 1.0 M€ of patronage (seeds/ 004).
CROWD_2023 = Decimal("291000.00")


def _purchase_as_it_ended(fund, purchase):
    """The patrons' payments (their pledges, paid), and the crowdfunding gifts made on the
    platform before clef, as one line, so that the campaign's page adds up as it ended."""
    ended = timezone.make_aware(dt.datetime(2023, 10, 26, 20))
    for patron in purchase.patrons.order_by("pk"):
        Gift.objects.create(
            body=fund,
            campaign=purchase,
            amount=patron.pledged,
            method=Gift.Method.TRANSFER,
            source=Gift.Source.PATRONAGE,
            patron=patron,
            status=Gift.Status.PAID,
            paid_at=ended,
            donor_name=patron.name,
            donor_kind=DonorKind.COMPANY if patron.kind == "company" else DonorKind.PERSON,
            siren=patron.siren,
            donor_address=patron.address,
            receipt_when=Gift.ReceiptWhen.NONE,  # the fund's patronage agreements, on paper
        )
    typed = sum(
        Gift.objects.filter(
            campaign=purchase, source=Gift.Source.CROWDFUNDING, status=Gift.Status.PAID
        ).values_list("amount", flat=True),
        Decimal("0"),
    )
    if typed < CROWD_2023:
        Gift.objects.create(
            body=fund,
            campaign=purchase,
            amount=CROWD_2023 - typed,
            method=Gift.Method.ONLINE,
            status=Gift.Status.PAID,
            paid_at=ended,
            donor_name="Dons en ligne reçus avant clef (plateforme de financement participatif)",
            receipt_when=Gift.ReceiptWhen.NONE,  # receipted by the platform at the time
        )


def _works(rng, works, member, today):
    """The campaign running: online gifts through the stand-in provider."""
    if online_method() is None:  # giving online is off (CLEF_ONLINE_PAYMENT empty)
        return
    counterparts = list(works.counterparts.order_by("minimum_gift"))
    for i in range(WORKS_GIFTS):
        amount = rng.choice(SIZES)
        donor = _donor(rng, PURCHASE_GIFTS + i)
        user = member if i == 0 else None
        fitting = [c for c in counterparts if c.minimum_gift <= Decimal(amount)]
        counterpart = rng.choice(fitting) if fitting and rng.random() < 0.4 else None
        if user is not None:
            donor = gifts.Donor(
                name=user.get_full_name(),
                address="12 rue des Écoles\n75005 Paris",
                email=user.email,
                receipt_when="each",
            )
            amount, counterpart = "50", counterparts[1] if len(counterparts) > 1 else None
        try:
            gift, _url = gifts.give_online(
                works, amount=amount, donor=donor, user=user, counterpart=counterpart
            )
        except gifts.GiftRefused:  # a counterpart out of stock: the gift without it
            gift, _url = gifts.give_online(works, amount=amount, donor=donor, user=user)
        if rng.random() < 0.95:
            payments.mark_paid(gift.payment, reference=f"DEMO-{i:04d}")
        else:
            payments.mark_failed(gift.payment)


def _association(rng, association, treasurer, today):
    """Cheques to the association, no campaign, in the last year."""
    for i in range(ASSOCIATION_GIFTS):
        day = dt.date(today.year - 1, 1, 1) + dt.timedelta(days=rng.randrange(365))
        gifts.record_typed(
            body=association,
            campaign=None,
            amount=rng.choice(SIZES),
            method="cheque",
            received_on=min(day, today),
            reference=f"{rng.randrange(1000000, 9999999)}",
            donor=_donor(rng, PURCHASE_GIFTS + WORKS_GIFTS + i, when="yearly"),
            by=treasurer,
        )
