"""`make bench`, the journal: how fast `clef journal verify` reads a long journal.

In a throwaway SQLite database (migrated here, deleted at the end) it measures SQLite's
own insert rate on this machine (simple rows into a scratch table, in one transaction),
then writes ENTRIES journal entries for one venue as fast as it can: a valid chain
computed in Python with the journal's own `canonical` and `chain_hash`, realistic bodies
(till sessions opened and closed, sales of tickets and bar items with their VAT, a few
reversals, a daily closing), inserted with raw SQL in batches, and the journal's head
set. Then it times `verify` over them (twice; the better run counts) and prints entries
per second beside the raw insert rate, with PASS or FAIL against TARGET. For
information, it also times `export` of the whole journal to an archive and
`verify_archive` of that archive.

It exits non-zero if verify is below TARGET, or if verify or the archive's check does
not say OK. Results are also written to bench/results/.

    python bench/journal.py            # ENTRIES=1000000 by default
    BENCH_JOURNAL_ENTRIES=200000 python bench/journal.py
"""

import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = int(os.environ.get("BENCH_JOURNAL_ENTRIES", "1000000"))
TARGET = 200_000  # entries verified per second
SCRATCH_ROWS = 1_000_000
BATCH = 20_000
START = dt.datetime(2015, 1, 2, 17, 30, tzinfo=dt.UTC)

# What a small cinema sells.
FILMS = [
    "Wanda",
    "Cléo de 5 à 7",
    "La Noire de…",
    "La Ciénaga",
    "Le Vent nous emportera",
    "Jeanne Dielman, 23 quai du Commerce, 1080 Bruxelles",
    "Touki Bouki",
    "Sans toit ni loi",
]
PRODUCTS = [
    ("Limonade", "2.50", "5.50", 11),
    ("Bière", "4.00", "20.00", 12),
    ("Café", "1.50", "10.00", 13),
    ("Chips", "2.00", "5.50", 14),
    ("Thé", "1.50", "10.00", 15),
]
PRICES = ["0.00", "2.00", "5.00", "6.00", "8.00", "10.00"]
CASHIERS = ["Élise Martin", "Karim Benali", "Agnès Roux", "Tom Lefèvre"]
TILLS = ["Caisse du hall", "Bar"]


def main():
    with tempfile.TemporaryDirectory(prefix="clef-journal-") as tmp:
        tmp = Path(tmp)
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "clef.settings",
                "DATABASE_URL": f"sqlite:///{tmp / 'journal.sqlite3'}",
                "CLEF_VAR_DIR": str(tmp / "var"),
                "DEBUG": "false",
                "CLEF_LOG_LEVEL": "WARNING",
            }
        )
        import django

        django.setup()
        return _bench(tmp)


def _bench(tmp):
    from django.core.management import call_command
    from django.db import connection

    from clef.boxoffice import archive, verify

    _header()
    print("Preparing a throwaway SQLite database...", flush=True)
    call_command("migrate", "--noinput", verbosity=0)
    raw_rate = _raw_insert_rate(connection)
    print(
        f"SQLite raw inserts: {raw_rate:,.0f} rows/s "
        f"({SCRATCH_ROWS:,} simple rows, one transaction)"
    )

    venue = _venue()
    started = time.perf_counter()
    size, last_moment = _write_journal(connection, venue)
    seconds = time.perf_counter() - started
    print(
        f"Journal written: {ENTRIES:,} entries in {seconds:.1f} s ({ENTRIES / seconds:,.0f}/s), "
        f"bodies {size / ENTRIES:.0f} bytes on average, "
        f"database {_size(tmp / 'journal.sqlite3')}"
    )

    runs = []
    cpu_runs = []
    for attempt in (1, 2):
        started, cpu = time.perf_counter(), time.process_time()
        result = verify.verify(venue)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        runs.append(seconds)
        cpu_runs.append(cpu)
        status = "OK" if result.ok else f"NOT OK: {result.problem}"
        print(
            f"verify, run {attempt}: {result.entries:,} entries in {seconds:.2f} s "
            f"({result.entries / seconds:,.0f}/s; {cpu:.2f} s of CPU): {status}"
        )
        if not result.ok or result.entries != ENTRIES:
            print("FAIL: verify must say OK over every entry.")
            return 1
    rate = ENTRIES / min(runs)
    cpu_rate = ENTRIES / min(cpu_runs)

    path = tmp / "journal.zip"
    first_day = START.astimezone(venue.zone).date()
    last_day = last_moment.astimezone(venue.zone).date()
    started = time.perf_counter()
    exported = archive.export(venue, first_day, last_day, path)
    export_seconds = time.perf_counter() - started
    started = time.perf_counter()
    checked = archive.verify_archive(path)
    archive_seconds = time.perf_counter() - started
    print(
        f"export: {exported.count:,} entries in {export_seconds:.1f} s "
        f"({exported.count / export_seconds:,.0f}/s), archive {_size(path)}"
    )
    print(
        f"verify_archive: {checked.entries:,} entries in {archive_seconds:.1f} s "
        f"({checked.entries / archive_seconds:,.0f}/s): "
        f"{'OK' if checked.ok else f'NOT OK: {checked.problem}'}"
    )

    passed = rate >= TARGET and checked.ok and checked.entries == ENTRIES
    print()
    print(f"{'':24}{'measured':>14}{'target':>14}")
    verdict = "PASS" if rate >= TARGET else "FAIL"
    print(f"{'verify, entries/s':24}{rate:>14,.0f}{TARGET:>14,}   {verdict}")
    print(f"{'verify, per CPU second':24}{cpu_rate:>14,.0f}")
    print(f"{'SQLite raw inserts/s':24}{raw_rate:>14,.0f}")
    print(f"{'verify / raw inserts':24}{rate / raw_rate:>14.2f}")
    print(f"{'archive check':24}{'OK' if checked.ok else 'NOT OK':>14}")
    _save(
        {
            "entries": ENTRIES,
            "raw_insert_rows_per_second": round(raw_rate),
            "verify_seconds": [round(s, 3) for s in runs],
            "verify_cpu_seconds": [round(s, 3) for s in cpu_runs],
            "verify_entries_per_second": round(rate),
            "verify_entries_per_cpu_second": round(cpu_rate),
            "load_average": os.getloadavg(),
            "ratio_to_raw_inserts": round(rate / raw_rate, 3),
            "target": TARGET,
            "export_seconds": round(export_seconds, 2),
            "verify_archive_seconds": round(archive_seconds, 2),
            "archive_bytes": path.stat().st_size,
            "archive_ok": checked.ok,
            "passed": passed,
        }
    )
    return 0 if passed else 1


