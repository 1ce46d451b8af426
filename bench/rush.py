"""`make bench`, second part: the booking rush, the moment a sought-after screening opens.

On a throwaway database, one screening has QUOTA seats sold online (room of SEATS) and
MEMBERS members each hold an API token. It starts `clef serve` (gunicorn, 2 workers, the
site's own settings) on 127.0.0.1, warms it up, measures the trivial endpoint /health/
with wrk, then lets wrk (bench/rush.lua, 32 connections, 2 threads) send MEMBERS
`POST /api/bookings`, one per member, each for one seat, and measures /health/ again.
It runs on SQLite, then on PostgreSQL when one answers (DATABASE_URL=postgres://...,
as for `make test-postgres`, else the local one `.ci/run` sets up); it never touches
that database's data: it works in a database of its own, dropped at the end.

It prints requests per second, accepted and refused counts, p50 and p99 latency,
errors, the number of tickets sold (read from the database), the ratio to /health/ and
the CPU used by wrk and by the server, with each target's PASS or FAIL. It exits
non-zero unless exactly QUOTA tickets were sold, with consecutive numbers, and every
target is met. Results are also written to bench/results/.

    python bench/rush.py                     # the whole rush (needs wrk)
    python bench/rush.py prepare TOKENS      # the data, in DATABASE_URL (used by the rush)
    python bench/rush.py count SCREENING     # what was sold, as JSON (used by the rush)
"""

import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import load
import postgres as pg
import run

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "rush.lua"
SEATS, QUOTA, MEMBERS = 400, 300, 1000
# Members who book on another screening before the clock runs: every worker has served
# a booking (code loaded, connection open, templates read) before the rush, as on a
# server that has been up for a while.
WARM_UP = 8
THREADS, CONNECTIONS = 2, 32
HEALTH_SECONDS = int(os.environ.get("BENCH_HEALTH_SECONDS", "5"))
# wrk stops at -d only; the rush ends long before, when every thread has its answers.
LIMIT_SECONDS = 120
TARGETS = {"rps": 350, "p99_ms": 250, "ratio": 0.25}
# The PostgreSQL that .ci/run starts, tried when DATABASE_URL is not a PostgreSQL one.
EMAILS = "console backend: each email is written to the server's log"


def main(argv):
    if argv[:1] == ["prepare"]:
        return _prepare(Path(argv[1]))
    if argv[:1] == ["count"]:
        return _count(int(argv[1]))
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: run `bash scripts/bench-deps` (or apt-get install wrk).")
    _header()
    results = []
    with tempfile.TemporaryDirectory(prefix="clef-rush-") as tmp:
        results.append(_rush_on("SQLite", f"sqlite:///{Path(tmp) / 'rush.sqlite3'}"))
    postgres, why = pg.answering()
    if postgres is None:
        print(f"\nPostgreSQL: skipped: no PostgreSQL ({why}).")
    else:
        try:
            with pg.throwaway_database(postgres, "clef_rush") as url:
                results.append(_rush_on("PostgreSQL", url))
        except pg.CannotCreate as error:
            print(f"\nPostgreSQL: skipped: no PostgreSQL database of its own ({error}).")
    _summary(results)
    _save(results)
    return 0 if all(result.passed for result in results) else 1


# --- one rush on one database -------------------------------------------------------------
@dataclass
class Result:
    database: str
    members: int
    seats_online: int
    health_rps: float
    health_p99_ms: float
    health_ms_per_request: float
    requests: int
    planned: int
    seconds: float
    accepted: int
    refused: int
    spares: int
    refusals: dict
    other_statuses: dict
    socket_errors: dict
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    wrk_cpu: float
    server_cpu: float
    database_cpu: float
    other_cpu: float
    server_ms_per_request: float
    database_ms_per_request: float
    sold: dict
    emails: int
    verdicts: dict = field(default_factory=dict)

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ratio(self):
        return self.rps / self.health_rps if self.health_rps else 0.0

    @property
    def cost_ratio(self):
        """The same ratio from the server's CPU per request, which other load on the
        machine disturbs less than requests per second."""
        if not self.server_ms_per_request:
            return 0.0
        return self.health_ms_per_request / self.server_ms_per_request

    @property
    def errors(self):
        return sum(self.other_statuses.values()) + sum(self.socket_errors.values())

    @property
    def passed(self):
        return all(self.verdicts.values())


