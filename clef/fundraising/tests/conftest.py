"""Fixtures shared by fundraising's tests: the endowment fund and a campaign running."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.fundraising.models import Campaign, Gift, LegalBody


@pytest.fixture
def fund(db):
    return LegalBody.objects.create(
        kind=LegalBody.Kind.ENDOWMENT_FUND,
        name="Cinéma Revival",
        address="4 rue Champollion\n75005 Paris",
        siren="901234567",
        rna="W751234567",
        object="Acquérir et préserver le cinéma La Clef.",
        article="200, 238 bis et 978 du code général des impôts",
        signer_name="Camille Martin",
        signer_role="Présidente",
    )


@pytest.fixture
def campaign(fund):
    now = timezone.now()
    return Campaign.objects.create(
        slug="travaux",
        title="Les travaux de la grande salle",
        title_en="Works in the big room",
        text="Refaire les fauteuils.",
        text_en="New seats.",
        uses="Fauteuils, projecteur.",
        uses_en="Seats, projector.",
        goal=Decimal("600000.00"),
        crowdfunding_goal=Decimal("400000.00"),
        patronage_goal=Decimal("200000.00"),
        opens_on=timezone.localdate(now) - dt.timedelta(days=10),
        deadline=now + dt.timedelta(days=60),
        body=fund,
    )


@pytest.fixture
def make_gift(campaign):
    def make(amount, *, status="paid", source="crowdfunding", name="", paid_at=None, **fields):
        return Gift.objects.create(
            campaign=fields.pop("campaign", campaign),
            body=campaign.body,
            amount=Decimal(amount),
            method=fields.pop("method", "online"),
            source=source,
            status=status,
            paid_at=paid_at or (timezone.now() if status == "paid" else None),
            donor_name=fields.pop("donor_name", name),
            show_name=fields.pop("show_name", bool(name)),
            **fields,
        )

    return make


@pytest.fixture(autouse=True)
def _media_apart(settings, tmp_path):
    """Uploaded files (signatures, images) go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
