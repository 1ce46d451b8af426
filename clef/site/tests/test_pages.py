"""The public pages around the programme, in both languages."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.members.models import Membership
from clef.programme.models import Cycle, Screening
from clef.site.models import Commission, Page, TimelineEntry
from clef.tickets.models import Ticket

NOW = dt.datetime(2026, 11, 21, 17, 0, tzinfo=dt.UTC)  # Saturday, 18:00 in Paris


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def counters(page):
    pattern = r"<div><dt>([^<]+)</dt><dd>(\d+)</dd></div>"
    return {label: int(value) for label, value in re.findall(pattern, page)}


def test_the_home_page_counts_what_the_database_holds(client, venue, make_screening):
    held = make_screening(dt.date(2026, 11, 18), "20:00")
    make_screening(dt.date(2026, 11, 19), "20:00")
    make_screening(dt.date(2026, 11, 20), "20:00", status=Screening.Status.CANCELLED)
    make_screening(dt.date(2026, 11, 28), "20:00")  # not held yet
    for number, status in enumerate(["paid", "checked_in", "checked_in", "cancelled"], 1):
        Ticket.objects.create(
            venue=venue,
            screening=held,
            series=2026,
            number=number,
            price=Decimal("5.00"),
            status=status,
        )
    for number, (starts, ends) in enumerate(
        [("2026-01-14", "2027-01-13"), ("2026-06-01", "2027-05-31"), ("2025-09-01", "2026-08-31")],
        1,
    ):
        Membership.objects.create(
            venue=venue,
            number=number,
            season=2026,
            amount=Decimal("10"),
            starts_on=starts,
            ends_on=ends,
        )
    assert counters(html(client.get("/en/"))) == {
        "screenings held": 2,
        "spectators": 3,
        "members this season": 2,
    }


def test_the_home_page_shows_tonight_then_the_next_days(client, venue, make_screening, make_film):
    make_screening(dt.date(2026, 11, 21), "15:00", films=[make_film("Kirikou")])  # over
    make_screening(dt.date(2026, 11, 21), "20:30", films=[make_film("Wanda")])
    make_screening(dt.date(2026, 11, 22), "17:00", films=[make_film("Touki Bouki")])
    make_screening(dt.date(2026, 12, 10), "17:00", films=[make_film("Much later")])
    page = html(client.get("/en/"))
    tonight = page[page.index('id="tonight-title"') : page.index('id="next-title"')]
    later = page[page.index('id="next-title"') :]
    assert "Wanda" in tonight and "Kirikou" not in page
    assert "Touki Bouki" in later and "Touki Bouki" not in tonight
    assert "Much later" not in page


def test_the_home_page_lists_current_cycles(client, venue, make_screening):
    enfance = Cycle.objects.create(
        title="Enfance", title_en="Childhood", slug="enfance", for_children=True
    )
    Cycle.objects.create(title="Oublié", slug="oublie")
    make_screening(dt.date(2026, 11, 22), "15:00", cycle=enfance)
    assert '<a href="/en/cycle/enfance/">Childhood</a>' in html(client.get("/en/"))
    french = html(client.get("/"))
    assert '<a href="/cycle/enfance/">Enfance</a>' in french
    assert "Oublié" not in french


def test_a_closed_day_is_said_on_the_home_page(client, venue):
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC), tick=False):
        assert "The cinema is closed today." in html(client.get("/en/"))


def test_the_story_is_a_timeline_in_order(client, venue):
    TimelineEntry.objects.create(
        date=dt.date(2026, 1, 14), date_precision="day", title="Réouverture", title_en="Reopening"
    )
    TimelineEntry.objects.create(date=dt.date(1973, 1, 1), title="Ouverture", title_en="Opening")
    TimelineEntry.objects.create(
        date=dt.date(2019, 9, 1), date_precision="month", title="Occupation", title_en="Occupation"
    )
    english = html(client.get("/en/histoire/"))
    assert re.findall(r'<p class="moment-date"><time datetime="[^"]+">([^<]+)</time>', english) == [
        "1973",
        "September 2019",
        "14 January 2026",
    ]
    assert english.index("Opening") < english.index("Reopening")
    french = html(client.get("/histoire/"))
    assert "septembre 2019" in french and "14 janvier 2026" in french
    assert "Réouverture" in french


def test_the_association_lists_its_commissions(client, venue):
    Commission.objects.create(
        name="Programmation",
        name_en="Programming",
        position=1,
        description="Reçoit les propositions.",
        description_en="Receives proposals.",
    )
    Page.objects.create(
        slug="association",
        title="L'association",
        title_en="The association",
        body="Premier.\n\nSecond.",
        body_en="First.\n\nSecond.",
    )
    english = html(client.get("/en/association/"))
    assert "<h3>Programming</h3><p>Receives proposals.</p>" in english
    assert "<p>First.</p><p>Second.</p>" in english
    assert "<h3>Programmation</h3>" in html(client.get("/association/"))


def test_the_visit_page_gives_address_days_and_rooms(client, big_room, small_room):
    english = html(client.get("/en/infos-pratiques/"))
    assert "34 rue Daubenton<br>75005 Paris" in english
    assert "<dd>Wednesday to Sunday</dd>" in english
    assert "Grande salle: 120 seats" in english
    assert "Petite salle: 65 seats" in english
    french = html(client.get("/infos-pratiques/"))
    assert "<dd>Du mercredi au dimanche</dd>" in french
    assert "Jours d’ouverture\u00a0: du mercredi au dimanche" in french


def test_where_the_money_goes_uses_the_venues_rates(client, venue):
    english = html(client.get("/en/ou-va-l-argent/"))
    amounts = re.findall(r'<td class="num">(€[\d.]+)</td>', english)
    assert amounts == ["€0.52", "€1.07", "€4.21", "€0.12", "€4.08", "€10.00"]
    assert "VAT at 5.5" in english
    assert "10.72" in english
    venue.tsa_rate = Decimal("16.08")
    venue.save()
    english = html(client.get("/en/ou-va-l-argent/"))
    assert "16.08" in english
    assert re.findall(r'<td class="num">(€[\d.]+)</td>', english)[1] == "€1.61"
    french = html(client.get("/ou-va-l-argent/"))
    assert "0,52\u00a0€" in french and "10,00\u00a0€" in french


def test_the_sitemap_lists_each_page_in_both_languages(client, venue, make_screening):
    screening = make_screening(dt.date(2026, 11, 22), "20:00")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<loc>http://testserver/seance/{screening.pk}/</loc>" in body
    assert f"<loc>http://testserver/en/seance/{screening.pk}/</loc>" in body
    assert 'hreflang="en" href="http://testserver/en/programme/"' in body
    assert "<loc>http://testserver/histoire/</loc>" in body


def test_the_trivial_endpoint_answers(client, db):
    response = client.get("/health/")
    assert (response.status_code, response.content) == (200, b"ok")


def test_an_unknown_page_is_not_found_in_the_visitors_language(client, venue):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_the_language_switch_leads_to_the_same_page(client, venue, make_screening):
    screening = make_screening(dt.date(2026, 11, 22), "20:00")
    french = html(client.get(f"/seance/{screening.pk}/"))
    assert re.search(rf'<a href="/en/seance/{screening.pk}/" hreflang="en" lang="en"', french)
    english = html(client.get(f"/en/seance/{screening.pk}/"))
    assert re.search(rf'<a href="/seance/{screening.pk}/" hreflang="fr" lang="fr"', english)
    filtered = html(client.get("/programme/?kind=children"))
    assert 'href="/en/programme/?kind=children"' in filtered


def test_the_home_and_cycle_pages_do_not_query_more_with_more_screenings(
    client, venue, make_screening, make_film, small_room
):
    enfance = Cycle.objects.create(title="Enfance", slug="enfance", for_children=True)

    def queries(path):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    make_screening(dt.date(2026, 11, 22), "15:00", cycle=enfance)
    few = [queries("/"), queries("/cycle/enfance/")]
    for day in (25, 26, 27, 28, 29):
        for time, room in (("14:00", small_room), ("20:00", None)):
            make_screening(
                dt.date(2026, 11, day),
                time,
                room=room,
                cycle=enfance,
                films=[make_film(), make_film()],
            )
    assert [queries("/"), queries("/cycle/enfance/")] == few


def test_tickets_and_memberships_are_read_only_in_the_back_office(client, venue, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    assert client.get("/en/gestion/tickets/ticket/").status_code == 200
    assert client.get("/en/gestion/tickets/ticket/add/").status_code == 403
    assert client.get("/en/gestion/members/membership/add/").status_code == 403


def test_the_home_page_in_french(client, venue, make_screening, make_film):
    make_screening(dt.date(2026, 11, 21), "20:30", films=[make_film("Wanda")])
    page = html(client.get("/"))
    assert '<html lang="fr">' in page
    assert counters(page) == {
        "séances organisées": 0,
        "spectateur·ices": 0,
        "adhérent·es cette saison": 0,
    }
    tonight = page[page.index('id="tonight-title"') : page.index('id="next-title"')]
    assert ">Ce soir</h2>" in tonight and "Wanda" in tonight
    assert "Une adhésion annuelle de 5,00\u00a0€ à 15,00\u00a0€" in page
