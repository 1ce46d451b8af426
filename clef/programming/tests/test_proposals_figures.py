"""The collective's figures: proposals per month, share accepted, time to screening,
screenings per programmer, first-time programmers, films by country and continent."""

import datetime as dt

import pytest
from django.utils import timezone

from clef.programming.models import Proposal
from clef.programming.proposals import change_status
from clef.programming.proposals_stats import collective_figures
from clef.programming.tests.proposal_helpers import *  # noqa: F403

S = Proposal.Status
THIS_YEAR = 2026


@pytest.fixture(autouse=True)
def _in_june(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 17, 10, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def year_of_proposals(proposer, commission_member, make_film):
    """Three proposals: one accepted then screened, one declined, one submitted."""
    made = []
    for title in ("Wanda", "Sans soleil", "Touki Bouki"):
        proposal = Proposal.objects.create(
            title=title, proposer=proposer, status=S.SUBMITTED, in_cinemas_now=False,
            submitted_at=timezone.now(),
        )  # fmt: skip
        proposal.films.add(make_film())
        made.append(proposal)
    for proposal, outcome in ((made[0], S.ACCEPTED), (made[1], S.DECLINED)):
        change_status(proposal, S.ON_AGENDA, by=commission_member)
        change_status(proposal, outcome, by=commission_member)
    change_status(made[0], S.SCREENED, by=proposer)
    # Screened twelve days after it was submitted.
    Proposal.objects.filter(pk=made[0].pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=12)
    )
    return made


def test_it_counts_proposals_decisions_and_the_wait(year_of_proposals):
    figures = collective_figures(THIS_YEAR)
    assert (figures.submitted, figures.decided, figures.accepted) == (3, 2, 1)
    month = figures.months[5]
    assert (month.decided, month.accepted) == (2, 1)
    [(title, _submitted, _screened, days)] = figures.waits
    assert (title, days) == ("Wanda", 12)


def test_it_counts_screenings_per_programmer_and_first_timers(
    make_screening, make_film, make_member
):
    ines = make_member("ines")
    past = timezone.localdate() - dt.timedelta(days=2)
    for _ in range(2):
        make_screening(past, programmer=ines, films=[make_film(countries="Sénégal, France")])
    make_screening(past, programmer=make_member("jo"), films=[make_film(countries="Japon")])
    make_screening(past, films=[make_film(countries="Atlantide")], status="draft")
    figures = collective_figures(THIS_YEAR)
    assert figures.programmers == [("Ines", 2), ("Jo", 1)]
    assert figures.first_timers == 2
    assert figures.countries == [("France", 2), ("Sénégal", 2), ("Japon", 1)]
    assert figures.continents == [("africa", 2), ("europe", 2), ("asia", 1)]


def test_the_page_and_its_csv(client, member, year_of_proposals):
    client.force_login(member)
    page = client.get("/en/propositions/chiffres/")
    assert page.status_code == 200
    assert "Share of proposals accepted" in page.content.decode()
    assert "<dd>50.0%</dd>" in page.content.decode()
    csv = client.get("/en/propositions/chiffres/share-accepted.csv")
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Month;Decided;Accepted;Share accepted"
    assert "2026-06;2;1;50.0" in lines


@pytest.mark.parametrize("year", ["٢٠٢٦", "1", "9999", "9" * 30, "abc"])
def test_an_odd_or_future_year_is_a_400(client, member, year):
    client.force_login(member)
    response = client.get("/propositions/chiffres/", {"year": year})
    assert response.status_code == 400
    assert client.get("/propositions/chiffres/nothing.csv").status_code == 404


def test_outsiders_do_not_see_the_figures(client, outsider):
    client.force_login(outsider)
    assert client.get("/propositions/chiffres/").status_code == 403