def _rush_on(name, database_url):
    print(f"\n== {name}: preparing a throwaway database...", flush=True)
    with tempfile.TemporaryDirectory(prefix="clef-rush-") as tmp:
        tmp = Path(tmp)
        env = _environment(tmp, database_url)
        run._run([run.BIN / "clef", "migrate", "--noinput", "-v0"], env)
        tokens = tmp / "tokens.txt"
        data = json.loads(run._run([sys.executable, Path(__file__), "prepare", tokens], env))
        print(
            f"   {data['members']} members with a membership and an API token, made in "
            f"{data['seconds']:.1f} s",
            flush=True,
        )
        port = run._free_port()
        log = tmp / "server.log"
        server = run._serve(env, port, log)
        base = f"http://127.0.0.1:{port}"
        try:
            run._wait_for(f"{base}/health/", server, log)
            _warm_up(base, data)
            before = load.wrk(f"{base}/health/", seconds=HEALTH_SECONDS, server_pid=server.pid)
            rush = _rush(
                f"{base}/api/bookings", tokens, data["screening"], server.pid, database_url
            )
            after = load.wrk(f"{base}/health/", seconds=HEALTH_SECONDS, server_pid=server.pid)
        finally:
            run._stop(server)
        counting = [sys.executable, Path(__file__), "count", data["screening"]]
        sold = json.loads(run._run(counting, env))
        text = log.read_text(errors="replace")
        # The warm-up's bookings were told too.
        emails = text.count("\nSubject: ") - WARM_UP
        problems = _problems(text)
    result = Result(
        database=name,
        members=data["members"],
        seats_online=QUOTA,
        health_rps=(before.requests_per_second + after.requests_per_second) / 2,
        health_p99_ms=max(before.p99_ms, after.p99_ms),
        health_ms_per_request=(before.server_ms_per_request + after.server_ms_per_request) / 2,
        sold=sold,
        emails=emails,
        **rush,
    )
    result.verdicts = {
        "exactly_sold": sold["seated"] == QUOTA and sold["consecutive"],
        "no_error": result.errors == 0 and result.requests == result.planned,
        "rps": result.rps >= TARGETS["rps"],
        "p99_ms": result.p99_ms < TARGETS["p99_ms"],
        "ratio": result.ratio >= TARGETS["ratio"],
    }
    _report(result, before, after)
    if problems and not result.passed:
        print("   The server's log says:\n" + "\n".join(f"   | {line}" for line in problems))
    return result


def _problems(log):
    """The last lines of the server's log that tell of trouble."""
    words = ("WARNING", "ERROR", "CRITICAL", "Traceback", "Error:")
    lines = [line for line in log.splitlines() if any(word in line for word in words)]
    return lines[-20:]


def _environment(tmp, database_url):
    env = run._environment(tmp)
    env.update(
        {
            "DATABASE_URL": database_url,
            # `clef serve`'s own defaults: the action log on, emails to the console.
            "CLEF_LOG_LEVEL": "INFO",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        }
    )
    return env


