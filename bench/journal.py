"""`make bench`, the journal: how fast `clef journal verify` reads a long signed journal.

In a throwaway SQLite database (migrated here, deleted at the end), with a signing key and
an anchor folder of its own in a temporary folder, it measures SQLite's own insert rate on
this machine (simple rows into a scratch table, in one transaction), then writes ENTRIES
journal entries for one venue as fast as it can, as the till would have: evenings at two
tills, each a session opened and closed, sales of tickets and bar items with their VAT, a
few reversals, a daily closing each evening and monthly and yearly ones (their totals by
the closings' own `Figures`), every entry chained with the journal's own `canonical` and
`chain_hash` and signed with the key; beside them the sales, their lines, the sessions
and the closings rows, all inserted with raw SQL in batches, the journal's head set and
the venue's anchor written.

Then it times `verify` over them (twice; the better run counts): the chain of every entry
(in parts at once, one process per processor, see `clef/boxoffice/segments.py`), the
signatures of the closings and of the last entry, the anchor. It prints entries per
second beside the raw insert rate, with PASS or FAIL against TARGET. Apart, it times the
comparison of the sales, lines, sessions and closings tables with the journal
(`checks.compare`, what `verify` does after the chain; it parses every body, so it is
slower and has no target), and for information `export` of the whole journal to an
archive and `verify_archive` of it with the public key.

It exits non-zero if verify is below TARGET, or if verify, the tables' comparison or the
archive's check does not say OK. Results are also written to bench/results/.

    python bench/journal.py            # ENTRIES=1000000 by default
    BENCH_JOURNAL_ENTRIES=200000 python bench/journal.py
"""

import datetime as dt
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
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
                "CLEF_JOURNAL_KEY_FILE": str(tmp / "journal.key"),
                "CLEF_JOURNAL_ANCHOR_DIR": str(tmp / "anchors"),
                "DEBUG": "false",
                "CLEF_LOG_LEVEL": "WARNING",
            }
        )
        import django

        django.setup()
        from clef.boxoffice import keys

        keys.generate(tmp / "journal.key")
        return _bench(tmp)


