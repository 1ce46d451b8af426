"""The treasurer's pages: the year's gifts summed four ways, the accountant's CSV, the
patrons; and the back office's forms refusing bad terms."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from clef.fundraising.models import Campaign, Counterpart, Patron

NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def gifts(campaign, make_gift):
    patron = Patron.objects.create(campaign=campaign, name="Fondation Lumière", pledged=50000)
    # 31 January 2026 at 23:30 in Paris is still January there (22:30 UTC).
    make_gift("10.00", paid_at=dt.datetime(2026, 1, 31, 22, 30, tzinfo=dt.UTC))
    # 1 March 2026 at 00:30 in Paris is March there (23:30 UTC on 28 February).
    make_gift("25.50", paid_at=dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.UTC), method="cheque")
    make_gift(
        "20000.00",
        source="patronage",
        patron=patron,
        method="transfer",
        paid_at=dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC),
    )
    make_gift("99.00", status="pending")
    make_gift("7.00", paid_at=dt.datetime(2025, 12, 31, 22, 59, tzinfo=dt.UTC))
    return patron


def test_the_year_s_gifts_are_summed_by_local_month_source_and_method(client, treasurer, gifts):
    client.force_login(treasurer)
    response = client.get("/en/tresorerie/collecte/?year=2026")
    assert response.status_code == 200
    report = response.context["report"]
    assert (report["count"], report["total"]) == (3, Decimal("20035.50"))
    months = {month.month: (count, amount) for month, count, amount in report["months"]}
    assert months[1] == (1, Decimal("10.00"))
    assert months[2] == (0, Decimal("0.00"))
    assert months[3] == (2, Decimal("20025.50"))
    assert [(str(label), count, amount) for label, count, amount in report["methods"]] == [
        ("Bank transfer", 1, Decimal("20000.00")),
        ("Cheque", 1, Decimal("25.50")),
        ("Online", 1, Decimal("10.00")),
    ]
    assert [(str(label), amount) for label, _count, amount in report["sources"]] == [
        ("Crowdfunding", Decimal("35.50")),
        ("Patronage", Decimal("20000.00")),
    ]


def test_the_accountant_s_csv_has_a_row_per_paid_gift(client, treasurer, gifts):
    client.force_login(treasurer)
    response = client.get("/en/tresorerie/collecte.csv?year=2026")
    assert response["Content-Disposition"] == 'attachment; filename="gifts-2026.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("2026-01-31;")
    assert lines[3].endswith(";Fondation Lumière;20000.00;0.00")


def test_the_patrons_page_says_what_is_left_to_pay(client, treasurer, gifts):
    client.force_login(treasurer)
    patrons = client.get("/en/tresorerie/mecenes/").context["patrons"]
    assert [(p.name, p.paid, p.left) for p in patrons] == [
        ("Fondation Lumière", Decimal("20000.00"), Decimal("30000.00"))
    ]


@pytest.mark.parametrize("year", ["٢٠٢٦", "1", "9999", "1" * 30, "²"])
def test_a_bad_year_gets_a_clear_page(client, treasurer, year):
    client.force_login(treasurer)
    response = client.get("/en/tresorerie/collecte/", {"year": year})
    assert response.status_code == 400
    assert "is not right for the year: type a whole number from 1973 to 2026." in (
        response.content.decode().replace("&quot;", '"')
    )


@pytest.mark.parametrize("path", ["/tresorerie/collecte/", "/tresorerie/mecenes/"])
def test_only_the_treasurer_reads_them(client, member, path, campaign):
    assert client.get(path).status_code == 302
    client.force_login(member)
    assert client.get(path).status_code == 403


def campaign_form(fund, **changes):
    data = {
        "title": "Toiture",
        "slug": "toiture",
        "body": fund.pk,
        "opens_on": "2026-05-01",
        "deadline_0": "2026-09-30",
        "deadline_1": "23:59:00",
        "goal": "80000",
        "loans-TOTAL_FORMS": "0",
        "loans-INITIAL_FORMS": "0",
        "counterparts-TOTAL_FORMS": "1",
        "counterparts-INITIAL_FORMS": "0",
        "counterparts-0-name": "Affiche",
        "counterparts-0-minimum_gift": "40",
        "counterparts-0-declared_value": "10",
    }
    data.update(changes)
    return data


def test_the_treasurer_makes_a_campaign_in_the_back_office(client, treasurer, fund):
    client.force_login(treasurer)
    response = client.post("/en/gestion/fundraising/campaign/add/", campaign_form(fund))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.deadline == dt.datetime(2026, 9, 30, 21, 59, tzinfo=dt.UTC)
    assert Counterpart.objects.get().campaign == campaign


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadline_0": "2026-05-03"}, "The deadline must be in the future."),
        (
            {"counterparts-0-declared_value": "10.01"},
            "A counterpart may be worth at most 25 % of its minimum gift",
        ),
    ],
)
def test_the_back_office_refuses_bad_terms(client, treasurer, fund, changes, message):
    client.force_login(treasurer)
    response = client.post("/en/gestion/fundraising/campaign/add/", campaign_form(fund, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Campaign.objects.exists()


def _image(kind):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format=kind)
    out.seek(0)
    return out


def test_the_treasurer_uploads_the_fund_s_signature_as_a_png(client, treasurer, fund):
    from django.core.files.uploadedfile import SimpleUploadedFile

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
    }
    url = f"/en/gestion/fundraising/legalbody/{fund.pk}/change/"
    jpeg = SimpleUploadedFile("sig.jpg", _image("JPEG").read(), content_type="image/jpeg")
    response = client.post(url, {**form, "signature": jpeg})
    assert "The signature must be a PNG image." in response.content.decode()
    fund.refresh_from_db()
    assert not fund.signature

    png = SimpleUploadedFile("sig.png", _image("PNG").read(), content_type="image/png")
    assert client.post(url, {**form, "signature": png}).status_code == 302
    fund.refresh_from_db()
    assert fund.signature.name.startswith("fundraising/signatures/sig")
