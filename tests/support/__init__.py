"""Test harness helpers: a throwaway PostgreSQL, a live Streamlit server, a headless browser.

Everything here is used by `tests/conftest.py`; see `docs/testing.md`.
"""

from __future__ import annotations

import socket
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def venv_python() -> Path:
    """The project's interpreter (`.venv/bin/python`), falling back to the running one."""
    candidate = REPO_ROOT / ".venv" / "bin" / "python"
    if candidate.exists():
        return candidate
    import sys

    return Path(sys.executable)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago.

    There is a small race between closing the probe socket and the server binding the
    port; callers that start servers retry with a new port when binding fails.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
