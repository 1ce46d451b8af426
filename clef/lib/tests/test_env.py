import pytest
from django.core.exceptions import ImproperlyConfigured

from clef.lib.env import database_from_url, env_bool, env_decimal


def test_it_reads_a_relative_sqlite_path_under_the_project(tmp_path):
    config = database_from_url("sqlite:///var/db.sqlite3", base_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "var" / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_it_reads_a_postgres_url(tmp_path):
    config = database_from_url(
        "postgres://clef:s%40cret@127.0.0.1:5433/clef?sslmode=disable", base_dir=tmp_path
    )
    assert config == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "clef",
        "USER": "clef",
        "PASSWORD": "s@cret",
        "HOST": "127.0.0.1",
        "PORT": "5433",
        "OPTIONS": {"sslmode": "disable", "options": "-c jit=off"},
    }


def test_it_refuses_an_unknown_database(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="sqlite:// or postgres://"):
        database_from_url("mysql://x@y/z", base_dir=tmp_path)


def test_a_malformed_boolean_or_rate_stops_the_start(monkeypatch):
    monkeypatch.setenv("DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG")
    monkeypatch.setenv("CLEF_VAT_RATE", "five")
    with pytest.raises(ImproperlyConfigured, match="CLEF_VAT_RATE must be a decimal"):
        env_decimal("CLEF_VAT_RATE", "5.5")
