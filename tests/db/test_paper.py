"""The paper fallback: print the sheets, fill one in, type it in; marked as from paper in every export.

Every test runs on SQLite and on PostgreSQL (the ``db`` fixture), the PDF round trip included.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from dshub import cli
from dshub.config import settings
from dshub.content import load_content
from dshub.errors import Forbidden, Invalid, NotFound
from dshub.game.state import Reorder, SkipRound
from dshub.maturity.content import MaturityModel
from dshub.reports import literacy as literacy_report
from dshub.reports import maturity as results_report
from dshub.reports import paper as sheet
from dshub.services import game as game_service
from dshub.services import literacy, maturity, paper, privacy, workshops
from dshub.store.models import Answer, AnswerHistory, Team
from tests.support.pdf import images, page_texts

TEAM = "Tafel Zeven"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture
def session_with_team(db):
    created = workshops.create_workshop(
        db,
        title="Data Awareness Dag",
        municipality="Dongen",
        base_url="https://dshub.test",
        event_date=date(2026, 12, 1),
    )
    joined = workshops.join(db, code=created.workshop.code, new_team_name=TEAM)
    return created, joined.membership.team


def _fill(layout: sheet.SheetLayout) -> tuple[paper.SheetEntry, dict]:
    """What a team ticks on the printed sheet, by the printed numbers and letters, turned into the entry
    the form gives (ids looked up by letter, as the form's options are)."""
    q_choice = next(q for q in layout.game_questions() if q.kind == sheet.SINGLE)
    q_multi = next(q for q in layout.game_questions() if q.kind == sheet.MULTIPLE)
    q_estimate = next(q for q in layout.game_questions() if q.kind == sheet.ESTIMATE)
    q_dilemma = next(q for q in layout.game_questions() if q.kind == sheet.DILEMMA)
    ticked = {
        q_choice.number: "B",
        q_multi.number: "A,C",
        q_estimate.number: "1.250,5",
        q_dilemma.number: "B",
        "S1": 3,
        "S2": "?",
        "P1": (2, 4),
    }
    game = {
        q_choice.card_id: {"options": [q_choice.choice("B").id]},
        q_multi.card_id: {"options": [q_multi.choice(x).id for x in ("A", "C")]},
        q_estimate.card_id: {"value": "1.250,5"},
        q_dilemma.card_id: {"vote": q_dilemma.choice("B").id, "argument": "Eerst de privacy regelen"},
    }
    s1, s2 = layout.scan_questions[0], layout.scan_questions[1]
    p1 = layout.pulse[0]
    entry = paper.SheetEntry(
        game,
        {s1.item_id: 3, s2.item_id: sheet.DONT_KNOW},
        {"before": {p1.statement_id: 2}, "after": {p1.statement_id: 4}},
    )
    return entry, {
        "ticked": ticked,
        "choice": q_choice,
        "multi": q_multi,
        "estimate": q_estimate,
        "dilemma": q_dilemma,
        "s1": s1,
        "s2": s2,
        "p1": p1,
    }


def test_print_fill_and_type_in_one_sheet(db, content, session_with_team):
    created, team = session_with_team
    key, code = created.facilitator_key, created.workshop.code

    # Print: one sheet for the team and a blank one, in Dutch.
    sheets = paper.sheets_for_facilitator(db, content, key, "https://dshub.test")
    assert [t.name for t in sheets.teams] == [TEAM, None]
    pdf = sheet.render_pdf(sheets, "nl")
    text = " ".join(page_texts(pdf))
    layout = sheets.layout
    entry, filled = _fill(layout)
    assert TEAM in text and code in text and "1 december 2026" in text and "Dongen" in text
    assert "nieuw team" in text  # the blank sheet
    choice = filled["choice"]
    assert f"{choice.number}. {choice.question.nl}"[:60] in text
    assert f"B {choice.choice('B').text.nl}"[:50] in text  # the letter printed next to its option
    assert filled["s1"].question.nl[:50] in text and filled["p1"].text.nl[:50] in text
    assert len(images(pdf)) == 2  # a QR code per sheet
    # Each team's sheet is numbered on its own: its first page is "pagina 1", its last "pagina n van n".
    pages = page_texts(pdf)
    firsts = [i for i, p in enumerate(pages) if "pagina 1 van" in p]
    assert len(firsts) == 2 and firsts[0] == 0
    n = firsts[1]  # pages of the team's sheet
    assert f"pagina {n} van {n}" in pages[n - 1] and TEAM in pages[n - 1]
    assert f"pagina 1 van {len(pages) - n}" in pages[n] and "nieuw team" in pages[n]
    html = sheet.render_html(sheets, "nl")
    assert f"https://dshub.test/paper?code={code}&amp;team={team.id}" in html
    assert key not in html  # the facilitator key is never printed

    # Type in: through the entry service.
    view = paper.entry_view(db, content, key, code=code, team=str(team.id))
    assert view.team.name == TEAM and view.stored.from_paper == 0
    done = paper.submit_sheet(db, content, key, str(team.id), entry, code=code)
    assert (done.changed, done.unchanged) == (8, 0)
    with db.read() as s:
        rows = {(r.instrument, r.item_id): r for r in s.scalars(select(Answer).where(Answer.team_id == team.id))}
    assert rows[("game", choice.card_id)].value == {"options": [choice.choice("B").id]}
    assert rows[("game", filled["estimate"].card_id)].value == {"value": 1250.5}
    assert rows[("game", filled["dilemma"].card_id)].value["vote"] == "adjust"
    assert rows[("maturity", filled["s1"].item_id)].value == 3
    assert rows[("maturity", filled["s2"].item_id)].value == "dk"
    assert rows[("pulse", f"{filled['p1'].statement_id}@after")].value == {"score": 4}
    assert {r.source for r in rows.values()} == {"paper"}
    assert paper.entry_view(db, content, key, team=str(team.id)).stored.from_paper == 8

    # The same sheet again changes nothing: no new revision, no new history.
    with db.read() as s:
        history = s.query(AnswerHistory).count()
    again = paper.submit_sheet(db, content, key, str(team.id), entry, code=code)
    assert (again.changed, again.unchanged) == (0, 8)
    with db.read() as s:
        assert s.query(AnswerHistory).count() == history
        assert {r.revision for r in s.scalars(select(Answer).where(Answer.team_id == team.id))} == {1}

    # Marked as from paper in every export.
    export = privacy.export_for_facilitator(db, key)
    answers = [r for r in export["tables"]["answer"] if r["team_id"] == team.id]
    assert answers and all(r["source"] == "paper" for r in answers)
    assert all(r["source"] == "paper" for r in export["tables"]["answer_history"])
    model = content.get("maturity", MaturityModel)
    dash = maturity.dashboard(db, model, key)
    document = results_report.results_document(dash, model, "en")
    assert document["respondents"]["entered_from_paper"] == 1
    dim = model.item(filled["s1"].item_id).dimension
    assert next(d for d in document["dimensions"] if d["id"] == dim)["entered_from_paper"] == 1
    assert any("paper" in n for n in document["notes"])
    scores = results_report.scores_table(dash, model, "en")
    assert "Entered from paper (respondents)" in scores.columns
    record = literacy.record_for_facilitator(db, content, key)
    assert record.from_paper == 8
    assert ",Answers entered from paper,,8\r\n" in literacy_report.render_csv(record, "en").decode("utf-8-sig")


def test_a_bad_field_stores_nothing_and_says_which_question(db, content, session_with_team):
    created, team = session_with_team
    key = created.facilitator_key
    layout = paper.entry_view(db, content, key).layout
    estimate = next(q for q in layout.game_questions() if q.kind == sheet.ESTIMATE)
    single = next(q for q in layout.game_questions() if q.kind == sheet.SINGLE)
    good = {single.card_id: {"options": [single.choice("A").id]}}
    with pytest.raises(Invalid) as bad_number:
        paper.submit_sheet(
            db, content, key, str(team.id), paper.SheetEntry({**good, estimate.card_id: {"value": "veel"}})
        )
    assert bad_number.value.key == "paper.error.bad_number" and bad_number.value.params["number"] == estimate.number
    two = next(q for q in layout.game_questions() if q.kind == sheet.SINGLE)
    with pytest.raises(paper.SheetRefused) as refused:
        paper.submit_sheet(
            db,
            content,
            key,
            str(team.id),
            paper.SheetEntry({two.card_id: {"options": [two.choice("A").id, two.choice("B").id]}}),
        )
    assert refused.value.message("en").startswith(f"{two.number}: ")
    with pytest.raises(Invalid):
        paper.submit_sheet(db, content, key, str(team.id), paper.SheetEntry({}, {layout.scan_questions[0].item_id: 7}))
    with db.read() as s:
        assert s.scalars(select(Answer).where(Answer.team_id == team.id)).all() == []


def test_a_new_team_sheet_makes_the_team_once_and_a_device_answer_is_not_relabelled(db, content, session_with_team):
    created, team = session_with_team
    key = created.facilitator_key
    layout = paper.entry_view(db, content, key).layout
    item = layout.scan_questions[0].item_id
    entry = paper.SheetEntry({}, {item: 2})
    with pytest.raises(Invalid):
        paper.submit_sheet(db, content, key, sheet.NEW_TEAM, entry)  # no name
    first = paper.submit_sheet(db, content, key, sheet.NEW_TEAM, entry, new_team_name="Papieren tafel")
    second = paper.submit_sheet(db, content, key, sheet.NEW_TEAM, entry, new_team_name="papieren tafel")
    assert first.team.key == second.team.key and (second.changed, second.unchanged) == (0, 1)
    with db.read() as s:
        assert s.query(Team).filter(Team.workshop_id == created.workshop.id).count() == 2

    # The team answered S1 on a device first: the same value from paper changes nothing, not even the source.
    joined = workshops.join(db, code=created.workshop.code, team_id=team.id)
    model = content.get("maturity", MaturityModel)
    maturity.save_scan_answer(db, model, joined.token, mode="team", item_id=item, value=4, note="bewijs")
    same = paper.submit_sheet(db, content, key, str(team.id), paper.SheetEntry({}, {item: 4}))
    assert same.changed == 0
    changed = paper.submit_sheet(db, content, key, str(team.id), paper.SheetEntry({}, {item: 5}))
    assert changed.changed == 1
    with db.read() as s:
        row = s.scalars(select(Answer).where(Answer.team_id == team.id, Answer.item_id == item)).one()
    assert (row.value, row.source, row.note) == (5, "paper", "bewijs")  # the device's evidence note is kept


def test_access_needs_the_facilitator_key_of_the_sheets_session(db, content, session_with_team):
    created, team = session_with_team
    other = workshops.create_workshop(db, title="Andere dag", municipality="Goirle", base_url="https://dshub.test")
    with pytest.raises(Forbidden):
        paper.entry_view(db, content, None, code=created.workshop.code, team=str(team.id))
    with pytest.raises(Forbidden) as wrong:
        paper.entry_view(db, content, other.facilitator_key, code=created.workshop.code, team=str(team.id))
    assert wrong.value.key == "paper.entry.wrong_session"
    with pytest.raises(NotFound):
        paper.entry_view(db, content, other.facilitator_key, team=str(team.id))  # not a team of that session


def test_the_sheets_follow_the_rounds_as_the_console_ordered_and_skipped_them(db, content, session_with_team):
    created, team = session_with_team
    key = created.facilitator_key
    file_order = [r.round_id for r in paper.entry_view(db, content, key).layout.rounds]
    assert len(file_order) >= 3
    console = game_service.open_console(db, key, content)
    new_order = (file_order[2], file_order[0], *file_order[3:], file_order[1])
    state = game_service.send(db, key, content, Reorder(agenda=new_order), expected_version=console.state.version)
    skipped = file_order[0]
    game_service.send(db, key, content, SkipRound(round_id=skipped), expected_version=state.version)

    sheets = paper.sheets_for_facilitator(db, content, key, "https://dshub.test")
    printed = [r.round_id for r in sheets.layout.rounds]
    assert printed == [r for r in new_order if r != skipped]
    first = sheets.layout.rounds[0].questions[0]
    assert first.number == "G1" and first.round_id == new_order[0]  # numbered in the order played
    view = paper.entry_view(db, content, key, team=str(team.id))
    assert [r.round_id for r in view.layout.rounds] == printed  # the entry form is shaped like the sheet

    # A sheet printed before the skip may hold an answer for the skipped round: it is still stored.
    everything = sheet.layout(game_service.pick_game(content), None, None)
    old_card = next(q for q in everything.game_questions() if q.round_id == skipped and q.choices)
    value = (
        {"vote": old_card.choices[0].id, "argument": ""}
        if old_card.kind == sheet.DILEMMA
        else {"datasets": [old_card.choices[0].id]}
        if old_card.kind == sheet.DATASETS
        else {"options": [old_card.choices[0].id]}
    )
    done = paper.submit_sheet(db, content, key, str(team.id), paper.SheetEntry({old_card.card_id: value}))
    assert done.changed == 1


@pytest.fixture
def regional(db):
    created = workshops.create_workshop(
        db,
        title="Regiodag",
        municipality="Breda",
        base_url="https://dshub.test",
        municipalities=["Etten-Leur", "Zundert"],
        event_date=date(2026, 12, 2),
    )
    places = {m.name: m.id for m in created.municipalities}
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Team Breda", municipality_id=places["Breda"])
    return created, places, joined.membership.team


def test_in_a_regional_session_a_sheet_names_its_municipality_and_a_new_team_ticks_one(db, content, regional):
    created, places, team = regional
    key = created.facilitator_key
    sheets = paper.sheets_for_facilitator(db, content, key, "https://dshub.test")
    assert sheets.municipalities == ("Breda", "Etten-Leur", "Zundert")
    assert [(t.name, t.municipality) for t in sheets.teams] == [("Team Breda", "Breda"), (None, None)]
    html = sheet.render_html(sheets, "en")
    blank = html[html.index("Answer sheet: new team") :]
    assert "Municipality (tick one)" in blank and all(f'<th scope="row">{p}</th>' in blank for p in places)
    assert "Municipality: <strong>Breda</strong>" in html[: html.index("Answer sheet: new team")]

    view = paper.entry_view(db, content, key, team=sheet.NEW_TEAM)
    assert [m.name for m in view.municipalities] == ["Breda", "Etten-Leur", "Zundert"]
    entry = paper.SheetEntry({}, {view.layout.scan_questions[0].item_id: 3})
    with pytest.raises(Invalid) as unticked:
        paper.submit_sheet(db, content, key, sheet.NEW_TEAM, entry, new_team_name="Tafel Zundert")
    assert unticked.value.key == "error.municipality_required"
    done = paper.submit_sheet(
        db, content, key, sheet.NEW_TEAM, entry, new_team_name="Tafel Zundert", municipality_id=places["Zundert"]
    )
    with db.read() as s:
        assert s.get(Team, int(done.team.key)).municipality_id == places["Zundert"]
        assert s.scalars(select(Answer).where(Answer.team_id == int(done.team.key))).one().source == "paper"
    # The same name from another municipality is refused, as on joining: nothing is stored.
    with pytest.raises(Invalid) as other:
        paper.submit_sheet(
            db,
            content,
            key,
            sheet.NEW_TEAM,
            paper.SheetEntry({}, {view.layout.scan_questions[1].item_id: 2}),
            new_team_name="tafel zundert",
            municipality_id=places["Breda"],
        )
    assert other.value.key == "error.team_other_municipality"
    with db.read() as s:
        assert s.scalars(select(Answer).where(Answer.team_id == int(done.team.key))).all().__len__() == 1
    # An existing team's sheet needs no municipality: the team has one.
    assert paper.submit_sheet(db, content, key, str(team.id), entry).changed == 1
    assert paper.entry_view(db, content, key, team=str(team.id)).team.municipality == "Breda"


def test_parse_number():
    assert paper.parse_number("1200") == 1200
    assert paper.parse_number("3,5") == 3.5
    assert paper.parse_number("1.250,5") == 1250.5
    assert paper.parse_number("1,250.5") == 1250.5
    assert paper.parse_number("  ") is None
    with pytest.raises(ValueError):
        paper.parse_number("veel")


@pytest.fixture
def env_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DSHUB_DATABASE_URL", url)
    monkeypatch.setenv("DSHUB_BASE_URL", "https://dshub.example.nl")
    settings.cache_clear()
    yield url
    settings.cache_clear()


def test_cli_paper(env_db, tmp_path, capsys):
    from dshub.store.db import Database

    created = workshops.create_workshop(cli._db(), title="Dag", municipality="Dongen", base_url="https://x")
    out = tmp_path / "sheets.pdf"
    assert cli.main(["paper", created.workshop.code.lower(), "--out", str(out), "--lang", "en"]) == 0
    texts = " ".join(page_texts(out.read_bytes()))
    assert "Answer sheet: new team" in texts and created.workshop.code in texts
    assert "written to" in capsys.readouterr().err
    assert cli.main(["paper", "NOPE00", "--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()
    Database(env_db).dispose()
