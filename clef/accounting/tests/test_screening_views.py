"""A screening's statement page and the form of its agreements."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from clef.accounting.models import RightsAgreement, RightsHolder
from clef.programme.models import Screening, ScreeningFilm


@pytest.fixture
def yesterday(make_screening, venue):
    return make_screening(venue.local_date() - dt.timedelta(days=1), "20:00")


def statement_url(screening, lang=""):
    return f"{lang}{reverse('accounting:screening', args=[screening.pk])}"


def agreements_url(screening):
    return reverse("accounting:agreements", args=[screening.pk])


def form_data(screening, **fields):
    """The agreements form for the screening's films, the same terms for each."""
    data = {}
    for shown in screening.screening_films.all():
        prefix = f"film-{shown.pk}"
        values = {
            "holder": "",
            "new_holder": "",
            "new_holder_email": "",
            "kind": "percentage",
            "rate": "50",
            "amount": "",
            "contact": "",
            "visa_number": "",
            "version": "vost",
            "note": "",
            **fields,
        }
        data.update({f"{prefix}-{key}": value for key, value in values.items()})
    return data


def test_the_statement_shows_every_part_to_the_cent(client, treasurer, yesterday, sell, agree):
    sell(yesterday, "10", "10", "0")
    agree(yesterday, rate="50")
    client.force_login(treasurer)
    page = client.get(statement_url(yesterday)).content.decode()
    # 20.00: VAT 1.04, TSA 2.14, base 16.82, music 0.24, share 8.41, cinema 8.17.
    for amount in ["20,00", "1,04", "2,14", "16,82", "0,24", "8,41", "8,17"]:
        assert f"{amount}\u00a0€" in page
    assert "Survivance" in page
    assert "42,1\u00a0%" not in page  # no stray figure
    assert "50\u00a0%" in page


def test_the_statement_in_english(client, treasurer, yesterday, sell, agree):
    sell(yesterday, "10")
    agree(yesterday, kind="waived")
    client.force_login(treasurer)
    page = client.get(statement_url(yesterday, "/en")).content.decode()
    assert "Where the receipts go" in page
    assert "rights waived" in page
    assert "€8.29" in page


def test_a_missing_agreement_is_said(client, treasurer, yesterday, sell):
    sell(yesterday, "5")
    client.force_login(treasurer)
    page = client.get(statement_url(yesterday)).content.decode()
    assert "Aucun accord enregistré" in page


def test_a_screening_not_held_has_no_statement(client, treasurer, make_screening, venue):
    later = make_screening(venue.local_date() + dt.timedelta(days=2))
    client.force_login(treasurer)
    response = client.get(statement_url(later))
    assert response.status_code == 400
    assert "pas encore eu lieu" in response.content.decode()
    response = client.get(statement_url(later, "/en"))
    assert "has not been held yet" in response.content.decode()


def test_a_cancelled_screening_has_no_statement(client, treasurer, yesterday):
    Screening.objects.filter(pk=yesterday.pk).update(status=Screening.Status.CANCELLED)
    client.force_login(treasurer)
    assert client.get(statement_url(yesterday)).status_code == 400


def test_who_may_read_it(client, yesterday, member, cashier, programmer, treasurer):
    url = statement_url(yesterday)
    assert client.get(url).status_code == 302
    for person, status in [(member, 403), (cashier, 403), (programmer, 200), (treasurer, 200)]:
        client.force_login(person)
        assert client.get(url).status_code == status


