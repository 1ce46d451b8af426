"""The demo, loaded once per test module rather than once per test: loading it takes
seconds, and most of these tests only read it.

``demo_once`` loads it inside a transaction opened for the module and rolled back after
its last test; each test's ``db`` runs in a savepoint within it, rolled back after the
test, so a test that writes leaves nothing to the next. A test that needs real commits
(``transaction=True``) cannot run inside it: such tests live in modules of their own."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

# A Saturday, La Clef open: the moment every demo test reads the demo at.
NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # The tests' own hasher (the root conftest's ``_fast_passwords`` is per test).
            fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
            with time_machine.travel(NOW, tick=False), override_settings(PASSWORD_HASHERS=fast):
                call_command("load_demo", stdout=io.StringIO())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
