"""Declaring a cinema week: a frozen version with its files, a late ticket making the
next version with the difference listed, and every refusal writing nothing."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.accounting.models import Declaration, DeclarationFile, RightsAgreement
from clef.audit.models import Action
from clef.lib.timezones import local_to_utc
from clef.programme.models import Film, Screening

pytestmark = pytest.mark.django_db

TODAY = local_to_utc(dt.date(2026, 12, 2), dt.time(12, 0), "Europe/Paris")  # a Wednesday


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(TODAY, tick=False):
        yield


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"accounting:{name}", args=args)


WEEK = url("declaration", "2026-11-18")
DECLARE = url("declare_week", "2026-11-18")


@pytest.fixture
def built(week_of_every_kind):
    return week_of_every_kind(
        short="Meshes of the Afternoon",
        shorts_holder=("Light Cone", "lc@example.org"),
        last_price="2",
    )


@pytest.fixture
def declarable(built):
    """The week of every kind, each film with its visa number (Tarantella marked as
    having none)."""
    for n, film in enumerate(Film.objects.filter(visa_number="").order_by("pk"), start=1):
        if film.title == "Tarantella":
            film.no_visa = True
        else:
            film.visa_number = str(10000 + n)
        film.save()
    return built


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def files_of(declaration):
    return {f.name: bytes(f.data) for f in declaration.files.all()}


def test_a_declared_week_stays_byte_identical_after_a_late_ticket(signed_in, declarable, sell):
    response = signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    assert messages_of(response) == ["Declared: version 1, frozen with its files."]
    first = Declaration.objects.get()
    assert (first.kind, first.period_start, first.version) == ("week", dt.date(2026, 11, 18), 1)
    assert (first.admissions, str(first.takings), str(first.tax)) == (11, "73.00", "8.90")
    frozen = files_of(first)
    assert sorted(frozen) == [
        "declaration-2026-11-18-v1-en.csv",
        "declaration-2026-11-18-v1-fr.csv",
        "declaration-2026-11-18-v1-fr.pdf",
        "declaration-2026-11-18-v1.json",
    ]
    served = {name: signed_in.get(url("declared_file", first.pk, name)) for name in frozen}
    assert {name: r.content for name, r in served.items()} == frozen
    assert json.loads(frozen["declaration-2026-11-18-v1.json"])["totals"]["takings"] == "73.00"
    for stored in first.files.all():
        assert stored.sha256 == hashlib.sha256(bytes(stored.data)).hexdigest()
    # the files are those the week's page gave at that moment
    live = {
        "declaration-2026-11-18-v1.json": url("declaration_json", "2026-11-18", language="fr"),
        "declaration-2026-11-18-v1-fr.csv": url("declaration_csv", "2026-11-18", language="fr"),
        "declaration-2026-11-18-v1-en.csv": url("declaration_csv", "2026-11-18", language="en"),
    }
    for name, address in live.items():
        assert signed_in.get(address).content == frozen[name]
    assert frozen["declaration-2026-11-18-v1-fr.pdf"].startswith(b"%PDF")

    wanda = Screening.objects.get(screening_films__film__title="Wanda")
    sell(wanda, "7")  # a late ticket

    for name, data in frozen.items():
        assert signed_in.get(url("declared_file", first.pk, name)).content == data
    assert files_of(Declaration.objects.get(pk=first.pk)) == frozen
    page = signed_in.get(WEEK).content.decode()
    assert "The declaration changed since version 1: declaring makes version 2" in page
    assert "Declare version 2" in page

    response = signed_in.post(DECLARE, {"based_on": "1"}, follow=True)
    assert messages_of(response) == ["Declared: version 2, frozen with its files."]
    second = Declaration.objects.get(version=2)
    assert (second.admissions, str(second.takings), str(second.tax)) == (12, "80.00", "9.65")
    wednesday = "Wed 18 November at 20:00, Grande salle, Wanda"
    assert [c["field"] for c in second.changes] == [
        "admissions", "takings", "tax", "admissions", "share", "admissions", "takings", "tax",
        "share",
    ]  # fmt: skip
    with translation.override("en"):
        page = signed_in.get(url("declared_version", second.pk)).content.decode()
    for line in (
        f"{wednesday}: admissions 3 → 4",
        f"{wednesday}: takings €15.00 → €22.00",
        f"{wednesday}: tax on admissions €1.61 → €2.36",
        f"{wednesday}, price €7.00: admissions 0 → 1",
        f"{wednesday}, film “Wanda”: rights holder&#x27;s share €6.31 → €9.25",
        "Total: admissions 11 → 12",
        "Total: tax on admissions €8.90 → €9.65",
        "Total: takings €73.00 → €80.00",
    ):
        assert line in page
    assert files_of(Declaration.objects.get(pk=first.pk)) == frozen  # version 1 kept as it was
    assert (
        files_of(second)["declaration-2026-11-18-v2-en.csv"]
        != frozen["declaration-2026-11-18-v1-en.csv"]
    )
    page = signed_in.get(WEEK).content.decode()
    assert "Nothing changed since version 2." in page
    assert url("declared_file", first.pk, "declaration-2026-11-18-v1-fr.pdf") in page
    assert url("declared_file", second.pk, "declaration-2026-11-18-v2-fr.pdf") in page


def test_a_corrected_agreement_shows_as_a_change_of_terms_and_share(signed_in, declarable):
    signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    agreement = RightsAgreement.objects.get(film__title="Wanda")
    agreement.rate = Decimal("40")
    agreement.save()
    page = signed_in.get(WEEK).content.decode()
    wanda = "Wed 18 November at 20:00, Grande salle, Wanda, film “Wanda”"
    assert f"{wanda}: terms 50 % → 40 %" in page
    assert f"{wanda}: rights holder&#x27;s share €6.31 → €5.04" in page
    signed_in.post(DECLARE, {"based_on": "1"}, follow=True)
    second = Declaration.objects.get(version=2)
    assert [(c["field"], c["before"], c["after"]) for c in second.changes] == [
        ("terms", {"kind": "percentage", "rate": "50.00", "amount": None},
         {"kind": "percentage", "rate": "40.00", "amount": None}),
        ("share", "6.31", "5.04"),
        ("share", "36.07", "34.80"),
    ]  # fmt: skip
    assert (str(second.takings), str(second.tax)) == ("73.00", "8.90")


def test_what_is_declared_reads_the_same_in_every_language(signed_in, declarable):
    wanda = Screening.objects.get(screening_films__film__title="Wanda")
    wanda.title, wanda.title_en = "Soirée Wanda", "Wanda night"
    wanda.save()
    signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    for language in ("fr", "en"):
        page = signed_in.get(url("declaration", "2026-11-18", language=language))
        assert "version 2" not in page.content.decode()  # nothing changed
    made = Declaration.objects.get()
    (row,) = [s for s in made.content["screenings"] if s["id"] == wanda.pk]
    assert row["title"] == "Soirée Wanda"  # in the site's language, whoever declared


def test_the_page_says_who_declared_and_when(signed_in, declarable, treasurer):
    treasurer.first_name, treasurer.last_name = "Théo", "Lemaire"
    treasurer.save()
    signed_in.post(DECLARE, {"based_on": "0"})
    page = signed_in.get(WEEK).content.decode()
    assert "Declared on 2 December 2026 at 12:00 by Théo Lemaire (version 1)." in page
    action = Action.objects.get(name="accounting.declaration.made")
    made = Declaration.objects.get()
    assert (action.by_id, action.subject_type, action.subject_key) == (
        treasurer.pk,
        "accounting.declaration",
        str(made.pk),
    )
    assert action.data["version"] == 1 and action.data["period"] == "2026-11-18"


def test_it_refuses_to_declare_twice_with_nothing_changed(signed_in, declarable):
    signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    response = signed_in.post(DECLARE, {"based_on": "1"}, follow=True)
    assert messages_of(response) == [
        "Nothing changed since version 1, declared on 2 December 2026: no new version."
    ]
    assert Declaration.objects.count() == 1
    assert DeclarationFile.objects.count() == 4
    assert Action.objects.filter(name="accounting.declaration.made").count() == 1


def test_a_double_click_declares_one_version(signed_in, declarable):
    first = signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    second = signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    assert first.status_code == 200
    assert messages_of(second) == [
        "Nothing changed since version 1, declared on 2 December 2026: no new version."
    ]
    assert list(Declaration.objects.values_list("version", flat=True)) == [1]


def test_it_refuses_a_version_declared_meanwhile(signed_in, declarable, sell):
    signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    sell(Screening.objects.get(screening_films__film__title="Wanda"), "7")
    response = signed_in.post(DECLARE, {"based_on": "0"}, follow=True)  # an old page
    assert messages_of(response) == [
        "Version 1 was declared meanwhile: read the page again before declaring."
    ]
    assert Declaration.objects.count() == 1


def test_it_refuses_a_week_not_over(signed_in, declarable):
    with time_machine.travel(local_to_utc(dt.date(2026, 11, 24), dt.time(23, 0), "Europe/Paris")):
        response = signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
        page = response.content.decode()
    assert messages_of(response) == [
        "The week from 18 November 2026 to 24 November 2026 is not over: it can be declared "
        "from 25 November 2026."
    ]
    assert "It can be declared once over, from Wednesday 25 November 2026." in page
    assert "Declare</button>" not in page
    assert Declaration.objects.count() == 0 and DeclarationFile.objects.count() == 0


def test_it_refuses_while_films_have_no_visa_and_lists_them(signed_in, built):
    response = signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    assert messages_of(response) == [
        "These films have no visa number: “La Jetée”, “Meshes of the Afternoon”, "
        "“Nosferatu”, “Tarantella”, “Wanda”, “Window Water Baby Moving”. Give each "
        "its visa number, or mark it as having none (not a commercial film), before declaring."
    ]
    assert Declaration.objects.count() == 0
    page = response.content.decode()
    assert "Declaring waits for a visa number for each film listed above" in page
    assert "Declare</button>" not in page

    Film.objects.filter(visa_number="").update(no_visa=True)
    response = signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    assert messages_of(response) == ["Declared: version 1, frozen with its files."]


@pytest.mark.parametrize("based_on", ["٣", "²", "1" * 30, "-1", "x" * 5000])
def test_an_odd_version_in_the_form_is_refused(signed_in, declarable, based_on):
    response = signed_in.post(DECLARE, {"based_on": based_on}, follow=True)
    assert messages_of(response) == [
        "The form was not understood: read the page again and declare."
    ]
    assert Declaration.objects.count() == 0


def test_who_may_declare(client, declarable, member, cashier, programmer, treasurer):
    response = client.post(DECLARE, {"based_on": "0"})
    assert response.status_code == 302 and "next=" in response["Location"]
    for person in (member, cashier, programmer):
        client.force_login(person)
        assert client.post(DECLARE, {"based_on": "0"}).status_code == 403
    client.force_login(treasurer)
    assert client.get(DECLARE).status_code == 405
    assert Declaration.objects.count() == 0
    assert client.post(DECLARE, {"based_on": "0"}).status_code == 302
    assert Declaration.objects.count() == 1


def test_a_week_to_come_or_a_bad_day_is_refused(signed_in, declarable):
    assert signed_in.post(url("declare_week", "2026-12-09")).status_code == 400
    assert signed_in.post(url("declare_week", "2026-13-01")).status_code == 400
    assert signed_in.post(url("declare_week", "٢٠٢٦-١١-١٨")).status_code == 400
    assert Declaration.objects.count() == 0


def test_another_venues_declaration_and_unknown_files_are_not_found(signed_in, declarable, venue):
    signed_in.post(DECLARE, {"based_on": "0"})
    made = Declaration.objects.get()
    assert signed_in.get(url("declared_version", made.pk)).status_code == 200
    assert signed_in.get(url("declared_file", made.pk, "x" * 5000)).status_code == 404
    folder = url("declared_version", made.pk)
    assert signed_in.get(folder + "..%2Fsettings.py").status_code == 404
    assert signed_in.get(url("declared_version", made.pk + 1)).status_code == 404
    assert signed_in.get(url("declared_version", 10**30)).status_code == 404


def test_the_page_takes_the_same_queries_however_many_versions(
    signed_in, declarable, sell, django_assert_max_num_queries
):
    wanda = Screening.objects.get(screening_films__film__title="Wanda")
    signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    with django_assert_max_num_queries(20) as few:
        signed_in.get(WEEK)
    once = len(few.captured_queries)  # before the next request clears the log
    for version in (1, 2, 3):
        sell(wanda, "4")
        signed_in.post(DECLARE, {"based_on": str(version)}, follow=True)
    with django_assert_max_num_queries(once):
        page = signed_in.get(WEEK).content.decode()
    assert "Nothing changed since version 4." in page
    assert page.count("declaration-2026-11-18-v") == 4 * 4
