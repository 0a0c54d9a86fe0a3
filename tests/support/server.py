"""Run the real Streamlit app as a subprocess for browser tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import REPO_ROOT, free_port, venv_python

STARTUP_TIMEOUT_S = 60.0


class AppStartError(RuntimeError):
    """The Streamlit server did not become healthy; the message carries its output."""


@dataclass(frozen=True)
class RunningApp:
    url: str
    port: int
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    """The environment overrides the server runs with (DSHUB_* variables)."""

    def log(self) -> str:
        """Everything the server printed so far (stdout and stderr)."""
        return self.log_path.read_text(errors="replace")


def _tail(path: Path, limit: int = 6000) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:  # pragma: no cover - diagnostics only
        return f"<could not read server log {path}: {exc}>"
    return text if len(text) <= limit else "...\n" + text[-limit:]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def stop_process(proc: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM to the process's group (started with start_new_session), SIGKILL after `timeout` s."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextlib.contextmanager
def running_app(
    env: Mapping[str, str],
    port: int | None = None,
    *,
    script: str | os.PathLike[str] = "app.py",
    cwd: str | os.PathLike[str] = REPO_ROOT,
    timeout: float = STARTUP_TIMEOUT_S,
) -> Iterator[RunningApp]:
    """Start `streamlit run <script>` on 127.0.0.1 and yield once `/_stcore/health` is ok.

    `env` is layered over the current environment. `DSHUB_BASE_URL` defaults to the
    server's own address so join links point at it. The server runs in its own process
    group and is terminated on exit; its output goes to a temp log file whose tail is
    included in the error when it fails to start.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    full_env = {**os.environ, **env}
    full_env.setdefault("DSHUB_BASE_URL", url)
    full_env["PYTHONUNBUFFERED"] = "1"

    cmd = [
        str(venv_python()),
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        # No file watcher: tests never edit sources while the server runs.
        "--server.fileWatcherType",
        "none",
    ]

    log_fd, log_name = tempfile.mkstemp(prefix="dshub-streamlit-", suffix=".log")
    log_path = Path(log_name)
    with os.fdopen(log_fd, "wb") as log_file:
        proc = subprocess.Popen(
            cmd,
            cwd=str(cwd),
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise AppStartError(
                    f"Streamlit exited with code {proc.returncode} before becoming healthy.\n"
                    f"Command: {' '.join(cmd)}\n--- server output ---\n{_tail(log_path)}"
                )
            if _healthy(url):
                break
            if time.monotonic() > deadline:
                raise AppStartError(
                    f"Streamlit did not answer {url}/_stcore/health within {timeout:.0f}s.\n"
                    f"Command: {' '.join(cmd)}\n--- server output ---\n{_tail(log_path)}"
                )
            time.sleep(0.2)
        overrides = {k: v for k, v in full_env.items() if os.environ.get(k) != v}
        overrides.pop("PYTHONUNBUFFERED", None)
        yield RunningApp(url=url, port=port, log_path=log_path, env={**env, **overrides})
    finally:
        stop_process(proc)
        with contextlib.suppress(OSError):
            log_path.unlink()


def run_dshub_cli(env: Mapping[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m dshub <args>` from the repo root with `env` layered over os.environ.

    Raises AssertionError with the command's output if it exits non-zero.
    """
    cmd = [str(venv_python()), "-m", "dshub", *args]
    proc = subprocess.run(
        cmd,
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"`{' '.join(cmd[1:])}` exited with {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
        )
    return proc
