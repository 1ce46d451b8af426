"""A cashier's turn at a till: open it with a counted float, close it by counting the
cash by denomination; the difference to what is expected is recorded, never hidden.

A session is its cashier's: handing over is counting and closing, then the next cashier
opens their own. An administrator may close a session its cashier abandoned; the
journal's entry says so."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice import journal
from clef.boxoffice.models import JournalEntry, Sale, Till, TillSession
from clef.boxoffice.sales import SaleRefused, check_own
from clef.lib import roles
from clef.lib.actions import log_action
from clef.lib.forms import is_digits
from clef.lib.money import cents, format_euros
from clef.tickets.booking import parse_price
from clef.tickets.seats import SeatsRefused

# Euro notes and coins, as the count form lists them.
DENOMINATIONS = [
    Decimal(d)
    for d in (
        "500", "200", "100", "50", "20", "10", "5",
        "2", "1", "0.50", "0.20", "0.10", "0.05", "0.02", "0.01",
    )
]  # fmt: skip
MAX_FLOAT = Decimal("10000")
MAX_PIECES = 100_000


class _FloatLimits:
    price_ceiling = MAX_FLOAT


def parse_float(raw):
    try:
        return parse_price(raw, _FloatLimits)
    except SeatsRefused:
        raise SaleRefused(
            "float_invalid",
            _("Type the float in euros, from 0 to %(max)s, like 150 or 87.50.")
            % {"max": format_euros(MAX_FLOAT)},
        ) from None


def open_session(till, *, cashier, opening_float):
    """Open ``till`` for ``cashier`` with ``opening_float`` (as typed) in the drawer."""
    amount = parse_float(opening_float)
    if not till.active:
        raise SaleRefused("till_inactive", _("This till is not in use."))
    try:
        with transaction.atomic():
            session = TillSession.objects.create(
                till=till, venue=till.venue, cashier=cashier, opening_float=amount
            )
            journal.append(
                till.venue,
                JournalEntry.Kind.SESSION_OPENED,
                {
                    "till": till.name,
                    "session": session.pk,
                    "cashier": journal.name_of(cashier),
                    "float": amount,
                },
                session=session,
            )
    except IntegrityError:
        raise SaleRefused(
            "session_open", _("This till is already open: close its session first.")
        ) from None
    log_action("boxoffice.session.opened", by=cashier, session=session.pk, till=till.name)
    return session


def open_session_of(till):
    return TillSession.objects.filter(till=till, closed_at=None).first()


def own_session(user, venue):
    """The session ``user`` has open in ``venue`` (the last opened), or None: where the
    money they take at the door goes."""
    if not user.is_authenticated:
        return None
    return (
        TillSession.objects.filter(cashier=user, venue=venue, closed_at=None)
        .select_related("till", "venue", "cashier")
        .order_by("-opened_at", "-pk")
        .first()
    )


def may_close_abandoned(user):
    """Administrators (the role, or a superuser) may close another cashier's session."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.groups.filter(name=roles.ADMINISTRATOR).exists())
    )


def parse_count(raw):
    """{denomination: pieces} from what was typed per denomination; blanks are 0."""
    counts = {}
    for denomination in DENOMINATIONS:
        key = f"{denomination:.2f}"
        value = raw.get(key, "")
        value = str(value).strip() if value is not None else ""
        if value == "":
            continue
        if not is_digits(value) or len(value) > 9 or int(value) > MAX_PIECES:
            raise SaleRefused(
                "count_invalid",
                _("Count of %(denomination)s: type a whole number of pieces, like 0 or 12.")
                % {"denomination": format_euros(denomination)},
            )
        if int(value):
            counts[key] = int(value)
    unknown = set(raw) - {f"{d:.2f}" for d in DENOMINATIONS}
    if unknown:
        raise SaleRefused(
            "count_invalid", _("%(value)s is not a euro note or coin.") % {"value": min(unknown)}
        )
    return counts


