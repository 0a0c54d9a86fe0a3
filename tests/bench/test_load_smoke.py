"""The load generator (bench/load) against the real app: a tiny room must join, play a card and lose
nothing. Keeps the protocol client honest as Streamlit and the pages change; the curve itself is run
by hand (docs/benchmarks.md)."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.support import REPO_ROOT, venv_python


def _run(*args: str) -> dict:
    done = subprocess.run(
        [str(venv_python()), "-m", "bench.load.run", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=240
    )
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


@pytest.mark.timeout(280)
def test_through_the_proxy_a_killed_process_drops_no_tab_and_no_answer():
    """Two app processes behind nginx on PostgreSQL; one is killed with kill -9 two seconds into the hold.
    Ten participants and two staff tabs land on the two processes at random: the chance that none is on
    the killed one is 2**-12, so `tabs_dropped >= 1` is a real check."""
    result = _run(
        "game",
        "--processes",
        "2",
        "--participants",
        "10",
        "--cards",
        "1",
        "--hold",
        "25",
        "--join-window",
        "5",
        "--kill-after",
        "2",
    )
    assert result["joined"] == result["participants"] == 10
    failover = result["failover"]
    assert failover["tabs_dropped"] >= 1 and failover["not_back"] == 0, failover
    assert failover["back_s"]["max"] <= 10.0, failover
    assert result["held"] == 10  # every tab is on its game page again at the end
    for kind in ("team", "choice"):
        assert result["answers"][kind]["lost"] == result["answers"][kind]["duplicated"] == 0, result["answers"]
    assert result["errors_shown"]["count"] == 0
