"""Run `python -m dshub serve` (several app processes behind nginx) for the deployment tests."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import REPO_ROOT, free_port, venv_python
from .server import stop_process

START_TIMEOUT_S = 120.0


@dataclass
class Served:
    url: str
    var_dir: Path
    env: dict[str, str]
    proc: subprocess.Popen
    log_path: Path

    def state(self) -> dict:
        """var/serve/state.json: the supervisor's pid and each app process's port, pid and restarts."""
        return json.loads((self.var_dir / "serve" / "state.json").read_text())

    def worker(self, index: int) -> dict:
        return self.state()["workers"][index]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def get(self, path: str, cookie: str | None = None, timeout: float = 5.0) -> tuple[int, dict, bytes]:
        """One request through nginx: (status, headers with lower-case names, body)."""
        request = urllib.request.Request(self.url + path)
        if cookie is not None:
            request.add_header("Cookie", f"dshub_route={cookie}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as resp:
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()

    def route_to(self, index: int) -> str:
        """A route cookie value that nginx sends to app process `index` (found by asking nginx)."""
        port = self.worker(index)["port"]
        for i in range(500):
            value = f"route-{i}"
            _, headers, _ = self.get("/", cookie=value)
            if headers.get("x-dshub-upstream") == f"127.0.0.1:{port}":
                return value
        raise AssertionError(f"no route cookie reaches app process {index} (port {port}) in 500 tries")


def wait_until(predicate, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(interval)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    return True


@contextlib.contextmanager
def running_serve(env: Mapping[str, str], workers: int = 2) -> Iterator[Served]:
    """`python -m dshub serve` on a free loopback port, with its own var/ folder; stopped with SIGTERM."""
    port = free_port()
    var_dir = Path(tempfile.mkdtemp(prefix="dshub-serve-", dir="/tmp"))
    var_dir.chmod(0o755)  # the postgres user must reach var/postgres when we are root
    url = f"http://127.0.0.1:{port}"
    full_env = {
        **os.environ,
        "DSHUB_WORKERS": str(workers),
        "DSHUB_PORT": str(port),
        "DSHUB_ADDRESS": "127.0.0.1",
        "DSHUB_VAR_DIR": str(var_dir),
        "DSHUB_PROXY_DEBUG": "1",
        "DSHUB_BASE_URL": url,
        **env,
    }
    log_fd, log_name = tempfile.mkstemp(prefix="dshub-serve-", suffix=".log")
    log_path = Path(log_name)
    with os.fdopen(log_fd, "wb") as log_file:
        proc = subprocess.Popen(
            [str(venv_python()), "-m", "dshub", "serve"],
            cwd=REPO_ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Served(
        url=url,
        var_dir=var_dir,
        env={k: v for k, v in full_env.items() if k.startswith("DSHUB_")},
        proc=proc,
        log_path=log_path,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (var_dir / "serve" / "state.json").exists():
            if proc.poll() is not None:
                raise AssertionError(f"dshub serve exited with {proc.returncode}:\n{served.log()[-6000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"dshub serve not up after {START_TIMEOUT_S:.0f} s:\n{served.log()[-6000:]}")
            time.sleep(0.2)
        yield served
    finally:
        stop_process(proc, timeout=60)  # the supervisor stops nginx, the app processes and PostgreSQL
        shutil.rmtree(var_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            log_path.unlink()
