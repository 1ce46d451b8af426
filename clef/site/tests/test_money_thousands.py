"""Where the money goes: the season's count of memberships separates thousands."""

import pytest

from clef.site import views


@pytest.fixture
def many_members(monkeypatch):
    real = views.season_summary

    def more(venue):
        summary = real(venue)
        summary.memberships = 1234
        return summary

    monkeypatch.setattr(views, "season_summary", more)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/en/ou-va-l-argent/", "Apart from the tickets: 1,234 memberships paid"),
        ("/ou-va-l-argent/", "1\xa0234"),
    ],
)
def test_the_count_of_memberships_is_grouped(client, venue, many_members, path, words):
    assert words in client.get(path).content.decode()
