"""The till that sold offline: ``POST /api/till/sync`` sends what it sold, ``POST
/api/till/blocks`` holds the seats it may sell if the network drops. Called by the
till's own page (``offline.js``) with the cashier's session and Django's CSRF token, or
by a program with the cashier's token; always in the cashier's own till session."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from clef.api import schemas
from clef.api.auth import SIGNED_IN
from clef.api.errors import ApiError
from clef.boxoffice import offline, sales
from clef.boxoffice.models import Product, TillSession
from clef.lib import roles
from clef.members.models import Membership
from clef.programme.models import Screening, ScreeningFilm
from clef.tickets.seats import series_name
from clef.venues.numbering import last_number

router = Router(tags=["till"], auth=SIGNED_IN)

Key = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Name = Annotated[str, Field(max_length=150)]
TicketNumber = Annotated[int, Field(ge=1, le=999_999_999)]
# Far from the server's clock, a till's time is not believed for whether a screening
# still sold (it is kept in the journal all the same).
BELIEVED_AHEAD = dt.timedelta(minutes=10)


class MembershipIn(Schema):
    amount: schemas.Euros
    person: schemas.Id | None = None
    first_name: Name = ""
    last_name: Name = ""
    email: Annotated[str, Field(max_length=254)] = ""


class OfflineSaleIn(Schema):
    key: Key = Field(description="The sale's idempotency key, made by the till.")
    sequence: int = Field(ge=1, le=2_000_000_000, description="The sale's number at the till.")
    sold_at: dt.datetime = Field(description="When the till sold it, by its own clock.")
    screening: schemas.Id | None = None
    prices: list[schemas.Euros] = Field(default=[], max_length=sales.MAX_TICKETS)
    numbers: list[TicketNumber] | None = Field(
        None,
        max_length=sales.MAX_TICKETS,
        description="The numbers the till printed on the tickets, one per price, in its own "
        "series this year: they must be the series' next ones, else the sale is a conflict.",
    )
    products: dict[str, int] = Field(default={}, max_length=200)
    membership: MembershipIn | None = None
    person: schemas.Id | None = Field(
        None, description="The member the sale is for, found in the till's copy of members."
    )
    method: Annotated[str, Field(max_length=10)]
    tendered: schemas.Euros | None = None
    card_part: schemas.Euros | None = None


class SyncIn(Schema):
    session: schemas.Id
    sales: list[OfflineSaleIn] = Field(max_length=offline.MAX_SALES)


class ResultOut(Schema):
    key: str
    sequence: int
    status: str = Field(examples=["done", "already_done", "conflict"])
    sale: str = ""
    tickets: list[str] = []
    code: str = ""
    message: str = ""


class BlockOut(Schema):
    screening: int
    starts_at: dt.datetime
    title: str
    seats: int


class BlocksOut(Schema):
    messages: dict[str, str] = Field(
        description="What the till's screen says offline, in the caller's language."
    )
    series: str
    last_number: int = Field(description="The last ticket number given in the till's series.")
    year: int
    blocks: list[BlockOut]
    held: bool = Field(
        True,
        description="False when nothing was held: ``code`` and ``message`` say why.",
    )
    code: str = Field("", examples=["", "no_series", "session_closed"])
    message: str = ""


class SyncOut(BlocksOut):
    results: list[ResultOut]
    late_session: int | None = None


class BlocksIn(Schema):
    session: schemas.Id


class MemberOut(Schema):
    name: str
    number: str = Field(description="The membership's number, as on the card (2026-00042).")
    code: str = Field(description="The card's code (its QR code).")
    ends_on: dt.date
    person: int | None = None


class MembersOut(Schema):
    taken_at: dt.datetime = Field(description="When the copy was taken.")
    members: list[MemberOut]


FILMS = Prefetch("screening_films", queryset=ScreeningFilm.objects.select_related("film"))
ERRORS = {401: schemas.Error, 403: schemas.Error, 404: schemas.Error, 409: schemas.Error}


@router.post("/till/blocks", response={200: BlocksOut, 422: schemas.Invalid, **ERRORS})
def hold_blocks(request, payload: BlocksIn):
    """Online, the till holds its block of seats for each coming screening (those it
    held before are given back and sized again) and learns its series' last number.

    A till without a series of its own, or a session closed, is no error (the till's
    page asks on its own, in the background): the answer is 200 with no block,
    ``held`` false, and ``code`` and ``message`` saying why."""
    session = _session(request.auth, payload.session)
    if not session.till.ticket_series:
        return _nothing_held(
            session.till,
            "no_series",
            _("This till has no ticket series of its own: it cannot sell offline."),
        )
    if not session.is_open:
        return _nothing_held(
            session.till,
            "session_closed",
            _("This till session is closed: no seat is held for it."),
        )
    held = offline.refresh_blocks(session.till, by=request.auth)
    return _blocks_out(session.till, held)


@router.get("/till/members", response={200: MembersOut, 422: schemas.Invalid, **ERRORS})
def members(request, session: schemas.Id):
    """The venue's valid members (name, number, card code, end date), copied by the
    till's page while online so that memberships are checked when the network drops;
    ``taken_at`` is when the copy was taken (the till shows its age). One query."""
    till_session = _session(request.auth, session)
    venue = till_session.venue
    taken_at = timezone.now()
    rows = (
        Membership.objects.valid_on(venue.local_date())
        .filter(venue=venue)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "season", "number")
    )
    return {
        "taken_at": taken_at,
        "members": [
            {
                "name": (m.person.get_full_name() or m.person.get_username()) if m.person else "",
                "number": str(m),
                "code": m.code,
                "ends_on": m.ends_on,
                "person": m.person_id,
            }
            for m in rows
        ],
    }


def _nothing_held(till, code, message):
    return {
        "messages": messages(),
        "series": till.ticket_series,
        "year": till.venue.local_date().year,
        "last_number": 0,
        "blocks": [],
        "held": False,
        "code": code,
        "message": message,
    }


@router.post("/till/sync", response={200: SyncOut, 422: schemas.Invalid, **ERRORS})
def sync(request, payload: SyncIn):
    """Send the sales the till made offline, in any order (they are written in the
    till's sequence). Each answers ``done`` (with the sale and its tickets),
    ``already_done`` (its key was sent before: nothing is written twice) or
    ``conflict`` (it could not be written: a screening cancelled, a membership refused,
    no seat left; recorded for the cashier, never dropped). A session an administrator
    closed meanwhile takes its sales into a late session (``late_session``). Then the
    till's blocks are given back and held again for the coming screenings."""
    user = request.auth
    session = _session(user, payload.session)
    venue = session.venue
    now = timezone.now()
    # Read once for the whole sync: the screenings with their films (each ticket's line
    # names its film) and the bar's products.
    screenings = {
        s.pk: s
        for s in Screening.objects.select_related("room__venue")
        .prefetch_related(FILMS)
        .filter(pk__in={s.screening for s in payload.sales if s.screening}, room__venue=venue)
    }
    products = {p.pk: p for p in Product.objects.filter(venue=venue)}
    people = {
        p.pk: p
        for p in get_user_model()._default_manager.filter(
            pk__in={s.membership.person for s in payload.sales if s.membership}
            | {s.person for s in payload.sales if s.person}
        )
    }
    sent = [_sale(item, screenings, people, products, now) for item in payload.sales]
    results, late = offline.sync(session, sent, by=user, now=now)
    held = offline.blocks_after_sync(session.till, by=user, now=now)
    return {
        **_blocks_out(session.till, held),
        "results": [r.__dict__ for r in results],
        "late_session": late.pk if late else None,
    }


def _session(user, pk):
    if not roles.can_use_till(user):
        raise ApiError(403, "forbidden", _("Only cashiers use the till."))
    session = TillSession.objects.select_related("till", "venue", "cashier").filter(pk=pk).first()
    if session is None:
        raise ApiError(404, "not_found", _("This till session does not exist."))
    sales.check_own(session, user)
    return session


def _sale(item, screenings, people, products, now):
    """An ``OfflineSale`` from what was sent; what cannot be found (a screening of
    another venue, a person unknown) is left for the sale to refuse, as a conflict."""
    sold_at = item.sold_at if timezone.is_aware(item.sold_at) else None
    sold_at = sold_at or timezone.make_aware(item.sold_at, dt.UTC)
    believed = now - offline.CLOCK_SLACK <= sold_at <= now + BELIEVED_AHEAD
    membership = None
    if item.membership is not None:
        m = item.membership
        membership = sales.MembershipLine(
            amount=m.amount,
            person=people.get(m.person),
            first_name=m.first_name,
            last_name=m.last_name,
            email=m.email,
        )
    order = sales.Order(
        screening=screenings.get(item.screening),
        prices=list(item.prices),
        products={_product(pk, products): qty for pk, qty in item.products.items()},
        membership=membership,
        person=people.get(item.person),
        sold_at=sold_at if believed else None,
    )
    if item.screening and order.screening is None:
        # An unknown screening, or another venue's: the sale refuses it as a conflict.
        order.prices = []
        order.screening = None
        missing = offline.Missing(
            "screening_unknown", _("This screening is not one of this venue's.")
        )
    elif (membership is not None and item.membership.person and membership.person is None) or (
        item.person and order.person is None
    ):
        missing = offline.Missing("person_unknown", _("This member does not exist."))
    elif item.numbers is not None and len(item.numbers) != len(item.prices):
        missing = offline.Missing(
            "numbers_mismatch",
            _("The ticket numbers printed by the till are not the next ones of its series."),
        )
    else:
        missing = None
    return offline.OfflineSale(
        key=item.key,
        sequence=item.sequence,
        sold_at=sold_at,
        order=order,
        method=item.method,
        tendered=item.tendered,
        card_part=item.card_part,
        sent=_jsonable(item.dict()),
        missing=missing,
        numbers=list(item.numbers) if item.numbers is not None else None,
    )


def _product(pk, products):
    """The venue's product named ``pk`` (read with the sync), else its id for the sale
    to refuse as not in the catalogue."""
    pk = int(pk) if pk.isascii() and pk.isdigit() and len(pk) < 12 else 0
    return products.get(pk, pk)


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (Decimal, dt.datetime)):
        return str(value)
    return value


