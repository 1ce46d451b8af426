"""The campaigns through the API: the figures of the page, no sign-in."""

from decimal import Decimal

from clef.fundraising.models import Counterpart


def test_the_api_lists_the_campaigns_with_their_figures(client, campaign, make_gift):
    make_gift("70.25")
    Counterpart.objects.create(
        campaign=campaign, name="Affiche", name_en="Poster", minimum_gift=Decimal("40"),
        stock=2, declared_value=Decimal("10"),
    )  # fmt: skip

    response = client.get("/api/campaigns", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    [data] = response.json()
    assert (data["slug"], data["title"], data["body"]) == (
        "travaux",
        "Works in the big room",
        "Cinéma Revival",
    )
    assert (data["total"], data["goal"], data["donors"], data["over"]) == (
        "70.25",
        "600000.00",
        1,
        False,
    )
    assert data["counterparts"] == [{"name": "Poster", "minimum_gift": "40.00", "left": 2}]


def test_an_unknown_campaign_is_a_404_with_its_code(client, campaign):
    response = client.get("/api/campaigns/" + "x" * 5000)
    assert response.status_code == 404
    assert response.json()["code"] == "campaign_not_found"
    assert client.get("/api/campaigns/travaux").json()["slug"] == "travaux"
