"""`make bench`: how many pages a second the real server gives, against its own ceiling.

On a throwaway SQLite database (La Clef's demo grown to SCREENINGS screenings and FILMS
films, see bench/scale.py) it starts `clef serve` (gunicorn, 2 workers) on 127.0.0.1,
then loads each page with wrk (32 connections, BENCH_SECONDS seconds each, default 8):
the current week's programme, a screening of that week and the iCal feed, each between
two runs of the trivial endpoint /health/. Each page is reported as a ratio to the
trivial endpoint measured around it. Then it renames a film of the week through the ORM
and checks that the pages show the new title at once.

It exits non-zero if a request failed, if a change did not show at once, or if the
programme page is below its target. Results are also written to bench/results/.
"""

import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from load import Measure, wrk

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
WORKERS = 2
THREADS, CONNECTIONS = 2, 32
# The programme page against the trivial endpoint: cache what can be cached.
TARGETS = {"programme": 0.5, "campaign": 0.5}
TRIVIAL = "/health/"
# The pages that show the film the freshness check renames.
SHOW_FILMS = ("programme", "screening", "ical")
# Above this much CPU used by other processes (percent of one core), the figures are noise.
NOISE = 20


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: run `bash scripts/bench-deps` (or apt-get install wrk).")
    with tempfile.TemporaryDirectory(prefix="clef-bench-") as tmp:
        env = _environment(Path(tmp))
        data = _database(env)
        port = _free_port()
        server = _serve(env, port, Path(tmp) / "server.log")
        try:
            _wait_for(f"http://127.0.0.1:{port}/health/", server, Path(tmp) / "server.log")
            return _bench(env, data, port, server.pid)
        finally:
            _stop(server)


def _environment(tmp):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "clef.settings",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "CLEF_VAR_DIR": str(tmp / "var"),
            "DEBUG": "false",
            "CLEF_LOG_LEVEL": "WARNING",
            # Plain HTTP on this machine: no redirect to HTTPS (on with DEBUG off).
            "CLEF_HTTPS": "false",
        }
    )
    # The venue's week, as the server computes it: nothing here may depend on the caller's.
    env.pop("CLEF_VENUE", None)
    # The journal's own signing key and anchors, in the throwaway folder: without a key the
    # till, the door and online payments refuse to take money.
    env["CLEF_JOURNAL_KEY_FILE"] = str(tmp / "journal.key")
    env["CLEF_JOURNAL_ANCHOR_DIR"] = str(tmp / "journal-anchor")
    _journal_key(tmp / "journal.key")
    return env


def _journal_key(path):
    from clef.boxoffice import keys

    if not path.exists():
        keys.generate(path)


def _database(env):
    print("Preparing a throwaway database...", flush=True)
    _run([BIN / "clef", "migrate", "--noinput", "-v0"], env)
    _run([BIN / "clef", "load_demo"], env)
    output = _run([sys.executable, ROOT / "bench" / "scale.py"], env)
    return json.loads(output)


