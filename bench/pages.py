"""The public listings with everything they now say, against the trivial endpoint.

The home page, the current week's programme and the live seats of a listing
(``/seances/places/?ids=``), each as a ratio to ``/health/`` measured just before and just
after it in the same run (as ``bench/run.py``, whose server, database and wrk it uses).
Target for each: at least 0.5 of the trivial endpoint.

The listings are measured with all they show: every film of the current week has a
poster (``srcset``), each card its version, today is marked, and every screening of the
week has something to say about its seats (the venue's "last seats" threshold above any
room's size: the live fragment then writes one tag per screening, its worst case).
Before the load, each page is checked to say these things, so that a fast page that
lost a flag cannot pass.

    .venv/bin/python bench/pages.py            (BENCH_SECONDS=8 by default)

Exits non-zero if a page misses its target, a request failed or a flag is missing.
Results are written to bench/results/pages-*.json.
"""

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import run
from load import wrk

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.5
# What each page must show, as the French page writes it, before it is measured.
SHOWS = {
    "home": ['hx-get="/seances/places/?ids=', 'class="card-poster"', 'class="card-version"'],
    "programme": [
        'hx-get="/seances/places/?ids=',
        'class="card-poster"',
        'class="card-version"',
        " is-today",
    ],
    "places": ['class="tag tag-places is-last_seats"', "Dernières places"],
}


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: run `bash scripts/bench-deps` (or apt-get install wrk).")
    with tempfile.TemporaryDirectory(prefix="clef-bench-pages-") as tmp:
        env = run._environment(Path(tmp))
        data = run._database(env)
        flags = json.loads(run._run([sys.executable, __file__, "flags"], env))
        port = run._free_port()
        log = Path(tmp) / "server.log"
        server = run._serve(env, port, log)
        try:
            run._wait_for(f"http://127.0.0.1:{port}/health/", server, log)
            return _bench(data, flags, port, server.pid)
        finally:
            run._stop(server)


def flags():
    """In the throwaway database: a poster for every film of the current week (the name
    of one drawn by the demo: the listing only names it) and "last seats" said of every
    screening. Prints what was done, as JSON."""
    import django

    django.setup()
    from django.db.models import Max

    from clef.programme.models import Film, ScreeningFilm
    from clef.programme.queries import screenings_between
    from clef.venues.models import Room
    from clef.venues.queries import current_venue

    venue = current_venue()
    week = venue.week_of(venue.local_date())
    screenings = list(screenings_between(venue, week.start, week.end))
    drawn = Film.objects.exclude(poster="").values_list("poster", flat=True).first()
    if drawn is None:
        sys.exit("The demo drew no poster: nothing to show on the listings.")
    films = ScreeningFilm.objects.filter(screening__in=screenings).values("film")
    given = Film.objects.filter(pk__in=films, poster="").update(poster=drawn)
    venue.last_seats = Room.objects.filter(venue=venue).aggregate(most=Max("seats"))["most"]
    venue.save(update_fields=["last_seats"])
    print(json.dumps({"posters_given": given, "last_seats": venue.last_seats}))


def _bench(data, flags, port, server_pid):
    base = f"http://127.0.0.1:{port}"
    pages = {
        "home": "/",
        "programme": "/programme/",
        "places": f"/seances/places/?ids={data['week_ids']}",
    }
    run._header(data)
    print(
        f"Flags: posters given to {flags['posters_given']} films of the week; "
        f'"last seats" from {flags["last_seats"]} left (every screening says it).'
    )
    sizes, missing = {}, []
    for name, path in [("trivial", run.TRIVIAL), *pages.items()]:
        status, body = run._get(base + path)
        if status != 200:
            sys.exit(f"{path} answered {status} before the load: nothing to measure.")
        sizes[name] = len(body.encode())
        missing += [f"{name}: {shown}" for shown in SHOWS.get(name, []) if shown not in body]
        wrk(base + path, seconds=1, threads=1, connections=4)  # every worker warm
    if missing:
        print("Missing from the pages before the load:\n  " + "\n  ".join(missing))

    seconds = run.SECONDS
    print(f"Measuring: {1 + 2 * len(pages)} runs of {seconds} s...", flush=True)
    trivial = run.Run("trivial", run.TRIVIAL, wrk(base + run.TRIVIAL, seconds=seconds,
                                                  server_pid=server_pid))  # fmt: skip
    runs = [trivial]
    for name, path in pages.items():
        page = run.Run(name, path, wrk(base + path, seconds=seconds, server_pid=server_pid))
        after = run.Run(
            "trivial", run.TRIVIAL, wrk(base + run.TRIVIAL, seconds=seconds, server_pid=server_pid)
        )
        before = runs[-1]
        page.ceiling = (before.rps + after.rps) / 2
        page.ceiling_cost = (
            before.measure.server_ms_per_request + after.measure.server_ms_per_request
        ) / 2
        runs += [page, after]
    run._table(runs, sizes)

    measured = [r for r in runs if r.name != "trivial"]
    errors = sum(r.measure.errors for r in runs)
    print()
    for r in measured:
        verdict = "PASS" if r.ratio >= TARGET else "FAIL"
        print(f"{r.name} ratio {r.ratio:.3f} (target ≥ {TARGET:.2f}): {verdict}")
    print(f"errors under load: {errors}: {'PASS' if not errors else 'FAIL'}")
    print(f"every flag shown: {'PASS' if not missing else 'FAIL'}")
    _save(data, flags, runs, sizes, missing)
    passed = all(r.ratio >= TARGET for r in measured)
    return 0 if passed and not errors and not missing else 1


def _save(data, flags, runs, sizes, missing):
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    out = folder / f"pages-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    result = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "workers": run.WORKERS,
        "seconds": run.SECONDS,
        "data": data,
        "flags": flags,
        "sizes": sizes,
        "missing": missing,
        "target": TARGET,
        "runs": [
            {
                "name": r.name,
                "path": r.path,
                "requests_per_second": r.rps,
                "p50_ms": r.measure.p50_ms,
                "p99_ms": r.measure.p99_ms,
                "errors": r.measure.errors,
                "other_cpu": r.measure.other_cpu,
                "server_ms_per_request": r.measure.server_ms_per_request,
                "ceiling": r.ceiling,
                "ratio": r.ratio,
                "cost_ratio": r.cost_ratio,
            }
            for r in runs
        ],
    }
    out.write_text(json.dumps(result, indent=2))
    print(f"Results written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["flags"]:
        flags()
    else:
        sys.exit(main())
