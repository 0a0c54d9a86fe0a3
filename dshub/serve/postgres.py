"""A PostgreSQL cluster of our own on loopback, from Debian's `postgresql` package.

`python -m dshub serve` uses `LocalCluster` when several app processes need one database and
no DSHUB_DATABASE_URL is given: the cluster lives under `var/postgres/`, keeps its data between
runs, listens on 127.0.0.1 only and asks for a password (generated once, kept in a 0600 file).
The test harness (tests/support/postgres.py) starts its throwaway clusters with the same helpers.

initdb refuses to run as root: as root, the server's commands run as the `postgres` user
(created by the Debian package) through `runuser`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be started; the message says why and what to do."""


def find_bindir(override: str | None = None) -> Path:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb and pg_ctl."""
    override = override or os.environ.get("DSHUB_PG_BINDIR") or os.environ.get("DSHUB_TEST_PG_BINDIR")
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
        "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin. "
        "Install the Debian package `postgresql` (scripts/serve and scripts/test do this), "
        "or set DSHUB_DATABASE_URL to an existing server."
    )


def runner() -> tuple[list[str], int | None, int | None]:
    """Command prefix and uid/gid that own the cluster files (the postgres user when we are root)."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        pw = pwd.getpwnam(SUPERUSER)
    except KeyError as exc:
        raise PostgresUnavailable(
            "Running as root but there is no `postgres` user to run initdb as "
            "(initdb refuses to run as root). Install the Debian package `postgresql`."
        ) from exc
    runuser = shutil.which("runuser")
    if not runuser:
        raise PostgresUnavailable("Running as root but `runuser` (util-linux) is missing.")
    return [runuser, "-u", SUPERUSER, "--"], pw.pw_uid, pw.pw_gid


def run(cmd: list[str], what: str, log: Path | None = None, timeout: float = 120) -> None:
    """Run one server command; on failure raise PostgresUnavailable with its output and the log's tail."""
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
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


def server_options(port: int, sock: Path, *, durable: bool = True, max_connections: int = 100) -> str:
    """`postgres -c` options: loopback only, our own socket folder; `durable=False` for throwaway test data."""
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sock} "
        f"-c max_connections={max_connections} -c shared_buffers=32MB"
    )
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    return options


@dataclass
class LocalCluster:
    """A durable cluster under `base` (data/, sock/, server.log, password), owned by postgres when root."""

    base: Path
    port: int
    dbname: str = "dshub"

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def log(self) -> Path:
        return self.base / "server.log"

    @property
    def _password_file(self) -> Path:
        return self.base / "password"

    def url(self) -> str:
        password = self._password_file.read_text().strip()
        return f"postgresql+psycopg://{SUPERUSER}:{password}@127.0.0.1:{self.port}/{self.dbname}"

    def start(self) -> str:
        """Create the cluster if needed, start it, create the database if needed; return its URL."""
        bindir = find_bindir()
        prefix, uid, gid = runner()
        sock = self.base / "sock"
        sock.mkdir(parents=True, exist_ok=True)
        if uid is not None and gid is not None:
            for path in (self.base, sock):
                os.chown(path, uid, gid)
        if not (self.data / "PG_VERSION").exists():
            password = secrets.token_urlsafe(24)
            pwfile = self.base / "initdb-password"
            pwfile.write_text(password + "\n")
            pwfile.chmod(0o600)
            if uid is not None and gid is not None:
                os.chown(pwfile, uid, gid)
            try:
                run(
                    prefix
                    + [
                        str(bindir / "initdb"),
                        "-D",
                        str(self.data),
                        "-U",
                        SUPERUSER,
                        "--auth=scram-sha-256",
                        f"--pwfile={pwfile}",
                        "-E",
                        "UTF8",
                        "--locale=C",
                        "--no-instructions",
                    ],
                    "initdb",
                )
            finally:
                pwfile.unlink(missing_ok=True)
            self._password_file.write_text(password + "\n")
            self._password_file.chmod(0o600)
        if (self.data / "postmaster.pid").exists():
            # Left over by a crash (kill -9 of the supervisor): stop it before starting on our port.
            with contextlib.suppress(PostgresUnavailable):
                self.stop()
        run(
            prefix
            + [
                str(bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                server_options(self.port, sock),
                "-w",
                "-t",
                "60",
                "start",
            ],
            "pg_ctl start",
            log=self.log,
        )
        return self.create_database(self.dbname)

    def create_database(self, name: str) -> str:
        """Create database `name` if it is missing; return its URL."""
        import psycopg

        password = self._password_file.read_text().strip()
        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password=password,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        ) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.url().rsplit("/", 1)[0] + f"/{name}"

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        """A fast shutdown: open transactions roll back, committed data stays."""
        prefix, _, _ = runner()
        run(
            prefix + [str(find_bindir() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
            "pg_ctl stop",
            log=self.log,
        )
