"""`python -m dshub serve`: several app processes behind nginx on one machine (run by scripts/serve).

One Streamlit process runs its scripts on one core at a time. This starts DSHUB_WORKERS identical
app processes on loopback (default: one per core) and Debian's nginx in front of them on
DSHUB_ADDRESS:DSHUB_PORT. nginx keeps each browser on one process (a route cookie, see
nginx.conf.j2), upgrades websockets, and moves a browser to another process when its own is down.

The database is DSHUB_DATABASE_URL. When that is unset and there is more than one process, a
PostgreSQL cluster of our own is started under var/postgres (SQLite is one process's database).
The schema is migrated once, before any app process starts. `/_stcore/health` through nginx
answers 200 only when every app process answers its own health check. A process that dies is
started again; Ctrl-C or SIGTERM stops everything this started, in reverse order.

Settings (environment):
  DSHUB_WORKERS       app processes (default: the cores this process may use)
  DSHUB_PORT          nginx's port (default 8501); DSHUB_ADDRESS its address (default 0.0.0.0)
  DSHUB_DATABASE_URL  the shared database (default: SQLite with one process, else var/postgres)
  DSHUB_VAR_DIR       where the cluster, the rendered nginx.conf and the state file go (default var/)
  DSHUB_RESTART_DELAY seconds before a dead app process is started again (default 1)
  DSHUB_PROXY_DEBUG   1: nginx names the process that answered (X-Dshub-Upstream), for tests
  DSHUB_APP_SCRIPT    another Streamlit script instead of app.py (the benchmarks' bare floor page)
"""

from __future__ import annotations

import contextlib
import http.server
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dshub.config import REPO_ROOT
from dshub.serve import nginx

if TYPE_CHECKING:
    from dshub.serve.postgres import LocalCluster

log = logging.getLogger("dshub.serve")

START_TIMEOUT_S = 90.0


class ServeError(RuntimeError):
    """Something the supervisor needs is missing or did not start; the message says what to do."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    """True when Streamlit's own health endpoint at `url` answers ok."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass(frozen=True)
class Settings:
    workers: int
    port: int
    address: str
    database_url: str | None
    var_dir: Path
    proxy_debug: bool = False
    restart_delay_s: float = 1.0
    app_script: Path = REPO_ROOT / "app.py"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)

        def number(name: str, default: int, low: int, high: int) -> int:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                value = int(raw)
            except ValueError:
                raise ServeError(f"{name} must be a whole number, not {raw!r}") from None
            if not low <= value <= high:
                raise ServeError(f"{name} must be between {low} and {high}, not {value}")
            return value

        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return cls(
            workers=number("DSHUB_WORKERS", cores, 1, 64),
            port=number("DSHUB_PORT", 8501, 1, 65535),
            address=env.get("DSHUB_ADDRESS", "").strip() or "0.0.0.0",
            database_url=env.get("DSHUB_DATABASE_URL", "").strip() or None,
            var_dir=Path(env.get("DSHUB_VAR_DIR", "").strip() or REPO_ROOT / "var").resolve(),
            proxy_debug=env.get("DSHUB_PROXY_DEBUG", "") == "1",
            restart_delay_s=number("DSHUB_RESTART_DELAY", 1, 0, 3600),
            app_script=Path(env.get("DSHUB_APP_SCRIPT", "").strip() or REPO_ROOT / "app.py").resolve(),
        )


@dataclass
class Worker:
    index: int
    port: int
    proc: subprocess.Popen | None = None
    restarts: int = 0
    down_since: float | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def process(self) -> subprocess.Popen:
        """The app process; Supervisor.start spawns every worker before anything reads this."""
        assert self.proc is not None, f"app process {self.index} was never started"
        return self.proc


