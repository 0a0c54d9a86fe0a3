"""Game charts: flawed and corrected look-closer charts, distributions, board, pulse; text alternatives; contrast."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dshub.charts import TEMPLATE, TITLE_CHARS
from dshub.charts import game as charts
from dshub.content import load_content
from dshub.game.content import GameContent
from dshub.game.scoring import Adjustment, tally

REAL = Path(__file__).resolve().parents[2] / "questionnaires" / "game_awareness_day.yaml"


@pytest.fixture(scope="module")
def game() -> GameContent:
    # the whole folder: the data cases take their questions from the catalogue when it loads
    return load_content(REAL.parent).get("game_awareness_day", GameContent)


def chart(game, card_id):
    return game.card(card_id)[1].chart


def _contrast(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


@pytest.mark.parametrize("colour", sorted({*charts.SERIES, *charts.VERDICT_COLOURS.values()}))
def test_colours_meet_wcag_aa_on_white(colour):
    assert _contrast(colour) >= 4.5


def test_contrast_helper_is_sane():
    assert _contrast("#000000") == pytest.approx(21)
    assert _contrast("#FFFFFF") == pytest.approx(1)
    assert _contrast("#777777") < 4.5  # a grey that fails AA


# --------------------------------------------------------------------------- look closer


def test_truncated_axis_is_drawn_cut_and_corrected_from_zero(game):
    spec = chart(game, "lc_truncated_axis")
    flawed = charts.look_closer_figure(spec, "nl")
    assert flawed.layout.yaxis.range[0] == pytest.approx(7.1)
    fixed = charts.look_closer_figure(spec, "nl", corrected=True)
    assert fixed.layout.yaxis.range[0] == 0 and fixed.layout.yaxis.range[1] >= 7.5
    assert list(flawed.data[0].y) == [7.2, 7.3, 7.3, 7.5]
    assert list(flawed.data[0].x) == ["2021", "2022", "2023", "2024"]
    assert "7,1" in charts.look_closer_summary(spec, "nl")
    assert "7.1" in charts.look_closer_summary(spec, "en")
    assert "from 0 to 10" in charts.look_closer_summary(spec, "en", corrected=True)


def test_missing_base_shows_n_only_when_corrected(game):
    spec = chart(game, "lc_missing_base")
    flawed = charts.look_closer_figure(spec, "en")
    assert not any("n =" in text for text in flawed.data[0].text)
    fixed = charts.look_closer_figure(spec, "en", corrected=True)
    assert "100% (n = 3)" in fixed.data[0].text
    assert "Number of cases (n)" not in charts.look_closer_table(spec, "en").columns
    table = charts.look_closer_table(spec, "en", corrected=True)
    assert table.set_index("District")["Number of cases (n)"]["Dorp Oost"] == 3


def test_wrong_average_draws_the_mean_and_on_reveal_the_median(game):
    spec = chart(game, "lc_wrong_average")
    flawed = charts.look_closer_figure(spec, "en")
    lines = [s.y0 for s in flawed.layout.shapes]
    assert lines == [pytest.approx(31.2)]
    fixed = charts.look_closer_figure(spec, "en", corrected=True)
    assert sorted(s.y0 for s in fixed.layout.shapes) == [pytest.approx(17), pytest.approx(31.2)]
    assert "median: 17" in charts.look_closer_summary(spec, "en", corrected=True)
    assert "median" not in charts.look_closer_summary(spec, "en")


def test_simpson_split_totals_then_groups(game):
    spec = chart(game, "lc_simpson_split")
    flawed = charts.look_closer_figure(spec, "en")
    assert len(flawed.data) == 1
    assert dict(zip(flawed.data[0].x, flawed.data[0].y)) == {"West": pytest.approx(59), "East": pytest.approx(80)}
    fixed = charts.look_closer_figure(spec, "en", corrected=True)
    assert [trace.name for trace in fixed.data] == ["simple question", "complex question"]
    west_wins = {trace.name: dict(zip(trace.x, trace.y)) for trace in fixed.data}
    assert all(values["West"] > values["East"] for values in west_wins.values())
    assert fixed.layout.showlegend
    assert list(charts.look_closer_table(spec, "nl").columns) == ["Wijkteam", "Binnen een week opgelost"]
    assert len(charts.look_closer_table(spec, "nl", corrected=True)) == 4


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_look_closer_card_renders_both_ways(game, lang):
    for card in game.round("round_look_closer").cards:
        for corrected in (False, True):
            fig = charts.look_closer_figure(card.chart, lang, corrected)
            assert isinstance(fig, go.Figure)
            assert fig.layout.title.text.replace("<br>", " ").startswith(card.chart.title.get(lang))
            assert all(
                len(line) <= TITLE_CHARS or " " not in line  # a phone shows every title line whole
                for line in re.split(r"<br>|</?i>", fig.layout.title.text)
            )
            assert not charts.look_closer_table(card.chart, lang, corrected).empty
            assert card.chart.title.get(lang) in charts.look_closer_summary(card.chart, lang, corrected)


def test_line_charts_render(game):
    spec = chart(game, "lc_truncated_axis").model_copy(update={"kind": "line"})
    fig = charts.look_closer_figure(spec, "en")
    assert fig.data[0].type == "scatter" and fig.data[0].mode == "lines+markers"


# --------------------------------------------------------------------------- answer distribution


def test_choice_distribution_marks_the_key_only_on_reveal(game):
    answers = {"a": {"options": ["brp"]}, "b": {"options": ["brp"]}, "c": {"options": ["wmo_admin"]}}
    closed = charts.answer_distribution_figure(game, "quiz_key_register", answers, "en", team_names={"a": "Team A"})
    assert list(closed.data[0].x) == [2, 1, 0, 0]
    assert not any(label.startswith("✓") for label in closed.data[0].y)
    assert "Team A, b" in closed.data[0].hovertext[0]
    assert list(closed.data[0].text) == ["2: Team A, b", "1: c", "0", "0"]  # names visible on the bar itself
    tagged = charts.answer_distribution_figure(
        game, "quiz_key_register", answers, "en", team_names={"a": '<a href="https://x">A</a>'}
    )
    assert tagged.data[0].text[0].startswith("2: &lt;a") and "<a" not in tagged.data[0].text[0]
    assert "<a" not in tagged.data[0].hovertext[0]
    shown = charts.answer_distribution_figure(game, "quiz_key_register", answers, "en", reveal=True)
    assert shown.data[0].y[0].startswith("✓") and shown.data[0].y[1].startswith("✗")
    assert shown.data[0].marker.color[0] == charts.GREEN
    table = charts.answer_distribution_table(game, "quiz_key_register", answers, "en", reveal=True)
    assert list(table["Key"]) == ["correct", "wrong", "wrong", "wrong"]
    assert "Key" not in charts.answer_distribution_table(game, "quiz_key_register", answers, "en").columns


def test_the_projector_distribution_shows_counts_and_keeps_labels_on_one_line(game):
    answers = {"a": {"datasets": ["ds_soil"]}, "b": {"datasets": ["ds_soil", "ds_population_register"]}}
    fig = charts.answer_distribution_figure(
        game, "case_festival", answers, "nl", reveal=True, team_names={"a": "Rood", "b": "Blauw"}, counts_only=True
    )
    assert "Rood" not in "".join(fig.data[0].text) and "2" in fig.data[0].text
    assert "Rood" in "".join(fig.data[0].hovertext)  # the names stay in the hover
    assert not [y for y in fig.data[0].y if "<br>" in y]  # every dataset's name on one line
    assert fig.layout.xaxis.range[1] < 2 * 1.6 + 1.5  # no room kept for names


def test_an_estimate_leaves_room_for_its_labels(game):
    guesses = {"a": {"value": 300}, "b": {"value": 420}}
    fig = charts.answer_distribution_figure(game, "est_municipalities", guesses, "en", reveal=True)
    assert fig.layout.xaxis.range[1] >= 420 * 1.2  # the number after the largest guess is not cut off
    assert fig.layout.annotations[0].xanchor == "right"  # the true value's label reads leftwards (342 of 504)


def test_data_case_distribution_shows_verdicts(game):
    answers = {"a": {"datasets": ["ds_soil", "ds_population_register"]}}
    table = charts.answer_distribution_table(game, "case_festival", answers, "nl", reveal=True)
    by_name = table.set_index("Antwoord")
    assert by_name.loc["Basisregistratie Personen (BRP)", "Sleutel"] == "persoonsgegevens zonder noodzaak"
    assert by_name.loc["Bodem en draagkracht van terreinen", "Aantal teams"] == 1
    fig = charts.answer_distribution_figure(game, "case_festival", answers, "nl", reveal=True)
    assert charts.RED in fig.data[0].marker.color


def test_dilemma_and_estimate_distribution(game):
    votes = {"a": {"vote": "adjust", "argument": "x"}, "b": {"vote": "adjust", "argument": "y"}}
    table = charts.answer_distribution_table(game, "dilemma_debt_model", votes, "en")
    assert list(table["Number of teams"]) == [0, 2, 0] and list(table["Answer"]) == ["Go", "Adjust", "Stop"]
    guesses = {"a": {"value": 300}, "b": {"value": 420}}
    fig = charts.answer_distribution_figure(game, "est_municipalities", guesses, "en", reveal=True)
    assert list(fig.data[0].x) == [300, 420] and fig.layout.shapes[0].x0 == 342
    assert not charts.answer_distribution_figure(game, "est_municipalities", guesses, "en").layout.shapes
    table = charts.answer_distribution_table(game, "est_municipalities", guesses, "en", reveal=True)
    assert list(table.columns) == ["Team", "Guess", "True value"]


def test_every_chart_has_a_one_line_summary(game):
    answers = {"a": {"options": ["brp"]}, "b": {"options": ["brp"]}, "c": {"options": ["wmo_admin"]}}
    line = charts.answer_distribution_summary(game, "quiz_key_register", answers, "en")
    assert line.startswith("Teams that answered: 3. Chosen most often (2×): “") and "\n" not in line
    assert charts.answer_distribution_summary(game, "quiz_key_register", {}, "nl") == "Nog geen team heeft geantwoord."
    guesses = {"a": {"value": 300}, "b": {"value": 420}}
    assert charts.answer_distribution_summary(game, "est_municipalities", guesses, "en", reveal=True) == (
        "Teams that guessed: 2, from 300 to 420 municipalities. The true value is 342 municipalities."
    )
    results = tally(game, ["a", "b"], {"quiz_key_register": answers}, adjustments=[Adjustment("b", 1)])
    board = charts.bricks_board_summary(game, results, "en", {"a": "Rood"})
    assert board == "Standings in bricks: 1. b 13, 2. Rood 12."
    ids = [st.id for st in game.pulse.statements]
    pulse = charts.pulse_figure_summary(game.pulse, {ids[0]: [2, 3]}, {ids[0]: [4], ids[1]: [5]}, "en")
    assert pulse == (
        "Mean score over all statements (1 to 5): 2.5 at the start (n = 2), 4.5 at the end (n = 1). "
        f"The score rose for 1 of the {len(ids)} statements."
    )


def test_the_board_view_draws_every_chart_in_larger_type(game):
    answers = {"a": {"options": ["brp"]}}
    results = tally(game, ["a"], {"quiz_key_register": answers})
    figures = [
        lambda size: charts.answer_distribution_figure(game, "quiz_key_register", answers, "en", font_size=size),
        lambda size: charts.bricks_board_figure(game, results, "en", font_size=size),
        lambda size: charts.pulse_figure(game.pulse, {}, {}, "en", font_size=size),
        lambda size: charts.look_closer_figure(chart(game, "lc_truncated_axis"), "en", font_size=size),
    ]
    for make in figures:
        assert make(charts.FONT_SIZE).layout.font.size == 16
        big = make(charts.BOARD_FONT_SIZE).layout
        assert big.font.size == charts.BOARD_FONT_SIZE > 16 and big.height > 450  # taller, for the larger type
        lines = big.title.text.count("<br>") + 1  # the top margin holds every line of the title
        assert big.margin.t >= lines * big.title.font.size * 1.2 and big.title.yanchor == "bottom"


# --------------------------------------------------------------------------- board and pulse


def test_bricks_board(game):
    answers = {"quiz_key_register": {"a": {"options": ["brp"]}, "b": {"options": ["brp"]}}}
    results = tally(game, ["a", "b", "c"], answers, adjustments=[Adjustment("c", 5)])
    fig = charts.bricks_board_figure(game, results, "nl", team_names={"c": "Cyaan"})
    assert list(fig.data[0].y) == ["1. Cyaan", "2. a", "2. b"]
    assert list(fig.data[0].x) == [15, 12, 12]
    assert "blokjes" in fig.layout.title.text
    table = charts.bricks_board_table(game, results, "en")
    assert list(table.columns) == [
        "Rank",
        "Team",
        "Start",
        "Look closer",
        "What do you know about municipal data?",
        "Estimate",
        "Data case: choose your data",
        "What do we do?",
        "Adjustments",
        "Total",
    ]
    assert list(table["Rank"]) == [1, 2, 2] and list(table["Total"]) == [15, 12, 12]


def test_pulse_chart_uses_the_whole_scale(game):
    ids = [s.id for s in game.pulse.statements]
    before = {ids[0]: [2, 2, 3], ids[1]: [3]}
    after = {ids[0]: [4, 4, 4]}
    fig = charts.pulse_figure(game.pulse, before, after, "en")
    assert fig.layout.xaxis.range == (0.8, 5.2)
    markers = {trace.name: trace for trace in fig.data if trace.name}
    assert markers["Start of the day"].marker.symbol == "circle"
    assert markers["End of the day"].marker.symbol == "diamond"
    assert markers["End of the day"].x[0] == 4
    table = charts.pulse_table(game.pulse, before, after, "en")
    assert len(table) == len(ids)
    first = table.iloc[0]
    assert first["Mean at start"] == pytest.approx(2.33) and first["Change"] == pytest.approx(1.67)


def test_number_format():
    assert charts.format_number(1234.5, "nl") == "1.234,5" and charts.format_number(1234.5, "en") == "1,234.5"
    assert charts.format_number(5000, "nl") == "5.000" and charts.format_number(7.0, "en") == "7"
    assert charts._nice_ceiling(8.25) == 10 and charts._nice_ceiling(110) == pytest.approx(120)


@pytest.mark.parametrize(("lang", "marks"), [("nl", ",."), ("en", ".,")])
def test_every_chart_uses_the_languages_decimal_mark(game, lang, marks):
    ids = [s.id for s in game.pulse.statements]
    figures = [
        charts.look_closer_figure(chart(game, "lc_truncated_axis"), lang),
        charts.answer_distribution_figure(game, "est_municipalities", {"a": {"value": 300}}, lang, reveal=True),
        charts.answer_distribution_figure(game, "dilemma_debt_model", {"a": {"vote": "adjust", "argument": "x"}}, lang),
        charts.pulse_figure(game.pulse, {ids[0]: [2, 3]}, {ids[0]: [4]}, lang),
    ]
    for fig in figures:
        assert fig.layout.separators == marks  # plotly's numbers read 7,5 in Dutch, like the text around them
        assert fig.layout.font.color == "#1A1A1A" and fig.layout.font.size >= 13
        assert fig.layout.font.family.startswith('"Source Sans"')  # the page's typeface
        assert fig.layout.template == pio.templates[TEMPLATE]  # the app's one chart template