def messages():
    """The sentences of the till's screen offline (``offline.js``), translated here;
    ``%(…)s`` is filled in by the script."""
    return {
        "offline": _("Offline since %(time)s"),
        "online": _("Online"),
        "queued": _("%(count)s sales to send"),
        "queued1": _("1 sale to send"),
        "left": _("%(count)s seats left in your block"),
        "left1": _("1 seat left in your block"),
        "noBlock": _("This till holds no seat for this screening: no tickets can be sold offline."),
        "short": _(
            "Your block has only %(count)s seats left for this screening: the sale is refused."
        ),
        "usedUp": _(
            "Every seat of your block for this screening is sold: no more tickets until "
            "the network is back."
        ),
        "noScreening": _("Choose the screening the tickets are for."),
        "empty": _("The sale is empty: add a ticket, a membership or an item."),
        "sold": _("Sale %(number)s kept offline: it will be sent when the network is back."),
        "tickets": _("Tickets: "),
        "conflict": _("Sale %(number)s was not recorded when sent: "),
        "sent": _("%(count)s sales sent."),
        "sent1": _("1 sale sent."),
        "noAnswer": _("The till's answer did not arrive: check the connection and try again."),
        "badPrice": _("Type one price per ticket, like 5 or 7.50."),
        "membersAsOf": _("members as of %(time)s"),
        "noCopy": _(
            "No copy of the members is kept on this till: type the new member's name below."
        ),
        "nobody": _("Nobody found in the copy of the members."),
        "expired": _("%(name)s's membership ended on %(date)s: it is refused offline."),
        "validUntil": _("Member %(number)s, valid until %(date)s"),
        "pick": _("Pick"),
    }


def _blocks_out(till, held):
    venue = till.venue
    year = venue.local_date().year
    return {
        "messages": messages(),
        "series": till.ticket_series,
        "year": year,
        "last_number": last_number(venue, series_name(till.ticket_series), year),
        "blocks": [
            {
                "screening": b.screening_id,
                "starts_at": b.screening.starts_at,
                "title": str(b.screening.display_title),
                "seats": b.seats,
            }
            for b in held
        ],
    }