def _bench(tmp):
    from django.core.management import call_command
    from django.db import connection

    from clef.boxoffice import archive, checks, keys, verify

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
    written = _write_journal(connection, venue)
    seconds = time.perf_counter() - started
    print(
        f"Journal written: {ENTRIES:,} signed entries in {seconds:.1f} s "
        f"({ENTRIES / seconds:,.0f}/s), with {written['sales']:,} sales, "
        f"{written['lines']:,} lines, {written['sessions']:,} sessions and "
        f"{written['closings']:,} closings; bodies {written['size'] / ENTRIES:.0f} bytes on "
        f"average, database {_size(tmp / 'journal.sqlite3')}"
    )

    key = keys.public_key()
    runs = []
    cpu_runs = []
    for attempt in (1, 2):
        started, cpu = time.perf_counter(), _cpu()
        result = verify.verify(venue, key=key)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        runs.append(seconds)
        cpu_runs.append(cpu)
        status = "OK" if result.ok else f"NOT OK: {result.problem}"
        print(
            f"verify, run {attempt}: {result.entries:,} entries in {seconds:.2f} s "
            f"({result.entries / seconds:,.0f}/s; {cpu:.2f} s of CPU in all its processes; "
            f"{result.signatures:,} signatures, anchor at #{_anchored(result)}): {status}"
        )
        if (
            not result.ok
            or result.entries != ENTRIES
            or result.anchor is None
            or result.signatures != written["closings"] + 1
        ):
            print("FAIL: verify must say OK over every entry, its signatures and its anchor.")
            return 1
    rate = ENTRIES / min(runs)
    cpu_rate = ENTRIES / min(cpu_runs)

    started = time.perf_counter()
    compared = checks.compare(venue)
    compare_seconds = time.perf_counter() - started
    print(
        f"tables against the journal: {compared.entries:,} entries, {compared.sales:,} sales, "
        f"{compared.sessions:,} sessions, {compared.closings:,} closings in "
        f"{compare_seconds:.1f} s ({compared.entries / compare_seconds:,.0f} entries/s): "
        f"{'OK' if compared.ok else f'NOT OK: {compared.differences[:3]}'}"
    )

    path = tmp / "journal.zip"
    first_day = START.astimezone(venue.zone).date()
    last_day = written["last_moment"].astimezone(venue.zone).date()
    started = time.perf_counter()
    exported = archive.export(venue, first_day, last_day, path, key=key)
    export_seconds = time.perf_counter() - started
    started = time.perf_counter()
    checked = archive.verify_archive(path, key=key)
    archive_seconds = time.perf_counter() - started
    print(
        f"export (verify first, then write): {exported.count:,} entries in "
        f"{export_seconds:.1f} s ({exported.count / export_seconds:,.0f}/s), archive {_size(path)}"
    )
    print(
        f"verify_archive with the public key: {checked.entries:,} entries in "
        f"{archive_seconds:.1f} s ({checked.entries / archive_seconds:,.0f}/s; "
        f"{checked.signatures:,} signatures): "
        f"{'OK' if checked.ok else f'NOT OK: {checked.problem}'}"
    )

    passed = rate >= TARGET and compared.ok and checked.ok and checked.entries == ENTRIES
    print()
    print(f"{'':32}{'measured':>14}{'target':>14}")
    verdict = "PASS" if rate >= TARGET else "FAIL"
    print(f"{'verify, entries/s':32}{rate:>14,.0f}{TARGET:>14,}   {verdict}")
    print(f"{'verify, per CPU second':32}{cpu_rate:>14,.0f}")
    print(f"{'tables compared, entries/s':32}{compared.entries / compare_seconds:>14,.0f}")
    print(f"{'SQLite raw inserts/s':32}{raw_rate:>14,.0f}")
    print(f"{'verify / raw inserts':32}{rate / raw_rate:>14.2f}")
    print(f"{'tables':32}{'OK' if compared.ok else 'NOT OK':>14}")
    print(f"{'archive check':32}{'OK' if checked.ok else 'NOT OK':>14}")
    _save(
        {
            "entries": ENTRIES,
            "sales": written["sales"],
            "closings": written["closings"],
            "raw_insert_rows_per_second": round(raw_rate),
            "verify_seconds": [round(s, 3) for s in runs],
            "verify_cpu_seconds": [round(s, 3) for s in cpu_runs],
            "verify_entries_per_second": round(rate),
            "verify_entries_per_cpu_second": round(cpu_rate),
            "signatures_checked": result.signatures,
            "compare_seconds": round(compare_seconds, 2),
            "compare_entries_per_second": round(compared.entries / compare_seconds),
            "compare_ok": compared.ok,
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


def _cpu():
    """CPU seconds of this process and of the ones it waited for (verify's parts)."""
    mine, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _anchored(result):
    return result.anchor.sequence if result.anchor is not None else "-"


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
    """ENTRIES valid signed entries with their sales, lines, sessions and closings,
    inserted in batches; the head set and the anchor written."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from clef.boxoffice import anchor, keys
    from clef.boxoffice.journal import GENESIS, TIME_FORMAT, canonical, chain_hash
    from clef.boxoffice.models import (
        Closing,
        JournalEntry,
        JournalHead,
        Product,
        Sale,
        SaleLine,
        Till,
        TillSession,
    )

    cashier = get_user_model().objects.create_user("bench-cashier", first_name="Élise")
    tills = {name: Till.objects.create(venue=venue, name=name).pk for name in TILLS}
    products = {
        name: Product.objects.create(
            venue=venue, name=name, price=Decimal(price), vat_rate=Decimal(rate)
        ).pk
        for name, price, rate, _pk in PRODUCTS
    }
    quote = connection.ops.quote_name

    def insert(model, columns):
        marks = ", ".join(["%s"] * len(columns))
        names = ", ".join(quote(c) for c in columns)
        return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"

    sql = {
        "entry": insert(
            JournalEntry,
            ["id", "venue_id", "sequence", "recorded_at", "kind", "body", "previous_hash",
             "hash", "signature", "session_id", "sale_id"],
        ),
        "session": insert(
            TillSession,
            ["id", "till_id", "venue_id", "cashier_id", "opened_at", "opening_float",
             "closed_at", "closed_by_id", "counted_detail", "counted", "expected",
             "difference", "comment"],
        ),
        "sale": insert(
            Sale,
            ["id", "session_id", "venue_id", "code", "cashier_id", "method", "channel",
             "reason", "total", "tendered", "change", "reverses_id", "created_at"],
        ),
        "line": insert(
            SaleLine,
            ["sale_id", "position", "kind", "label", "quantity", "unit_price", "amount",
             "vat_rate", "product_id"],
        ),
        "closing": insert(
            Closing,
            ["venue_id", "kind", "period_start", "period_end", "first_sequence",
             "last_sequence", "total", "cumulative", "totals", "entry_id", "created_at"],
        ),
    }  # fmt: skip
    rows = {name: [] for name in sql}
    counts = {"sales": 0, "lines": 0, "sessions": 0, "closings": 0, "size": 0}
    key = keys.private_key()
    previous = GENESIS
    last_closing = None
    with connection.cursor() as cursor:
        # Room for the indexes (the hash's above all) while they grow.
        cursor.execute("PRAGMA cache_size = -262144")
    with transaction.atomic(), connection.cursor() as cursor:

        def flush(force=False):
            for name, batch in rows.items():
                if batch and (force or len(batch) >= BATCH):
                    cursor.executemany(sql[name], batch)
                    batch.clear()

        for event in _events(venue, cashier.pk, tills, products):
            kind = event["kind"]
            if kind == "entry":
                sequence, moment = event["sequence"], event["moment"]
                text = canonical(event["body"])
                counts["size"] += len(text.encode())
                when = moment.strftime(TIME_FORMAT)
                digest = chain_hash(previous, sequence, when, event["entry_kind"], text)
                signature = key.sign(digest.encode()).hex()
                rows["entry"].append(
                    (sequence, venue.pk, sequence, when, event["entry_kind"], text, previous,
                     digest, signature, event.get("session"), event.get("sale"))
                )  # fmt: skip
                previous = digest
                if event["entry_kind"] == "closing":
                    last_closing = (sequence, digest)
                last_moment = moment
            else:
                rows[kind].append(event["row"])
                counts[{"sale": "sales", "line": "lines", "session": "sessions",
                        "closing": "closings"}[kind]] += 1  # fmt: skip
            flush()
        flush(force=True)
        JournalHead.objects.create(venue=venue, sequence=ENTRIES, hash=previous)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -2000")  # SQLite's default again, for verify
    anchor.write(venue.pk, ENTRIES, previous, closing=last_closing)
    return {**counts, "last_moment": last_moment}


def _events(venue, cashier, tills, products):
    """What was written, in order: {"kind": "entry", ...} for each journal entry (its
    sequence, time, kind, body, session and sale), {"kind": "sale" | "line" | "session" |
    "closing", "row": ...} for the rows beside it."""
    from clef.boxoffice.totals import Figures

    rng = random.Random(20261121)
    state = {"sequence": 0, "moment": START, "sale": 0, "session": 0}
    cumulative = {"day": Decimal("0.00"), "month": Decimal("0.00"), "year": Decimal("0.00")}
    periods = {}  # kind -> [first day, first sequence, last sequence, Figures]
    zone = venue.zone

    def entry(kind, body, **links):
        state["sequence"] += 1
        state["moment"] += dt.timedelta(seconds=rng.randint(1, 12))
        return {
            "kind": "entry",
            "sequence": state["sequence"],
            "moment": state["moment"],
            "entry_kind": kind,
            "body": body,
            **links,
        }

    def covered(kind, body):
        """Count an entry in its day (a month is the sum of its days, a year of its
        months, added when the shorter one closes)."""
        if "day" not in periods:
            day = state["moment"].astimezone(zone).date()
            for name in ("day", "month", "year"):
                periods.setdefault(name, [day, state["sequence"], None, Figures()])
        for name in ("day", "month", "year"):
            periods[name][2] = state["sequence"]
        periods["day"][3].add_entry(kind, body)

    def close(name, first_day, last_day):
        _first, start, end, figures = periods.pop(name)
        longer = {"day": "month", "month": "year"}.get(name)
        if longer:
            periods[longer][3].add(figures)
        cumulative[name] += figures.total
        totals = figures.as_totals()
        body = {
            "kind": name,
            "period": {"from": first_day, "to": last_day},
            "total": figures.total,
            "cumulative": cumulative[name],
            "first_sequence": start,
            "last_sequence": end,
            "last_hash": None,
            "by": "Élise Martin",
            **totals,
        }
        event = entry("closing", body)
        row = (venue.pk, name, first_day.isoformat(), last_day.isoformat(), start, end,
               f"{figures.total:.2f}", f"{cumulative[name]:.2f}", json.dumps(totals),
               event["sequence"], _utc(event["moment"]))  # fmt: skip
        return event, {"kind": "closing", "row": row}

    def room_for(n):
        return state["sequence"] + n <= ENTRIES

    while True:
        for till in TILLS:
            if not room_for(2):
                break
            state["session"] += 1
            session = state["session"]
            cashier_name = rng.choice(CASHIERS)
            opened = entry(
                "session_opened",
                {"till": till, "session": session, "cashier": cashier_name, "float": "100.00"},
                session=session,
            )
            covered("session_opened", opened["body"])
            yield opened
            opened_at = opened["moment"]
            cash = Decimal("0.00")
            by_method = {}
            last = last_id = None
            for _ in range(rng.randint(80, 160)):
                if not room_for(2):
                    break
                state["sale"] += 1
                number = state["sale"]
                if last is not None and rng.random() < 0.01:
                    body, reverses = _reversal(last, number), last_id
                    kind, last = "reversal", None
                else:
                    body, reverses = _sale(rng, number, session, till, cashier_name), None
                    kind, last, last_id = "sale", body, number
                total = Decimal(body["total"])
                if body["method"] == "cash":
                    cash += total
                tally = by_method.setdefault(body["method"], [0, Decimal("0.00")])
                tally[0] += 1
                tally[1] += total
                event = entry(kind, body, session=session, sale=number)
                covered(kind, body)
                yield {
                    "kind": "sale",
                    "row": (number, session, venue.pk, body["sale"], cashier, body["method"],
                            "till", "", body["total"], body["tendered"], body["change"],
                            reverses, _utc(event["moment"])),
                }  # fmt: skip
                for position, line in enumerate(body["lines"], start=1):
                    product = products.get(line["label"]) if line["kind"] == "product" else None
                    yield {
                        "kind": "line",
                        "row": (number, position, line["kind"], line["label"], line["quantity"],
                                line["unit"], line["amount"], line["vat_rate"], product),
                    }  # fmt: skip
                yield event
            expected = f"{Decimal('100.00') + cash:.2f}"
            closed = entry(
                "session_closed",
                {
                    "till": till,
                    "session": session,
                    "cashier": cashier_name,
                    "float": "100.00",
                    "expected": expected,
                    "counted": expected,
                    "difference": "0.00",
                    "count": {},
                    "by_method": {
                        method: {"count": n, "total": f"{amount:.2f}"}
                        for method, (n, amount) in sorted(by_method.items())
                    },
                    "comment": "",
                },
                session=session,
            )
            covered("session_closed", closed["body"])
            yield {
                "kind": "session",
                "row": (session, tills[till], venue.pk, cashier, _utc(opened_at), "100.00",
                        _utc(closed["moment"]), cashier, "{}", expected, expected, "0.00", ""),
            }  # fmt: skip
            yield closed
        if not room_for(1) or "day" not in periods:
            break
        day = periods["day"][0]
        for event in close("day", day, day):
            yield event
        tomorrow = day + dt.timedelta(days=1)
        if tomorrow.month != day.month and room_for(1):
            first = day.replace(day=1)
            for event in close("month", first, day):
                yield event
            if tomorrow.year != day.year and room_for(1):
                for event in close("year", day.replace(month=1, day=1), day):
                    yield event
        if not room_for(3):
            break
        # The next evening.
        state["moment"] = dt.datetime.combine(
            state["moment"].date() + dt.timedelta(days=1), START.time(), dt.UTC
        )
    # Fill up to ENTRIES with sessions opened (a journal ends anywhere).
    while room_for(1):
        state["session"] += 1
        body = {"till": "Bar", "session": None, "cashier": "", "float": "0.00"}
        yield entry("session_opened", body)


def _negative(amount):
    return _money(-int(amount.replace(".", "")))


def _utc(moment):
    """A time as the database keeps it (UTC, no zone)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _reversal(last, number):
    body = {**last, "sale": f"R{number:09d}", "reverses": last["sale"]}
    body["total"] = _negative(last["total"])
    body["tendered"] = body["change"] = None
    body["lines"] = [
        {**line, "quantity": -line["quantity"], "amount": _negative(line["amount"])}
        for line in last["lines"]
    ]
    body["vat"] = {
        rate: {key: _negative(value) for key, value in parts.items()}
        for rate, parts in last["vat"].items()
    }
    return body


def _sale(rng, number, session, till, cashier):
    lines = []
    film = rng.choice(FILMS)
    ticket = number * 4
    gross = {}
    for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3, 4]) if till != "Bar" else 0):
        price = rng.choice(PRICES)
        ticket += 1
        lines.append(_line("ticket", film, 1, price, "5.50", f"2020-{ticket:07d}", gross))
    for _ in range(rng.choice([0, 0, 1, 2]) if lines else rng.randint(1, 3)):
        name, price, rate, _pk = rng.choice(PRODUCTS)
        quantity = rng.randint(1, 3)
        lines.append(_line("product", name, quantity, price, rate, f"product:{name}", gross))
    total = sum(gross.values())
    method = "free" if total == 0 else rng.choice(["cash", "card", "card"])
    tendered = change = None
    if method == "cash":
        given = -(-total // 1000) * 1000
        tendered, change = _money(given), _money(given - total)
    vat = {}
    for rate, amount in sorted(gross.items()):
        rate_cents = int(rate.replace(".", ""))
        net = (amount * 10000 + (10000 + rate_cents) // 2) // (10000 + rate_cents)
        vat[rate] = {"gross": _money(amount), "net": _money(net), "vat": _money(amount - net)}
    return {
        "sale": f"S{number:09d}",
        "reverses": None,
        "till": till,
        "session": session,
        "cashier": cashier,
        "channel": "till",
        "method": method,
        "total": _money(total),
        "tendered": tendered,
        "change": change,
        "lines": lines,
        "vat": vat,
    }


def _money(cents):
    """Cents as the journal writes amounts: "12.50", "-0.50"."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _line(kind, label, quantity, unit, rate, ref, gross):
    amount = int(unit.replace(".", "")) * quantity
    gross[rate] = gross.get(rate, 0) + amount
    return {
        "kind": kind,
        "label": label,
        "quantity": quantity,
        "unit": unit,
        "amount": _money(amount),
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
