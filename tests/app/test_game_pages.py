"""AppTests for the game console and the team page, in both languages."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import yaml

from dshub.config import settings
from dshub.content import load_content
from dshub.game.state import Finish, Lock, Next, OpenQuestion, Pause, Phase, Reveal, StartGame, StartRound
from dshub.services import game, workshops
from tests.app.conftest import assert_clean, texts, watcher_split

CARD = "lc_truncated_axis"


@pytest.fixture
def day(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    red = workshops.join(db, code=created.workshop.code, new_team_name="Rood")
    blue = workshops.join(db, code=created.workshop.code, new_team_name="Blauw")
    return {"key": created.facilitator_key, "red": red.token, "blue": blue.token, "code": created.workshop.code}


@pytest.fixture(scope="module")
def content():
    return load_content()


def console(open_page, day, lang="nl"):
    return open_page("app_pages/game_console.py", lang=lang, key=day["key"])


def team(open_page, day, who="red", lang="nl"):
    return open_page("app_pages/game.py", lang=lang, p=day[who])


def send(db, day, content, command):
    version = game.console_view(db, day["key"], content).state.version
    game.send(db, day["key"], content, command, expected_version=version)


def click(at, key):
    at.button(key=key).click().run()
    assert_clean(at)
    return at


@pytest.mark.parametrize(
    "lang,title,start,intro",
    [
        ("nl", "Spel leiden", "Spel starten", "Jullie krijgen steeds een grafiek"),
        ("en", "Run the game", "Start game", "Each time you see a chart"),
    ],
)
def test_console_runs_a_question_in_both_languages(open_page, db, day, content, lang, title, start, intro):
    at = console(open_page, day, lang)
    assert_clean(at)
    assert at.title[0].value == title
    assert at.button(key="game_cmd_start_game").label == start
    assert "20 min" in texts(at)  # the agenda with planned minutes
    click(at, "game_cmd_start_game")
    assert intro in texts(at)
    at.number_input(key="game_timer_minutes").set_value(5)
    click(at, "game_cmd_open_question")
    state = game.console_view(db, day["key"], content).state
    assert state.open_card == ("round_look_closer", 0) and state.deadline is not None
    game.confirm_team_answer(db, content, day["red"], CARD, {"options": ["axis_not_zero"]})
    click(at, "game_cmd_lock")
    click(at, "game_cmd_reveal")
    page = texts(at)
    assert ("Verbeterde weergave" if lang == "nl" else "Corrected view") in str(
        [c.proto.spec for c in at.get("plotly_chart")]
    )
    assert game.console_view(db, day["key"], content).board.results.totals == {"1": 12, "2": 10}
    assert ("Het antwoord" if lang == "nl" else "The answer") in page
    assert at.button(key="game_cmd_next")


def test_team_answers_and_sees_its_confirmed_answer(open_page, db, day, content):
    send(db, day, content, StartGame())
    at = team(open_page, day, lang="en")
    assert_clean(at)
    assert "Each time you see a chart" in texts(at)
    send(db, day, content, OpenQuestion())
    at = team(open_page, day, lang="en")  # (in the browser the page follows by itself; see the journey test)
    assert "Team **Rood**" in texts(at)
    at.checkbox(key=f"game_ans_{CARD}_axis_not_zero").check()
    at.button(key="game_confirm").click().run()
    assert_clean(at)
    assert game.team_view(db, content, day["red"]).answer.value == {"options": ["axis_not_zero"]}
    assert any("Our team answer" in s.value for s in at.success)
    # A reload (a new session with only the URL) shows the same answer and keeps the form filled in.
    again = team(open_page, day, lang="en")
    assert_clean(again)
    assert again.checkbox(key=f"game_ans_{CARD}_axis_not_zero").value is True
    assert any("Our team answer" in s.value for s in again.success)


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("nl", "De antwoorden voor deze vraag zijn gesloten"),
        ("en", "The answers to this question are locked"),
    ],
)
def test_an_answer_after_the_lock_shows_a_message_not_a_traceback(open_page, db, day, content, lang, expected):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    at = team(open_page, day, "blue", lang)
    send(db, day, content, Lock())  # the facilitator locks while the team still has the form on screen
    at.checkbox(key=f"game_ans_{CARD}_nothing_wrong").check()
    at.button(key="game_confirm").click().run()
    assert not at.exception
    assert expected in at.error[0].value
    assert game.team_view(db, content, day["blue"]).answer is None


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("nl", "Het spel is intussen verder gegaan"),
        ("en", "The game has moved on in the meantime"),
    ],
)
def test_a_stale_console_shows_a_clear_message(open_page, db, day, content, lang, expected):
    first, second = console(open_page, day, lang), console(open_page, day, lang)
    click(first, "game_cmd_start_game")
    second.button(key="game_cmd_start_game").click().run()  # drawn for the lobby; the game already started
    assert not second.exception
    assert expected in second.error[0].value
    assert game.console_view(db, day["key"], content).state.version == 1


def test_an_illegal_pause_shows_the_rule(open_page, db, day, content):
    at = console(open_page, day, "en")
    at.text_input(key="game_pause_message").set_value("   ")
    at.button(key="game_cmd_pause").click().run()
    assert not at.exception
    assert "Write a pause message of at most 200 characters." in at.error[0].value


def test_pause_reaches_the_team_screen(open_page, db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, Pause(message="Koffie **nu**"))
    at = team(open_page, day, lang="nl")
    assert_clean(at)
    assert "Pauze" in texts(at) and r"Koffie \*\*nu\*\*" in texts(at)  # the message is shown as plain text
    assert not [b for b in at.button if b.key == "game_confirm"]


def test_a_paused_question_shows_the_stopped_timer(open_page, db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion(deadline=time.time() + 125))
    send(db, day, content, Pause(message="Koffie"))
    at = console(open_page, day, "en")
    assert_clean(at)
    assert "Timer stopped at 2:0" in texts(at)  # 2:04 or 2:05, depending on how fast the test runs
    assert "Timer staat stil op 2:0" in texts(team(open_page, day, lang="nl"))


def test_board_view_hides_the_controls_and_shows_the_podium(open_page, db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    game.confirm_team_answer(db, content, day["red"], CARD, {"options": ["axis_not_zero"]})
    at = console(open_page, day, "en")
    at.toggle(key="game_board_view").set_value(True).run()
    assert_clean(at)
    assert not [b for b in at.button if (b.key or "").startswith("game_cmd_")]
    assert "1 of 2" in texts(at)  # teams that answered
    send(db, day, content, Lock())
    at.run()
    assert not at.dataframe or all("Rood" not in str(d.value) for d in at.dataframe)  # nothing before the reveal
    send(db, day, content, Reveal())
    at.run()
    assert_clean(at)
    # The answer and how many teams chose what, on the projector (the answers per team stay on the console).
    assert "✓ The vertical axis does not start at zero" in texts(at)
    distribution = next(c for c in at.get("plotly_chart") if c.proto.id.endswith("game_board_distribution"))
    assert "Teams that answered: 1. Chosen most often (1×): “The vertical axis" in distribution.proto.alt
    send(db, day, content, Finish())
    at.run()
    assert_clean(at)
    page = texts(at)
    assert "Podium" in page and "Place 1" in page
    assert "You see what you look for" in texts(console(open_page, day, "en"))  # the lessons: on the console


def test_awards_for_a_dilemma_from_the_console(open_page, db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, StartRound("round_dilemma"))
    send(db, day, content, OpenQuestion())
    game.confirm_team_answer(db, content, day["red"], "dilemma_debt_model", {"vote": "adjust", "argument": "Eerlijk."})
    send(db, day, content, Lock())
    at = console(open_page, day, "nl")
    at.number_input(key="game_award_dilemma_debt_model_1").set_value(3)
    at.button(key="game_bricks_save").click().run()
    assert_clean(at)
    assert game.console_view(db, day["key"], content).awards == {"1": 3, "2": 0}


def test_wrong_links_give_clear_messages(open_page, day):
    at = open_page("app_pages/game.py", lang="en", p="nonsense")
    assert not at.exception
    assert "do not recognise this device" in at.error[0].value
    at = open_page("app_pages/game_console.py", lang="en", key="nonsense")
    assert not at.exception
    assert "facilitator link is not valid" in at.error[0].value
    assert [t.value for t in at.title] == ["Run the game"]  # the page keeps its heading


def test_facilitate_and_join_pages_link_to_the_game(open_page, day):
    at = open_page("app_pages/facilitate.py", lang="en", key=day["key"])
    assert_clean(at)
    assert "Run the game" in str([p.proto for p in at.get("page_link")])
    at = open_page("app_pages/join.py", lang="en", p=day["red"])
    assert_clean(at)
    assert "Game" in str([p.proto.label for p in at.get("page_link")])


def test_agenda_reorder_skip_and_start_a_round_now(open_page, db, day, content):
    at = console(open_page, day, "en")
    click(at, "game_agenda_down_round_look_closer")  # the quiz comes first now
    assert game.console_view(db, day["key"], content).state.agenda[:2] == ("round_quiz", "round_look_closer")
    click(at, "game_agenda_skip_round_estimate")
    assert "skipped" in texts(at) and "Planned: 80 minutes" in texts(at)  # 90 planned, minus the 10 of the estimate
    click(at, "game_cmd_start_game")
    assert "Quiz" in texts(at)
    click(at, "game_agenda_start_round_dilemma")
    state = game.console_view(db, day["key"], content).state
    assert state.current_round_id == "round_dilemma" and "round_estimate" in state.skipped


def test_member_choice_and_pulse_on_the_team_screen(open_page, db, day, content):
    at = team(open_page, day, lang="en")
    assert "Awareness pulse at the start" in str([e.proto.label for e in at.expander])
    at.radio(key="game_pulse_before_pulse_know_data").set_value(4)
    at.button(key="game_pulse_before_submit").click().run()
    assert_clean(at)
    assert game.team_view(db, content, day["red"]).pulse == {"pulse_know_data@before": 4}
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion(deadline=9_999_999_999.0))
    at = team(open_page, day, lang="en")
    assert "left" in texts(at)  # the timer
    at.checkbox(key=f"game_ans_{CARD}_years_shuffled").check()
    at.button(key="game_save_choice").click().run()
    assert_clean(at)
    view = game.team_view(db, content, day["red"])
    assert view.my_choice == {"options": ["years_shuffled"]} and view.answer is None  # a choice is not the answer
    assert "you: The years are out of order" in texts(at)
    assert "Your team has not confirmed an answer yet." in [w.value for w in at.warning]


@pytest.fixture
def own_game_dir(tmp_path, monkeypatch):
    """A content folder with the shipped files plus a facilitator's own game (a copy with a new id)."""
    source = Path(__file__).resolve().parents[2] / "questionnaires"
    folder = tmp_path / "content"
    shutil.copytree(source, folder)
    data = yaml.safe_load((source / "game_awareness_day.yaml").read_text(encoding="utf-8"))
    data["id"] = "game_own"
    data["title"] = {"nl": "Ons eigen spel", "en": "Our own game"}
    data["rounds"] = [r for r in data["rounds"] if r["type"] in ("quiz", "dilemma")]
    (folder / "game_own.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("DSHUB_CONTENT_DIR", str(folder))
    settings.cache_clear()
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    yield folder
    settings.cache_clear()


def test_the_console_lets_the_facilitator_pick_their_own_game_in_the_lobby(open_page, db, day, own_game_dir):
    at = console(open_page, day, "en")
    assert_clean(at)
    assert at.selectbox(key="game_choose").value == "game_awareness_day"
    at.selectbox(key="game_choose").set_value("game_own").run()
    click(at, "game_choose_use")
    both = load_content(own_game_dir)
    view = game.console_view(db, day["key"], both)
    assert view.content_id == "game_own" and view.state.agenda == ("round_quiz", "round_dilemma")
    assert "Our own game" in texts(at)
    click(at, "game_cmd_start_game")
    assert not [s for s in at.selectbox if s.key == "game_choose"]  # no choosing once the game runs
    assert game.team_view(db, both, day["red"]).content_id == "game_own"


@pytest.mark.parametrize(
    "lang,heading,theme",
    [
        ("nl", "Verder in de ethische data-assistent", "Algoritme"),
        ("en", "Continue in the ethical data assistant", "Algorithm"),
    ],
)
def test_a_revealed_dilemma_leads_into_the_ethics_assistant(open_page, db, day, content, lang, heading, theme):
    send(db, day, content, StartGame())
    send(db, day, content, StartRound("round_dilemma"))
    send(db, day, content, OpenQuestion())
    send(db, day, content, Lock())
    send(db, day, content, Reveal())
    for at, page in ((team(open_page, day, lang=lang), "ethics"), (console(open_page, day, lang), "ethics-overview")):
        assert_clean(at)
        assert heading in texts(at) and theme in texts(at)
        links = [p.proto for p in at.get("page_link")]
        assert any(page in link.page for link in links), links


def test_the_facilitator_opens_the_end_of_day_pulse_from_the_console(open_page, db, day, content):
    send(db, day, content, StartGame())
    at = team(open_page, day, lang="en")
    assert "Awareness pulse at the start" in str([e.proto.label for e in at.expander])  # late joiners still can
    board = console(open_page, day, "en")
    assert "Open now: pulse at the start" in texts(board)
    click(board, "game_cmd_end_pulse")
    assert game.console_view(db, day["key"], content).state.end_pulse_open
    assert "Open now: pulse at the end" in texts(board)
    at = team(open_page, day, lang="en")
    labels = str([e.proto.label for e in at.expander])
    assert "Awareness pulse at the end" in labels and "at the start" not in labels
    at.radio(key="game_pulse_after_pulse_know_data").set_value(5)
    at.button(key="game_pulse_after_submit").click().run()
    assert_clean(at)
    assert game.team_view(db, content, day["red"]).pulse == {"pulse_know_data@after": 5}
    assert "answered by: 0 at the start, 1 at the end" in texts(board.run())


def test_the_correction_panel_corrects_an_earlier_card_and_the_total_with_a_reason(open_page, db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    game.confirm_team_answer(db, content, day["red"], CARD, {"options": ["axis_not_zero"]})
    send(db, day, content, Lock())
    at = console(open_page, day, "en")
    assert at.selectbox(key="game_fix_card").value == CARD  # the locked card on screen is offered first
    send(db, day, content, Reveal())
    send(db, day, content, Next())  # the next card is open: the first one can still be corrected
    at = console(open_page, day, "en")
    assert at.selectbox(key="game_fix_card").options[:2] == [
        "Apart from any question (total)",
        "Look closer · question 1: The rating for the municipal service desk seems to soar. Wh…",
    ]
    at.selectbox(key="game_fix_team").set_value("2")
    at.selectbox(key="game_fix_card").set_value(CARD)
    at.number_input(key="game_fix_amount").set_value(2)
    at.text_input(key="game_fix_reason").set_value("Saw the axis **too**")
    click(at, "game_fix_save")
    at.selectbox(key="game_fix_team").set_value("1").run()
    at.selectbox(key="game_fix_card").set_value("__overall__")
    at.number_input(key="game_fix_amount").set_value(-1)
    click(at, "game_fix_save")
    view = game.console_view(db, day["key"], content)
    assert view.corrections == {("2", CARD): 2, ("1", None): -1}
    assert [a.reason for a in view.adjustments] == ["", "Saw the axis **too**"]
    assert view.board.results.totals == {"1": 11, "2": 12}
    rows = next(d.value for d in at.dataframe if "Reason (seen by the facilitator)" in d.value.columns)
    assert list(rows["Bricks"]) == [-1, 2]


def test_the_agenda_plans_every_round_from_the_start_time_and_flags_an_overrun(
    open_page, db, day, content, monkeypatch
):
    import datetime

    from dshub.ui.game import agenda as game_ui

    monkeypatch.setattr(game_ui, "local_minute", lambda: 9 * 60 + 12)
    at = console(open_page, day, "en")
    assert "planned 09:00" not in texts(at)
    assert at.time_input(key="game_start_time").value is None  # no start time until the facilitator sets one
    at.time_input(key="game_start_time").set_value(datetime.time(9, 0)).run()
    assert_clean(at)
    assert game.console_view(db, day["key"], content).state.planned_start == 9 * 60
    page = texts(at)
    assert "planned 09:00–09:20" in page and "planned 09:20–09:35" in page  # look closer 20 min, then the quiz
    assert any("12 min past the planned start" in w.value for w in at.warning)
    click(at, "game_cmd_start_game")
    assert "on schedule" in texts(at) and not at.warning
    monkeypatch.setattr(game_ui, "local_minute", lambda: 9 * 60 + 31)
    at.run()
    assert any("Now 09:31 · planned 09:00–09:20 · 11 min over time" in w.value for w in at.warning)
    click(at, "game_agenda_skip_round_quiz")  # a skipped round leaves the plan; the next one moves up
    assert "**Estimate** · planned 09:20–09:30" in texts(at)  # the type only when it differs from the title
    at.time_input(key="game_start_time").set_value(None).run()  # the start time is optional: clear it again
    assert game.console_view(db, day["key"], content).state.planned_start is None
    assert "planned 09:" not in texts(at) and not at.warning


def test_a_skip_in_the_lobby_can_be_undone_from_the_agenda(open_page, db, day, content):
    at = console(open_page, day, "en")
    click(at, "game_agenda_skip_round_estimate")
    assert "round_estimate" in game.console_view(db, day["key"], content).state.skipped
    assert at.button(key="game_agenda_unskip_round_estimate").label == "Undo skip"
    click(at, "game_agenda_unskip_round_estimate")
    assert not game.console_view(db, day["key"], content).state.skipped
    assert "Planned: 90 minutes" in texts(at) and at.button(key="game_agenda_skip_round_estimate")


def test_next_opens_the_next_card_with_the_timer(open_page, db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    send(db, day, content, Lock())
    send(db, day, content, Reveal())
    at = console(open_page, day, "en")
    at.number_input(key="game_timer_minutes").set_value(3)
    before = time.time()
    click(at, "game_cmd_next")
    state = game.console_view(db, day["key"], content).state
    assert state.open_card == ("round_look_closer", 1)
    assert before + 175 <= state.deadline <= time.time() + 185
    assert "left" in texts(at)  # the console shows the timer running


def test_the_board_view_is_kept_in_the_address(open_page, db, day, content):
    at = console(open_page, day, "en")
    at.toggle(key="game_board_view").set_value(True).run()
    assert at.query_params.get("view") in ("board", ["board"])  # AppTest may keep a list per parameter
    reloaded = open_page("app_pages/game_console.py", lang="en", key=day["key"], view="board")  # the projector reloads
    assert_clean(reloaded)
    assert reloaded.toggle(key="game_board_view").value is True
    assert not [b for b in reloaded.button if (b.key or "").startswith("game_cmd_")]
    reloaded.toggle(key="game_board_view").set_value(False).run()
    assert "view" not in reloaded.query_params
    assert reloaded.button(key="game_cmd_start_game")


def _fill_quiz(at):
    at.radio(key="game_ans_quiz_key_register_option").set_value("brp")


def _fill_estimate(at):
    at.number_input(key="game_ans_est_municipalities_value").set_value(340)


def _fill_data_case(at):
    for dataset in ("ds_topography", "ds_soil"):
        at.checkbox(key=f"game_ans_case_festival_{dataset}").check()


def _fill_dilemma(at):
    at.radio(key="game_ans_dilemma_debt_model_vote").set_value("adjust")
    at.text_input(key="game_ans_dilemma_debt_model_argument").input("Zonder nationaliteit.")


ROUND_TYPES = [
    ("round_quiz", "quiz_key_register", _fill_quiz, {"options": ["brp"]}, "game_ans_quiz_key_register_option"),
    ("round_estimate", "est_municipalities", _fill_estimate, {"value": 340.0}, "game_ans_est_municipalities_value"),
    (
        "round_data_case",
        "case_festival",
        _fill_data_case,
        {"datasets": ["ds_topography", "ds_soil"]},
        "game_ans_case_festival_ds_soil",
    ),
    (
        "round_dilemma",
        "dilemma_debt_model",
        _fill_dilemma,
        {"vote": "adjust", "argument": "Zonder nationaliteit."},
        "game_ans_dilemma_debt_model_vote",
    ),
]


@pytest.mark.parametrize("round_id,card_id,fill,expected,widget", ROUND_TYPES, ids=[r[0] for r in ROUND_TYPES])
def test_a_team_answers_every_round_type(open_page, db, day, content, round_id, card_id, fill, expected, widget):
    send(db, day, content, StartGame())
    send(db, day, content, StartRound(round_id))  # (look closer, the first round, has its own tests above)
    send(db, day, content, OpenQuestion())
    at = team(open_page, day, lang="en")
    assert_clean(at)
    fill(at)
    at.button(key="game_save_choice").click().run()  # first this member's own choice
    assert_clean(at)
    assert game.team_view(db, content, day["red"]).my_choice == expected
    at.button(key="game_confirm").click().run()  # then the team's answer
    assert_clean(at)
    view = game.team_view(db, content, day["red"])
    assert view.card.card_id == card_id and view.answer.value == expected
    assert any("Our team answer" in s.value for s in at.success)
    again = team(open_page, day, lang="en")  # a reload shows the confirmed answer in the form
    assert_clean(again)
    filled = next(w for kind in ("radio", "number_input", "checkbox") for w in getattr(again, kind) if w.key == widget)
    assert filled.value not in (None, False)


def test_the_facilitator_restarts_a_game_whose_file_changed_mid_event(open_page, db, day, own_game_dir):
    before = load_content(own_game_dir)
    send(db, day, before, StartGame())
    send(db, day, before, OpenQuestion())
    game.confirm_team_answer(db, before, day["red"], CARD, {"options": ["axis_not_zero"]})
    # The game file changes while the game runs: a card is added to the first round.
    path = own_game_dir / "game_awareness_day.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rounds"][0]["cards"].append({**data["rounds"][0]["cards"][0], "id": "lc_extra"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    import streamlit as st

    st.cache_resource.clear()

    players = team(open_page, day, lang="en")
    assert "let the facilitator restart the game" in players.error[0].value  # not a dead end
    at = console(open_page, day, "en")
    assert "was changed while it was running" in at.error[0].value
    assert at.button(key="game_restart").disabled  # nothing happens without the confirmation
    at.checkbox(key="game_restart_confirm").check().run()
    at.button(key="game_restart").click().run()
    assert_clean(at)
    after = load_content(own_game_dir)
    view = game.console_view(db, day["key"], after)
    cards = len(data["rounds"][0]["cards"])
    assert view.state.phase is Phase.LOBBY and view.state.card_counts["round_look_closer"] == cards
    assert at.button(key="game_cmd_start_game")  # the console works again
    players.run()
    assert_clean(players)
    assert "The game starts soon." in texts(players)


# --------------------------------------------------------------------------- after the visual review


def _block(node, key):
    """The container with ``key`` in the page's element tree (AppTest has no lookup for containers by key)."""
    for child in getattr(node, "children", {}).values():
        if str(getattr(getattr(child, "proto", None), "id", "")).endswith(f"-{key}"):
            return child
        found = _block(child, key)
        if found is not None:
            return found
    return None


def _has_columns(node) -> bool:
    return any(type(c).__name__ == "Column" or _has_columns(c) for c in getattr(node, "children", {}).values())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_agenda_buttons_wrap_in_a_row_instead_of_four_narrow_columns(open_page, db, day, content, lang):
    send(db, day, content, StartGame())  # in the intro every later round also has "start now"
    at = console(open_page, day, lang)
    assert_clean(at)
    for round_id in ("round_estimate", "round_data_case"):
        card = _block(at._tree, f"game_agenda_{round_id}")
        assert card is not None and not _has_columns(card)  # four columns cut the labels off ("Eer…")
        row = _block(card, f"game_agenda_actions_{round_id}")
        assert row.proto.flex_container.direction == row.proto.flex_container.HORIZONTAL
        assert row.proto.flex_container.wrap  # a button that does not fit moves to the next line, whole
        for action in ("up", "down", "skip", "start"):
            button = at.button(key=f"game_agenda_{action}_{round_id}")
            assert button.label and button.proto.icon.startswith(":material/")  # icon plus the whole text
    assert at.button(key="game_agenda_up_round_estimate").label == ("Eerder" if lang == "nl" else "Earlier")


@pytest.mark.parametrize(
    "lang,first,estimate",
    [
        ("nl", "**Kijk nog eens** · 20 min", "**Schatten** · 10 min"),
        ("en", "**Look closer** · 20 min", "**Estimate** · 10 min"),
    ],
)
def test_the_agenda_names_the_round_type_only_when_the_title_does_not(open_page, day, lang, first, estimate):
    at = console(open_page, day, lang)
    lines = [m.value for m in at.markdown if m.value.startswith("**")]
    assert any(line.startswith(first) for line in lines) and any(line.startswith(estimate) for line in lines)
    other = (
        "**Datacase: kies je gegevens** · Datacase" if lang == "nl" else "**Data case: choose your data** · Data case"
    )
    assert any(line.startswith(other) for line in lines), lines  # a different title keeps its type


def test_the_round_header_does_not_repeat_the_title(open_page, db, day, content):
    send(db, day, content, StartGame())
    at = console(open_page, day, "en")
    assert "Round 1 of 5" in [c.value for c in at.caption]
    assert "Look closer" in [h.value for h in at.header]


def test_every_game_chart_keeps_its_own_colours(open_page, db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    at = console(open_page, day, "en")
    charts = at.get("plotly_chart")
    assert len(charts) >= 2  # the look-closer chart and the standings
    assert all(c.proto.theme == "" for c in charts)  # no Streamlit theme: it turns the dark text light grey


def test_the_start_pulse_folds_away_while_a_question_is_open(open_page, db, day, content):
    def pulse_box(at):
        return next(e for e in at.expander if "Awareness pulse at the start" in e.proto.label)

    assert pulse_box(team(open_page, day, lang="en")).proto.expanded
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    at = team(open_page, day, lang="en")
    assert_clean(at)
    assert not pulse_box(at).proto.expanded  # one input at a time: the question first
    assert at.radio(key="game_pulse_before_pulse_know_data")  # still there to fill in when opened
    send(db, day, content, Lock())
    assert pulse_box(team(open_page, day, lang="en")).proto.expanded


def test_the_board_view_leaves_out_the_toggle_help(open_page, day):
    at = console(open_page, day, "en")
    assert at.toggle(key="game_board_view").help
    at.toggle(key="game_board_view").set_value(True).run()
    assert_clean(at)
    assert not at.toggle(key="game_board_view").help


@pytest.mark.parametrize("screen", ["team", "console", "board"])
def test_inputs_sit_outside_the_refreshing_part_and_the_timer_inside(open_page, db, day, content, screen):
    send(db, day, content, StartGame())
    version = game.console_view(db, day["key"], content).state.version
    game.send(db, day["key"], content, OpenQuestion(deadline=time.time() + 300), expected_version=version)
    if screen == "team":
        at = team(open_page, day)
    else:
        at = console(open_page, day)
        if screen == "board":
            at.toggle(key="game_board_view").set_value(True).run()
    assert_clean(at)
    in_watch, widgets = watcher_split(at, "game_watch")
    expected = {"team": "game_confirm", "console": "game_cmd_lock", "board": "game_board_view"}[screen]
    assert expected in widgets
    assert [e for e in in_watch if e.type == "markdown" and ":material/timer:" in e.value], "the timer ticks there"
    assert not [e for e in in_watch if e.type in ("plotly_chart", "arrow_data_frame", "dataframe")]
