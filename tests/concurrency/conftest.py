"""What the concurrency tests share: a test database that threads and other processes
can open, requests fired at once from many threads, and a real gunicorn with two
workers serving the test database.

SQLite: Django's test database is in memory by default, shared only between the
connections of one process through SQLite's shared cache, whose table locks fail at once
instead of waiting. Threads that book at the same time, and a server in another process,
need a file: when these tests are collected, the session's SQLite test database becomes
a file in a temporary folder (WAL, immediate transactions and the busy timeout of
``clef.lib.env.database_from_url`` apply to it as to the real database). PostgreSQL's
test database is a real database already.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "concurrency: many threads or server processes write at the same time"
    )
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] != "django.db.backends.sqlite3" or test.get("NAME"):
        return
    folder = Path(tempfile.mkdtemp(prefix="clef-test-db-"))
    test["NAME"] = str(folder / "test.sqlite3")
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that used the server shows the server's log beside its traceback."""
    report = yield
    server = getattr(item, "funcargs", {}).get("gunicorn_server")
    if report.failed and isinstance(server, Server):
        report.sections.append(("gunicorn log", server.output()[-20_000:]))
    return report


# --- many threads at once ----------------------------------------------------------------
def at_once(count, prepare, act, *, timeout=120):
    """Run ``act(prepared)`` in ``count`` threads released together by a barrier.

    ``prepare(i)`` runs in thread ``i`` before the barrier (reading what the thread
    needs costs nothing to the race). Each thread closes its database connection at the
    end. Returns, in thread order, ``("ok", value)`` or ``("raised", exception)``.
    """
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        passed = False
        try:
            prepared = prepare(i)
            barrier.wait(timeout=timeout)
            passed = True
            results[i] = ("ok", act(prepared))
        except BaseException as error:  # reported to the test, which fails on it
            # Only a thread that never reached the barrier releases the others: one that
            # raised in ``act`` (a refusal, fast) must not break those still leaving it.
            if not passed:
                barrier.abort()
            results[i] = ("raised", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,), name=f"rush-{i}") for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"threads still running after {timeout} s: {stuck}"
    return results


# --- a real server --------------------------------------------------------------------------
def database_url(settings):
    """The DATABASE_URL that points clef's settings at this connection's database."""
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        name = str(settings["NAME"])
        assert Path(name).is_absolute(), f"an in-memory test database cannot be shared: {name}"
        return f"sqlite:///{name}"
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    query = f"?{urlencode(settings['OPTIONS'])}" if settings.get("OPTIONS") else ""
    return f"postgres://{credentials}{settings['HOST']}{port}/{quote(settings['NAME'])}{query}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
def gunicorn_server(transactional_db, tmp_path):
    """gunicorn with two sync workers, the site's own WSGI application and settings,
    serving the test database; its output goes to a log printed when a test fails."""
    port = free_port()
    log = tmp_path / "server.log"
    (tmp_path / "var" / "static").mkdir(parents=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clef.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "CLEF_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "false",
        "CLEF_LOG_LEVEL": "INFO",
        # Emails are written to the server's output, hence to its log.
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "clef.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--access-logfile",
        "-",
        # Not the user's control socket: another gunicorn may be running.
        "--no-control-socket",
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", log, process)
    try:
        _wait_for(server)
        yield server
    finally:
        _stop(process)


def _wait_for(server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn stopped before answering:\n{server.output()}")
        try:
            with urllib.request.urlopen(server.url + "/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused or reset: not up yet
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {timeout} s:\n{server.output()}")


def _stop(process):
    """Stop gunicorn (the process this fixture started, by its id); it stops its workers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
