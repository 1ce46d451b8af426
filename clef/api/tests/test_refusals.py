"""One refusal type, answered in one place: any ``Refused`` becomes the same JSON error
(its code, its message, a status from its code or its own), and a page message."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from clef.api.errors import ApiError, status_of
from clef.lib.refusals import Forbidden, Refused, refuse_on_page
from clef.members.services import MembershipRefused
from clef.tickets.booking import BookingRefused
from clef.tickets.seats import SeatsRefused


@pytest.mark.parametrize(
    ("refused", "status"),
    [
        (SeatsRefused("sold_out", "full"), 409),
        (BookingRefused("price_negative", "below 0"), 422),
        (BookingRefused("too_many", "too many"), 422),
        (MembershipRefused("amount_invalid", "not an amount"), 422),
        (MembershipRefused("already_cancelled", "cancelled"), 409),
        (Forbidden("not_yours", "another cashier's session"), 403),
        (ApiError(404, "not_found", "nothing"), 404),
        (ApiError(400, "bad_request", "not JSON"), 400),
    ],
)
def test_every_refusal_gets_its_status_in_one_place(refused, status):
    assert isinstance(refused, Refused)
    assert status_of(refused) == status


def test_the_api_answers_a_refusal_with_its_code_and_message(call, bearer, paid_member, on_sale):
    status, body, _response = call(
        "post",
        "/api/bookings",
        {"screening": on_sale.pk, "prices": ["-1"]},
        bearer(paid_member),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (status, body) == (
        422,
        {"code": "price_negative", "message": "A price cannot be below 0."},
    )


def test_a_refusal_on_a_page_becomes_one_error_message():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)

    refuse_on_page(request, BookingRefused("too_late", "Trop tard."))

    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("error", "Trop tard.")]
