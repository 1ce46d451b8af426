import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from clef.programming import checklists_services
from clef.programming.models import Checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def screening(make_screening, venue, make_member):
    programmer = make_member("ada")  # first name "Ada"
    screening = make_screening(venue.local_date() + dt.timedelta(days=9), programmer=programmer)
    return screening


def _page(client, screening):
    with translation.override("en"):
        return client.get(reverse("programme:screening", args=[screening.pk])).content.decode()


def test_a_screening_page_names_its_programmer_by_first_name_or_the_commission(client, screening):
    checklist = Checklist.objects.create(screening=screening)
    assert "<dt>Programmed by</dt><dd>Ada</dd>" in _page(client, screening)
    checklists_services.update_checklist(
        checklist, {"credit": Checklist.Credit.COMMISSION}, by=screening.programmer
    )
    assert "<dt>Programmed by</dt><dd>The programming commission</dd>" in _page(client, screening)


def test_a_screening_without_a_checklist_names_nobody(client, screening):
    assert "Programmed by" not in _page(client, screening)
