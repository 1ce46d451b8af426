import os
import socket
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from clef.lib import security


class Command(BaseCommand):
    help = "Serve the site with gunicorn (CLEF_BIND, CLEF_WORKERS set the defaults)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("CLEF_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CLEF_WORKERS", "2")))
        parser.add_argument("--access-log", action="store_true", help="Print one line per request.")

    def handle(self, *args, bind, workers, access_log, **options):
        # The emails' links and printed addresses follow the address served, unless
        # SITE_URL says otherwise; the host served is allowed (exec keeps the environment).
        os.environ.update(served_environment(bind, os.environ))
        self.stdout.write(
            self.style.SUCCESS(
                f"Serving {os.environ['SITE_URL']}/ with {workers} gunicorn workers (Ctrl+C stops)."
            )
        )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "clef.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
        ]
        if access_log:
            command += ["--access-logfile", "-"]
        # Never silently on the demo's key or with the stand-in payments on: logged loudly.
        security.warn_at_start()
        call_command("collectstatic", interactive=False, verbosity=0)
        sys.stdout.flush()
        os.execv(sys.executable, command)


def served_environment(bind, environ):
    """What to add to the environment of a server bound to ``bind`` ("host:port"): its own
    ``SITE_URL`` (a server on all interfaces names this machine's address on the network,
    so that a phone nearby can follow the links) and its host in ``ALLOWED_HOSTS``. What
    the environment sets already is kept."""
    host, _sep, port = bind.rpartition(":")
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "::"):
        host = _network_address()
    shown = f"[{host}]" if ":" in host else host
    changes = {}
    if not environ.get("SITE_URL"):
        changes["SITE_URL"] = f"http://{shown}:{port}"
    if "ALLOWED_HOSTS" not in environ and host not in ("127.0.0.1", "localhost", "::1"):
        changes["ALLOWED_HOSTS"] = ",".join(["127.0.0.1", "localhost", "[::1]", shown])
    return changes


def _network_address():
    """This machine's address on its network (no packet is sent: a UDP socket only asks
    the system which address would be used); 127.0.0.1 without a network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
