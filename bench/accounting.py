"""`make bench`, the accounts: the treasurer's pages over three busy years of tickets.

On SQLite, then on PostgreSQL when one answers (DATABASE_URL=postgres://..., else the
local one `.ci/run` sets up, as bench/rush.py finds it), it makes a database of three busy
years of La Clef scaled to a million tickets (bench/accounting_data.py), then renders
in-process, with Django's test Client signed in as a treasurer (the whole view and its
template): one weekly declaration (the busiest week), a year's statistics (the busiest
year), one distributor statement PDF (the rights holder with the most films that week),
the monthly tax of the month that counts the busiest week, and freezing that week: the
treasurer's "Declare" (its figures read, its JSON, CSV and PDF made in each language and
kept as version 1), each run rolled back so that the next one declares again. Each is
fetched once to warm up, then RUNS times; the median counts. Beside
it, the time of a plain `SELECT COUNT(*)` over the tickets measured in the same run, as
a ratio. Targets: TARGETS, in seconds.

The SQLite database is kept in var/bench/ between runs, keyed by the generator's VERSION,
its text and the number of tickets (migrated again before each run, so that a new index
counts); the PostgreSQL one is a throwaway database of its own, dropped at the end.

It exits non-zero if a page misses its target, answers an error or is not built yet
(the placeholder's 404). Results are also written to bench/results/.

    python bench/accounting.py                  # build (or reuse) and measure, both databases
    BENCH_ACCOUNTING_TICKETS=100000 python bench/accounting.py   # a smaller run
    python bench/accounting.py build            # the data, in DATABASE_URL (used by the bench)
    python bench/accounting.py measure SUMMARY  # the timings there, as JSON (used by the bench)
"""

import datetime as dt
import hashlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import accounting_data as data
import postgres as pg
import run

ROOT = run.ROOT
RUNS = int(os.environ.get("BENCH_ACCOUNTING_RUNS", "5"))
TARGETS = {
    "declaration": 0.2,
    "statistics": 2.0,
    "statement_pdf": 0.5,
    "monthly_tax": 0.5,
    "freeze_week": 2.0,
}
LABELS = {
    "declaration": "weekly declaration",
    "statistics": "a year's statistics",
    "statement_pdf": "distributor statement PDF",
    "monthly_tax": "a month's tax",
    "freeze_week": "declaring (freezing) a week",
}
CACHE = ROOT / "var" / "bench"


def main(argv):
    if argv[:1] == ["build"]:
        return _build_here()
    if argv[:1] == ["measure"]:
        return _measure_here(Path(argv[1]))
    _header()
    results = []
    with tempfile.TemporaryDirectory(prefix="clef-accounting-") as tmp:
        tmp = Path(tmp)
        path, summary = _sqlite_data(tmp)
        results.append(_measure("SQLite", _environment(tmp, f"sqlite:///{path}"), summary, tmp))
        postgres, why = pg.answering()
        if postgres is None:
            print(f"\n== PostgreSQL: skipped: no PostgreSQL ({why}).")
        else:
            try:
                with pg.throwaway_database(postgres, "clef_bench_accounts") as url:
                    env = _environment(tmp, url)
                    print(f"\n== PostgreSQL: building in {urlsplit(url).path[1:]}...", flush=True)
                    summary = _build(env)
                    results.append(_measure("PostgreSQL", env, summary, tmp))
            except pg.CannotCreate as error:
                print(f"\n== PostgreSQL: skipped: no database of its own ({error}).")
    _summary(results)
    _save(results)
    return 0 if all(r["passed"] for r in results) else 1


# --- the data ---------------------------------------------------------------------------------
def _sqlite_data(tmp):
    """The cached SQLite file for this generator, built first if missing."""
    source = Path(data.__file__).read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:10]
    name = f"accounting-v{data.VERSION}-{data.TICKETS}-{digest}"
    path, sidecar = CACHE / f"{name}.sqlite3", CACHE / f"{name}.json"
    if path.exists() and sidecar.exists():
        summary = json.loads(sidecar.read_text())
        print(
            f"\n== SQLite: the data built on {summary['built']} in {summary['seconds']:.0f} s, "
            f"kept in {path.relative_to(ROOT)}",
            flush=True,
        )
        return path, summary
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob("accounting-v*"):  # another generator's data: never used again
        old.unlink()
    building = CACHE / f"{name}.building.sqlite3"
    print(f"\n== SQLite: building {path.relative_to(ROOT)} (kept for the next runs)...", flush=True)
    summary = _build(_environment(tmp, f"sqlite:///{building}"))
    summary["built"] = f"{dt.datetime.now():%Y-%m-%d %H:%M}"
    os.replace(building, path)
    sidecar.write_text(json.dumps(summary, indent=2))
    return path, summary