def _warm_up(base, data):
    """/health/ for a second, then WARM_UP bookings at once on another screening."""
    load.wrk(f"{base}/health/", seconds=1, threads=1, connections=4)
    body = json.dumps(
        {"screening": data["warm_up_screening"], "prices": ["5.00"], "payment": "door"}
    ).encode()

    def book(token):
        request = urllib.request.Request(
            f"{base}/api/bookings",
            data=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(WARM_UP) as pool:
        statuses = list(pool.map(book, data["warm_up_tokens"]))
    if statuses != [201] * WARM_UP:
        sys.exit(f"The warm-up bookings answered {statuses}, not {WARM_UP} × 201.")


def _rush(url, tokens, screening, server_pid, database_url):
    """wrk with rush.lua; returns the Result's fields that come from the run."""
    # Where wrk's threads send their connections once their share is sent (see rush.lua):
    # it listens and never accepts.
    parking = socket.create_server(("127.0.0.1", 0), backlog=4 * CONNECTIONS)
    try:
        return _run_wrk(url, tokens, screening, server_pid, parking, database_url)
    finally:
        parking.close()


def _run_wrk(url, tokens, screening, server_pid, parking, database_url):
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{LIMIT_SECONDS}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA),
        url,
        "--",
        str(tokens),
        str(screening),
        str(THREADS),
        str(parking.getsockname()[1]),
    ]
    print(f"   the rush: {MEMBERS} POST /api/bookings...", flush=True)
    database = urlsplit(database_url).path.lstrip("/")
    database_before = _postgres_cpu(database) if database_url.startswith("postgres") else 0.0
    before = load._cpu_snapshot(server_pid)
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines, started, finished = [], [], []

    def read():
        for line in wrk.stdout:
            now = time.monotonic()
            lines.append(line)
            if line.startswith("rush-start"):
                started.append(now)
            elif line.startswith("rush-done"):
                finished.append(now)

    reader = threading.Thread(target=read)
    reader.start()
    deadline = time.monotonic() + LIMIT_SECONDS - 5
    while len(finished) < THREADS and wrk.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    end = time.monotonic()
    if wrk.poll() is None:
        wrk.send_signal(signal.SIGINT)  # wrk prints its report and calls done()
    wrk.wait(timeout=30)
    reader.join()
    after = load._cpu_snapshot(server_pid)
    database_after = _postgres_cpu(database) if database_url.startswith("postgres") else 0.0
    output = "".join(lines)
    if len(finished) < THREADS:
        print(f"   not every wrk thread had all its answers:\n{output}")
    figures = _parse(output)
    wall = after["wall"] - before["wall"]
    elapsed = (max(finished) if len(finished) == THREADS else end) - min(started or [end])
    machine = 100 * load._busy_share(before["machine"], after["machine"]) * os.cpu_count()
    wrk_cpu = 100 * (after["children"] - before["children"]) / wall
    server_cpu = 100 * (after["server"] - before["server"]) / wall
    database_cpu = 100 * (database_after - database_before) / wall
    return {
        **figures,
        "seconds": elapsed,
        "wrk_cpu": wrk_cpu,
        "server_cpu": server_cpu,
        "database_cpu": database_cpu,
        "other_cpu": max(0.0, machine - wrk_cpu - server_cpu - database_cpu),
        "server_ms_per_request": 10 * server_cpu * wall / max(figures["requests"], 1),
        "database_ms_per_request": 10 * database_cpu * wall / max(figures["requests"], 1),
    }


def _parse(output):
    """The "rush-..." lines printed by rush.lua's done()."""
    found = {}
    for line in output.splitlines():
        if line.startswith(("rush-result ", "rush-errors ", "rush-latency ")):
            name, _, rest = line.partition(" ")
            found[name] = {k: int(v) for k, v in (pair.split("=") for pair in rest.split())}
        elif line.startswith(("rush-codes", "rush-statuses")):
            name, _, rest = line.partition(" ")
            pairs = (pair.split(":") for pair in rest.split(",") if pair.strip())
            found[name] = {k: int(v) for k, v in pairs}
    if "rush-result" not in found:
        sys.exit(f"wrk did not report the rush:\n{output}")
    result, latency = found["rush-result"], found["rush-latency"]
    return {
        "requests": result["answered"],
        "planned": result["planned"],
        "accepted": result["accepted"],
        "refused": result["refused"],
        "spares": result["spares"],
        "refusals": found.get("rush-codes", {}),
        "other_statuses": found.get("rush-statuses", {}),
        "socket_errors": found["rush-errors"],
        "p50_ms": latency["p50"] / 1000,
        "p90_ms": latency["p90"] / 1000,
        "p99_ms": latency["p99"] / 1000,
        "max_ms": latency["max"] / 1000,
    }


# --- printing -----------------------------------------------------------------------------
def _header():
    cores = os.cpu_count()
    print()
    print(
        f"clef booking rush · {dt.datetime.now():%Y-%m-%d %H:%M} · "
        f"Python {platform.python_version()} · {cores} cores"
    )
    print(
        f"{MEMBERS} members, each with an API token, book one seat each at 5.00 € (to pay at "
        f"the door)\nfor one screening with {QUOTA} seats online in a room of {SEATS}."
    )
    print(
        f"Server: `clef serve` (gunicorn, {run.WORKERS} sync workers), the site's settings; "
        f"emails: {EMAILS}.\nLoad: wrk -t{THREADS} -c{CONNECTIONS} -s bench/rush.lua on "
        f"127.0.0.1, {MEMBERS} requests in all, one per member; /health/ measured\nfor "
        f"{HEALTH_SECONDS} s before and after the rush. CPU in percent of one core; wrk "
        "shares the machine's cores with the server."
    )


