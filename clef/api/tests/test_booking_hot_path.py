"""The booking rush's shortcuts keep the answers: the screening kept per programme
version is never stale, and the token's user is the ORM's own."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from clef.api.auth import bearer as bearer_auth
from clef.api.services import issue_token
from clef.programme.models import ProgrammeVersion, Screening

# The cache is only used outside a transaction: these tests commit, like a server.
pytestmark = pytest.mark.django_db(transaction=True)


def _book(call, headers, screening, key):
    return call(
        "post",
        "/api/bookings",
        {"screening": screening.pk, "prices": ["5"], "payment": "door"},
        {**headers, "Idempotency-Key": key, "Accept-Language": "en"},
    )


def _reads_the_screening(queries):
    """Whether the screening's row was read (its lock, on PostgreSQL, is not a read)."""
    return any('"programme_screening"."starts_at"' in q["sql"] for q in queries.captured_queries)


def test_the_screening_is_read_once_while_the_programme_stays_the_same(
    call, bearer, on_sale, paid_member
):
    headers = bearer(paid_member)
    assert _book(call, headers, on_sale, "one")[0] == 201

    with CaptureQueriesContext(connection) as queries:
        assert _book(call, headers, on_sale, "two")[0] == 201

    assert not _reads_the_screening(queries)


@pytest.mark.parametrize("how", ["saved here", "changed by another process"])
def test_a_cancelled_screening_is_refused_by_the_very_next_booking(
    call, bearer, on_sale, paid_member, how
):
    headers = bearer(paid_member)
    assert _book(call, headers, on_sale, "before")[0] == 201

    if how == "saved here":
        on_sale.status = Screening.Status.CANCELLED
        on_sale.save()
    else:
        # Another process: no signal here, only the row and the version it raises.
        Screening.objects.filter(pk=on_sale.pk).update(status=Screening.Status.CANCELLED)
        ProgrammeVersion.objects.filter(pk=1).update(
            number=ProgrammeVersion.objects.get().number + 1
        )

    status, body, _ = _book(call, headers, on_sale, "after")
    assert (status, body["code"]) == (409, "cancelled")


def test_a_new_online_quota_is_seen_by_the_very_next_booking(
    call, bearer, on_sale, paid_member, make_member
):
    assert _book(call, bearer(paid_member), on_sale, "first")[0] == 201

    on_sale.online_quota = 1
    on_sale.save()
    status, body, _ = _book(call, bearer(make_member("second")), on_sale, "second")
    assert (status, body["code"]) == (409, "sold_out")

    on_sale.online_quota = 2
    on_sale.save()
    assert _book(call, bearer(make_member("third")), on_sale, "third")[0] == 201


def test_a_new_film_title_is_in_the_very_next_answer(call, bearer, on_sale, paid_member):
    headers = bearer(paid_member)
    assert _book(call, headers, on_sale, "one")[2].json()["screening"]["title"] == "Wanda"

    film = on_sale.films.get()
    film.title = "Wanda (1970)"
    film.save()

    assert _book(call, headers, on_sale, "two")[2].json()["screening"]["title"] == "Wanda (1970)"


def test_an_unknown_screening_is_a_404(call, bearer, paid_member):
    status, body, _ = call(
        "post",
        "/api/bookings",
        {"screening": 999999, "prices": ["5"], "payment": "door"},
        bearer(paid_member),
    )
    assert (status, body["code"]) == (404, "not_found")


def test_the_token_s_user_is_the_one_the_orm_reads(paid_member):
    token, _api_token = issue_token(paid_member, "till")
    request = RequestFactory().get("/api/bookings", HTTP_AUTHORIZATION=f"Bearer {token}")

    user = bearer_auth(request)

    expected = get_user_model().objects.get(pk=paid_member.pk)
    fields = [f.attname for f in get_user_model()._meta.concrete_fields]
    assert {f: getattr(user, f) for f in fields} == {f: getattr(expected, f) for f in fields}
    assert user.date_joined.tzinfo is not None
    assert user.is_active is True
    assert not user._state.adding
    assert user.has_usable_password() == expected.has_usable_password()
