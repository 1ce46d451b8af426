"""The statistics page's counts separate thousands as each language does."""

import pytest
import time_machine

from clef.accounting import statistics_views
from clef.accounting.tests import test_statistics

NOW, year = test_statistics.NOW, test_statistics.year


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def big_year(monkeypatch, year):
    real = statistics_views.year_statistics

    def bigger(venue, year, *, now=None):
        stats = real(venue, year, now=now)
        stats.screenings = 12345
        return stats

    monkeypatch.setattr(statistics_views, "year_statistics", bigger)


@pytest.mark.parametrize(
    ("path", "screenings"),
    [
        ("/en/tresorerie/statistiques/", "<dd>12,345</dd>"),
        ("/tresorerie/statistiques/", "<dd>12\xa0345</dd>"),
    ],
)
def test_counts_above_999_are_grouped_in_each_language(
    client, treasurer, big_year, path, screenings
):
    client.force_login(treasurer)
    content = client.get(path).content.decode()
    assert screenings in content
