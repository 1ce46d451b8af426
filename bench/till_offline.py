"""`make bench`, the till that sold offline: 500 sales sent at once to `/api/till/sync`.

In a throwaway SQLite database (migrated here, deleted at the end), with a signing key
of its own: a venue, a room of 2,000 seats, a screening starting in two hours, a till with
its own ticket series, a cashier's open session and the bar's products. The cashier's
browser session (Django's test client, the whole request through the site's middleware
and the API) sends SALES sales made offline in one request: most with one or two
tickets, with the numbers the till printed on them, some with a drink. The request is
timed; then the same request is sent again (every sale answered "already done") and
timed too.

It checks what was written: SALES sales, the tickets of the till's series numbered from
1 without a gap, and `journal verify` (chain, signatures, the tables against the
journal). It exits non-zero if anything is wrong or if the sync is not under the target.

    python bench/till_offline.py
"""

import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

SALES = int(os.environ.get("BENCH_OFFLINE_SALES", "500"))
TARGET_SECONDS = 10


def main():
    with tempfile.TemporaryDirectory(prefix="clef-offline-") as tmp:
        tmp = Path(tmp)
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "clef.settings",
                "DATABASE_URL": f"sqlite:///{tmp / 'offline.sqlite3'}",
                "CLEF_VAR_DIR": str(tmp / "var"),
                "CLEF_JOURNAL_KEY_FILE": str(tmp / "journal.key"),
                "CLEF_JOURNAL_ANCHOR_DIR": str(tmp / "anchors"),
                "DEBUG": "false",
                "CLEF_LOG_LEVEL": "WARNING",
                "ALLOWED_HOSTS": "testserver,localhost",
            }
        )
        import django

        django.setup()
        from clef.boxoffice import keys

        keys.generate(tmp / "journal.key")
        return _bench()


def _bench():
    from django.core.management import call_command
    from django.test import Client

    print()
    print(
        f"clef bench · the till offline · {dt.datetime.now():%Y-%m-%d %H:%M} · "
        f"Python {platform.python_version()} · {os.cpu_count()} cores"
    )
    print("Preparing a throwaway SQLite database...", flush=True)
    call_command("migrate", "--noinput", verbosity=0)
    session, screening, drink = _prepare()
    sales = _sales(screening, drink)
    client = Client(HTTP_HOST="localhost")
    client.force_login(session.cashier)
    body = json.dumps({"session": session.pk, "sales": sales})

    started = time.perf_counter()
    first = client.post("/api/till/sync", body, content_type="application/json", secure=True)
    took = time.perf_counter() - started
    started = time.perf_counter()
    again = client.post("/api/till/sync", body, content_type="application/json", secure=True)
    took_again = time.perf_counter() - started

    failures = []
    if first.status_code != 200:
        failures.append(f"the sync answered {first.status_code}: {first.content[:300]!r}")
    else:
        statuses = [r["status"] for r in first.json()["results"]]
        if statuses != ["done"] * SALES:
            failures.append(f"not every sale was written: {sorted(set(statuses))}")
    if (
        again.status_code != 200
        or [r["status"] for r in again.json()["results"]] != ["already_done"] * SALES
    ):
        failures.append("sending again did not answer 'already done' for every sale")
    failures += _check(session)
    print(
        f"{SALES} offline sales synced in {took:.2f} s ({SALES / took:,.0f} sales/s; "
        f"target under {TARGET_SECONDS} s); sent again: {took_again:.2f} s"
    )
    if took >= TARGET_SECONDS:
        failures.append(f"the sync took {took:.2f} s, not under {TARGET_SECONDS} s")
    for failure in failures:
        print(f"FAILED: {failure}")
    if not failures:
        print("OK: every sale written once, numbered without a gap, the journal verifies.")
    return 1 if failures else 0


def _prepare():
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from clef.boxoffice import sessions
    from clef.boxoffice.models import Product, Till
    from clef.lib import roles
    from clef.programme.models import Film, Screening, ScreeningFilm
    from clef.venues.models import Room, Venue

    venue = Venue.objects.create(
        slug="la-clef",
        name="La Clef",
        street="34 rue Daubenton",
        postcode="75005",
        city="Paris",
        timezone="Europe/Paris",
    )
    room = Room.objects.create(venue=venue, name="Grande salle", seats=2000, position=1)
    film = Film.objects.create(
        title="Wanda", slug="wanda", directors="Barbara Loden", year=1970, runtime=102
    )
    screening = Screening.objects.create(
        room=room,
        starts_at=timezone.now() + dt.timedelta(hours=2),
        duration=120,
        status=Screening.Status.PUBLISHED,
    )
    ScreeningFilm.objects.create(screening=screening, film=film, position=1)
    drink = Product.objects.create(
        venue=venue, name="Limonade", price=Decimal("2.50"), vat_rate=Decimal("5.50")
    )
    cashier = get_user_model().objects.create_user("camille", first_name="Camille")
    cashier.groups.add(roles.ensure_roles()[roles.CASHIER])
    till = Till.objects.create(venue=venue, name="Caisse du hall", ticket_series="T1")
    return sessions.open_session(till, cashier=cashier, opening_float="100"), screening, drink


def _sales(screening, drink):
    from django.utils import timezone

    chance = random.Random(17)
    start = timezone.now() - dt.timedelta(hours=1)
    sales = []
    printed = 0
    for n in range(1, SALES + 1):
        tickets = chance.choice([0, 1, 1, 2]) if n % 5 else 0
        # The numbers the till printed, which the server checks are its series' next.
        numbers = list(range(printed + 1, printed + tickets + 1))
        printed += tickets
        sale = {
            "key": uuid.uuid4().hex,
            "sequence": n,
            "sold_at": (start + dt.timedelta(seconds=5 * n)).isoformat(),
            "method": chance.choice(["cash", "card"]),
            "screening": screening.pk if tickets else None,
            "prices": [chance.choice(["0", "5", "7.50"]) for _ in range(tickets)],
            "numbers": numbers,
        }
        if not tickets or chance.random() < 0.3:
            sale["products"] = {str(drink.pk): chance.randint(1, 3)}
        sales.append(sale)
    return sales


def _check(session):
    import io

    from django.core.management import call_command

    from clef.boxoffice.models import Sale
    from clef.tickets.models import Ticket

    failures = []
    if Sale.objects.filter(session=session).count() != SALES:
        failures.append("the session does not hold every sale once")
    numbers = list(
        Ticket.objects.filter(till_series="T1").order_by("number").values_list("number", flat=True)
    )
    if numbers != list(range(1, len(numbers) + 1)):
        failures.append("the till's series has a gap")
    out = io.StringIO()
    try:
        call_command("journal", "verify", stdout=out)
    except Exception as error:
        failures.append(f"journal verify: {error}: {out.getvalue()}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