@dataclass
class Supervisor:
    settings: Settings
    workers: list[Worker] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    cluster: LocalCluster | None = None
    database_url: str = ""
    _stop: threading.Event = field(default_factory=threading.Event)
    _health: http.server.ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ start

    @property
    def run_dir(self) -> Path:
        return self.settings.var_dir / "serve"

    def start(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = self._database()
        self._migrate()
        secret = self._cookie_secret()
        self.workers = [Worker(i, free_port()) for i in range(self.settings.workers)]
        for worker in self.workers:
            self._spawn(worker, secret)
        self._wait_until_healthy()
        self._start_health_server()
        self._start_nginx()
        self._write_state()
        where = f"http://{'127.0.0.1' if self.settings.address == '0.0.0.0' else self.settings.address}"
        log.warning(
            "dshub: serving on %s:%d with %d app process(es); database %s",
            where,
            self.settings.port,
            len(self.workers),
            _safe_url(self.database_url),
        )

    def _database(self) -> str:
        if self.settings.database_url:
            return self.settings.database_url
        if self.settings.workers == 1:
            from dshub.config import settings

            return settings().database_url
        from dshub.serve.postgres import LocalCluster, PostgresUnavailable

        self.cluster = LocalCluster(self.settings.var_dir / "postgres", port=free_port())
        try:
            return self.cluster.start()
        except PostgresUnavailable as exc:
            self.cluster = None
            raise ServeError(
                f"{self.settings.workers} app processes need one shared PostgreSQL "
                f"database and the local one could not start:\n{exc}"
            ) from exc

    def _migrate(self) -> None:
        """Once, before any app process runs (they would race each other to migrate)."""
        proc = subprocess.run(
            [sys.executable, "-m", "dshub", "init-db"],
            cwd=REPO_ROOT,
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != 0:
            raise ServeError(f"migrating the database failed:\n{proc.stdout}{proc.stderr}")

    def _cookie_secret(self) -> str:
        """One secret for every process: Streamlit's XSRF cookie must hold wherever a browser lands."""
        if os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET"):
            return os.environ["STREAMLIT_SERVER_COOKIE_SECRET"]
        path = self.settings.var_dir / "cookie_secret"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(32) + "\n")
            path.chmod(0o600)
        return path.read_text().strip()

    def _env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "DSHUB_DATABASE_URL": self.database_url, "PYTHONUNBUFFERED": "1", **extra}

    def _spawn(self, worker: Worker, secret: str) -> None:
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.settings.app_script),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(worker.port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        worker.proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            env=self._env(STREAMLIT_SERVER_COOKIE_SECRET=secret),
            start_new_session=True,
        )
        worker.down_since = None

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        pending = list(self.workers)
        while pending:
            for worker in list(pending):
                if worker.process.poll() is not None:
                    raise ServeError(
                        f"app process {worker.index} (port {worker.port}) exited with "
                        f"code {worker.process.returncode} while starting; see its output above"
                    )
                if healthy(worker.url, timeout=1.0):
                    pending.remove(worker)
            if pending and time.monotonic() > deadline:
                raise ServeError(
                    f"app process(es) {[w.index for w in pending]} not healthy after {START_TIMEOUT_S:.0f} s"
                )
            if pending:
                time.sleep(0.2)

    def _start_health_server(self) -> None:
        workers = self.workers

        class Health(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                down = [w.index for w in workers if not healthy(w.url, timeout=1.0)]
                body = b"ok" if not down else f"down: app process {down}".encode()
                self.send_response(200 if not down else 503)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # no access log
                pass

        self._health = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
        self._health.daemon_threads = True
        threading.Thread(target=self._health.serve_forever, name="health", daemon=True).start()

    def _start_nginx(self) -> None:
        import shutil

        binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
        if not binary:
            raise ServeError("nginx not found: install the Debian package `nginx` (scripts/serve does this)")
        run_dir = self.run_dir / "nginx"
        user = None
        if os.geteuid() == 0:
            # nginx's workers never run as root; they need to write only their temp folders.
            import pwd

            user = "www-data" if _user_exists("www-data") else "nobody"
            run_dir.mkdir(parents=True, exist_ok=True)
            pw = pwd.getpwnam(user)
            for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (run_dir / sub).mkdir(exist_ok=True)
                os.chown(run_dir / sub, pw.pw_uid, pw.pw_gid)
        run_dir.mkdir(parents=True, exist_ok=True)
        listen = (
            f"[{self.settings.address}]:{self.settings.port}"
            if ":" in self.settings.address
            else f"{self.settings.address}:{self.settings.port}"
        )
        conf = self.run_dir / "nginx.conf"
        conf.write_text(
            nginx.render(
                upstreams=[f"127.0.0.1:{w.port}" for w in self.workers],
                listen=listen,
                health_url=f"http://127.0.0.1:{self._health_port()}/health",
                run_dir=run_dir,
                user=user,
                tries=len(self.workers),
                expose_upstream=self.settings.proxy_debug,
            )
        )
        base = [binary, "-p", str(run_dir), "-c", str(conf), "-e", "stderr"]
        check = subprocess.run(base + ["-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise ServeError(f"nginx refused its configuration ({conf}):\n{check.stderr}")
        self.nginx = subprocess.Popen(base + ["-g", "daemon off;"], stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 20
        while not healthy(
            f"http://127.0.0.1:{self.settings.port}"
            if self.settings.address in ("0.0.0.0", "127.0.0.1", "::")
            else f"http://{self.settings.address}:{self.settings.port}"
        ):
            if self.nginx.poll() is not None:
                raise ServeError(
                    f"nginx exited with code {self.nginx.returncode} (port "
                    f"{self.settings.port} taken?); see its message above"
                )
            if time.monotonic() > deadline:
                raise ServeError("nginx did not answer within 20 s")
            time.sleep(0.1)

    def _write_state(self) -> None:
        """For operators and tests: which process is where (var/serve/state.json)."""
        state = {
            "pid": os.getpid(),
            "port": self.settings.port,
            "database": _safe_url(self.database_url),
            "workers": [
                {"index": w.index, "port": w.port, "pid": w.process.pid, "restarts": w.restarts} for w in self.workers
            ],
        }
        tmp = self.run_dir / "state.json.tmp"
        tmp.write_text(json.dumps(state, indent=2))
        tmp.replace(self.run_dir / "state.json")

    # ------------------------------------------------------------------ run and stop

    def watch(self) -> int:
        """Restart app processes that die; return when asked to stop or when nginx dies."""
        secret = self._cookie_secret()
        proxy = self.nginx
        assert proxy is not None, "watch() runs after start()"
        while not self._stop.wait(0.25):
            if proxy.poll() is not None:
                log.error("dshub: nginx exited with code %s; stopping", proxy.returncode)
                return 1
            for worker in self.workers:
                if worker.process.poll() is None:
                    continue
                now = time.monotonic()
                if worker.down_since is None:
                    worker.down_since = now
                    log.warning(
                        "dshub: app process %d (port %d) exited with code %s; nginx sends its "
                        "browsers to the others; starting it again",
                        worker.index,
                        worker.port,
                        worker.process.returncode,
                    )
                elif now - worker.down_since >= self.settings.restart_delay_s:
                    worker.restarts += 1
                    self._spawn(worker, secret)
                    self._write_state()
        return 0

    def _health_port(self) -> int:
        assert self._health is not None, "the health server starts before nginx"
        return self._health.server_address[1]

    def request_stop(self, *_: object) -> None:
        self._stop.set()

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            _terminate(self.nginx, signal.SIGQUIT)  # graceful: finish what is in flight
        for worker in self.workers:
            if worker.proc is not None:
                _terminate(worker.proc, signal.SIGTERM)
        if self._health is not None:
            self._health.shutdown()
        if self.cluster is not None:
            from dshub.serve.postgres import PostgresUnavailable

            try:
                self.cluster.stop()
            except PostgresUnavailable as exc:
                log.error("dshub: stopping PostgreSQL failed: %s", exc)
        with contextlib.suppress(OSError):
            (self.run_dir / "state.json").unlink()


def _terminate(proc: subprocess.Popen, sig: signal.Signals, timeout: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        settings = Settings.from_env()
    except ServeError as exc:
        print(f"dshub serve: {exc}", file=sys.stderr)
        return 2
    supervisor = Supervisor(settings)
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    signal.signal(signal.SIGINT, supervisor.request_stop)
    try:
        supervisor.start()
        return supervisor.watch()
    except ServeError as exc:
        print(f"dshub serve: {exc}", file=sys.stderr)
        return 1
    finally:
        supervisor.stop()
