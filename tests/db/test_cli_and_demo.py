"""The command line: validate, init-db, demo (idempotent), workshop create."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from dshub import cli
from dshub.config import settings
from dshub.content import load_content
from dshub.errors import Forbidden
from dshub.maturity.content import MaturityModel
from dshub.services import maturity
from dshub.store.db import Database
from dshub.store.models import Answer, Team, Workshop


@pytest.fixture
def env_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DSHUB_DATABASE_URL", url)
    monkeypatch.setenv("DSHUB_BASE_URL", "https://dshub.example.nl")
    settings.cache_clear()
    yield url
    settings.cache_clear()


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_demo_is_idempotent(env_db, capsys):
    assert cli.main(["demo"]) == 0
    first = _json(capsys)
    assert cli.main(["demo"]) == 0
    second = _json(capsys)
    assert first["created"] and not second["created"]
    assert first["join_url"] == "https://dshub.example.nl/join?code=DEMDAG"
    assert first["facilitator_url"] != second["facilitator_url"]  # keys are hashed: a new one each run
    db = Database(env_db)
    # The results link is management's read-only link, with a key of its own (renewed each run too).
    results_key = second["results_url"].split("key=")[1]
    assert second["results_url"].startswith("https://dshub.example.nl/results?key=")
    assert results_key != second["facilitator_url"].split("key=")[1]
    assert results_key != first["results_url"].split("key=")[1]
    model = load_content().get("maturity", MaturityModel)
    dash = maturity.dashboard(db, model, results_key)
    assert not dash.access.can_edit and dash.respondents["teams"] == 3
    with pytest.raises(Forbidden):
        maturity.set_targets(db, model, results_key, targets={})
    with pytest.raises(Forbidden):  # the previous run's links no longer work
        maturity.dashboard(db, model, first["results_url"].split("key=")[1])
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Workshop)) == 1
        assert s.scalar(select(func.count()).select_from(Team)) == 3
        answers = s.scalar(select(func.count()).select_from(Answer))
    assert answers > 0


def test_workshop_create_prints_json(env_db, capsys):
    assert (
        cli.main(
            [
                "workshop",
                "create",
                "--title",
                "Dag",
                "--municipality",
                "Dongen",
                "--date",
                "2026-12-01",
                "--modules",
                "maturity,ethics",
            ]
        )
        == 0
    )
    out = _json(capsys)
    assert out["join_url"] == f"https://dshub.example.nl/join?code={out['join_code']}"
    assert out["facilitator_url"].startswith("https://dshub.example.nl/facilitate?key=")
    assert out["modules"] == ["maturity", "ethics"]


def test_workshop_create_scan_option(env_db, capsys):
    assert cli.main(["workshop", "create", "--title", "Dag", "--municipality", "Dongen", "--scan", "both"]) == 0
    out = _json(capsys)
    assert out["scan"] == "both"
    with Database(env_db).read() as s:
        assert s.scalars(select(Workshop.settings).where(Workshop.code == out["join_code"])).one() == {"scan": "both"}
    assert cli.main(["workshop", "create", "--title", "Dag", "--municipality", "Dongen"]) == 0
    assert _json(capsys)["scan"] == "quick"  # without the option: the default, as before
    assert cli.main(["workshop", "create", "--title", "Dag", "--municipality", "X", "--kind", "assessment"]) == 0
    assert _json(capsys)["scan"] == "full"
    with pytest.raises(SystemExit) as exit_:
        cli.main(["workshop", "create", "--title", "Dag", "--municipality", "Dongen", "--scan", "medium"])
    assert exit_.value.code == 2 and "invalid choice: 'medium'" in capsys.readouterr().err


def test_workshop_create_bad_input_gives_a_message_not_a_traceback(env_db, capsys):
    assert cli.main(["workshop", "create", "--title", "Dag", "--municipality", "Dongen", "--modules", "poker"]) == 2
    assert "Unknown choice" in capsys.readouterr().err
    assert cli.main(["workshop", "create", "--title", "Dag", "--municipality", "X", "--date", "1-12-2026"]) == 2


def test_validate(env_db, tmp_path, capsys):
    assert cli.main(["validate"]) == 0
    assert "maturity_model maturity" in capsys.readouterr().out
    broken = tmp_path / "content"
    broken.mkdir()
    (broken / "x.yaml").write_text("id: x\nkind: maturity_model\nversion: 1\n", encoding="utf-8")
    assert cli.main(["validate", "--content-dir", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "x.yaml" in err and "Fix:" in err


def test_init_db(env_db, capsys):
    assert cli.main(["init-db"]) == 0
    assert cli.main(["init-db"]) == 0
    assert "up to date" in capsys.readouterr().out
