"""`make bench`, the till: the time of a door sale through the till's own HTTP endpoint.

On a throwaway SQLite database it prepares a venue with two tills (one to warm the
server up, one to measure), an open session on each, a cashier, the bar's products and a
screening starting in half an hour in a large room. It starts `clef serve` (gunicorn, 2
workers, the site's own settings) on 127.0.0.1, signs the cashier in (a session cookie,
the CSRF token read from the till's page) and warms up: the till's page and a few bar
sales on the other till. Then SALES sales one after the other through
`POST /caisse/<id>/vente/`, as a till sends them on one kept-alive connection: one ticket
at a random price, sometimes a drink, paid cash. Each sale's round trip is timed; so is a
GET of /health/ after each sale, the baseline measured the same way in the same run.

It prints p50 and p99 of both and their ratio, then checks what was written: SALES sales
in the session, SALES tickets numbered without a gap, the journal's sequence without a
gap and its hashes chained. It exits non-zero if a sale failed, if anything written is
wrong, or if p99 of a sale is not under the target.

    python bench/till.py                 # the whole benchmark
    python bench/till.py prepare         # the data, in DATABASE_URL (used by the benchmark)
    python bench/till.py count SESSION   # what was written, as JSON (used by the benchmark)
"""

import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
from decimal import Decimal
from pathlib import Path

import run

SALES = int(os.environ.get("BENCH_TILL_SALES", "1000"))
WARM_UP = 20
TARGET_P99_MS = 100
SEATS = 2000
PASSWORD = "bench-till-password"


def main(argv):
    if argv[:1] == ["prepare"]:
        return _prepare()
    if argv[:1] == ["count"]:
        return _count(int(argv[1]))
    print()
    print(
        f"clef bench · the till · {dt.datetime.now():%Y-%m-%d %H:%M} · "
        f"Python {platform.python_version()} · {os.cpu_count()} cores"
    )
    print(
        f"Server: gunicorn, {run.WORKERS} sync workers, SQLite. {SALES} sales one after "
        "the other on one kept-alive connection, each followed by a GET of /health/."
    )
    with tempfile.TemporaryDirectory(prefix="clef-till-") as tmp:
        tmp = Path(tmp)
        env = run._environment(tmp)
        print("Preparing a throwaway database...", flush=True)
        run._run([run.BIN / "clef", "migrate", "--noinput", "-v0"], env)
        data = json.loads(run._run([sys.executable, Path(__file__), "prepare"], env))
        port = run._free_port()
        log = tmp / "server.log"
        server = run._serve(env, port, log)
        try:
            run._wait_for(f"http://127.0.0.1:{port}/health/", server, log)
            measured = _bench(port, data)
        finally:
            run._stop(server)
        written = json.loads(
            run._run([sys.executable, Path(__file__), "count", str(data["session"])], env)
        )
    return _report(measured, written)


