"""The load generator (bench/load) against the real app: a tiny room must join, play a card and lose
nothing. Keeps the protocol client honest as Streamlit and the pages change; the curve itself is run
by hand (docs/benchmarks.md)."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.support import REPO_ROOT, venv_python


def _run(*args: str) -> dict:
    done = subprocess.run([str(venv_python()), "-m", "bench.load.run", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.timeout(280)
def test_a_small_room_joins_plays_a_card_and_loses_nothing():
    result = _run("game", "--smoke")
    assert result["joined"] == result["held"] == result["participants"] == 3
    assert result["cards_played"] == 1
    team = result["answers"]["team"]
    assert team["sent"] >= 1 and team["stored"] == team["sent"] and team["lost"] == team["duplicated"] == 0
    assert result["answers"]["choice"]["lost"] == 0
    assert result["errors_shown"]["count"] == 0 and result["server_log_problems"]["count"] == 0
    assert result["confirm_to_board_s"]["n"] >= 1  # the projector saw the confirm


@pytest.mark.timeout(280)
def test_the_floor_holds_its_clients():
    result = _run("floor", "--smoke")
    assert result["held"] == result["clients"] == 3
    assert result["script_run_s"]["fragment_tick"]["n"] > 0
