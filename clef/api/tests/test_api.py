"""The API as a whole: its documents, its JSON errors, its languages."""

from clef.programme.models import Screening


def test_the_openapi_document_lists_every_path(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"] == {
        "title": "clef",
        "version": "1",
        "description": document["info"]["description"],
    }
    assert sorted(document["paths"]) == [
        "/api/bookings",
        "/api/bookings/{code}",
        "/api/bookings/{code}/cancel",
        "/api/campaigns",
        "/api/campaigns/{slug}",
        "/api/checkin",
        "/api/films",
        "/api/films/{slug}",
        "/api/meetings",
        "/api/meetings/{meeting_id}",
        "/api/membership",
        "/api/polls",
        "/api/polls/{poll_id}",
        "/api/polls/{poll_id}/vote",
        "/api/proposals",
        "/api/proposals/{pk}",
        "/api/proposals/{pk}/comments",
        "/api/screenings",
        "/api/screenings/{screening_id}",
        "/api/shifts",
        "/api/shifts/{pk}/cancel",
        "/api/shifts/{pk}/offer",
        "/api/shifts/{pk}/signup",
        "/api/tickets/{code}/cancel",
        "/api/till/blocks",
        "/api/till/members",
        "/api/till/sync",
    ]
    assert sorted(document["paths"]["/api/bookings"]) == ["get", "post"]
    assert sorted(document["components"]["securitySchemes"]) == ["BearerToken", "Session"]


def test_the_docs_page_loads(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
    assert b"/api/openapi.json" in response.content


def test_any_other_address_under_the_api_is_a_json_404(call):
    for path in ("/api/nothing", "/api/screenings/", "/api/bookings/x/y/z"):
        status, body, _ = call("get", path, HTTP_ACCEPT_LANGUAGE="en")
        assert (status, body) == (
            404,
            {"code": "not_found", "message": "There is nothing at this address."},
        )


def test_refusals_speak_the_language_of_the_request(call, bearer, on_sale, paid_member):
    Screening.objects.filter(pk=on_sale.pk).update(status=Screening.Status.CANCELLED)
    headers = bearer(paid_member)
    body = {"screening": on_sale.pk, "prices": ["5"]}

    french = call("post", "/api/bookings", body, {**headers, "Accept-Language": "fr-FR,fr;q=0.9"})
    english = call("post", "/api/bookings", body, {**headers, "Accept-Language": "en-GB,en;q=0.8"})
    default = call("post", "/api/bookings", body, headers)

    assert french[:2] == (409, {"code": "cancelled", "message": "Cette séance est annulée."})
    assert english[:2] == (409, {"code": "cancelled", "message": "This screening is cancelled."})
    assert default[1]["message"] == "Cette séance est annulée."
    assert french[2].headers["Content-Language"] == "fr"
    assert english[2].headers["Content-Language"] == "en"
    assert "Accept-Language" in english[2].headers["Vary"]


def test_a_server_error_is_json_too(call, bearer, on_sale, paid_member, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("clef.api.bookings.book", broken)

    status, body, _ = call(
        "post",
        "/api/bookings",
        {"screening": on_sale.pk, "prices": ["5"]},
        {**bearer(paid_member), "Accept-Language": "en"},
    )

    assert (status, body) == (
        500,
        {"code": "server_error", "message": "Something went wrong on our side."},
    )


def test_a_method_an_address_does_not_take_is_a_json_405(call):
    status, body, response = call("delete", "/api/screenings", HTTP_ACCEPT_LANGUAGE="en")

    assert (status, body) == (
        405,
        {"code": "method_not_allowed", "message": "This address does not take DELETE requests."},
    )
    assert response.headers["Allow"] == "GET"