# --- the run ----------------------------------------------------------------------------
class Till:
    """A cashier's browser, reduced to what the till sends: one connection, the session
    and CSRF cookies, the form's token."""

    def __init__(self, port, session_cookie):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {"sessionid": session_cookie}
        self.token = ""

    def _headers(self, extra=None):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie, "Host": "127.0.0.1", **(extra or {})}

    def request(self, method, path, body=None, headers=None):
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=self._headers(headers))
        response = self.connection.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), content, elapsed

    def page(self, path):
        status, _, content, _ = self.request("GET", path)
        if status != 200:
            sys.exit(f"GET {path} answered {status}: is the cashier signed in?")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        self.token = found[1].decode() if found else self.token
        return content

    def sell(self, till, form):
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **form})
        return self.request(
            "POST",
            f"/caisse/{till}/vente/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )


def _form(data, rng, key, *, tickets=True):
    form = {"key": key, "method": "cash"}
    total = Decimal("0")
    if tickets:
        price = Decimal(rng.randrange(0, 21)) / 2  # 0 to 10 €, by 50 cents
        form.update({"screening": data["screening"], "prices": f"{price:.2f}"})
        total += price
    if not tickets or rng.random() < 0.35:
        form[f"product-{data['drink']}"] = "1"
        total += Decimal(data["drink_price"])
    form["tendered"] = "20" if total <= 20 else f"{total:.2f}"
    return form


def _bench(port, data):
    till = Till(port, data["cookie"])
    rng = random.Random(2026)
    print("Warming up: the till's page, then bar sales on the other till...", flush=True)
    for _ in range(4):
        till.page(f"/caisse/{data['till']}/")
        till.page(f"/caisse/{data['warm_till']}/")
    for i in range(WARM_UP):
        form = _form(data, rng, f"warm-{i}", tickets=False)
        form["session"] = data["warm_session"]
        status, *_ = till.sell(data["warm_till"], form)
        if status != 303:
            sys.exit(f"A warm-up sale answered {status}, not 303.")
        till.request("GET", "/health/")
    till.page(f"/caisse/{data['till']}/")

    print(f"Measuring {SALES} sales...", flush=True)
    sale_ms, health_ms, failures = [], [], []
    started = time.perf_counter()
    for i in range(SALES):
        form = _form(data, rng, f"bench-{i}")
        form["session"] = data["session"]
        status, location, content, elapsed = till.sell(data["till"], form)
        if status != 303 or "?vente=" not in location:
            failures.append((i, status, content[:200]))
        sale_ms.append(elapsed)
        status, _, _, elapsed = till.request("GET", "/health/")
        if status != 200:
            failures.append((i, f"health {status}", b""))
        health_ms.append(elapsed)
    return {
        "seconds": time.perf_counter() - started,
        "sale_ms": sale_ms,
        "health_ms": health_ms,
        "failures": failures,
    }


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _report(measured, written):
    sale, health = measured["sale_ms"], measured["health_ms"]
    p50, p99 = _percentile(sale, 0.50), _percentile(sale, 0.99)
    h50, h99 = _percentile(health, 0.50), _percentile(health, 0.99)
    print()
    print(f"{'round trip':<26}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'mean ms':>9}")
    print("-" * 59)
    print(
        f"{'sale (POST …/vente/)':<26}{p50:>8.1f}{p99:>8.1f}{max(sale):>8.1f}"
        f"{statistics.fmean(sale):>9.1f}"
    )
    print(
        f"{'/health/ (baseline)':<26}{h50:>8.1f}{h99:>8.1f}{max(health):>8.1f}"
        f"{statistics.fmean(health):>9.1f}"
    )
    print("-" * 59)
    print(
        f"A sale costs {p50 / h50:.1f} × /health/ at p50, {p99 / h99:.1f} × at p99 "
        f"({len(sale)} sales in {measured['seconds']:.1f} s, /health/ included)."
    )
    verdicts = {
        "every sale answered 303": not measured["failures"],
        f"p99 of a sale {p99:.1f} ms < {TARGET_P99_MS} ms": p99 < TARGET_P99_MS,
        f"{written['sales']} sales written (expected {SALES})": written["sales"] == SALES,
        f"{written['tickets']} tickets, numbered {written['first']}–{written['last']} "
        f"without a gap": written["tickets"] == SALES and written["consecutive"],
        f"journal: {written['entries']} entries, sequence without a gap, hashes chained": (
            written["entries"] >= SALES and written["journal_ok"]
        ),
    }
    print()
    for label, passed in verdicts.items():
        print(f"{label}: {'PASS' if passed else 'FAIL'}")
    for i, status, content in measured["failures"][:5]:
        print(f"  sale {i}: {status} {content!r}")
    return 0 if all(verdicts.values()) else 1


# --- inside the throwaway database ------------------------------------------------------
def _setup():
    import django

    sys.path.insert(0, str(run.ROOT))
    django.setup()


def _prepare():
    """The venue, two tills with an open session, a cashier signed in, the bar and a
    screening in half an hour. Prints JSON."""
    _setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from clef.boxoffice import sessions
    from clef.boxoffice.models import Product, Till
    from clef.lib import roles
    from clef.lib.timezones import local_to_utc
    from clef.programme.models import Film, Screening, ScreeningFilm
    from clef.venues.models import Room, Venue

    venue = Venue.objects.create(
        slug="la-clef",
        name="La Clef",
        street="34 rue Daubenton",
        postcode="75005",
        city="Paris",
        timezone="Europe/Paris",
        open_days="0123456",
    )
    room = Room.objects.create(venue=venue, name="Grande salle", seats=SEATS, position=1)
    film = Film.objects.create(
        slug="wanda", title="Wanda", directors="Barbara Loden", year=1970, runtime=102
    )
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=30), venue.zone)
    screening = Screening.objects.create(
        room=room,
        starts_at=local_to_utc(start.date(), start.time().replace(second=0), venue.timezone),
        duration=120,
        status=Screening.Status.PUBLISHED,
    )
    ScreeningFilm.objects.create(screening=screening, film=film, position=1)
    drink = Product.objects.create(
        venue=venue, name="Limonade", price=Decimal("2.50"), vat_rate=Decimal("5.50")
    )
    Product.objects.create(venue=venue, name="Bière", price=Decimal("4.00"), vat_rate=20)
    cashier = get_user_model().objects.create_user(
        "caissier", "caissier@example.org", PASSWORD, first_name="Camille"
    )
    cashier.groups.add(roles.ensure_roles()[roles.CASHIER])
    till = Till.objects.create(venue=venue, name="Caisse du hall")
    warm = Till.objects.create(venue=venue, name="Bar")
    session = sessions.open_session(till, cashier=cashier, opening_float="100")
    warm_session = sessions.open_session(warm, cashier=cashier, opening_float="50")
    client = Client()
    client.force_login(cashier)
    print(
        json.dumps(
            {
                "till": till.pk,
                "session": session.pk,
                "warm_till": warm.pk,
                "warm_session": warm_session.pk,
                "screening": screening.pk,
                "drink": drink.pk,
                "drink_price": str(drink.price),
                "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        )
    )
    return 0


def _count(session_pk):
    """What the run wrote, checked: JSON."""
    _setup()
    from clef.boxoffice.journal import GENESIS, chain_hash, utc_text
    from clef.boxoffice.models import JournalEntry, Sale, TillSession
    from clef.tickets.models import Ticket

    session = TillSession.objects.get(pk=session_pk)
    sales = Sale.objects.filter(session=session)
    numbers = list(
        Ticket.objects.filter(sale_lines__sale__session=session)
        .order_by("number")
        .values_list("number", flat=True)
    )
    previous, expected_sequence, journal_ok = GENESIS, 1, True
    entries = 0
    rows = JournalEntry.objects.filter(venue=session.venue).order_by("sequence")
    for entry in rows.values_list(
        "sequence", "recorded_at", "kind", "body", "previous_hash", "hash"
    ):
        sequence, recorded_at, kind, body, previous_hash, digest = entry
        entries += 1
        if (
            sequence != expected_sequence
            or previous_hash != previous
            or digest != chain_hash(previous, sequence, utc_text(recorded_at), kind, body)
        ):
            journal_ok = False
            break
        previous, expected_sequence = digest, sequence + 1
    print(
        json.dumps(
            {
                "sales": sales.count(),
                "tickets": len(numbers),
                "first": numbers[0] if numbers else None,
                "last": numbers[-1] if numbers else None,
                "consecutive": numbers == list(range(numbers[0], numbers[0] + len(numbers)))
                if numbers
                else False,
                "entries": entries,
                "journal_ok": journal_ok,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