def _build(env):
    started = time.perf_counter()
    run._run([run.BIN / "clef", "migrate", "--noinput", "-v0"], env)
    migrated = time.perf_counter() - started
    summary = json.loads(run._run([sys.executable, Path(__file__), "build"], env))
    summary["migrate_seconds"] = round(migrated, 1)
    print(
        f"   built in {summary['seconds']:.0f} s (programme {summary['programme_seconds']:.0f} "
        f"s, tickets {summary['tickets_seconds']:.0f} s; migrating first: {migrated:.0f} s)",
        flush=True,
    )
    return summary


def _environment(tmp, database_url):
    env = run._environment(tmp)
    env["DATABASE_URL"] = database_url
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), str(ROOT / "bench"), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    return env


def _build_here():
    import django

    django.setup()
    from django.db import connection

    summary = data.build()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Everything in the main file, so that it can be moved alone.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    print(json.dumps(summary))
    return 0


# --- the measure ----------------------------------------------------------------------------
def _measure(name, env, summary, tmp):
    file = tmp / f"summary-{name}.json"
    file.write_text(json.dumps(summary))
    print(
        f"   {summary['tickets']:,} tickets, {summary['screenings']:,} screenings from "
        f"{summary['first_day']} to {summary['last_day']}, {summary['films']:,} films, "
        f"{summary['agreements']:,} agreements",
        flush=True,
    )
    print(
        f"   the week of {summary['week']} ({summary['week_screenings']} screenings, "
        f"{summary['week_admissions']:,} admissions); the year {summary['year']} "
        f"({summary['year_admissions']:,} admissions); the statement of holder "
        f"#{summary['holder']} ({summary['holder_agreements']} films shown that week)",
        flush=True,
    )
    measured = json.loads(run._run([sys.executable, Path(__file__), "measure", file], env))
    result = {"database": name, "data": summary, **measured}
    result["verdicts"] = {page: _verdict(page, measured["pages"][page]) for page in TARGETS}
    result["passed"] = all(v == "PASS" for v in result["verdicts"].values())
    _report(result)
    return result


def _verdict(page, measure):
    if measure["status"] == 404:
        return "NOT BUILT"
    if measure["status"] != 200:
        return f"ERROR {measure['status']}"
    return "PASS" if measure["median"] < TARGETS[page] else "FAIL"


def _measure_here(summary_file):
    import django

    django.setup()
    from django.contrib import messages
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from clef.accounting.models import Declaration
    from clef.lib.weeks import CinemaWeek, months_counting

    summary = json.loads(summary_file.read_text())
    call_command("migrate", "--noinput", verbosity=0)  # a cached file gets new indexes
    client = Client()
    client.force_login(get_user_model().objects.get(username=summary["treasurer"]))
    week, year, holder = summary["week"], summary["year"], summary["holder"]
    taxed_year, taxed_month = months_counting(CinemaWeek(dt.date.fromisoformat(week)))[-1]
    month = f"{taxed_year:04d}-{taxed_month:02d}"  # the month whose tax counts the week
    paths = {
        "declaration": reverse("accounting:declaration", args=[week]),
        "statistics": f"{reverse('accounting:statistics')}?year={year}",
        "statement_pdf": reverse("accounting:distributor_statement_pdf", args=[holder, week]),
        "monthly_tax": reverse("accounting:monthly_tax", args=[month]),
        "freeze_week": reverse("accounting:declare_week", args=[week]),
    }

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM tickets_ticket")
            return cursor.fetchone()[0]

    def fetch(path):
        if path == paths["freeze_week"]:
            return freeze(path)
        try:
            response = client.get(path)
        except Exception as error:  # the view is broken: say how, measure the rest
            return 500, f"{type(error).__name__}: {error}".encode(), ""
        body = b"".join(response) if response.streaming else response.content
        return response.status_code, body, response.get("Content-Type", "")

    def freeze(path):
        """Declare the week, then roll it back: each run makes version 1 again. 200 when
        the version and its files were written, else what the page said."""
        with transaction.atomic():
            try:
                response = client.post(path, {"based_on": "0"})
            except Exception as error:
                transaction.set_rollback(True)
                return 500, f"{type(error).__name__}: {error}".encode(), ""
            made = Declaration.objects.filter(period_start=week).first()
            files = made.files.count() if made else 0
            said = [str(m) for m in messages.get_messages(response.wsgi_request)]
            transaction.set_rollback(True)
        if response.status_code != 302:
            return response.status_code, response.content, ""
        if made is None:
            return 409, " ".join(said).encode(), ""
        return 200, f"version {made.version}, {files} files".encode(), ""

    baseline = _timed(count)
    pages = {}
    for page, path in paths.items():
        status, body, content_type = fetch(path)  # the warm-up
        measure = {"path": path, "status": status, "bytes": len(body), "type": content_type}
        if status >= 500:
            measure["error"] = body[:300].decode(errors="replace")
        if status == 200:
            measure.update(_timed(lambda path=path: fetch(path)))
            with CaptureQueriesContext(connection) as queries:
                fetch(path)
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
            measure["queries"] = len(queries.captured_queries)
            measure["slowest"] = [
                {"time": float(q["time"]), "sql": q["sql"][:600]} for q in slowest[:3]
            ]
            if page == "statement_pdf":
                measure["pdf"] = body.startswith(b"%PDF")
        pages[page] = measure
    print(json.dumps({"baseline": baseline, "pages": pages, "runs": RUNS}))
    return 0


