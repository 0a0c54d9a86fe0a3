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
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from . import free_port

ENV_URL = "DSHUB_TEST_POSTGRES_URL"
ENV_SKIP = "DSHUB_SKIP_POSTGRES"
DB_NAME = "dshub_test"
SUPERUSER = "postgres"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be started; the message says why and what to do."""


def find_bindir() -> Path:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb and pg_ctl."""
    override = os.environ.get("DSHUB_TEST_PG_BINDIR")
    candidates = [override] if override else glob.glob("/usr/lib/postgresql/*/bin")

    def version(path: str) -> tuple[int, ...]:
        try:
            return tuple(int(p) for p in Path(path).parent.name.split("."))
        except ValueError:
            return (0,)

    for bindir in sorted(candidates, key=version, reverse=True):
        if (Path(bindir) / "initdb").exists() and (Path(bindir) / "pg_ctl").exists():
            return Path(bindir)
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found under "
        "/usr/lib/postgresql/*/bin. Install the Debian package `postgresql` "
        "(scripts/test does this), or set DSHUB_TEST_POSTGRES_URL to an existing "
        "server, or set DSHUB_SKIP_POSTGRES=1 to skip the PostgreSQL tests."
    )


def _runner() -> tuple[list[str], int | None, int | None]:
    """Command prefix and uid/gid that own the cluster files."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        pw = pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PostgresUnavailable(
            "Running as root but there is no `postgres` user to run initdb as "
            "(initdb refuses to run as root). Install the Debian package `postgresql`."
        ) from exc
    runuser = shutil.which("runuser")
    if not runuser:
        raise PostgresUnavailable("Running as root but `runuser` (util-linux) is missing.")
    return [runuser, "-u", "postgres", "--"], pw.pw_uid, pw.pw_gid


def _run(cmd: list[str], what: str, log: Path | None = None, timeout: float = 120) -> None:
    try:
        proc = subprocess.run(
            cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PostgresUnavailable(f"{what} failed: {exc}\nCommand: {' '.join(cmd)}") from exc
    if proc.returncode != 0:
        server_log = ""
        if log is not None and log.exists():
            server_log = "\n--- server log ---\n" + log.read_text(errors="replace")[-4000:]
        raise PostgresUnavailable(
            f"{what} failed with exit code {proc.returncode}.\nCommand: {' '.join(cmd)}\n"
            f"--- output ---\n{proc.stdout}{proc.stderr}{server_log}"
        )


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
    prefix, uid, gid = _runner()
    # /tmp is traversable by the postgres user; pytest's own tmp dirs (0700, root) are not.
    base = Path(tempfile.mkdtemp(prefix="dshub-pg-", dir="/tmp" if uid is not None else None))
    data, sock, log = base / "data", base / "sock", base / "server.log"
    sock.mkdir()
    if uid is not None:
        for path in (base, sock):
            os.chown(path, uid, gid)
    try:
        _run(
            prefix + [
                str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
            ],
            "initdb",
        )
        port = 0
        for attempt in range(3):
            port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={port} "
                f"-c unix_socket_directories={sock} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=100 -c shared_buffers=32MB"
            )
            try:
                _run(
                    prefix + [
                        str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log),
                        "-o", options, "-w", "-t", "60", "start",
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
                _run(
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

    conninfo = dict(host=host, port=port, user=url.username, dbname=url.database or "postgres",
                    autocommit=True, connect_timeout=10)
    if url.password:
        conninfo["password"] = url.password
    with psycopg.connect(**conninfo) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**conninfo) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
