"""Payments and memberships in the back office: shown, searchable, never edited."""

from decimal import Decimal

import pytest

from clef.members.services import start_membership
from clef.payments import services


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("ada", "ada@example.org", "x")
    client.force_login(user)
    return client


@pytest.fixture
def paid(venue, member):
    membership = start_membership(member, venue, amount=Decimal("10.00"), method="test")
    services.mark_paid(membership.payment, reference="TEST-ABC")
    membership.refresh_from_db()
    return membership


def test_a_payment_shows_its_events_and_cannot_be_changed(admin, paid):
    payment = paid.payment

    response = admin.get(f"/gestion/payments/payment/{payment.pk}/change/")

    text = response.content.decode()
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.queryset.count() == 2
    assert 'name="_save"' not in text
    assert admin.get("/gestion/payments/payment/add/").status_code == 403
    assert admin.post(f"/gestion/payments/payment/{payment.pk}/delete/").status_code == 403


def test_payments_are_found_by_code_and_reference(admin, paid):
    by_code = admin.get("/gestion/payments/payment/", {"q": paid.payment.code})
    by_reference = admin.get("/gestion/payments/payment/", {"q": "TEST-ABC"})
    nothing = admin.get("/gestion/payments/payment/", {"q": "no-such-thing"})

    assert list(by_code.context["cl"].result_list) == [paid.payment]
    assert list(by_reference.context["cl"].result_list) == [paid.payment]
    assert list(nothing.context["cl"].result_list) == []


def test_memberships_are_found_by_code_with_their_status(admin, paid):
    response = admin.get("/gestion/members/membership/", {"q": paid.code})

    assert list(response.context["cl"].result_list) == [paid]
    assert str(paid) in response.content.decode()
    assert admin.get("/gestion/members/membership/add/").status_code == 403