def close_session(session, *, counts, by, comment=""):
    """Close ``session`` with the cash counted (``counts``: pieces per denomination, as
    typed). Returns the session with expected, counted and the difference.

    Only its cashier closes it (``Forbidden`` otherwise), or an administrator when it
    was abandoned: the journal's entry then names who closed it (``closed_by``,
    ``abandoned``)."""
    counts = parse_count(counts)
    counted = sum((Decimal(d) * n for d, n in counts.items()), Decimal("0.00"))
    with transaction.atomic():
        session = (
            TillSession.objects.select_for_update()
            .select_related("till", "cashier")
            .get(pk=session.pk)
        )
        abandoned = session.cashier_id != by.pk
        if abandoned and not may_close_abandoned(by):
            check_own(session, by)
        if not session.is_open:
            raise SaleRefused("session_closed", _("This till session is already closed."))
        expected = expected_cash(session)
        session.counted_detail = counts
        session.counted = counted
        session.expected = expected
        session.difference = counted - expected
        session.comment = comment.strip()[:2000]
        session.closed_at = timezone.now()
        session.closed_by = by
        session.save()
        body = {
            "till": session.till.name,
            "session": session.pk,
            "cashier": journal.name_of(session.cashier),
            "float": session.opening_float,
            "expected": expected,
            "counted": counted,
            "difference": session.difference,
            "count": counts,
            "by_method": by_method(session),
            "comment": session.comment,
        }
        if abandoned:
            body.update(closed_by=journal.name_of(by), abandoned=True)
        journal.append(session.venue, JournalEntry.Kind.SESSION_CLOSED, body, session=session)
    log_action(
        "boxoffice.session.closed_abandoned" if abandoned else "boxoffice.session.closed",
        by=by,
        session=session.pk,
        cashier=session.cashier.get_username(),
        expected=expected,
        counted=counted,
        difference=session.difference,
    )
    return session


def expected_cash(session):
    """The cash that should be in the drawer: the float and every cash sale, reversals,
    door sales and refunds included, and the cash part of each split payment."""
    taken = Sale.objects.filter(
        session=session, method__in=(Sale.Method.CASH, Sale.Method.SPLIT)
    ).values_list("method", "total", "card_part")
    cash = sum((total - (card or 0) for _method, total, card in taken), Decimal("0.00"))
    return cents(session.opening_float + cash)


def kind_of(sale, journal_kind=None):
    """What ``sale`` counts as: a sale, a reversal or a refund (``JournalEntry.Kind``),
    as its journal entry says (``journal_kind``) or, unread, as its row does. The close
    page, the session's report and the closings count sales by this, alike: reversals
    and refunds are not sales (their amounts are taken off)."""
    if journal_kind:
        return journal_kind
    if sale.reverses_id:
        return JournalEntry.Kind.REVERSAL
    if sale.reason:
        return JournalEntry.Kind.REFUND
    return JournalEntry.Kind.SALE


def by_method(session):
    """{method: {"count": sales, "total": amount}} for the session: amounts net of the
    reversals and refunds, counts of sales only (``kind_of``). A split payment counts
    once under cash and once under card, each with its part, and once under ``split``
    with its whole total."""
    methods = {}
    rows = Sale.objects.filter(session=session).only(
        "method", "total", "card_part", "reverses", "reason"
    )
    for sale in rows:
        parts = dict(sale.tenders)
        if sale.method == Sale.Method.SPLIT:
            parts[Sale.Method.SPLIT.value] = sale.total
        counted = kind_of(sale) == JournalEntry.Kind.SALE
        for method, amount in parts.items():
            row = methods.setdefault(method, {"count": 0, "total": Decimal("0.00")})
            row["count"] += 1 if counted else 0
            row["total"] += amount
    return {method: methods[method] for method in sorted(methods)}


def tills_of(venue):
    return Till.objects.filter(venue=venue, active=True)
