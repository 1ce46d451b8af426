"""A production server's settings: no stand-in payments unless asked, HTTPS whenever
DEBUG is off, `clef check --deploy` failing on a demo's settings, a Content-Security-Policy
on every answer, server errors logged and mailed, and links that stay on the site."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import checks, mail
from django.test import Client
from django.urls import path

from clef.lib import security
from clef.members.services import start_membership
from clef.payments.methods import online_method

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in (
    "CLEF_ONLINE_PAYMENT", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "ADMINS")}))
"""


def clean_environment(tmp_path, **values):
    """The environment of a server started with nothing set but ``values``: none of the
    tests' own settings (the stand-in on, plain HTTP), nor the caller's."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLEF_", "SECURE_", "DEBUG", "SECRET_KEY", "ADMINS"))
        and not key.endswith("_COOKIE_SECURE")
        # The browser tests' session sets it while Chromium lives; no server has it.
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="clef.settings",
        CLEF_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    )
    env.update(values)
    return env


def run(args, env):
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def ids(problems):
    return sorted(problem.id for problem in problems)


# --- settings from the environment ------------------------------------------------------------
def test_with_nothing_set_no_online_payment_and_https_everywhere(tmp_path):
    production = run([sys.executable, "-c", PROBE], clean_environment(tmp_path))
    local = run(
        [sys.executable, "-c", PROBE],
        clean_environment(tmp_path, CLEF_HTTPS="false", ADMINS="ops@example.org, a@example.org"),
    )

    assert json.loads(production.stdout) == {
        "CLEF_ONLINE_PAYMENT": "",
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "ADMINS": [],
    }
    assert json.loads(local.stdout) == {
        "CLEF_ONLINE_PAYMENT": "",
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "ADMINS": [["", "ops@example.org"], ["", "a@example.org"]],
    }


def test_check_deploy_passes_on_production_settings_and_fails_on_the_demos(tmp_path, journal_key):
    clef = [sys.executable, "-m", "clef.cli", "check", "--deploy"]
    production = run(
        clef,
        clean_environment(
            tmp_path,
            SECRET_KEY="k" * 20 + "a-long-random-production-value-0123456789",
            CLEF_JOURNAL_KEY_FILE=str(journal_key),
        ),
    )
    demo = run(
        clef,
        clean_environment(
            tmp_path,
            CLEF_ONLINE_PAYMENT="test",
            CLEF_JOURNAL_KEY_FILE=str(tmp_path / "nowhere.key"),
        ),
    )

    assert production.returncode == 0, production.stderr
    assert "System check identified no issues (1 silenced)." in production.stdout
    assert demo.returncode == 1
    assert re.findall(r"\(clef\.E00\d\)", demo.stderr) == [
        "(clef.E001)",
        "(clef.E002)",
        "(clef.E003)",
    ]


# --- each deploy check --------------------------------------------------------------------------
def test_the_stand_in_payments_with_debug_off_is_an_error(settings):
    settings.DEBUG, settings.CLEF_ONLINE_PAYMENT = False, "test"
    assert ids(security.stand_in_payment_problems()) == ["clef.E001"]
    assert all(p.level == checks.ERROR for p in security.stand_in_payment_problems())
    settings.CLEF_ONLINE_PAYMENT = ""
    assert security.stand_in_payment_problems() == []
    settings.DEBUG, settings.CLEF_ONLINE_PAYMENT = True, "test"
    assert security.stand_in_payment_problems() == []


def test_the_demos_secret_key_is_an_error(settings):
    settings.SECRET_KEY = settings.CLEF_DEMO_SECRET_KEY
    assert ids(security.secret_key_problems()) == ["clef.E002"]
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert security.secret_key_problems() == []


def test_a_missing_journal_key_is_an_error(settings, tmp_path, journal_key):
    settings.CLEF_JOURNAL_KEY_FILE = str(tmp_path / "missing.key")
    assert ids(security.journal_key_problems()) == ["clef.E003"]
    settings.CLEF_JOURNAL_KEY_FILE = ""
    assert ids(security.journal_key_problems()) == ["clef.E003"]
    settings.CLEF_JOURNAL_KEY_FILE = str(journal_key)
    assert security.journal_key_problems() == []


def test_serve_says_loudly_what_is_not_fit_for_production(settings, caplog):
    settings.DEBUG, settings.CLEF_ONLINE_PAYMENT = False, "test"
    settings.SECRET_KEY = settings.CLEF_DEMO_SECRET_KEY
    with caplog.at_level(logging.CRITICAL, logger="clef.security"):
        said = security.warn_at_start()
    assert len(said) == 2
    assert [r.levelname for r in caplog.records] == ["CRITICAL", "CRITICAL"]
    assert "(clef.E002)" in caplog.records[1].getMessage()


# --- the stand-in payment provider, off ---------------------------------------------------------
def test_with_no_online_payment_nothing_is_paid_online(settings, client, member, venue):
    pending = start_membership(member, venue, amount=Decimal("10.00"), method="test").payment
    settings.CLEF_ONLINE_PAYMENT = ""
    client.force_login(member)

    assert online_method() is None
    assert client.get(f"/paiement/test/{pending.code}/").status_code == 404
    assert client.post(f"/paiement/test/{pending.code}/", {"action": "pay"}).status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"
    joining = client.get("/adhesion/")
    assert joining.context["online"] is False
    assert joining.context["form"] is None


# --- the Content-Security-Policy ------------------------------------------------------------------
def test_every_answer_carries_the_policy(client, venue, settings):
    for url in ("/", "/gestion/login/", "/static/clef/clef.js", "/api/screenings"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == settings.CLEF_CSP, url
    assert settings.CLEF_CSP.startswith("default-src 'self'; script-src 'self'; ")


def test_no_template_has_an_inline_script_or_handler():
    """Scripts come from files (a data block, JSON, is no script); no on...= attribute."""
    found = []
    for template in (ROOT / "clef").glob("*/templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/ld+json" not in tag:
                found.append(f"{template.relative_to(ROOT)}: {tag}")
        for handler in re.findall(r"\son[a-z]+\s*=", text):
            found.append(f"{template.relative_to(ROOT)}: {handler.strip()}")
    assert found == []


# --- server errors: logged with their traceback, mailed to ADMINS -------------------------------
def projector(request):
    raise RuntimeError("the projector caught fire")


urlpatterns = [path("boom/", projector)]
handler500 = "clef.site.views.server_error"


@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_with_its_traceback_and_mailed(settings, venue):
    mailoutbox = mail.outbox
    settings.ADMINS = [("", "ops@example.org")]
    console = next(
        h for h in logging.getLogger("django").handlers if type(h) is logging.StreamHandler
    )
    log = io.StringIO()
    before = console.setStream(log)
    try:
        response = Client(raise_request_exception=False).get("/boom/")
    finally:
        console.setStream(before)

    assert response.status_code == 500
    written = log.getvalue()
    assert "ERROR django.request Internal Server Error: /boom/" in written
    assert "Traceback (most recent call last):" in written
    assert written.rstrip().endswith("RuntimeError: the projector caught fire")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ops@example.org"]
    assert mailoutbox[0].subject == "[clef] ERROR (EXTERNAL IP): Internal Server Error: /boom/"
    assert "RuntimeError at /boom/\nthe projector caught fire" in mailoutbox[0].body
    assert 'raise RuntimeError("the projector caught fire")' in mailoutbox[0].body


@pytest.mark.urls(__name__)
def test_without_admins_a_server_error_is_only_logged(settings, venue):
    mailoutbox = mail.outbox
    settings.ADMINS = []
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert mailoutbox == []


# --- links built from the request's path ---------------------------------------------------
def test_the_404_pages_language_link_stays_on_the_site(client, venue):
    response = client.get("/", PATH_INFO="//evil.example/phish")

    assert response.status_code == 404
    body = response.content.decode()
    # No link leaves the site (the sign-in link's ?next= is checked by the sign-in).
    # (the calendar's webcal:// link names this site's own host)
    leaving = re.findall(r'href="(?://|[a-z]+:)[^"]*"', body)
    assert [link for link in leaving if not link.startswith('href="webcal://testserver/')] == []
    assert 'href="/evil.example/phish" hreflang="en"' in body


@pytest.mark.parametrize(
    ("asked", "local"),
    [
        ("//evil.example/phish", "/evil.example/phish"),
        ("/\\evil.example", "/evil.example"),
        ("///x", "/x"),
        ("/programme/?semaine=2026-05-06", "/programme/?semaine=2026-05-06"),
    ],
)
def test_a_path_from_the_request_is_made_local(asked, local):
    assert security.local_path(asked) == local