def _report(result, before, after):
    r = result
    refusals = ", ".join(f"{code} {n}" for code, n in sorted(r.refusals.items())) or "none"
    others = ", ".join(f"{status}: {n}" for status, n in sorted(r.other_statuses.items()))
    sockets = ", ".join(f"{kind} {n}" for kind, n in r.socket_errors.items())
    sold = r.sold
    print(
        f"   /health/      {before.requests_per_second:7.0f} req/s before, "
        f"{after.requests_per_second:.0f} after (p99 {before.p99_ms:.1f} / "
        f"{after.p99_ms:.1f} ms)"
    )
    print(
        f"   rush          {r.requests} of {r.planned} requests answered in {r.seconds:.2f} s: "
        f"{r.rps:.0f} req/s"
    )
    print(f"                 {r.accepted} accepted (201), {r.refused} refused (409: {refusals})")
    if r.spares:
        print(f"                 and {r.spares} spare GET /health/ (see bench/rush.lua)")
    print(
        f"   latency       p50 {r.p50_ms:.1f} ms, p90 {r.p90_ms:.1f} ms, p99 {r.p99_ms:.1f} ms, "
        f"max {r.max_ms:.1f} ms"
    )
    print(
        f"   errors        {r.errors}: other statuses {others or 'none'}; socket errors {sockets}"
    )
    print(
        f"   sold          {sold['seated']} tickets in the database, numbers "
        f"{sold['first']}..{sold['last']} "
        f"{'consecutive, no double' if sold['consecutive'] else 'NOT consecutive'}; "
        f"{sold['bookings']} bookings for {sold['people']} people; "
        f"{r.emails} confirmation emails written"
    )
    print(
        f"   ratio         {r.ratio:.3f} of /health/ in requests/s; from the server's CPU per "
        f"request ({r.server_ms_per_request:.2f} ms against {r.health_ms_per_request:.2f} ms "
        f"for /health/): {r.cost_ratio:.3f}"
    )
    print(
        f"   CPU           wrk {r.wrk_cpu:.0f} %, server {r.server_cpu:.0f} %, "
        + (
            f"PostgreSQL {r.database_cpu:.0f} % ({r.database_ms_per_request:.2f} ms a request), "
            if r.database == "PostgreSQL"
            else ""
        )
        + f"other processes {r.other_cpu:.0f} % (of {os.cpu_count() * 100} %)"
    )
    if r.other_cpu > run.NOISE:
        print(
            f"   Warning: other processes used {r.other_cpu:.0f} % of a core during the rush: "
            "the figures are noisy."
        )
    labels = {
        "exactly_sold": f"exactly {QUOTA} sold ({sold['seated']})",
        "no_error": f"no error response ({r.errors})",
        "rps": f"≥ {TARGETS['rps']} requests/s ({r.rps:.0f})",
        "p99_ms": f"p99 < {TARGETS['p99_ms']} ms ({r.p99_ms:.1f})",
        "ratio": f"ratio to /health/ ≥ {TARGETS['ratio']:.2f} ({r.ratio:.3f})",
    }
    for name, label in labels.items():
        print(f"   {label:<42} {'PASS' if r.verdicts[name] else 'FAIL'}")


def _summary(results):
    head = (
        f"{'database':<12}{'req/s':>7}{'p50 ms':>8}{'p99 ms':>8}{'201':>6}{'409':>6}"
        f"{'errors':>8}{'sold':>6}{'ratio':>7}{'ms/req':>8}  targets"
    )
    print()
    print(head)
    print("-" * len(head))
    for r in results:
        failed = [name for name, ok in r.verdicts.items() if not ok]
        print(
            f"{r.database:<12}{r.rps:>7.0f}{r.p50_ms:>8.1f}{r.p99_ms:>8.1f}{r.accepted:>6}"
            f"{r.refused:>6}{r.errors:>8}{r.sold['seated']:>6}{r.ratio:>7.3f}"
            f"{r.server_ms_per_request + r.database_ms_per_request:>8.2f}  "
            + ("all PASS" if not failed else "FAIL: " + ", ".join(failed))
        )
    print("-" * len(head))
    print(
        "ms/req: CPU per request of the server (and of PostgreSQL's backends), whatever else"
        " runs;\nreq/s and the ratio to /health/ depend on the machine being quiet."
    )


def _save(results):
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    out = folder / f"rush-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(
        json.dumps(
            {
                "when": dt.datetime.now().isoformat(timespec="seconds"),
                "cores": os.cpu_count(),
                "workers": run.WORKERS,
                "load": {"tool": "wrk", "threads": THREADS, "connections": CONNECTIONS},
                "members": MEMBERS,
                "seats": SEATS,
                "quota": QUOTA,
                "emails": EMAILS,
                "targets": TARGETS,
                "results": [
                    {
                        **asdict(r),
                        "rps": r.rps,
                        "ratio": r.ratio,
                        "cost_ratio": r.cost_ratio,
                        "errors": r.errors,
                    }
                    for r in results
                ],
            },
            indent=2,
        )
    )
    print(f"\nResults written to {out.relative_to(ROOT)}")


