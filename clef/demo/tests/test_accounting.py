"""The demo's accounts: rights holders, an agreement for every film shown, and last week's
statement sent to one distributor; safe to load twice."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from clef.accounting.figures import held_screenings, statements_for
from clef.accounting.models import (
    DistributorStatement,
    RightsAgreement,
    RightsHolder,
    StatementSending,
)
from clef.accounting.statements import statement_content
from clef.demo.loader import load_demo
from clef.programme.models import Screening, ScreeningFilm
from clef.venues.models import Venue

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)
LAST_WEEK = dt.date(2026, 11, 11)  # Wednesday to Tuesday, before the week of NOW


@pytest.fixture
def demo(demo_once, db):
    """The demo loaded once for this module (``conftest.demo_once``), read at ``NOW``."""
    with time_machine.travel(NOW, tick=False):
        yield Venue.objects.get(slug="la-clef")


def counts():
    return [
        model.objects.count()
        for model in (RightsHolder, RightsAgreement, DistributorStatement, StatementSending)
    ]


def test_loading_twice_neither_fails_nor_doubles(demo):
    before = counts()
    with time_machine.travel(NOW, tick=False):
        load_demo()
    assert counts() == before
    assert before[2:] == [1, 1]


def test_the_rights_holders_are_made_up_and_reachable(demo):
    holders = list(RightsHolder.objects.values_list("name", "email", "language"))
    assert len(holders) == 7
    assert all(email.endswith("@example.org") for _name, email, _language in holders)
    assert ("Northlight Pictures", "bookings.northlight@example.org", "en") in holders


def test_every_film_of_every_past_screening_has_its_agreement(demo):
    shown = ScreeningFilm.objects.filter(
        screening__status=Screening.Status.PUBLISHED, screening__starts_at__lt=NOW
    )
    assert shown.count() > 100
    agreed = set(RightsAgreement.objects.values_list("screening_id", "film_id"))
    assert {(s.screening_id, s.film_id) for s in shown} <= agreed


def test_the_agreements_are_of_every_kind_and_within_the_rules(demo):
    agreements = RightsAgreement.objects.select_related("film", "screening", "holder")
    kinds = {a.kind for a in agreements}
    assert kinds == {"percentage", "flat_fee", "minimum_guarantee", "waived"}
    for agreement in agreements:
        agreement.full_clean()
        assert agreement.warnings(agreement.screening.starts_at.year) == []
        if agreement.kind == "percentage":
            # Every demo film is over two years old: 20 to 30 %.
            assert Decimal(20) <= agreement.rate <= Decimal(30)
    salt = agreements.filter(film__slug="salt-of-the-earth").first()
    assert (salt.kind, salt.amount, salt.holder.name) == (
        "flat_fee",
        Decimal("150.00"),
        "Cinémathèque des Faubourgs",
    )
    flames = agreements.filter(film__slug="born-in-flames").first()
    assert (flames.kind, flames.rate, flames.amount) == ("waived", None, None)


def test_the_programme_of_shorts_has_three_rights_holders(demo):
    shorts = Screening.objects.filter(title__startswith="Courts métrages").first()
    holders = RightsAgreement.objects.filter(screening=shorts).values_list(
        "holder__name", flat=True
    )
    assert len(holders) == 4
    assert set(holders) == {
        "Northlight Pictures",
        "Sud Lointain Films",
        "Les Films de la Comète",
    }


def test_last_weeks_statement_was_sent_once_and_adds_up(demo):
    statement = DistributorStatement.objects.get()
    holder = statement.holder
    assert (holder.name, statement.week_start, statement.version) == (
        "Sud Lointain Films",
        LAST_WEEK,
        1,
    )
    sending = statement.sendings.get()
    assert (sending.to, sending.language) == ("sudlointain@example.org", "fr")
    assert sending.sent_by.username == "treasurer"

    content = statement.content
    rows = content["rows"]
    assert len(rows) >= 3
    assert not content["week"]["provisional"]
    owed = sum((Decimal(r["owed"]) for r in rows), Decimal(0))
    assert statement.total == owed == Decimal(content["totals"]["owed"]) > 0
    # Each row is the holder's part of its screening's live statement, to the cent.
    week = demo.week_of(LAST_WEEK)
    with time_machine.travel(NOW, tick=False):
        live = statements_for(held_screenings(demo, week.start, week.end))
        assert statement_content(demo, holder, week) == content
    for row in rows:
        figures = live[row["screening"]]
        line = next(f for f in figures.films if f.film.title == row["film"])
        assert line.holder == holder
        assert Decimal(row["owed"]) == line.owed
        assert Decimal(row["receipts"]) == figures.receipts
        parts = figures.vat + figures.tsa + figures.music_rights + figures.rights + figures.cinema
        assert parts == figures.receipts


def test_each_film_has_its_rights_holder_and_a_draft_screening_is_prefilled(demo):
    from clef.accounting.forms import agreement_forms
    from clef.accounting.models import FilmRightsHolder
    from clef.demo.accounting import TERMS, USUAL
    from clef.programme.models import Film

    links = dict(FilmRightsHolder.objects.values_list("film__slug", "holder__name"))
    assert links == {
        slug: TERMS.get(slug, USUAL)[0] for slug in Film.objects.values_list("slug", flat=True)
    }
    # The agreements name the film's holder, and a screening still in draft (none yet)
    # gets it, with the terms of the film's previous agreement.
    for slug, holder in RightsAgreement.objects.values_list("film__slug", "holder__name"):
        assert holder == links[slug]
    drafts = Screening.objects.filter(status=Screening.Status.DRAFT)
    assert drafts.count() > 5
    assert not RightsAgreement.objects.filter(screening__in=drafts).exists()
    for draft in drafts:
        for form in agreement_forms(draft):
            film = form.shown.film
            assert RightsHolder.objects.get(pk=form.initial["holder"]).name == links[film.slug]
            assert form.initial["visa_number"] == film.visa_number
            earlier = RightsAgreement.objects.filter(film=film).exists()
            assert (form.prefilled_from is not None) == earlier