def _run(command, env):
    result = subprocess.run(
        [str(part) for part in command], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(env, port, log):
    command = [BIN / "clef", "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    with open(log, "w") as out:
        return subprocess.Popen(
            [str(part) for part in command],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_for(url, server, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out: not up yet
            pass
        time.sleep(0.2)
    sys.exit(f"The server did not answer {url} within {timeout} s:\n{log.read_text()}")


def _stop(server):
    """Stop gunicorn (the process started, by its id) and wait for its workers to go."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _bench(env, data, port, server_pid):
    base = f"http://127.0.0.1:{port}"
    pages = {
        "programme": ("/programme/", "the current week's programme"),
        "screening": (f"/seance/{data['screening']}/", "a screening of that week"),
        "ical": ("/programme.ics", "the iCal feed"),
        "places": (
            f"/seances/places/?ids={data['week_ids']}",
            "what is left of the week's screenings (live, never cached)",
        ),
        "campaign": ("/soutenir/travaux/", "the works campaign's page"),
    }
    _header(data)

    sizes = {}
    for name, path in [("trivial", TRIVIAL), *((n, p) for n, (p, _) in pages.items())]:
        status, body = _get(base + path)
        if status != 200:
            sys.exit(f"{path} answered {status} before the load: nothing to measure.")
        sizes[name] = len(body.encode())
        # Warm up: every worker renders and caches the page before the clock runs.
        wrk(base + path, seconds=1, threads=1, connections=4)

    # The trivial endpoint before and after each page: each page is compared with the
    # ceiling measured around it, so that a slow drift of the machine cancels out.
    print(f"Measuring: {1 + 2 * len(pages)} runs of {SECONDS} s...", flush=True)
    runs = [Run("trivial", TRIVIAL, wrk(base + TRIVIAL, seconds=SECONDS, server_pid=server_pid))]
    for name, (path, _) in pages.items():
        page = Run(name, path, wrk(base + path, seconds=SECONDS, server_pid=server_pid))
        after = Run("trivial", TRIVIAL, wrk(base + TRIVIAL, seconds=SECONDS, server_pid=server_pid))
        page.ceiling = (runs[-1].rps + after.rps) / 2
        page.ceiling_cost = (
            runs[-1].measure.server_ms_per_request + after.measure.server_ms_per_request
        ) / 2
        runs += [page, after]
    _table(runs, sizes)

    fresh = _freshness(env, data, base, pages)
    by_name = {run.name: run for run in runs if run.name != "trivial"}
    verdicts = {name: by_name[name].ratio >= target for name, target in TARGETS.items()}
    errors = sum(run.measure.errors for run in runs)
    print()
    for name, target in TARGETS.items():
        verdict = "PASS" if verdicts[name] else "FAIL"
        # Three decimals: 0.498 must not read as a failed 0.50.
        print(f"{name} page ratio {by_name[name].ratio:.3f} (target ≥ {target:.2f}): {verdict}")
    print(f"errors under load: {errors}: {'PASS' if not errors else 'FAIL'}")
    print(f"a change shows at once: {'PASS' if all(fresh.values()) else 'FAIL'}")

    _save(data, runs, sizes, fresh)
    return 0 if not errors and all(fresh.values()) and all(verdicts.values()) else 1


@dataclass
class Run:
    name: str
    path: str
    measure: Measure
    ceiling: float | None = None  # the trivial endpoint around this run, req/s
    ceiling_cost: float | None = None  # and its server CPU per request, ms

    @property
    def rps(self):
        return self.measure.requests_per_second

    @property
    def ratio(self):
        return self.rps / self.ceiling if self.ceiling else None

    @property
    def cost_ratio(self):
        """The same ratio from the server's CPU per request rather than from req/s."""
        cost = self.measure.server_ms_per_request
        return self.ceiling_cost / cost if self.ceiling_cost and cost else None


def _header(data):
    cores = os.cpu_count()
    print()
    print(
        f"clef bench · {dt.datetime.now():%Y-%m-%d %H:%M} · Python {platform.python_version()}"
        f" · {cores} cores"
    )
    print(
        f"Data: {data['films']} films, {data['screenings']} screenings over {data['weeks']} "
        f"weeks; the week of {data['current_week']} has {data['current_week_screenings']}."
    )
    print(
        f"Server: gunicorn, {WORKERS} sync workers, SQLite. Load: wrk -t{THREADS} "
        f"-c{CONNECTIONS} -d{SECONDS}s on 127.0.0.1."
    )
    print(
        f"wrk and the server share these {cores} cores. CPU columns are in percent of one "
        f"core\n(the machine has {cores * 100} %): wrk's own, the server's (gunicorn, both "
        "workers), and\nother processes' (noise from outside the benchmark). Ratios to the "
        "trivial endpoint\ncompare between machines; the absolute figures are this machine's."
    )
    print()


def _table(runs, sizes):
    head = (
        f"{'endpoint':<11}{'path':<16}{'bytes':>7}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'errors':>7}{'CPU wrk':>8}{'server':>7}{'other':>6}{'ms/req':>7}{'ratio':>6}"
    )
    print(head)
    print("-" * len(head))
    for run in runs:
        m = run.measure
        size = sizes[run.name]
        ratio = f"{run.ratio:.2f}" if run.ratio is not None else ""
        print(
            f"{run.name:<11}{run.path:<16}{size:>7}{m.requests_per_second:>8.0f}"
            f"{m.p50_ms:>8.1f}{m.p99_ms:>8.1f}{m.errors:>7}{m.wrk_cpu:>7.0f}%"
            f"{m.server_cpu:>6.0f}%{m.other_cpu:>5.0f}%{m.server_ms_per_request:>7.2f}"
            f"{ratio:>6}"
        )
    print("-" * len(head))
    trivial = [run.rps for run in runs if run.name == "trivial"]
    costs = ", ".join(f"{run.name} {run.cost_ratio:.2f}" for run in runs if run.cost_ratio)
    print(f"Trivial endpoint: {min(trivial):.0f} to {max(trivial):.0f} req/s over its runs.")
    print("Each ratio is to the trivial runs just before and just after the page.")
    print("ms/req is the server's CPU time per request; the ratios from it, which other")
    print(f"load disturbs less: {costs}.")
    if (noise := max(run.measure.other_cpu for run in runs)) > NOISE:
        print(
            f"Warning: other processes used up to {noise:.0f} % of a core during the runs; "
            "the figures\nare noisy. Run again on a quiet machine before drawing conclusions."
        )


def _freshness(env, data, base, pages):
    """Rename a film of the week through the ORM, then fetch every page six times, each on
    a new connection so that both workers are all but sure to answer, and look for the
    new title."""
    film = data["film"]
    title = f"Bench {secrets.token_hex(4)}"
    _run([sys.executable, ROOT / "bench" / "edit.py", str(film["pk"]), title], env)
    checked = {}
    print()
    print(f"Renamed “{film['title']}” to “{title}” through the ORM while serving:")
    for name, (path, label) in pages.items():
        if name not in SHOW_FILMS:
            continue  # a page that names no film (the seats left, a campaign)
        fetches = [_get(base + path) for _ in range(6)]
        # iCalendar folds long lines: unfold before looking.
        shown = [status == 200 and title in body.replace("\r\n ", "") for status, body in fetches]
        checked[name] = all(shown)
        print(
            f"  {label:<30} {sum(shown)}/{len(shown)} fetches show it: "
            f"{'PASS' if checked[name] else 'FAIL'}"
        )
    return checked


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _save(data, runs, sizes, fresh):
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    out = folder / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    result = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "workers": WORKERS,
        "load": {"tool": "wrk", "threads": THREADS, "connections": CONNECTIONS},
        "seconds": SECONDS,
        "data": data,
        "sizes": sizes,
        "runs": [
            {
                "name": run.name,
                "path": run.path,
                **asdict(run.measure),
                "errors": run.measure.errors,
                "other_cpu": run.measure.other_cpu,
                "ceiling": run.ceiling,
                "ratio": run.ratio,
                "server_ms_per_request": run.measure.server_ms_per_request,
                "cost_ratio": run.cost_ratio,
            }
            for run in runs
        ],
        "targets": TARGETS,
        "fresh": fresh,
    }
    out.write_text(json.dumps(result, indent=2))
    print(f"Results written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