# --- PostgreSQL -----------------------------------------------------------------------------
def _postgres_cpu(database):
    """CPU seconds used so far by PostgreSQL's backends serving ``database`` (the
    workers' connections): the database's share of each request, outside gunicorn."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if not command.startswith("postgres: ") or f" {database} " not in command:
                continue
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        total += (int(fields[11]) + int(fields[12])) / load.TICKS
    return total


# --- the data, made in the server's database (run with its environment) -------------------
def _prepare(tokens_file):
    """The venue, the rush's screening and a warm-up one, MEMBERS + WARM_UP members with a
    paid membership and an API token, in one transaction and in bulk. Prints JSON."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from clef.api.models import ApiToken, new_key
    from clef.lib import roles
    from clef.lib.timezones import local_to_utc
    from clef.members.models import Membership, Person
    from clef.programme.models import Film, Screening, ScreeningFilm
    from clef.venues.models import NumberSeries, Room, Venue

    started = time.monotonic()
    User = get_user_model()
    with transaction.atomic():
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
            slug="wanda",
            title="Wanda",
            directors="Barbara Loden",
            year=1970,
            countries="États-Unis",
            runtime=102,
        )
        day = venue.local_date() + dt.timedelta(days=5)
        screenings = []
        for time_, quota in (("20:30", QUOTA), ("17:00", WARM_UP)):
            screening = Screening.objects.create(
                room=room,
                starts_at=local_to_utc(day, dt.time.fromisoformat(time_), venue.timezone),
                duration=120,
                status=Screening.Status.PUBLISHED,
                online_quota=quota,
            )
            ScreeningFilm.objects.create(screening=screening, film=film, position=1)
            screenings.append(screening)

        count = MEMBERS + WARM_UP
        password = make_password(None)  # no password: they sign in with their token
        users = User.objects.bulk_create(
            [
                User(username=f"rush{i:04}", email=f"rush{i:04}@example.org", password=password)
                for i in range(count)
            ],
            batch_size=500,
        )
        member = roles.ensure_roles()[roles.MEMBER]
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=member.pk) for user in users],
            batch_size=500,
        )
        now, today = timezone.now(), venue.local_date()
        Person.objects.bulk_create(
            [Person(user=user, language="fr", email_confirmed_at=now) for user in users],
            batch_size=500,
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    venue=venue,
                    person=user,
                    status=Membership.Status.PAID,
                    number=number,
                    season=today.year,
                    amount=10,
                    starts_on=today - dt.timedelta(days=1),
                    ends_on=today + dt.timedelta(days=365),
                    paid_at=now,
                )
                for number, user in enumerate(users, start=1)
            ],
            batch_size=500,
        )
        NumberSeries.objects.create(venue=venue, name="membership", period=today.year, last=count)
        keys = [new_key() for _ in users]
        ApiToken.objects.bulk_create(
            [
                ApiToken(user=user, name="rush", key_hash=key_hash)
                for user, (_token, key_hash) in zip(users, keys, strict=True)
            ],
            batch_size=500,
        )
    tokens = [token for token, _hash in keys]
    tokens_file.write_text("\n".join(tokens[:MEMBERS]) + "\n")
    print(
        json.dumps(
            {
                "screening": screenings[0].pk,
                "warm_up_screening": screenings[1].pk,
                "warm_up_tokens": tokens[MEMBERS:],
                "members": MEMBERS,
                "seconds": time.monotonic() - started,
            }
        )
    )
    return 0


def _count(screening_pk):
    """What the rush sold, read back from the database. Prints JSON."""
    import django

    django.setup()
    from clef.tickets.models import Booking, Ticket

    tickets = Ticket.objects.filter(screening_id=screening_pk, status__in=Ticket.SEATED)
    numbers = sorted(tickets.values_list("number", flat=True))
    bookings = Booking.objects.filter(screening_id=screening_pk)
    consecutive = bool(numbers) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    print(
        json.dumps(
            {
                "seated": len(numbers),
                "first": numbers[0] if numbers else None,
                "last": numbers[-1] if numbers else None,
                "consecutive": consecutive,
                "bookings": bookings.count(),
                "people": bookings.values("person").distinct().count(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
