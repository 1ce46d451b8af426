"""The campaigns' pages tried as their enemies would: files that are not pictures or are
huge as a campaign's image or the fund's signature, odd addresses, the embed page framed
from anywhere (which allows nothing but reading), and drafts reached by their slug."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from clef.fundraising.models import Campaign
from clef.fundraising.tests.test_campaign_reports import campaign_form

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)
ELEVEN_MB = 11 * 1024 * 1024


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def picture(kind="PNG", size=(40, 20), padding=0):
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format=kind)
    # Bytes after the picture's end: Pillow still reads it, the file weighs more.
    return out.getvalue() + b"\0" * padding


def upload(name, content, kind="image/png"):
    return SimpleUploadedFile(name, content, content_type=kind)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            upload("x.png", picture(padding=ELEVEN_MB)),
            "This file is 11 MB: a campaign’s image is at most 10 MB.",
        ),
        (
            upload("x.gif", picture("GIF"), "image/gif"),
            "A campaign’s image is a JPEG, PNG or WebP picture, not GIF.",
        ),
        (
            upload("x.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>"),
            "Upload a valid image.",
        ),
    ],
)
def test_the_back_office_refuses_a_campaign_image_that_is_no_fit_picture(
    client, treasurer, fund, file, message
):
    client.force_login(treasurer)
    response = client.post(
        "/en/gestion/fundraising/campaign/add/", {**campaign_form(fund), "image": file}
    )
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "’")
    assert not Campaign.objects.exists()


def test_the_back_office_takes_a_campaign_image_that_fits(client, treasurer, fund):
    client.force_login(treasurer)
    jpeg = upload("toit.jpg", picture("JPEG"), "image/jpeg")
    response = client.post(
        "/en/gestion/fundraising/campaign/add/", {**campaign_form(fund), "image": jpeg}
    )
    assert response.status_code == 302
    assert Campaign.objects.get().image.name.startswith("fundraising/campaigns/toit")


def test_the_back_office_refuses_a_huge_signature(client, treasurer, fund):
    client.force_login(treasurer)
    form = {
        "kind": "endowment_fund",
        "name": fund.name,
        "address": fund.address,
        "siren": fund.siren,
        "rna": fund.rna,
        "object": fund.object,
        "article": fund.article,
        "signer_name": "Camille Martin",
        "signer_role": "Présidente",
        "signature": upload("sig.png", picture(padding=3 * 1024 * 1024)),
    }
    response = client.post(f"/en/gestion/fundraising/legalbody/{fund.pk}/change/", form)
    assert response.status_code == 200
    assert "This file is 3 MB: a signature is at most 1 MB." in response.content.decode()
    fund.refresh_from_db()
    assert not fund.signature


def test_the_embed_page_may_be_framed_but_the_campaign_page_may_not(client, campaign):
    embed = client.get(f"/soutenir/{campaign.slug}/integrer/")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    body = embed.content.decode()
    # Framed anywhere, it holds no form to be clicked through, only links out of the frame.
    assert "<form" not in body
    assert 'target="_top"' in body
    page = client.get(f"/soutenir/{campaign.slug}/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"


def test_a_campaign_not_open_yet_is_not_reached_by_its_slug(client, campaign):
    campaign.opens_on = dt.date(2026, 6, 1)
    campaign.save()
    for suffix in ("/", ".json", "/integrer/", "/image/"):
        url = f"/soutenir/{campaign.slug}{suffix}"
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("slug", ["x" * 5000, "٣", "9" * 30, "..%2F..%2Fsettings"])
def test_odd_slugs_are_a_404(client, campaign, slug):
    for suffix in ("/", ".json", "/integrer/", "/image/"):
        assert client.get(f"/soutenir/{slug}{suffix}").status_code == 404


@pytest.mark.parametrize(
    "changes",
    [
        {"goal": "9" * 30},
        {"goal": "٣٠٠"},
        {"goal": "-5"},
        {"deadline_0": "0001-01-01", "deadline_1": "00:00:00"},
        {"deadline_0": "9999-12-31", "deadline_1": "23:59:59"},
        {"opens_on": "0001-01-01"},
        {"opens_on": "9999-12-31"},
        {"title": "x" * 5000},
        {"slug": "x" * 5000},
        {"counterparts-0-minimum_gift": "9" * 30},
        {"counterparts-0-declared_value": "٣"},
    ],
)
def test_the_back_office_refuses_odd_campaign_terms_and_writes_nothing(
    client, treasurer, fund, changes
):
    client.force_login(treasurer)
    response = client.post("/en/gestion/fundraising/campaign/add/", campaign_form(fund, **changes))
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"deadline_0": "0001-01-01", "deadline_1": "00:00:00"},
        {"deadline_0": "9999-12-31", "deadline_1": "23:59:59"},
        {"opens_on": "0001-01-01"},
    ],
)
def test_editing_a_campaign_refuses_impossible_dates(client, treasurer, fund, changes):
    client.force_login(treasurer)
    assert (
        client.post("/en/gestion/fundraising/campaign/add/", campaign_form(fund)).status_code == 302
    )
    campaign = Campaign.objects.get()
    before = (campaign.opens_on, campaign.deadline)
    form = campaign_form(
        fund,
        **{"counterparts-INITIAL_FORMS": "0", "counterparts-TOTAL_FORMS": "0"},
        **changes,
    )
    response = client.post(f"/en/gestion/fundraising/campaign/{campaign.pk}/change/", form)
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert (campaign.opens_on, campaign.deadline) == before


@pytest.mark.parametrize("year", ["٢٠٢٦", "1", "9999", "9" * 30, "x" * 5000])
def test_the_treasurers_report_of_an_odd_year_is_refused_with_a_message(
    client, treasurer, fund, year
):
    client.force_login(treasurer)
    for url in ("/en/tresorerie/collecte/", "/en/tresorerie/collecte.csv"):
        response = client.get(url, {"year": year})
        assert response.status_code == 400, url


@pytest.mark.parametrize(
    "url", ["/tresorerie/collecte/", "/tresorerie/collecte.csv", "/tresorerie/mecenes/"]
)
def test_the_treasurers_reports_are_not_for_a_member(client, member, url):
    client.force_login(member)
    assert client.get(url).status_code == 403
