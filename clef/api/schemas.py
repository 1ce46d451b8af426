"""The shapes the API reads and answers (they make the OpenAPI document too).

Money goes out as strings with two decimals ("7.50"): a JSON number would be a float.
Times go out in ISO 8601, in UTC ("…Z") and in the venue's local time ("…+01:00").
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema

from clef.lib.forms import LARGEST_ID


def _as_typed(value):
    # JSON numbers arrive as int or Decimal (see ``api.JsonWithDecimals``): pass them on
    # as the text a person would have typed. true/false/null are not amounts.
    if isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError("an amount is a number or a text like “7.50”")


# An id sent by a program: within what a database stores (``lib.forms.LARGEST_ID``), so
# that 30 digits are a 422 rather than a number SQL cannot take.
Id = Annotated[int, Field(ge=1, le=LARGEST_ID)]
# The furthest ``offset`` a list pages to.
LARGEST_OFFSET = 1_000_000_000


# A price or an amount as a person types it: "7.50", "7,50", 7.5 or 7. Checked by the
# services (``parse_price``, ``parse_amount``) so that the refusal says what is wrong.
Euros = Annotated[
    str,
    BeforeValidator(_as_typed),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}], "examples": ["7.50"]}),
]


class Error(Schema):
    code: str = Field(examples=["sold_out"])
    message: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class Invalid(Error):
    errors: list[FieldError] = []


class Mark(Schema):
    code: str = Field(examples=["sdh"])
    label: str


class FilmShown(Schema):
    slug: str
    title: str
    original_title: str
    directors: str
    year: int
    runtime: int
    version: str


class Room(Schema):
    name: str
    seats: int


class Screening(Schema):
    id: int
    title: str
    url: str
    status: Literal["published", "cancelled"]
    kind: str
    kind_label: str
    pricing: str
    is_free: bool
    starts_at: dt.datetime = Field(description="The start, in UTC.")
    starts_at_local: dt.datetime = Field(description="The start in the venue's time zone.")
    ends_at: dt.datetime
    duration: int
    room: Room
    films: list[FilmShown]
    cycle: str | None
    for_children: bool
    age_min: int | None
    age_max: int | None
    guests: str
    accessibility: list[Mark]
    suggested_prices: list[str]
    seats_left_online: int | None = Field(
        description="Seats left to book online (places, for a workshop); null for a private hire."
    )


class Film(Schema):
    slug: str
    title: str
    original_title: str
    directors: str
    year: int
    countries: str
    runtime: int
    languages: str
    synopsis: str
    url: str


class Films(Schema):
    count: int
    items: list[Film]


class FilmDetail(Film):
    screenings: list[Screening] = Field(description="Its coming public screenings.")


class ScreeningBrief(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    starts_at_local: dt.datetime
    room: str


class Ticket(Schema):
    number: str = Field(examples=["2026-000123"])
    code: str = Field(description="What the ticket's QR code holds.")
    price: str = Field(examples=["7.50"])
    status: Literal["booked", "paid", "checked_in", "cancelled"]


class Booking(Schema):
    code: str
    status: Literal["awaiting", "held", "confirmed", "cancelled", "released"]
    screening: ScreeningBrief
    tickets: list[Ticket]
    total: str = Field(examples=["7.50"])
    payment_url: str | None = Field(description="Where to pay, for an online payment.")
    url: str
    created_at: dt.datetime


class Bookings(Schema):
    count: int
    items: list[Booking]


class BookingIn(Schema):
    screening: Id
    prices: list[Euros] = Field(
        max_length=100,
        description="One price per seat, in euros: 0 allowed, two decimals at most.",
        examples=[["0", "7.50"]],
    )
    payment: Literal["door", "online"] = "door"


class Membership(Schema):
    code: str
    number: str | None = Field(description="Given when paid.", examples=["2026-00042"])
    season: int
    amount: str
    status: Literal["pending", "paid", "cancelled"]
    starts_on: dt.date | None
    ends_on: dt.date | None
    payment_url: str | None
    url: str


class Memberships(Schema):
    current: Membership | None
    history: list[Membership]


class MembershipIn(Schema):
    amount: Euros = Field(examples=["10"])


class CheckInIn(Schema):
    screening: Id
    ticket: str = Field(max_length=100, description="The ticket's number or its QR code.")
    confirm: bool = Field(
        False,
        description=(
            "Needed for a ticket named by its number: the staff checked the holder's name "
            "(without it, the answer is ``confirm`` with the name, and nobody enters). A QR "
            "code lets in without it."
        ),
    )
    collect: bool = Field(
        False,
        description=(
            "The cashier has taken the money of a ticket to pay at the door: a door sale in "
            "their own open till session (409 without one, 403 for another's)."
        ),
    )
    method: Literal["cash", "card"] = Field("cash", description="How the money was taken.")
    session: Id | None = Field(
        None, description="The till session the money goes into (by default, the caller's own)."
    )


class CheckIn(Schema):
    ok: bool
    code: str = Field(examples=["ok", "already_in", "to_pay", "confirm"])
    message: str
    ticket: Ticket | None
    to_pay: str | None
    holder: str | None = Field(
        None,
        description=(
            "For ``confirm``: whose ticket it is (the booking's person or address; a ticket "
            "sold at the till or the door has no name)."
        ),
    )
    sale: str | None = Field(None, description="The door sale's code, when money was taken.")