def _header():
    print()
    print(
        f"clef journal verify · {dt.datetime.now():%Y-%m-%d %H:%M} · "
        f"Python {platform.python_version()} · SQLite {_sqlite_version()} · "
        f"{os.cpu_count()} cores"
    )
    print(
        f"{ENTRIES:,} journal entries of one venue in a throwaway SQLite database; "
        f"verify target {TARGET:,} entries/s."
    )
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"Load average before the run: {load} (other work on the machine slows every figure).")


def _sqlite_version():
    import sqlite3

    return sqlite3.sqlite_version


def _raw_insert_rate(connection):
    """Rows per second SQLite takes here: simple rows, executemany, one transaction."""
    from django.db import transaction

    rows = [(n, f"row {n}") for n in range(SCRATCH_ROWS)]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, n INTEGER, label TEXT)")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany("INSERT INTO bench_scratch (n, label) VALUES (%s, %s)", rows)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_scratch")
    return SCRATCH_ROWS / seconds


def _venue():
    from clef.venues.models import Venue

    return Venue.objects.create(
        slug="la-clef",
        name="La Clef",
        street="34 rue Daubenton",
        postcode="75005",
        city="Paris",
        timezone="Europe/Paris",
    )


def _write_journal(connection, venue):
    """ENTRIES valid entries, inserted in batches; returns the bodies' total size and
    the last entry's time."""
    from django.db import transaction

    from clef.boxoffice.journal import GENESIS, TIME_FORMAT, canonical, chain_hash
    from clef.boxoffice.models import JournalEntry, JournalHead

    table = connection.ops.quote_name(JournalEntry._meta.db_table)
    sql = (
        f"INSERT INTO {table} (venue_id, sequence, recorded_at, kind, body, previous_hash, hash, "
        "session_id, sale_id) VALUES (%s, %s, %s, %s, %s, %s, %s, NULL, NULL)"
    )
    previous = GENESIS
    size = 0
    batch = []
    with connection.cursor() as cursor:
        # Room for the indexes (the hash's above all) while they grow.
        cursor.execute("PRAGMA cache_size = -262144")
    with transaction.atomic(), connection.cursor() as cursor:
        for sequence, moment, kind, body in _entries():
            text = canonical(body)
            size += len(text.encode())
            when = moment.strftime(TIME_FORMAT)
            digest = chain_hash(previous, sequence, when, kind, text)
            batch.append((venue.pk, sequence, when, kind, text, previous, digest))
            previous = digest
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
        JournalHead.objects.create(venue=venue, sequence=ENTRIES, hash=previous)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -2000")  # SQLite's default again, for verify
    return size, moment