def test_the_statement_page_costs_the_same_for_a_programme_of_shorts(
    client, treasurer, make_screening, make_film, venue, sell, agree, django_assert_max_num_queries
):
    day = venue.local_date() - dt.timedelta(days=1)
    single = make_screening(day, "14:00")
    shorts = make_screening(
        day, "18:00", films=[make_film(f"Court {n}", runtime=10) for n in range(5)]
    )
    for screening in (single, shorts):
        sell(screening, *["4"] * 30, "0")
        for shown in screening.screening_films.all():
            agree(screening, shown.film)
    client.force_login(treasurer)
    with django_assert_max_num_queries(12):
        assert client.get(statement_url(single)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(statement_url(shorts)).status_code == 200


def test_recording_an_agreement_with_a_new_rights_holder(client, programmer, yesterday):
    client.force_login(programmer)
    data = form_data(
        yesterday,
        new_holder="Les Films du Losange",
        new_holder_email="compta@example.org",
        rate="37,5",
        visa_number="123456",
        version="vf",
    )
    response = client.post(agreements_url(yesterday), data)
    assert response.status_code == 302
    agreement = RightsAgreement.objects.get(screening=yesterday)
    assert agreement.rate == Decimal("37.50")
    assert agreement.amount is None
    assert agreement.holder.email == "compta@example.org"
    shown = ScreeningFilm.objects.get(screening=yesterday)
    assert shown.version == "vf"
    assert shown.film.visa_number == "123456"
    # The same name again, in another case: the same rights holder.
    data = form_data(yesterday, new_holder="les films du losange", kind="flat_fee", amount="150")
    client.post(agreements_url(yesterday), data)
    agreement.refresh_from_db()
    assert RightsHolder.objects.count() == 1
    assert (agreement.kind, agreement.rate, agreement.amount) == ("flat_fee", None, Decimal("150"))


def test_a_rate_outside_the_legal_range_is_recorded_with_a_warning(
    client, treasurer, yesterday, make_holder
):
    holder = make_holder()
    client.force_login(treasurer)
    response = client.post(
        agreements_url(yesterday),
        form_data(yesterday, holder=str(holder.pk), rate="60"),
        follow=True,
    )
    assert RightsAgreement.objects.get().rate == Decimal("60")
    assert "en dehors de la fourchette légale" in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rate": "150"}, "inférieure ou égale à 100"),
        ({"rate": "-5"}, "supérieure ou égale à 0"),
        ({"kind": "flat_fee", "amount": "-10"}, "supérieure ou égale à 0"),
        ({"kind": "flat_fee", "amount": ""}, "Indiquez le forfait"),
        ({"kind": "minimum_guarantee", "rate": "40"}, "Indiquez le minimum garanti"),
        ({"rate": ""}, "Indiquez le pourcentage"),
        ({"new_holder": ""}, "Choisissez l’ayant droit"),
        ({"rate": "douze"}, "Saisissez un nombre"),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_written(
    client, treasurer, yesterday, fields, message
):
    client.force_login(treasurer)
    data = form_data(yesterday, **{"new_holder": "Survivance", **fields})
    response = client.post(agreements_url(yesterday), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RightsAgreement.objects.exists()
    assert not RightsHolder.objects.exists()


def test_shares_of_a_programme_must_make_a_hundred(
    client, treasurer, make_screening, make_film, venue
):
    films = [make_film("Un", runtime=10), make_film("Deux", runtime=20)]
    shorts = make_screening(venue.local_date() - dt.timedelta(days=1), films=films)
    client.force_login(treasurer)
    data = form_data(shorts, new_holder="Collectif", programme_share="40")
    response = client.post(agreements_url(shorts), data)
    assert response.status_code == 400
    assert "80" in response.content.decode()
    assert not RightsAgreement.objects.exists()
    _first, second = shorts.screening_films.all()
    data[f"film-{second.pk}-programme_share"] = "60"
    assert client.post(agreements_url(shorts), data).status_code == 302
    assert RightsAgreement.objects.count() == 2


def test_only_programmers_and_treasurers_record_agreements(client, cashier, member, yesterday):
    for person in (cashier, member):
        client.force_login(person)
        assert client.get(agreements_url(yesterday)).status_code == 403


def test_the_desk_lists_screenings_waiting_for_agreements(client, treasurer, yesterday, agree):
    client.force_login(treasurer)
    page = client.get(reverse("accounting:index")).content.decode()
    assert agreements_url(yesterday) in page
    agree(yesterday)
    page = client.get(reverse("accounting:index")).content.decode()
    assert agreements_url(yesterday) not in page


def test_the_desk_leads_to_last_weeks_declaration(client, treasurer, venue):
    client.force_login(treasurer)
    response = client.get(reverse("accounting:last_declaration"))
    week = venue.week_of(venue.local_date()).previous
    assert response.url == reverse("accounting:declaration", args=[week.start.isoformat()])
