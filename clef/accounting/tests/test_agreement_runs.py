"""Agreements without tedium: prefilled from the film's previous agreement and its rights
holder, set once for the film's screenings of a week or of a run, and saved for a
screening still to come without an error page."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from clef.accounting.models import (
    Declaration,
    FilmRightsHolder,
    RightsAgreement,
    RightsHolder,
)
from clef.audit.models import Action
from clef.programme.models import Screening

WEDNESDAY = dt.date(2026, 11, 18)  # a cinema week: 18 to 24 November 2026


@pytest.fixture(autouse=True)
def now(time_machine):
    """Friday 27 November 2026 at noon in Paris: the week of 18 November is over."""
    time_machine.move_to(dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.UTC), tick=False)


def url(screening, lang=""):
    """The agreements page; ``lang="/en"`` for the English one (this part's sentences
    are read in English: the French catalogue is compiled apart)."""
    with translation.override("en" if lang else "fr"):
        return reverse("accounting:agreements", args=[screening.pk])


def field(screening, name):
    """The name of a field of ``screening``'s (one film) agreement form: its prefix is the
    shown film's id, which the database gives (not 1 or 2 on PostgreSQL)."""
    return f"film-{screening.screening_films.get().pk}-{name}"


def posted(screening, scope="", first="", last="", **fields):
    """The agreements form of ``screening`` (one film) with these terms."""
    shown = screening.screening_films.get()
    values = {
        "holder": "",
        "new_holder": "",
        "new_holder_email": "",
        "kind": "percentage",
        "rate": "40",
        "amount": "",
        "contact": "",
        "visa_number": "",
        "version": "vost",
        "note": "",
        **fields,
    }
    data = {f"film-{shown.pk}-{key}": value for key, value in values.items()}
    data.update({"scope-scope": scope, "scope-first": first, "scope-last": last})
    return data


@pytest.fixture
def run(make_film, make_screening, small_room):
    """Wanda shown five times: Wednesday 18 and Friday 20 (the week), Saturday 28 and
    Wednesday 2 December (the next weeks), and a cancelled Thursday 19; and another
    film on Saturday 21."""
    wanda = make_film("Wanda")
    days = {
        "wed": (WEDNESDAY, "20:00"),
        "fri": (dt.date(2026, 11, 20), "18:00"),
        "sat28": (dt.date(2026, 11, 28), "16:00"),
        "dec2": (dt.date(2026, 12, 2), "20:00"),
    }
    shown = {key: make_screening(day, time, films=[wanda]) for key, (day, time) in days.items()}
    shown["cancelled"] = make_screening(
        dt.date(2026, 11, 19), films=[wanda], status=Screening.Status.CANCELLED
    )
    shown["other"] = make_screening(dt.date(2026, 11, 21), room=small_room)
    shown["film"] = wanda
    return shown


def agreed():
    return {
        (a.screening_id, a.film_id): (a.holder.name, a.kind, a.rate)
        for a in RightsAgreement.objects.select_related("holder")
    }


def test_it_prefills_from_the_films_previous_agreement(signed_in, run, agree, make_holder):
    holder = make_holder("Carlotta")
    agree(run["wed"], kind="minimum_guarantee", rate="35", amount="80", holder=holder, note="n")
    agree(run["dec2"], rate="20", holder=make_holder("Later"))
    page = signed_in.get(url(run["fri"], "/en")).content.decode()
    form = page[page.index("<form") :]
    assert f'<option value="{holder.pk}" selected>Carlotta</option>' in form
    kind = field(run["fri"], "kind")
    assert f'value="minimum_guarantee" required id="id_{kind}_2" checked>' in form
    assert f'name="{field(run["fri"], "rate")}" value="35.00"' in form
    assert f'name="{field(run["fri"], "amount")}" value="80.00"' in form
    assert ">n</textarea>" not in form  # the note stays with its screening
    assert (
        "Prefilled from this film's agreement of the screening of Wednesday 18 November 2026"
    ) in form
    assert not RightsAgreement.objects.filter(screening=run["fri"]).exists()


def test_without_an_earlier_agreement_it_prefills_from_the_next_one(signed_in, run, agree):
    agree(run["dec2"], rate="30")
    page = signed_in.get(url(run["wed"], "/en")).content.decode()
    assert f'name="{field(run["wed"], "rate")}" value="30.00"' in page
    assert "the screening of Wednesday 2 December 2026" in page


