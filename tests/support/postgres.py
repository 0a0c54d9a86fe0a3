"""A throwaway PostgreSQL cluster on loopback for the store tests.

`running_postgres()` yields a SQLAlchemy URL. With `DSHUB_TEST_POSTGRES_URL` set it
yields that URL untouched (an existing server; the tests then share its database).
Otherwise it runs the Debian package's `initdb`/`pg_ctl` (found under
/usr/lib/postgresql/<version>/bin) in a temporary directory, as the `postgres` user
when we are root (initdb refuses to run as root), listening on 127.0.0.1 only with
trust authentication, and removes everything on exit.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from dshub.serve.postgres import PostgresUnavailable, find_bindir, run, runner, server_options

from . import free_port

__all__ = ["PostgresUnavailable", "fresh_database", "make_url", "running_postgres"]

ENV_URL = "DSHUB_TEST_POSTGRES_URL"
ENV_SKIP = "DSHUB_SKIP_POSTGRES"
DB_NAME = "dshub_test"
SUPERUSER = "postgres"


def _create_database(host: str, port: int, name: str) -> None:
    import psycopg

    with psycopg.connect(
        host=host, port=port, user=SUPERUSER, dbname="postgres", autocommit=True, connect_timeout=10
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def make_url(port: int, dbname: str = DB_NAME, host: str = "127.0.0.1") -> str:
    return f"postgresql+psycopg://{SUPERUSER}@{host}:{port}/{dbname}"


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    """Yield a SQLAlchemy URL `postgresql+psycopg://postgres@127.0.0.1:<port>/dshub_test`.

    Raises PostgresUnavailable (with the reason and the server log) if no server can be
    started. The conftest fixture turns that into a test error, or a skip when
    DSHUB_SKIP_POSTGRES=1.
    """
    external = os.environ.get(ENV_URL)
    if external:
        yield external
        return

    bindir = find_bindir()
    prefix, uid, gid = runner()
    # /tmp is traversable by the postgres user; pytest's own tmp dirs (0700, root) are not.
    base = Path(tempfile.mkdtemp(prefix="dshub-pg-", dir="/tmp" if uid is not None else None))
    data, sock, log = base / "data", base / "sock", base / "server.log"
    sock.mkdir()
    if uid is not None:
        for path in (base, sock):
            os.chown(path, uid, gid)
    try:
        run(
            prefix
            + [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
            "initdb",
        )
        port = 0
        for attempt in range(3):
            port = free_port()
            options = server_options(port, sock, durable=False)
            try:
                run(
                    prefix
                    + [
                        str(bindir / "pg_ctl"),
                        "-D",
                        str(data),
                        "-l",
                        str(log),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        "60",
                        "start",
                    ],
                    "pg_ctl start",
                    log=log,
                )
                break
            except PostgresUnavailable:
                # Most likely the port was taken between probing and binding: retry.
                if attempt == 2:
                    raise
        _create_database("127.0.0.1", port, DB_NAME)
        yield make_url(port)
    finally:
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(PostgresUnavailable):
                run(
                    prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                    "pg_ctl stop",
                )
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server behind `server_url`, dropped on exit.

    Lets tests that create schemas or count rows start from nothing without sharing
    state with other tests in the session.
    """
    from sqlalchemy.engine import make_url as sa_make_url

    url = sa_make_url(server_url)
    name = f"dshub_t_{uuid.uuid4().hex[:12]}"
    host, port = url.host or "127.0.0.1", url.port or 5432
    import psycopg

    conninfo = dict(
        host=host, port=port, user=url.username, dbname=url.database or "postgres", autocommit=True, connect_timeout=10
    )
    if url.password:
        conninfo["password"] = url.password
    with psycopg.connect(**conninfo) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**conninfo) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
