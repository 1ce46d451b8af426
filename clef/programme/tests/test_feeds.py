"""The iCalendar feeds, read back with the icalendar library."""

import datetime as dt

import icalendar
import pytest

from clef.programme.models import Cycle, Screening

pytestmark = pytest.mark.usefixtures("frozen")


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    return calendar, sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))


def test_the_whole_programme_as_a_calendar(client, make_screening, make_film):
    make_screening(dt.date(2026, 11, 20), "20:00", films=[make_film("Wanda")])
    make_screening(
        dt.date(2026, 11, 22),
        "17:00",
        films=[make_film("Le Sel de la terre")],
        guests="Nicole Brenez",
        status=Screening.Status.CANCELLED,
    )
    make_screening(dt.date(2026, 11, 21), "20:00", status=Screening.Status.DRAFT)
    calendar, found = events(client.get("/en/programme.ics"))
    assert str(calendar["X-WR-CALNAME"]) == "La Clef"
    assert [str(e["SUMMARY"]) for e in found] == ["Wanda", "Le Sel de la terre"]
    wanda, sel = found
    assert wanda.decoded("DTSTART") == dt.datetime(2026, 11, 20, 19, 0, tzinfo=dt.UTC)
    assert wanda.decoded("DTEND") == dt.datetime(2026, 11, 20, 20, 57, tzinfo=dt.UTC)
    assert str(wanda["STATUS"]) == "CONFIRMED"
    assert str(sel["STATUS"]) == "CANCELLED"
    assert str(wanda["LOCATION"]) == "Grande salle, La Clef, 34 rue Daubenton, 75005 Paris"
    assert "Wanda — Barbara Loden, 1970, 102 min" in str(wanda["DESCRIPTION"])
    assert "With Nicole Brenez" in str(sel["DESCRIPTION"])
    assert str(wanda["UID"]).startswith("screening-")
    assert str(wanda["URL"]).startswith("http://testserver/en/seance/")


def test_a_cycle_has_its_own_calendar(client, make_screening, make_film):
    enfance = Cycle.objects.create(title="Enfance", title_en="Childhood", slug="enfance")
    make_screening(dt.date(2026, 11, 21), "15:00", films=[make_film("Kirikou")], cycle=enfance)
    make_screening(dt.date(2026, 11, 21), "20:00", films=[make_film("Wanda")])
    calendar, found = events(client.get("/cycle/enfance.ics"))
    assert [str(e["SUMMARY"]) for e in found] == ["Kirikou"]
    assert str(calendar["X-WR-CALNAME"]) == "La Clef · Enfance"
    assert [str(c) for c in found[0]["CATEGORIES"].cats] == ["Enfance"]
    assert client.get("/cycle/nope.ics").status_code == 404