def _timed(call):
    """Warm once, then RUNS timed calls: median and min in seconds."""
    call()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return {"median": statistics.median(times), "min": min(times), "times": times}


# --- printing -------------------------------------------------------------------------------
def _header():
    print()
    print(
        f"clef bench · the accounts · {dt.datetime.now():%Y-%m-%d %H:%M} · "
        f"Python {platform.python_version()} · {os.cpu_count()} cores"
    )
    print(
        f"Three busy years of La Clef (rooms of 120 and 65 seats) scaled to "
        f"{data.TICKETS:,} tickets.\nEach page is rendered in-process by Django's test "
        f"Client signed in as a treasurer (view and template),\nwarmed once, then the median "
        f"of {RUNS} runs, beside a plain SELECT COUNT(*) over the tickets\nmeasured the same "
        "way in the same run."
    )


def _report(result):
    base = result["baseline"]["median"]
    print(f"   SELECT COUNT(*) FROM tickets_ticket: {base * 1000:.1f} ms")
    head = (
        f"   {'page':<28}{'status':>7}{'queries':>8}{'median s':>10}{'min s':>8}"
        f"{'× COUNT':>9}{'target':>10}  verdict"
    )
    print(head)
    print("   " + "-" * (len(head) - 3))
    for page, measure in result["pages"].items():
        verdict = result["verdicts"][page]
        if measure["status"] != 200:
            why = (
                "not built: the placeholder answers 404"
                if verdict == "NOT BUILT"
                else measure.get("error", "")
            )
            print(
                f"   {LABELS[page]:<28}{measure['status']:>7}{'':>8}{'':>10}{'':>8}{'':>9}"
                f"{f'< {TARGETS[page]} s':>10}  {verdict} {why}"
            )
            continue
        print(
            f"   {LABELS[page]:<28}{measure['status']:>7}{measure['queries']:>8}"
            f"{measure['median']:>10.3f}{measure['min']:>8.3f}{measure['median'] / base:>9.1f}"
            f"{f'< {TARGETS[page]} s':>10}  {verdict}"
        )
        if page == "statement_pdf" and not measure.get("pdf"):
            print("      (the answer is not a PDF)")
        if verdict == "FAIL" or os.environ.get("BENCH_VERBOSE"):
            for query in measure["slowest"]:
                print(f"      {query['time']:.3f} s  {query['sql'][:300]}")


def _summary(results):
    print()
    for r in results:
        for page, verdict in r["verdicts"].items():
            measure = r["pages"][page]
            figure = f"{measure['median']:.3f} s" if measure["status"] == 200 else "-"
            print(
                f"{r['database']:<11} {LABELS[page]:<28} {figure:>9} "
                f"(target < {TARGETS[page]} s): {verdict}"
            )


def _save(results):
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    out = folder / f"accounting-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(
        json.dumps(
            {
                "when": dt.datetime.now().isoformat(timespec="seconds"),
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "runs": RUNS,
                "targets": TARGETS,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"\nResults written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
