"""Erasing one's own account, confirmed by a link sent to its address.

The account page sends the link (``send_erase_link``); the link shows what will happen
and a last button (``erase_by_link``). Before erasing, the person's tickets to come are
cancelled and refunded through the booking's own services, booking by booking, where
the cut-off allows; those past it stay valid. A last email says what was cancelled and
refunded, and what stays.

The link is a sign-in link's token under its own salt, good for an hour: it works once,
since the account it names is gone (or emptied) after.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.http import base36_to_int

from clef.accounts.erasure import erase_person
from clef.accounts.personal_data import screenings_with_titles
from clef.accounts.services import language_of, link, mail_context
from clef.accounts.tokens import LinkTokenGenerator, check_link_token, make_link_token
from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.tickets.booking import BookingRefused, can_cancel, cancel_booking, refund_on_cancel
from clef.tickets.models import Ticket

# How long the link to erase an account works.
ERASE_LINK_SECONDS = 60 * 60
# Longer than any screening: those that started earlier are over.
LONGEST = dt.timedelta(hours=24)


class EraseTokenGenerator(LinkTokenGenerator):
    """Erases the account; an hour at most (and never longer than any link)."""

    key_salt = "clef.accounts.erasure_links.EraseTokenGenerator"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        made = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - made <= ERASE_LINK_SECONDS


erase_tokens = EraseTokenGenerator()


@dataclass
class Plan:
    """The person's tickets to come: those erasing cancels (each with ``refund``, what
    comes back) and those past the cut-off, which stay valid."""

    cancelled: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    @property
    def refunded(self):
        return sum((ticket.refund for ticket in self.cancelled), start=Decimal("0.00"))


def upcoming_tickets(user, now):
    """The person's tickets still standing for screenings not over yet, soonest first."""
    tickets = (
        Ticket.objects.filter(booking__person=user, screening__starts_at__gt=now - LONGEST)
        .exclude(status=Ticket.Status.CANCELLED)
        .select_related("booking__payment", "venue")
        .prefetch_related(Prefetch("screening", queryset=screenings_with_titles()))
        .order_by("screening__starts_at", "series", "number")
    )
    return [ticket for ticket in tickets if ticket.screening.ends_at > now]


def plan_for(user, now=None):
    """What erasing ``user`` now does to their tickets to come (nothing written)."""
    now = now or timezone.now()
    plan = Plan()
    for ticket in upcoming_tickets(user, now):
        if can_cancel(ticket, now):
            ticket.refund = refund_on_cancel(ticket)
            plan.cancelled.append(ticket)
        else:
            plan.kept.append(ticket)
    return plan


def send_erase_link(user, *, language):
    """Email ``user`` the link that erases their account (after the commit)."""
    language = language_of(user, default=language)
    path = link("accounts:delete_confirm", make_link_token(erase_tokens, user), language)
    context = {**mail_context(user, path), "hours": ERASE_LINK_SECONDS // 3600}
    with transaction.atomic():
        send_mail_on_commit("accounts/emails/erase_link", context, to=user.email, language=language)
        log_action("accounts.erase_link.sent", by=None, user=user.pk)


def user_of_erase_link(token):
    """The account the link erases, if the link is good; else None."""
    return check_link_token(erase_tokens, token)


@transaction.atomic
def erase_by_link(token):
    """Cancel and refund the tickets the cut-off allows, erase the account, and tell
    its address what was done. The plan carried out, or None when the link is no good
    (spent, too old, tampered with, or used twice at once)."""
    user = user_of_erase_link(token)
    if user is None:
        return None
    # Two clicks at once: the second waits here, then finds the link spent.
    user = get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()
    if user is None or user_of_erase_link(token) is None:
        return None
    email, first_name = user.email, user.first_name
    language = language_of(user, default="fr")
    plan = plan_for(user)
    for booking_pk in dict.fromkeys(ticket.booking_id for ticket in plan.cancelled):
        tickets = [t for t in plan.cancelled if t.booking_id == booking_pk]
        try:
            cancel_booking(tickets[0].booking)
        except BookingRefused:  # the cut-off passed meanwhile: they stay valid
            plan.cancelled = [t for t in plan.cancelled if t.booking_id != booking_pk]
            plan.kept.extend(tickets)
    pk = erase_person(user)
    log_action(
        "accounts.erase_link.used",
        by=None,
        user=pk,
        cancelled=len(plan.cancelled),
        refunded=plan.refunded,
        kept=len(plan.kept),
    )
    if email:
        send_mail_on_commit(
            "accounts/emails/erased",
            {"name": first_name, "plan": plan},
            to=email,
            language=language,
        )
    return plan
