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
