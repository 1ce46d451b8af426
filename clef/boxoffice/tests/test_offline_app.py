"""The till as an installable web app: its manifest and its service worker."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_till_and_starts_at_the_tills(client):
    response = client.get("/caisse/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json; charset=utf-8"
    manifest = json.loads(response.content)
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/caisse/",
        "/caisse/",
        "standalone",
    )
    assert manifest["short_name"] == "La caisse"


def test_the_service_worker_keeps_the_till_and_its_scripts_but_never_the_api(client):
    response = client.get("/caisse/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    body = response.content.decode()
    assert '"/static/clef/offline.js"' in body and '"/static/clef/till.js"' in body
    assert 'url.pathname.indexOf("/api/") === 0) return false' in body
    assert "<script" not in body


def test_the_till_page_loads_the_offline_script(client, cashier, venue):
    from clef.boxoffice.models import Till

    till = Till.objects.create(venue=venue, name="Hall", ticket_series="T1")
    client.force_login(cashier)
    response = client.get(f"/caisse/{till.pk}/")
    assert b'src="/static/clef/offline.js"' in response.content


def test_the_back_office_lists_offline_conflicts_read_only(admin_client, venue, cashier):
    import datetime as dt

    from django.utils import timezone

    from clef.boxoffice import sessions
    from clef.boxoffice.models import OfflineConflict, Till

    till = Till.objects.create(venue=venue, name="Hall", ticket_series="T1")
    session = sessions.open_session(till, cashier=cashier, opening_float="0")
    conflict = OfflineConflict.objects.create(
        till=till,
        session=session,
        cashier=cashier,
        key="k" * 32,
        sequence=4,
        sold_at=timezone.now() - dt.timedelta(minutes=5),
        code="cancelled",
        message="This screening is cancelled.",
        sent={"sequence": 4},
    )
    listing = admin_client.get("/gestion/boxoffice/offlineconflict/")
    assert listing.status_code == 200
    assert b"This screening is cancelled." in listing.content
    page = admin_client.get(f"/gestion/boxoffice/offlineconflict/{conflict.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
