"""Handing a till over: one cashier's session closes with the cash counted blind (by
denomination, before the expected amount is shown), and the next cashier's session opens
on the same till with that counted cash as its float, in one transaction: both happen,
or neither. The journal has both entries (the session closed, the session opened), the
action log both and the handover itself.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from clef.boxoffice import sessions
from clef.boxoffice.sales import SaleRefused
from clef.lib import roles
from clef.lib.actions import log_action


def next_cashiers(session):
    """Who may take ``session``'s till over: active cashiers and administrators, its
    cashier left out, by name."""
    users = get_user_model()._default_manager
    found = (
        users.filter(is_active=True)
        .filter(
            Q(groups__name=roles.CASHIER)
            | Q(groups__name=roles.ADMINISTRATOR)
            | Q(is_superuser=True)
        )
        .exclude(pk=session.cashier_id)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [user for user in found if roles.can_use_till(user)]


def next_cashier(session, raw):
    """The cashier chosen (their id, as posted) to take ``session``'s till over, or
    refused."""
    raw = str(raw or "").strip()
    if not raw:
        raise SaleRefused("next_cashier_missing", _("Choose the cashier who takes the till over."))
    chosen = next((u for u in next_cashiers(session) if str(u.pk) == raw), None)
    if chosen is None:
        raise SaleRefused(
            "next_cashier_invalid",
            _("Choose the next cashier in the list: another person who may use the till."),
        )
    return chosen


def hand_over(session, *, counts, by, to, comment=""):
    """Close ``session`` with the cash counted (``counts``, as ``close_session`` reads
    them) and open the till again for ``to`` with that cash as the float. Returns
    ``(closed, opened)``; refused, nothing is written."""
    if to.pk == session.cashier_id:
        raise SaleRefused(
            "next_cashier_invalid",
            _("Choose the next cashier in the list: another person who may use the till."),
        )
    with transaction.atomic():
        closed = sessions.close_session(session, counts=counts, by=by, comment=comment)
        opened = sessions.open_session(
            closed.till, cashier=to, opening_float=f"{closed.counted:.2f}"
        )
        log_action(
            "boxoffice.session.handed_over",
            by=by,
            session=closed.pk,
            next_session=opened.pk,
            to=to.get_username(),
            float=opened.opening_float,
        )
    return closed, opened
