"""Pledges: a promise now, paid later in instalments on a schedule, followed apart from
the gifts. An instalment paid is a gift (by cheque or transfer, typed by the treasurer)
pointing to it; the pledge is done when every instalment is paid.

Reminders (``clef remind_pledges``, run daily by a timer): an email a week before an
instalment is due, and one more a week after it if it is still unpaid; each at most once
(``reminded_on`` says the last sent), so running the command twice sends nothing twice.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.fundraising import gifts
from clef.fundraising.models import Gift, Pledge, PledgeInstalment
from clef.fundraising.receipts import _language_of
from clef.lib.actions import log_action
from clef.lib.forms import FIRST_DAY, LAST_DAY, BadInput, parse_euros
from clef.lib.mail import send_mail_on_commit
from clef.lib.money import cents

MOST_INSTALMENTS = 120
LARGEST_PLEDGE = Decimal("10000000")
NOTICE = dt.timedelta(days=7)


class PledgeRefused(gifts.GiftRefused):
    pass


def add_months(day, months):
    """``day`` moved by ``months``, on the same day of the month or the month's last."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def schedule(total, count, first_due, every_months=1):
    """``count`` instalments of ``total``, equal to the cent, the last one absorbing the
    rounding: [(due day, amount)]."""
    part = cents(total / count)
    amounts = [part] * (count - 1) + [total - part * (count - 1)]
    return [(add_months(first_due, i * every_months), a) for i, a in enumerate(amounts)]


def make_pledge(*, body, campaign, total, count, first_due, donor, by, every_months=1):
    """Record a pledge and its schedule. ``total`` as typed; ``donor`` a ``gifts.Donor``."""
    try:
        total = parse_euros(total, low=Decimal("0"), high=LARGEST_PLEDGE)
    except BadInput as bad:
        raise PledgeRefused(bad.code, bad.message) from None
    if total <= 0:
        raise PledgeRefused("pledge_zero", _("A pledge promises more than 0 €."))
    if not 1 <= count <= MOST_INSTALMENTS or not 1 <= every_months <= 12:
        raise PledgeRefused(
            "pledge_count",
            _("A pledge is paid in 1 to %(most)s instalments, 1 to 12 months apart.")
            % {"most": MOST_INSTALMENTS},
        )
    rows = schedule(total, count, first_due, every_months)
    if any(amount <= 0 for _day, amount in rows):
        raise PledgeRefused("pledge_count", _("Each instalment must be at least 0.01 €."))
    if not first_due >= FIRST_DAY or rows[-1][0] > LAST_DAY:
        raise PledgeRefused("pledge_dates", _("The schedule goes beyond the dates clef knows."))
    if campaign is not None and campaign.body_id != body.pk:
        raise PledgeRefused(
            "other_body", _("This campaign's gifts go to %(body)s.") % {"body": campaign.body}
        )
    donor = donor.cleaned()
    with transaction.atomic():
        pledge = Pledge.objects.create(body=body, campaign=campaign, total=total, **donor.fields())
        PledgeInstalment.objects.bulk_create(
            PledgeInstalment(pledge=pledge, position=i, due_on=day, amount=amount)
            for i, (day, amount) in enumerate(rows, start=1)
        )
        log_action(
            "fundraising.pledge.made", by=by, obj=pledge, pledge=pledge.pk, total=total, count=count
        )
    return pledge


def pay_instalment(instalment, *, method, received_on, reference, by):
    """The instalment received (cheque or transfer): a gift of its amount, with its
    receipt; the pledge done once every instalment is paid."""
    with transaction.atomic():
        instalment = (
            PledgeInstalment.objects.select_for_update(of=("self",))
            .select_related("pledge__body", "pledge__campaign")
            .get(pk=instalment.pk)
        )
        if Gift.objects.filter(instalment=instalment).exclude(status="cancelled").exists():
            raise PledgeRefused("instalment_paid", _("This instalment is paid already."))
        pledge = instalment.pledge
        if pledge.status != Pledge.Status.OPEN:
            raise PledgeRefused("pledge_closed", _("This pledge is closed."))
        donor = gifts.Donor(
            name=pledge.donor_name,
            address=pledge.donor_address,
            email=pledge.donor_email,
            kind=pledge.donor_kind,
            siren=pledge.siren,
        )
        gift = gifts.record_typed(
            body=pledge.body,
            campaign=pledge.campaign,
            amount=str(instalment.amount),
            method=method,
            received_on=received_on,
            reference=reference,
            donor=donor,
            by=by,
        )
        gift.instalment = instalment
        gift.save(update_fields=["instalment"])
        if not pledge.instalments.exclude(gift__status=Gift.Status.PAID).exists():
            pledge.status = Pledge.Status.DONE
            pledge.save(update_fields=["status"])
        log_action("fundraising.pledge.instalment_paid", by=by, obj=pledge, gift=gift.pk)
    return gift


def unpaid(today):
    return (
        PledgeInstalment.objects.filter(pledge__status=Pledge.Status.OPEN)
        .exclude(gift__status=Gift.Status.PAID)
        .select_related("pledge__body")
        .order_by("due_on", "pk")
    )


def reminder_due(instalment, today):
    """Which reminder ``instalment`` needs today: "soon", "late", or None."""
    if instalment.reminded_on is None and instalment.due_on - NOTICE <= today:
        return "late" if instalment.due_on + NOTICE <= today else "soon"
    if (
        instalment.reminded_on is not None
        and instalment.reminded_on < instalment.due_on + NOTICE
        and instalment.due_on + NOTICE <= today
    ):
        return "late"
    return None


def send_reminders(today=None):
    """Send the reminders due today; returns how many were sent. Idempotent."""
    today = today or timezone.localdate()
    sent = 0
    for instalment in unpaid(today):
        kind = reminder_due(instalment, today)
        if kind is None or not instalment.pledge.donor_email:
            continue
        with transaction.atomic():
            updated = PledgeInstalment.objects.filter(
                pk=instalment.pk, reminded_on=instalment.reminded_on
            ).update(reminded_on=today)
            if not updated:  # another run took it
                continue
            send_mail_on_commit(
                "fundraising/emails/pledge_reminder",
                {"instalment": instalment, "pledge": instalment.pledge, "late": kind == "late"},
                to=instalment.pledge.donor_email,
                language=_language_of(instalment.pledge.donor),
            )
            log_action(
                "fundraising.pledge.reminded",
                obj=instalment.pledge,
                instalment=instalment.pk,
                kind=kind,
            )
        sent += 1
    return sent