def _entries():
    """(sequence, time, kind, body) of a journal: evenings of sales at two tills."""
    rng = random.Random(20261121)
    sequence = 0
    moment = START
    session = 0
    sale = 0
    ticket = 0
    cumulative = 0
    day_first = 1
    day_total = 0

    def entry(kind, body):
        nonlocal sequence, moment
        sequence += 1
        moment += dt.timedelta(seconds=rng.randint(1, 12))
        return sequence, moment, kind, body

    while True:
        for till in TILLS:
            session += 1
            cashier = rng.choice(CASHIERS)
            cash = 0
            if sequence >= ENTRIES:
                return
            yield entry(
                "session_opened",
                {"till": till, "session": session, "cashier": cashier, "float": "100.00"},
            )
            last = None
            for _ in range(rng.randint(80, 160)):
                if sequence >= ENTRIES - 1:
                    break
                sale += 1
                if last is not None and rng.random() < 0.01:
                    body = {**last, "sale": f"R{sale:09d}", "reverses": last["sale"]}
                    for key in ("total", "tendered", "change"):
                        if body[key] is not None:
                            body[key] = f"{-float(body[key]):.2f}"
                    body["lines"] = [
                        {**line, "amount": f"{-float(line['amount']):.2f}"}
                        for line in last["lines"]
                    ]
                    kind, last = "reversal", None
                else:
                    body = _sale(rng, sale, session, till, cashier, ticket)
                    ticket += sum(1 for line in body["lines"] if line["kind"] == "ticket")
                    kind, last = "sale", body
                total = round(float(body["total"]) * 100)
                day_total += total
                if body["method"] == "cash":
                    cash += total
                yield entry(kind, body)
            if sequence >= ENTRIES:
                return
            yield entry(
                "session_closed",
                {
                    "till": till,
                    "session": session,
                    "cashier": cashier,
                    "expected": f"{100 + cash / 100:.2f}",
                    "counted": f"{100 + cash / 100:.2f}",
                    "difference": "0.00",
                },
            )
        if sequence >= ENTRIES:
            return
        cumulative += day_total
        day = moment.date().isoformat()
        yield entry(
            "closing",
            {
                "kind": "day",
                "from": day,
                "to": day,
                "first_sequence": day_first,
                "last_sequence": sequence,
                "total": f"{day_total / 100:.2f}",
                "cumulative": f"{cumulative / 100:.2f}",
            },
        )
        day_first = sequence + 1
        day_total = 0
        # The next evening.
        moment = dt.datetime.combine(moment.date() + dt.timedelta(days=1), START.time(), dt.UTC)


def _sale(rng, number, session, till, cashier, ticket):
    lines = []
    vat = {}
    film = rng.choice(FILMS)
    for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3, 4]) if till != "Bar" else 0):
        price = rng.choice(PRICES)
        ticket += 1
        lines.append(_line("ticket", film, 1, price, "5.50", f"2020-{ticket:06d}"))
    for _ in range(rng.choice([0, 0, 1, 2]) if lines else rng.randint(1, 3)):
        name, price, rate, pk = rng.choice(PRODUCTS)
        quantity = rng.randint(1, 3)
        lines.append(_line("product", name, quantity, price, rate, f"product:{pk}", quantity))
    for line in lines:
        gross = vat.setdefault(line["vat_rate"], 0)
        vat[line["vat_rate"]] = gross + round(float(line["amount"]) * 100)
    total = sum(vat.values())
    method = "free" if total == 0 else rng.choice(["cash", "card", "card"])
    tendered = change = None
    if method == "cash":
        given = -(-total // 1000) * 1000
        tendered, change = f"{given / 100:.2f}", f"{(given - total) / 100:.2f}"
    return {
        "sale": f"S{number:09d}",
        "reverses": None,
        "till": till,
        "session": session,
        "cashier": cashier,
        "method": method,
        "total": f"{total / 100:.2f}",
        "tendered": tendered,
        "change": change,
        "lines": lines,
        "vat": {
            rate: {
                "gross": f"{gross / 100:.2f}",
                "net": f"{gross / (100 + float(rate)):.2f}",
                "vat": f"{(gross - gross * 100 / (100 + float(rate))) / 100:.2f}",
            }
            for rate, gross in sorted(vat.items())
        },
    }


def _line(kind, label, quantity, unit, rate, ref, times=1):
    return {
        "kind": kind,
        "label": label,
        "quantity": quantity,
        "unit": unit,
        "amount": f"{float(unit) * times:.2f}",
        "vat_rate": rate,
        "ref": ref,
    }


def _size(path):
    return f"{Path(path).stat().st_size / 1e6:,.0f} MB"


def _save(data):
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    out = folder / f"journal-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    record = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": _sqlite_version(),
        **data,
    }
    out.write_text(json.dumps(record, indent=2))
    print(f"\nResults written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
