"""A PostgreSQL for the benchmarks: the first URL that answers, and a throwaway database
on it, dropped afterwards."""

import os
import secrets
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

LOCAL_POSTGRES = "postgres://clef:clef@127.0.0.1:5432/clef"


def answering():
    """A PostgreSQL URL that answers, or (None, why not)."""
    url = os.environ.get("DATABASE_URL", "")
    candidates = [url] if url.startswith(("postgres://", "postgresql://")) else []
    candidates.append(LOCAL_POSTGRES)
    try:
        import psycopg
    except ImportError:
        return None, "psycopg is not installed"
    reasons = []
    for candidate in dict.fromkeys(candidates):
        try:
            psycopg.connect(candidate, connect_timeout=3).close()
            return candidate, ""
        except psycopg.Error as error:
            reasons.append(f"{hide_password(candidate)}: {str(error).strip().splitlines()[0]}")
    return None, "; ".join(reasons)


class CannotCreate(Exception):
    pass


@contextmanager
def throwaway_database(url, prefix):
    """A new database next to the one ``url`` names, dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise CannotCreate(str(error).strip().splitlines()[0]) from None
    parts = urlsplit(url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def hide_password(url):
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
