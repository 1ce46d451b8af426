"""The small page other sites show in a frame, and the figures as JSON: only the small
page may be framed."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from clef.fundraising.models import Counterpart


def test_the_embed_may_be_framed_by_other_sites(client, campaign, make_gift, settings):
    make_gift("12.00")

    for _attempt in range(2):  # the second answer comes from the cache
        response = client.get("/soutenir/travaux/integrer/")
        assert response.status_code == 200
        assert "X-Frame-Options" not in response.headers
        assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" not in response.headers["Content-Security-Policy"]
    page = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert 'href="http://testserver/soutenir/travaux/" target="_top"' in page
    assert "12,00 €" in page
    assert "600 000,00 €" in page


def test_the_embed_names_the_sites_allowed_when_set(client, campaign, settings):
    settings.CLEF_EMBED_FRAME_ANCESTORS = "https://revival.example.org"
    response = client.get("/soutenir/travaux/integrer/")
    assert (
        "frame-ancestors https://revival.example.org" in response.headers["Content-Security-Policy"]
    )


def test_the_campaign_page_itself_cannot_be_framed(client, campaign):
    response = client.get("/soutenir/travaux/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_json_gives_the_figures(client, campaign, make_gift):
    make_gift("100.00")
    make_gift("0.50")
    Counterpart.objects.create(
        campaign=campaign, name="Affiche", name_en="Poster", minimum_gift=Decimal("40"),
        stock=5, declared_value=Decimal("10"),
    )  # fmt: skip

    response = client.get("/en/soutenir/travaux.json")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["title"] == "Works in the big room"
    assert (data["goal"], data["total"], data["donors"], data["over"]) == (
        "600000.00",
        "100.50",
        2,
        False,
    )
    assert data["sources"] == [
        {"kind": "patronage", "raised": "0.00", "goal": "200000.00", "donors": 0},
        {"kind": "crowdfunding", "raised": "100.50", "goal": "400000.00", "donors": 2},
    ]
    assert data["counterparts"] == [{"name": "Poster", "minimum_gift": "40.00", "left": 5}]


def test_the_json_says_when_it_is_over(client, campaign):
    campaign.deadline = timezone.now() - dt.timedelta(seconds=1)
    campaign.save()
    data = client.get("/soutenir/travaux.json").json()
    assert data["over"] is True
    assert data["left"] == {"days": 0, "hours": 0, "minutes": 0}


def test_the_campaign_s_image_is_served_from_its_own_address(client, campaign):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (8, 4), "white").save(png, format="PNG")
    assert client.get("/soutenir/travaux/image/").status_code == 404
    campaign.image.save("salle.png", ContentFile(png.getvalue()), save=True)
    campaign.image_alt = "La grande salle"
    campaign.save()

    response = client.get("/soutenir/travaux/image/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"
    page = client.get("/soutenir/travaux/").content.decode()
    assert (
        '<img class="campaign-image" src="/soutenir/travaux/image/" alt="La grande salle"' in page
    )
