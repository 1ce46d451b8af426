"""What the journal's tests share: a Paris wall-clock time, the journal's command run as
an operator runs it, the key's fingerprint, and the database changed behind the models'
back, as someone with the database file would."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from clef.boxoffice import journal, keys
from clef.lib.timezones import local_to_utc


def at(day, time):
    """The UTC instant of a Paris wall-clock time: ``at(day, "19:30")``."""
    hours, minutes = map(int, time.split(":"))
    return local_to_utc(day, dt.time(hours, minutes), "Europe/Paris")


def run(*args):
    """(stdout, stderr) of ``clef journal …``; raises CommandError as the command does."""
    out, err = io.StringIO(), io.StringIO()
    call_command("journal", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args):
    """(the CommandError, stdout) of ``clef journal …``, which must fail."""
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("journal", *args, stdout=out, stderr=io.StringIO())
    return error.value, out.getvalue()


def fingerprint():
    """The fingerprint of the key file's public key."""
    return keys.fingerprint(keys.public_key())


def sql(query, params=()):
    """Raw SQL (the models refuse to change a journal's row); the rows of a SELECT."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else None


def set_body(entry, change):
    """The entry's body changed in place by ``change(body)``, its hash left as it was."""
    body = json.loads(entry.body)
    change(body)
    sql(
        "UPDATE boxoffice_journalentry SET body = %s WHERE id = %s",
        [journal.canonical(body), entry.pk],
    )