def test_its_own_agreement_is_shown_not_the_previous_one(signed_in, run, agree):
    agree(run["wed"], rate="30")
    agree(run["fri"], rate="45")
    page = signed_in.get(url(run["fri"], "/en")).content.decode()
    assert f'name="{field(run["fri"], "rate")}" value="45.00"' in page
    assert "Prefilled from" not in page


def test_it_prefills_the_films_rights_holder_when_it_changed(signed_in, run, agree, make_holder):
    agree(run["wed"], rate="45", holder=make_holder("Carlotta"))
    lost = make_holder("Les Films du Losange")
    FilmRightsHolder.objects.create(film=run["film"], holder=lost)
    page = signed_in.get(url(run["fri"], "/en")).content.decode()
    assert f'<option value="{lost.pk}" selected>Les Films du Losange</option>' in page
    assert f'name="{field(run["fri"], "rate")}" value="45.00"' in page
    assert "The film's rights holder: Les Films du Losange." in page


def test_a_new_film_is_prefilled_with_its_rights_holder_alone(signed_in, run, make_holder):
    holder = make_holder("Carlotta")
    FilmRightsHolder.objects.create(film=run["film"], holder=holder)
    page = signed_in.get(url(run["wed"], "/en")).content.decode()
    assert f'<option value="{holder.pk}" selected>Carlotta</option>' in page
    assert "Prefilled from" not in page
    assert f'name="{field(run["wed"], "rate")}" value=' not in page  # no figure to copy


def test_recording_sets_the_films_rights_holder(signed_in, run, make_holder):
    FilmRightsHolder.objects.create(film=run["film"], holder=make_holder("Carlotta"))
    lost = make_holder("Les Films du Losange")
    signed_in.post(url(run["wed"]), posted(run["wed"], holder=str(lost.pk)))
    assert FilmRightsHolder.objects.get(film=run["film"]).holder == lost
    action = Action.objects.get(name="accounting.film_rights_holder.set")
    assert action.data["holder"] == lost.pk


def test_it_records_the_terms_for_the_films_screenings_of_the_week(signed_in, run, treasurer):
    data = posted(run["wed"], "week", new_holder="Carlotta")
    response = signed_in.post(url(run["wed"], "/en"), data)
    assert response.status_code == 302
    assert response.url == f"/en/tresorerie/seance/{run['wed'].pk}/"
    page = signed_in.get(response.url).content.decode()
    film = run["film"].pk
    assert agreed() == {
        (run["wed"].pk, film): ("Carlotta", "percentage", Decimal("40.00")),
        (run["fri"].pk, film): ("Carlotta", "percentage", Decimal("40.00")),
    }
    assert FilmRightsHolder.objects.get(film=run["film"]).holder.name == "Carlotta"
    logged = Action.objects.filter(name="accounting.agreement.recorded")
    assert sorted(logged.values_list("subject_key", flat=True)) == sorted(
        str(a.pk) for a in RightsAgreement.objects.all()
    )
    assert {a.data["scope"] for a in logged} == {"week"}
    assert "Agreements recorded for 2 screenings." in page


def test_it_records_the_terms_for_a_run_from_day_to_day(signed_in, run):
    data = posted(run["fri"], "run", "2026-11-20", "2026-12-02", new_holder="Carlotta", rate="30")
    assert signed_in.post(url(run["fri"]), data).status_code == 302
    film = run["film"].pk
    expected = ("Carlotta", "percentage", Decimal("30.00"))
    assert agreed() == {
        (run["fri"].pk, film): expected,
        (run["sat28"].pk, film): expected,
        (run["dec2"].pk, film): expected,
    }


def test_a_run_changes_the_agreements_already_there_and_no_other_film(
    signed_in, run, agree, make_holder
):
    agree(run["fri"], rate="50", holder=make_holder("Survivance"))
    agree(run["other"], rate="50")
    data = posted(run["wed"], "week", new_holder="Carlotta", rate="25")
    signed_in.post(url(run["wed"]), data)
    assert RightsAgreement.objects.get(screening=run["fri"]).rate == Decimal("25")
    assert RightsAgreement.objects.get(screening=run["other"]).rate == Decimal("50")
    assert RightsAgreement.objects.count() == 3


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-11-25", "2026-11-20", "The last day comes before the first."),
        ("2026-11-19", "2027-12-01", "A run lasts a year at most"),
        ("2026-11-21", "2026-11-30", "The run must include this screening's day"),
        ("", "2026-11-30", "Give the first and last days of the run."),
        ("0001-01-01", "9999-12-31", "A run lasts a year at most"),
        ("2026-11-٢٠", "2026-11-30", "Enter a valid date."),
        ("2026-11-20" * 500, "2026-11-30", "Enter a valid date."),
    ],
)
def test_a_bad_run_is_refused_and_nothing_is_written(signed_in, run, first, last, message):
    data = posted(run["fri"], "run", first, last, new_holder="X")
    response = signed_in.post(url(run["fri"], "/en"), data)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not RightsAgreement.objects.exists()
    assert not RightsHolder.objects.exists()
    assert not Action.objects.exists()


