"""Monthly gifts: the donor pays the first month online; the provider charges the next
ones. The stand-in provider has no card on file, so ``clef charge_monthly_gifts`` (run
daily by a timer) simulates it: for each active monthly gift, a gift paid for every month
since the first that has none yet. The unique (monthly gift, month) constraint makes it
idempotent: run twice, or by two timers at once, a month is charged once."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from clef.fundraising.models import Gift, MonthlyGift
from clef.lib.actions import log_action
from clef.payments import services as payments
from clef.payments.models import Payment
from clef.venues.queries import current_venue


def months_between(first, last):
    day = first.replace(day=1)
    while day <= last:
        yield day
        day = day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)


def charge_due(today=None):
    """Charge every month due; returns the gifts made."""
    today = today or timezone.localdate()
    made = []
    plans = MonthlyGift.objects.filter(status=MonthlyGift.Status.ACTIVE).select_related("body")
    for plan in plans:
        # The first month is paid by the donor on the provider's page: until then nothing.
        first = plan.gifts.order_by("period").first()
        if first is None or first.status != Gift.Status.PAID:
            continue
        charged = set(plan.gifts.values_list("period", flat=True))
        for month in months_between(plan.started_on, today):
            if month in charged:
                continue
            gift = _charge(plan, month)
            if gift is not None:
                made.append(gift)
    return made


def _charge(plan, month):
    try:
        with transaction.atomic():
            first = plan.gifts.order_by("period").first()
            gift = Gift.objects.create(
                body=plan.body,
                campaign=plan.campaign,
                amount=plan.amount,
                method=Gift.Method.ONLINE,
                donor=plan.donor,
                donor_name=plan.donor_name,
                donor_address=plan.donor_address,
                donor_email=plan.donor_email,
                donor_kind=plan.donor_kind,
                siren=plan.siren,
                receipt_when=plan.receipt_when,
                show_name=first.show_name if first else False,
                monthly=plan,
                period=month,
            )
            payment = payments.create_payment(
                venue=current_venue(),
                purpose=Payment.Purpose.GIFT,
                method=first.payment.method if first and first.payment_id else "test",
                amount=plan.amount,
                person=plan.donor,
                note=f"monthly {plan.code} {month:%Y-%m}",
            )
            gift.payment = payment
            gift.save(update_fields=["payment"])
            log_action(
                "fundraising.monthly.charged", obj=plan, gift=gift.pk, month=f"{month:%Y-%m}"
            )
            payments.mark_paid(payment, reference=f"MONTHLY-{plan.code}-{month:%Y%m}")
    except IntegrityError:  # charged meanwhile by another run
        return None
    gift.refresh_from_db()
    return gift


@transaction.atomic
def stop(plan, *, by):
    plan = MonthlyGift.objects.select_for_update().get(pk=plan.pk)
    if plan.status != MonthlyGift.Status.STOPPED:
        plan.status = MonthlyGift.Status.STOPPED
        plan.save(update_fields=["status"])
        log_action("fundraising.monthly.stopped", by=by, obj=plan)
    return plan
