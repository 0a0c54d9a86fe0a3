"""The AI-literacy record of a session against a real database (SQLite and PostgreSQL), and its command."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, update

from dshub import cli
from dshub.catalogue.content import ethics_cases
from dshub.config import settings
from dshub.content import load_content
from dshub.errors import Forbidden, NotFound
from dshub.ethics.content import EthicsContent
from dshub.game.state import Lock, OpenEndPulse, OpenQuestion, Reveal, StartGame, StartRound
from dshub.maturity.content import MaturityModel
from dshub.reports.literacy import render_csv, render_html
from dshub.services import ethics, game, literacy, maturity, workshops
from dshub.store.answers import save_answer
from dshub.store.db import Database
from dshub.store.migrate import upgrade
from dshub.store.models import GameSession
from tests.support.pdf import page_texts

NOW = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
# Text that participants typed or chose: none of it may reach the record.
TEAM_NAME = "Team Jan de Vries"
NOTE = "Mevrouw Pietersen van schuldhulp weet hier meer van"
ARGUMENT = "Alleen als Kees van de afdeling Werk meekijkt"
PROJECT = "Project van Annelies Bakker"
ROLE_TYPED = "Piet Jansen (wethouder)"  # a "role" in a loaded report file is text a team typed


@pytest.fixture(scope="module")
def content():
    return load_content()


def _send(db, key, content, command):
    version = game.console_view(db, key, content).state.version
    return game.send(db, key, content, command, expected_version=version)


@pytest.fixture
def day(db, content):
    """A day with every part: two teams (and one the facilitator removed), two rounds played, the pulse
    before and after, ethics answers and the scan (each team chooses its scan)."""
    created = workshops.create_workshop(
        db,
        title="Data Awareness Dag",
        municipality="Dongen",
        base_url="http://x",
        event_date=date(2026, 12, 1),
        settings={"scan": "both"},
    )
    key, code = created.facilitator_key, created.workshop.code
    red1 = workshops.join(db, code=code, new_team_name=TEAM_NAME, roles=["policy", "management"])
    red2 = workshops.join(db, code=code, team_id=red1.membership.team.id, roles=["policy"])
    blue = workshops.join(db, code=code, new_team_name="Blauw", roles=["operations"])
    gone = workshops.join(db, code=code, new_team_name="Weg", roles=["communication"])
    secrets = [
        key,
        red1.token,
        red2.token,
        blue.token,
        gone.token,
        TEAM_NAME,
        "Blauw",
        NOTE,
        ARGUMENT,
        PROJECT,
        ROLE_TYPED,
    ]

    # The pulse at the start: red1 and blue; then two rounds, the second with a typed argument.
    game.save_pulse(db, content, red1.token, "before", {"pulse_know_data": 2, "pulse_question_charts": 3})
    game.save_pulse(db, content, blue.token, "before", {"pulse_know_data": 4})
    game.save_pulse(db, content, gone.token, "before", {"pulse_know_data": 1})  # a real answer: it counts
    game.open_console(db, key, content)
    for command in (StartGame(), OpenQuestion()):
        _send(db, key, content, command)
    game.confirm_team_answer(db, content, red1.token, "lc_truncated_axis", {"options": ["axis_not_zero"]})
    for command in (Lock(), Reveal(), StartRound("round_dilemma"), OpenQuestion()):
        _send(db, key, content, command)
    game.confirm_team_answer(db, content, blue.token, "dilemma_debt_model", {"vote": "adjust", "argument": ARGUMENT})
    for command in (Lock(), Reveal(), OpenEndPulse()):
        _send(db, key, content, command)
    game.save_pulse(db, content, red1.token, "after", {"pulse_know_data": 5})
    game.save_pulse(db, content, red2.token, "after", {"pulse_know_data": 4, "pulse_question_charts": 4})

    # Ethics: red answers two themes (with a note) and names a privacy officer at the table; blue one theme.
    assistant = content.get("ethics", EthicsContent)
    ethics.save_question(db, assistant, red1.token, "personal_data", "yes", note=NOTE, expected=0)
    ethics.save_question(db, assistant, red2.token, "uses_model", "statistical", expected=0)
    ethics.save_project(
        db,
        assistant,
        ethics_cases(content),
        red1.token,
        title=PROJECT,
        description=NOTE,
        case_id=None,
        roles=["policy", "privacy_officer"],
        expected={},
    )
    ethics.save_question(db, assistant, blue.token, "personal_data", "no", expected=0)
    with db.write() as session:  # as a loaded report file would store it (dshub.services.ethics.load_record)
        save_answer(
            session,
            workshop_id=created.workshop.id,
            team_id=blue.membership.team.id,
            instrument=ethics.INSTRUMENT,
            item_id=ethics.ROLES,
            value=[ROLE_TYPED, "legal"],
            content_version=assistant.version,
        )
    ethics.save_question(db, assistant, gone.token, "uses_model", "rules", expected=0)  # removed below

    # The scan: red as a team (quick), blue's member for themselves after choosing the full scan.
    model = content.get("maturity", MaturityModel)
    item = model.items_for("quick")[0]
    maturity.save_scan_answer(db, model, red1.token, mode="team", item_id=item.id, value=3, note=NOTE)
    maturity.set_scan_depth(db, model, blue.token, mode="individual", scan="full")
    maturity.save_scan_answer(db, model, blue.token, mode="individual", item_id=item.id, value=2)
    maturity.save_scan_answer(db, model, gone.token, mode="team", item_id=item.id, value=5)

    workshops.remove_team(db, key, gone.membership.team.id)
    return {"key": key, "code": code, "id": created.workshop.id, "secrets": secrets}


def test_the_record_covers_the_day(db, content, day):
    record = literacy.record_for_facilitator(db, content, day["key"], now=NOW)
    assert (record.municipality, record.title, record.event_date) == ("Dongen", "Data Awareness Dag", date(2026, 12, 1))
    assert record.first_activity is not None and record.first_activity <= record.last_activity
    assert record.modules == ("game", "ethics", "maturity", "benchmark") and record.generated_at == NOW
    assert (record.teams, record.participants) == (2, 3)  # the removed team and its member do not count
    roles = {r.role: r.count for r in record.roles}
    # policy: one team (two members ticked it); privacy officer and legal: named in the assistant;
    # communication: only in the removed team; a typed "role" the assistant does not know is left out.
    assert roles == {
        "information_management": 0,
        "policy": 1,
        "operations": 1,
        "management": 1,
        "communication": 0,
        "other": 0,
        "privacy_officer": 1,
        "legal": 1,
    }

    rounds = record.game.rounds
    assert [r.round_id for r in rounds] == ["round_look_closer", "round_dilemma"] and record.game.readable
    played = content.get("game_awareness_day")
    assert rounds[0].title == played.round("round_look_closer").title
    assert rounds[1].lesson == played.round("round_dilemma").lesson

    pulse = {p.statement: p for p in record.pulse}
    assert list(pulse) == [s.id for s in played.pulse.statements]
    assert pulse["pulse_know_data"].before.counts == (1, 1, 0, 1, 0)  # 2, 4 and the removed team's 1
    assert pulse["pulse_know_data"].after.counts == (0, 0, 0, 1, 1)
    assert pulse["pulse_know_data"].after.mean == 4.5
    assert (pulse["pulse_question_charts"].before.n, pulse["pulse_question_charts"].after.n) == (1, 1)
    assert pulse["pulse_know_whom"].before.n == 0 and pulse["pulse_know_whom"].before.mean is None

    assistant = content.get("ethics", EthicsContent)
    themes = {th.theme: th.teams for th in record.ethics.themes}
    assert themes == {assistant.theme_of("personal_data").id: 2, assistant.theme_of("uses_model").id: 1}
    assert record.ethics.teams == 2

    assert (record.scan.setting, record.scan.teams, record.scan.individuals) == ("both", 1, 1)
    assert {c.scan: c.owners for c in record.scan.by_scan} == {"quick": 1, "full": 1}

    # The command line's way in (join code, any case) gives the same record.
    assert literacy.record_for_code(db, content, f" {day['code'].lower()} ", now=NOW) == record


def test_the_record_holds_no_names_tokens_or_typed_text(db, content, day):
    record = literacy.record_for_facilitator(db, content, day["key"], now=NOW)
    for lang in ("nl", "en"):
        outputs = (render_html(record, lang), render_csv(record, lang).decode("utf-8-sig"))
        for output in outputs:
            for secret in day["secrets"]:
                assert secret not in output, (lang, secret)
    assert "Dongen" in outputs[0] and "Dongen" in outputs[1]  # the test would see text if it were there


def test_the_record_is_read_in_one_transaction(db, content, day):
    begins = []
    listener = lambda conn: begins.append(conn)  # noqa: E731
    event.listen(db.engine, "begin", listener)
    try:
        literacy.record_for_facilitator(db, content, day["key"], now=NOW)
        literacy.record_for_code(db, content, day["code"], now=NOW)
    finally:
        event.remove(db.engine, "begin", listener)
    assert len(begins) == 2  # one per call


def test_parts_not_in_the_session_and_an_unplayed_game(db, content):
    scan_only = workshops.create_workshop(
        db, title="Scan", municipality="Breda", base_url="http://x", modules=["maturity"]
    )
    record = literacy.record_for_facilitator(db, content, scan_only.facilitator_key, now=NOW)
    assert (record.game, record.pulse, record.ethics) == (None, None, None)
    assert record.scan.setting == "quick" and record.scan.teams == 0 and record.first_activity is None
    assert (record.teams, record.participants) == (0, 0)
    assert [r.count for r in record.roles] == [0] * len(workshops.ROLES)

    unplayed = workshops.create_workshop(db, title="Spel", municipality="Breda", base_url="http://x", modules=["game"])
    record = literacy.record_for_facilitator(db, content, unplayed.facilitator_key, now=NOW)
    assert record.game.rounds == () and record.game.title is not None  # the console was never opened
    assert all(p.before.n == p.after.n == 0 for p in record.pulse)


def test_a_damaged_or_missing_game_gives_a_record_not_an_error(db, content, day):
    with db.write() as session:
        session.execute(update(GameSession).where(GameSession.workshop_id == day["id"]).values(state={"x": 1}))
    record = literacy.record_for_facilitator(db, content, day["key"], now=NOW)
    assert not record.game.readable and record.game.rounds == ()
    assert "could not be read" in render_html(record, "en")
    with db.write() as session:
        session.execute(
            update(GameSession).where(GameSession.workshop_id == day["id"]).values(content_id="a_game_that_is_gone")
        )
    record = literacy.record_for_facilitator(db, content, day["key"], now=NOW)
    assert record.game.title is None and all(p.text is None for p in record.pulse)
    assert {p.statement for p in record.pulse} == {"pulse_know_data", "pulse_question_charts"}


def test_unknown_code_or_key_is_refused(db, content, day):
    with pytest.raises(NotFound):
        literacy.record_for_code(db, content, "ZZZZZZ")
    with pytest.raises(NotFound):
        literacy.record_for_code(db, content, "")
    with pytest.raises(Forbidden):
        literacy.record_for_facilitator(db, content, "not-a-key")


# --------------------------------------------------------------------------- command line


@pytest.fixture
def env_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DSHUB_DATABASE_URL", url)
    monkeypatch.delenv("DSHUB_DEFAULT_LANG", raising=False)
    settings.cache_clear()
    upgrade(url)
    database = Database(url)
    yield database
    database.dispose()
    settings.cache_clear()


def test_cli_writes_the_record(env_db, tmp_path, capsys):
    created = workshops.create_workshop(
        env_db, title="Dag", municipality="Dongen", base_url="http://x", event_date=date(2026, 12, 1)
    )
    workshops.join(env_db, code=created.workshop.code, new_team_name=TEAM_NAME, roles=["policy"])
    code = created.workshop.code

    out = tmp_path / "record.html"
    assert cli.main(["literacy", code.lower(), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="nl">' in page and "Dongen" in page and TEAM_NAME not in page
    assert f"sessie {code}" in capsys.readouterr().err

    out = tmp_path / "record.csv"  # the format follows the suffix; --lang en
    assert cli.main(["literacy", code, "--out", str(out), "--lang", "en"]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data[3:].startswith(b"section,item,measure,value")

    out = tmp_path / "record.txt"
    assert cli.main(["literacy", code, "--out", str(out), "--format", "csv"]) == 0
    assert out.read_bytes()[3:].startswith(b"onderdeel;onderwerp;gegeven;waarde")

    out = tmp_path / "record.pdf"  # a PDF by its suffix, or with --format pdf
    assert cli.main(["literacy", code, "--out", str(out)]) == 0
    first = page_texts(out.read_bytes())[0]
    assert "dossier AI-geletterdheid" in first and "Dongen" in first and "1 december 2026" in first
    assert re.search(r"pagina 1 van \d+", first) and TEAM_NAME not in " ".join(page_texts(out.read_bytes()))
    out = tmp_path / "record.bin"
    assert cli.main(["literacy", code, "--out", str(out), "--format", "pdf", "--lang", "en"]) == 0
    assert re.search(r"page 1 of \d+", page_texts(out.read_bytes())[0])


def test_cli_unknown_code_or_unwritable_file_gives_a_message_not_a_traceback(env_db, tmp_path, capsys):
    out = tmp_path / "record.html"
    assert cli.main(["literacy", "ZZZZZZ", "--out", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "We do not know this code" in err and "Traceback" not in err
    assert not out.exists()
    created = workshops.create_workshop(env_db, title="Dag", municipality="Dongen", base_url="http://x")
    missing = tmp_path / "no-such-folder" / "record.html"
    assert cli.main(["literacy", created.workshop.code, "--out", str(missing), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"Cannot write {missing}" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["literacy", created.workshop.code, "--out", str(out), "--format", "docx"])
    assert exit_.value.code == 2 and "invalid choice: 'docx'" in capsys.readouterr().err


def test_cli_says_when_the_pdf_cannot_be_made(env_db, tmp_path, capsys, monkeypatch):
    from dshub.reports import pdf

    def no_pango(html):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "html_to_pdf", no_pango)
    created = workshops.create_workshop(env_db, title="Dag", municipality="Dongen", base_url="http://x")
    out = tmp_path / "record.pdf"
    assert cli.main(["literacy", created.workshop.code, "--out", str(out), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "could not be made as PDF: cannot load library 'libpango-1.0-0'" in err and "Traceback" not in err
    assert not out.exists()