def test_an_unknown_scope_is_refused(signed_in, run):
    response = signed_in.post(url(run["wed"]), posted(run["wed"], "all", new_holder="X"))
    assert response.status_code == 400
    assert not RightsAgreement.objects.exists()


def test_a_run_over_a_declared_week_is_saved_and_says_a_new_version_is_needed(
    signed_in, run, venue
):
    Declaration.objects.create(
        venue=venue,
        kind=Declaration.Kind.WEEK,
        period_start=WEDNESDAY,
        content={},
        takings=Decimal("0"),
        tax=Decimal("0"),
    )
    data = posted(run["wed"], "run", "2026-11-18", "2026-12-02", new_holder="Carlotta")
    response = signed_in.post(url(run["wed"], "/en"), data, follow=True)
    assert RightsAgreement.objects.count() == 4
    page = response.content.decode()
    assert (
        "The cinema week from 18 November to 24 November 2026 was already declared: its "
        "declaration will need a new version with these terms."
    ) in page
    assert page.count("was already declared") == 1  # the weeks from 25 November are not


def test_the_same_terms_again_on_a_declared_week_say_nothing(signed_in, run, venue, agree):
    agree(run["wed"], rate="40", holder=RightsHolder.objects.create(name="Carlotta"))
    Declaration.objects.create(
        venue=venue,
        kind=Declaration.Kind.WEEK,
        period_start=WEDNESDAY,
        content={},
        takings=Decimal("0"),
        tax=Decimal("0"),
    )
    data = posted(run["wed"], new_holder="  carlotta ")
    response = signed_in.post(url(run["wed"], "/en"), data, follow=True)
    assert "Agreements recorded." in response.content.decode()
    assert "already declared" not in response.content.decode()
    assert RightsHolder.objects.count() == 1


def test_saving_an_upcoming_screening_returns_to_its_agreements(signed_in, run):
    upcoming = run["dec2"]
    response = signed_in.post(url(upcoming, "/en"), posted(upcoming, new_holder="Carlotta"))
    assert response.status_code == 302
    assert response.url == url(upcoming, "/en")
    page = signed_in.get(response.url)
    assert page.status_code == 200
    assert "Agreements recorded." in page.content.decode()
    assert "This screening is still to come" in page.content.decode()
    assert RightsAgreement.objects.get().screening == upcoming


def test_a_double_click_writes_one_agreement_per_screening(signed_in, run):
    data = posted(run["wed"], "week", new_holder="Carlotta")
    signed_in.post(url(run["wed"]), data)
    signed_in.post(url(run["wed"]), data)
    assert RightsAgreement.objects.count() == 2
    assert RightsHolder.objects.count() == 1


def test_a_programmes_share_goes_only_to_screenings_of_the_same_films(
    signed_in, make_film, make_screening
):
    one, two = make_film("Un", runtime=10), make_film("Deux", runtime=20)
    first = make_screening(WEDNESDAY, films=[one, two])
    again = make_screening(dt.date(2026, 11, 19), films=[one, two])
    alone = make_screening(dt.date(2026, 11, 20), films=[one])
    data = {"scope-scope": "week", "scope-first": "", "scope-last": ""}
    for shown, share in zip(first.screening_films.order_by("position"), ("30", "70"), strict=True):
        prefix = f"film-{shown.pk}"
        data.update(
            {
                f"{prefix}-new_holder": "Collectif",
                f"{prefix}-kind": "percentage",
                f"{prefix}-rate": "50",
                f"{prefix}-version": "vo",
                f"{prefix}-programme_share": share,
            }
        )
    assert signed_in.post(url(first), data).status_code == 302
    shares = {(a.screening_id, a.film_id): a.programme_share for a in RightsAgreement.objects.all()}
    assert shares == {
        (first.pk, one.pk): Decimal("30"),
        (first.pk, two.pk): Decimal("70"),
        (again.pk, one.pk): Decimal("30"),
        (again.pk, two.pk): Decimal("70"),
        (alone.pk, one.pk): None,
    }
    # The version is changed for this screening only.
    assert set(first.screening_films.values_list("version", flat=True)) == {"vo"}
    assert set(again.screening_films.values_list("version", flat=True)) == {"vost"}
