import os
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Serving http://{bind}/ with {workers} gunicorn workers (Ctrl+C stops)."
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
