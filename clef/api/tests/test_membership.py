"""A member's membership through the API: what is valid, and joining."""

from clef.members.models import Membership
from clef.payments import services as payments


def test_it_shows_no_membership_for_a_newcomer(call, bearer, member, venue):
    assert call("get", "/api/membership", headers=bearer(member))[:2] == (
        200,
        {"current": None, "history": []},
    )


def test_it_shows_the_membership_valid_today(call, bearer, paid_member, venue):
    membership = Membership.objects.get()

    status, body, _ = call("get", "/api/membership", headers=bearer(paid_member))

    assert status == 200
    assert body["current"] == {
        "code": membership.code,
        "number": f"{membership.season}-00001",
        "season": membership.season,
        "amount": "10.00",
        "status": "paid",
        "starts_on": membership.starts_on.isoformat(),
        "ends_on": membership.ends_on.isoformat(),
        "payment_url": None,
        "url": f"http://testserver/adhesion/carte/{membership.code}/",
    }
    assert body["history"] == [body["current"]]


def test_it_starts_a_membership_to_pay_online_then_shows_it_paid(call, bearer, member, venue):
    headers = bearer(member)

    status, body, _ = call("post", "/api/membership", {"amount": "10"}, headers)

    membership = Membership.objects.get()
    assert status == 201
    assert (body["code"], body["status"], body["amount"], body["number"]) == (
        membership.code,
        "pending",
        "10.00",
        None,
    )
    assert body["payment_url"] == f"http://testserver/paiement/test/{membership.payment.code}/"

    payments.mark_paid(membership.payment)
    _, after, _ = call("get", "/api/membership", headers=headers)
    assert (after["current"]["code"], after["current"]["status"]) == (membership.code, "paid")


def test_it_takes_an_amount_as_a_json_number(call, bearer, member, venue):
    status, body, _ = call("post", "/api/membership", {"amount": 7.5}, bearer(member))
    assert (status, body["amount"]) == (201, "7.50")


def test_it_refuses_an_amount_off_the_scale_and_writes_nothing(call, bearer, member, venue, rows):
    headers = bearer(member)
    before = rows()

    for amount, code in [
        ("3", "amount_out_of_scale"),
        ("dix", "amount_invalid"),
        ("5.555", "amount_decimals"),
    ]:
        status, body, _ = call("post", "/api/membership", {"amount": amount}, headers)
        assert (status, body["code"]) == (422, code)

    assert rows() == before


def test_a_huge_amount_is_refused_not_a_server_error(call, bearer, member, venue):
    status, body, _ = call("post", "/api/membership", {"amount": "1e30"}, bearer(member))
    # A number written with an exponent is not an amount typed in euros.
    assert (status, body["code"]) == (422, "amount_invalid")
