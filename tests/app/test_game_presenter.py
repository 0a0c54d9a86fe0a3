"""AppTests for the game console's presenter mode (``?view=board``), the projector's screen, in its states."""

from __future__ import annotations

import itertools
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from dshub.content import load_content
from dshub.game.state import Finish, Lock, OpenQuestion, Pause, Reveal, StartGame
from dshub.services import game, workshops
from tests.app.conftest import assert_clean, texts, watcher_split

CARD = "lc_truncated_axis"


@pytest.fixture
def day(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    red = workshops.join(db, code=created.workshop.code, new_team_name="Rood")
    blue = workshops.join(db, code=created.workshop.code, new_team_name="Blauw <b>")
    return {"key": created.facilitator_key, "red": red.token, "blue": blue.token, "code": created.workshop.code}


@pytest.fixture(scope="module")
def content():
    return load_content()


def presenter(open_page, day, lang="nl"):
    return open_page("app_pages/game_console.py", lang=lang, key=day["key"], view="board")


def send(db, day, content, command):
    version = game.console_view(db, day["key"], content).state.version
    game.send(db, day["key"], content, command, expected_version=version)


def everything(at) -> str:
    """Every element of the page (main and sidebar) as its protobuf text: all it can show or link to."""

    def walk(node):
        yield str(getattr(node, "proto", "") or "")
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else ():
            yield from walk(child)

    return "\n".join([*walk(at.main), *walk(at.sidebar)])


def html_bodies(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def headings(at) -> list[str]:
    """The page's headings in order, as markdown levels: "#" (st.title), "##" (st.header), "###" (st.subheader)."""
    marks = {"title": "#", "header": "##", "subheader": "###"}

    def walk(node):
        if getattr(node, "type", None) in marks:
            yield marks[node.type]
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else ():
            yield from walk(child)

    return list(walk(at.main))


def assert_presenter(at, day) -> None:
    """No controls, no app chrome, never the facilitator key; headings in order from one h1."""
    assert_clean(at)
    assert not [b for b in at.button if (b.key or "").startswith("game_cmd_")]
    assert not at.sidebar.radio, "no language switch on the projector"
    assert not at.get("link_button") and not at.get("page_link")
    assert day["key"] not in everything(at), "the projected page never holds the facilitator key"
    levels = headings(at)
    assert levels[0] == "#" and levels.count("#") == 1, levels
    assert all(len(b) - len(a) <= 1 for a, b in itertools.pairwise(levels)), levels
    assert at.toggle(key="game_board_view").value is True  # the way back to the console


@pytest.mark.parametrize(
    "lang,join,teams",
    [
        ("nl", "Scan de QR-code, of ga naar", "2 teams doen mee"),
        ("en", "Scan the QR code, or go to", "2 teams have joined"),
    ],
)
def test_the_lobby_shows_the_code_the_join_link_and_the_qr_code_not_the_key(open_page, day, lang, join, teams):
    at = presenter(open_page, day, lang)
    assert_presenter(at, day)
    page = texts(at)
    assert join in page and "dshub.test/join" in page
    assert f">{day['code']}</p>" in page  # the big code (and spelled out for screen readers)
    assert " ".join(day["code"]) in page
    assert [i for i in at.get("image")], "the QR code"
    qr_alt = str(at.get("image")[0].proto)
    assert " ".join(day["code"]) in qr_alt
    assert teams in page
    chips = html_bodies(at)
    assert "<li>Rood</li>" in chips and "<li>Blauw &lt;b&gt;</li>" in chips  # teams' own names, shown literally


def test_the_qr_code_carries_the_join_link_without_the_key(open_page, day, monkeypatch):
    from dshub.ui import presenter as presenter_ui

    drawn = []
    make = presenter_ui.qr_png
    monkeypatch.setattr(presenter_ui, "qr_png", lambda url: drawn.append(url) or make(url))
    presenter(open_page, day)
    assert drawn == [f"https://dshub.test/join?code={day['code']}"]


def test_a_closed_session_says_so_instead_of_the_code(open_page, db, day):
    workshops.set_workshop_status(db, day["key"], "closed")
    at = presenter(open_page, day, "en")
    assert_presenter(at, day)
    assert "The session is closed" in texts(at)
    assert day["code"] not in texts(at) and not at.get("image")


def test_between_rounds_the_round_and_the_way_in(open_page, db, day, content):
    send(db, day, content, StartGame())
    at = presenter(open_page, day, "en")
    assert_presenter(at, day)
    assert at.title[0].value == "Look closer"
    page = texts(at)
    assert "Round 1 of 5" in page and "dshub.test/join" in page and at.get("image")
    assert "2 teams have joined" in page


@pytest.mark.parametrize(
    "lang,count,timer,waiting",
    [
        ("nl", "**1 van 2** teams hebben geantwoord.", "Nog 4:", "Nog geen antwoord van: Blauw"),
        ("en", "**1 of 2** teams have answered.", "4:", "No answer yet from: Blauw"),
    ],
)
def test_an_open_question_shows_how_many_teams_answered_and_the_timer(
    open_page, db, day, content, lang, count, timer, waiting
):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion(deadline=time.time() + 290))
    game.confirm_team_answer(db, content, day["red"], CARD, {"options": ["axis_not_zero"]})
    at = presenter(open_page, day, lang)
    assert_presenter(at, day)
    question = load_content().get("game_awareness_day").card(CARD)[1].question.get(lang)
    assert at.title[0].value == question
    page = texts(at)
    assert count in page and waiting in page
    in_watch, widgets = watcher_split(at, "game_watch")
    assert widgets == ["game_board_view"]
    clock = [e.value for e in in_watch if e.type == "markdown" and ":material/timer:" in e.value]
    assert clock and timer in clock[0] and not clock[0].startswith("#")  # large text, not a heading
    assert at.get("plotly_chart"), "the question's chart"
    assert not at.dataframe  # no answers before the reveal
    send(db, day, content, Lock())
    at.run()
    assert_presenter(at, day)
    assert "1 van 2" in texts(at) or "1 of 2" in texts(at)


def test_after_the_reveal_the_answer_the_distribution_and_the_standings(open_page, db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    game.confirm_team_answer(db, content, day["red"], CARD, {"options": ["axis_not_zero"]})
    send(db, day, content, Lock())
    send(db, day, content, Reveal())
    at = presenter(open_page, day, "en")
    assert_presenter(at, day)
    page = texts(at)
    assert "The answer" in page and "✓ The vertical axis does not start at zero" in page
    charts = at.get("plotly_chart")
    assert [c for c in charts if c.proto.id.endswith("game_board_distribution")]
    standings = html_bodies(at)
    assert "Standings in bricks" in page
    assert "1.</span> Rood <span class='dshub-bricks'>12</span>" in standings
    assert "2.</span> Blauw &lt;b&gt; <span class='dshub-bricks'>10</span>" in standings
    in_watch, _ = watcher_split(at, "game_watch")
    assert not [e for e in in_watch if e.type in ("plotly_chart", "arrow_data_frame", "dataframe")]


def test_a_pause_shows_its_message(open_page, db, day, content):
    send(db, day, content, StartGame())
    send(db, day, content, Pause(message="Koffie! **Tien** minuten"))
    at = presenter(open_page, day)
    assert_presenter(at, day)
    assert "Pauze" in at.title[0].value
    assert "Koffie\\! \\*\\*Tien\\*\\* minuten" in texts(at)  # shown literally


def test_the_end_shows_the_podium_and_the_pulse(open_page, db, day, content):
    statements = [s.id for s in load_content().get("game_awareness_day").pulse.statements]
    game.save_pulse(db, content, day["red"], "before", {s: 2 for s in statements})
    send(db, day, content, StartGame())
    send(db, day, content, OpenQuestion())
    game.confirm_team_answer(db, content, day["red"], CARD, {"options": ["axis_not_zero"]})
    send(db, day, content, Lock())
    send(db, day, content, Reveal())
    send(db, day, content, Finish())
    game.save_pulse(db, content, day["blue"], "after", {s: 4 for s in statements})
    at = presenter(open_page, day, "en")
    assert_presenter(at, day)
    assert at.title[0].value == "Podium"
    page = texts(at)
    assert "**Place 1** · 12 bricks" in page and "**Rood**" in page
    assert "Awareness pulse: start and end of the day" in page
    pulse = [c for c in at.get("plotly_chart") if c.proto.id.endswith("game_board_pulse")]
    assert pulse and "4" in pulse[0].proto.alt  # the chart's text alternative: the mean at the end


def test_the_console_opens_the_presenter_mode_in_a_new_tab(open_page, day):
    console = open_page("app_pages/game_console.py", lang="en", key=day["key"])
    assert_clean(console)
    link = console.get("link_button")[0].proto
    assert link.label == "Open presenter mode (new tab)"
    url = urlsplit(link.url)
    assert url.path == "/game-console"
    assert parse_qs(url.query) == {"key": [day["key"]], "view": ["board"], "lang": ["en"]}
    assert console.sidebar.radio(key="lang_switch")  # the console keeps the language switch
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    at = open_page("app_pages/game_console.py", lang=query.pop("lang"), **query)  # the new tab
    assert_presenter(at, day)
    at.toggle(key="game_board_view").set_value(False).run()  # back to the console in this tab
    assert_clean(at)
    assert at.button(key="game_cmd_start_game") and at.sidebar.radio(key="lang_switch")
