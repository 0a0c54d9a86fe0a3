"""Plotly figures for the awareness-day game, each with a text alternative.

* :func:`look_closer_figure` draws a look-closer chart from its content spec: as
  specified (with its flaw) or, after the reveal, corrected.
* :func:`answer_distribution_figure`: which teams chose what (or guessed what).
* :func:`bricks_board_figure`: bricks per team, ranked.
* :func:`pulse_figure`: the awareness pulse at the start and the end of the day.

Every figure has a ``*_table`` function returning a :class:`pandas.DataFrame` with the
same information for screen-reader users; look-closer charts also have a one-line
:func:`look_closer_summary` that states what the picture shows (such as where the
axis starts), since that is the point of the round. Colours reach at least 4.5:1
contrast on white, and meaning never rests on colour alone (marks, labels, symbols).
"""

from __future__ import annotations

import html
import math
import statistics
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dshub import i18n
from dshub.charts import TITLE_CHARS, apply_layout
from dshub.game.content import (
    AwarenessPulse,
    ChartSpec,
    ChoiceCard,
    DataCaseCard,
    DilemmaCard,
    EstimateCard,
    GameContent,
    MissingBase,
    SimpsonSplit,
    TruncatedAxis,
    WrongAverage,
    label_text,
)
from dshub.game.scoring import (
    Results,
    answer_distribution,
    estimate_guesses,
    pulse_summary,
)
from dshub.i18n import t

# Colours with at least 4.5:1 contrast on white (checked in the tests).
BLUE = "#1F4E8C"
GREEN = "#2E6B30"
RED = "#B3261E"
GREY = "#595959"
ORANGE = "#A04A00"
PURPLE = "#6A3D9A"
SERIES = (BLUE, ORANGE, PURPLE, GREEN, RED, GREY)
VERDICT_COLOURS = {"useful": GREEN, "with_care": BLUE, "not_useful": GREY, "no_need": RED}
VERDICT_MARKS = {"useful": "✓", "with_care": "!", "not_useful": "–", "no_need": "✗"}
FONT_SIZE = 16
BOARD_FONT_SIZE = 24  # the board view on a projector


def format_number(value: float, lang: str, digits: int = 1) -> str:
    """A number as people read it: no needless decimals, decimal comma in Dutch."""
    return i18n.format_number(value, lang, digits, trim=True)


def _wrap(text: str, width: int = 38) -> str:
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) or text


PROJECTOR_TITLE_CHARS = 60


def _layout(fig: go.Figure, title: str, font_size: int = FONT_SIZE, *, lang: str, **kwargs: Any) -> go.Figure:
    if font_size != FONT_SIZE:  # larger type needs a taller chart, or axis titles are cut off
        kwargs.setdefault("height", round(500 * font_size / FONT_SIZE))
    # A phone gets the normal size; larger type is for the projector, which is wide.
    return apply_layout(
        fig,
        title,
        lang,
        font_size,
        title_chars=TITLE_CHARS if font_size <= FONT_SIZE else PROJECTOR_TITLE_CHARS,
        **kwargs,
    )


# --------------------------------------------------------------------------- look closer


def _flat_points(chart: ChartSpec, lang: str) -> tuple[list[str], list[float], list[int | None]]:
    return ([label_text(p.x, lang) for p in chart.points], [p.y for p in chart.points], [p.base for p in chart.points])


def _simpson_totals(chart: ChartSpec, lang: str) -> tuple[list[str], list[float], list[int]]:
    xs: list[str] = []
    bases: dict[str, int] = {}
    for p in chart.points:
        x = label_text(p.x, lang)
        if x not in xs:
            xs.append(x)
        bases[x] = bases.get(x, 0) + (p.base or 0)
    totals = list(chart.totals().values())  # same order as first appearance
    return xs, totals, [bases[x] for x in xs]


# A second cue beside colour for each series (WCAG 1.4.1): a fill pattern for bars, a marker shape
# and a dash style for lines. The first series stays plain.
SERIES_PATTERNS = ("", "/", "x", ".")
SERIES_SYMBOLS = ("circle", "square", "diamond", "triangle-up")
SERIES_DASHES = ("solid", "dash", "dot", "dashdot")


def _trace(
    chart: ChartSpec,
    xs: list[str],
    ys: list[float],
    text: list[str] | None,
    colour: str,
    name: str | None = None,
    series: int = 0,
) -> go.BaseTraceType:
    n = series % len(SERIES_PATTERNS)
    if chart.kind == "line":
        return go.Scatter(
            x=xs,
            y=ys,
            mode="lines+markers+text" if text else "lines+markers",
            text=text,
            textposition="top center",
            line={"color": colour, "width": 3, "dash": SERIES_DASHES[n]},
            marker={"size": 10, "symbol": SERIES_SYMBOLS[n]},
            name=name,
        )
    return go.Bar(
        x=xs,
        y=ys,
        text=text,
        textposition="outside",
        name=name,
        marker={"color": colour, "pattern": {"shape": SERIES_PATTERNS[n], "fgcolor": "#ffffff", "solidity": 0.35}},
    )


def look_closer_figure(chart: ChartSpec, lang: str, corrected: bool = False, font_size: int = FONT_SIZE) -> go.Figure:
    """The chart as the card specifies it, flaw included; ``corrected=True`` draws the honest version."""
    flaw = chart.flaw
    unit = chart.unit
    fig = go.Figure()
    if isinstance(flaw, SimpsonSplit) and corrected:
        groups: list[str] = []
        for p in chart.points:
            group = p.group_text(lang)
            if group not in groups:
                groups.append(group)
        for n, (colour, group) in enumerate(zip(SERIES, groups)):
            pts = [p for p in chart.points if p.group_text(lang) == group]
            fig.add_trace(
                _trace(
                    chart,
                    [label_text(p.x, lang) for p in pts],
                    [p.y for p in pts],
                    [f"{format_number(p.y, lang)}{unit} ({t('game.chart.n', lang, n=p.base)})" for p in pts],
                    colour,
                    group,
                    series=n,
                )
            )
        fig.update_layout(barmode="group", legend={"title": {"text": ""}})
    elif isinstance(flaw, SimpsonSplit):
        xs, ys, _ = _simpson_totals(chart, lang)
        fig.add_trace(_trace(chart, xs, ys, [f"{format_number(y, lang)}{unit}" for y in ys], BLUE))
    else:
        xs, ys, bases = _flat_points(chart, lang)
        text = None
        if isinstance(flaw, MissingBase):
            text = [
                f"{format_number(y, lang)}{unit}" + (f" ({t('game.chart.n', lang, n=b)})" if corrected else "")
                for y, b in zip(ys, bases)
            ]
        fig.add_trace(_trace(chart, xs, ys, text, BLUE))
        if isinstance(flaw, WrongAverage):
            mean = statistics.fmean(ys)
            fig.add_hline(
                y=mean,
                line={"color": RED, "width": 3, "dash": "dash"},
                annotation_text=f"{t('game.chart.mean', lang)}: {format_number(mean, lang)}{unit}",
                annotation_position="top left",
                annotation_font_color=RED,
                annotation_bgcolor="rgba(255,255,255,0.85)",
            )
            if corrected:
                median = statistics.median(ys)
                fig.add_hline(
                    y=median,
                    line={"color": GREEN, "width": 3},
                    annotation_text=f"{t('game.chart.median', lang)}: {format_number(median, lang)}{unit}",
                    annotation_position="top left",
                    annotation_font_color=GREEN,
                    annotation_bgcolor="rgba(255,255,255,0.85)",
                )
    title = chart.title.get(lang)
    if corrected:
        title = f"{title}<br><i>{t('game.chart.corrected', lang)}</i>"
    _layout(fig, title, font_size, lang=lang, showlegend=isinstance(flaw, SimpsonSplit) and corrected)
    fig.update_xaxes(title_text=chart.x_title.get(lang), type="category")
    fig.update_yaxes(title_text=chart.y_title.get(lang), ticksuffix=unit)
    low, high = _y_range(chart, corrected)
    fig.update_yaxes(range=[low, high])
    return fig


def _nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) >= ``value``."""
    if value <= 0:
        return 1.0
    scale = 10 ** math.floor(math.log10(value))
    return next(step * scale for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if step * scale >= value)


def _y_range(chart: ChartSpec, corrected: bool) -> tuple[float, float]:
    """The value axis as drawn: from the flaw's start for an uncorrected truncated axis, else from zero."""
    top = max(p.y for p in chart.points)
    if isinstance(chart.flaw, TruncatedAxis) and not corrected:
        return chart.flaw.axis_start, top + (top - chart.flaw.axis_start) * 0.08
    return min(0.0, min(p.y for p in chart.points)), _nice_ceiling(top * 1.1)


def look_closer_table(chart: ChartSpec, lang: str, corrected: bool = False) -> pd.DataFrame:
    """The values behind :func:`look_closer_figure`: what the chart shows, no more (n only when corrected)."""
    flaw = chart.flaw
    x_col, value_col, n_col = chart.x_title.get(lang), chart.y_title.get(lang), t("game.table.n", lang)
    if isinstance(flaw, SimpsonSplit):
        if corrected:
            return pd.DataFrame(
                {
                    x_col: [label_text(p.x, lang) for p in chart.points],
                    t("game.table.group", lang): [p.group_text(lang) for p in chart.points],
                    value_col: [p.y for p in chart.points],
                    n_col: [p.base for p in chart.points],
                }
            )
        xs, ys, _ = _simpson_totals(chart, lang)
        return pd.DataFrame({x_col: xs, value_col: [round(y, 1) for y in ys]})
    xs, ys, bases = _flat_points(chart, lang)
    frame = pd.DataFrame({x_col: xs, value_col: ys})
    if isinstance(flaw, MissingBase) and corrected:
        frame[n_col] = bases
    return frame


def look_closer_summary(chart: ChartSpec, lang: str, corrected: bool = False) -> str:
    """One paragraph describing the picture, including where the value axis starts."""
    low, high = _y_range(chart, corrected)
    parts = [
        chart.title.get(lang) + ".",
        t(
            "game.chart.axis_range",
            lang,
            axis=chart.y_title.get(lang),
            low=format_number(low, lang),
            high=format_number(high, lang),
            unit=chart.unit,
        ),
    ]
    ys = [p.y for p in chart.points]
    if isinstance(chart.flaw, WrongAverage):
        parts.append(
            t(
                "game.chart.line_at",
                lang,
                what=t("game.chart.mean", lang).lower(),
                value=format_number(statistics.fmean(ys), lang),
                unit=chart.unit,
            )
        )
        if corrected:
            parts.append(
                t(
                    "game.chart.line_at",
                    lang,
                    what=t("game.chart.median", lang).lower(),
                    value=format_number(statistics.median(ys), lang),
                    unit=chart.unit,
                )
            )
    if isinstance(chart.flaw, SimpsonSplit) and corrected:
        parts.append(t("game.chart.split_by_group", lang))
    parts.append(t("game.chart.see_table", lang))
    return " ".join(parts)


# --------------------------------------------------------------------------- answer distribution


def _names(teams: Sequence[str], team_names: Mapping[str, str] | None) -> list[str]:
    return [(team_names or {}).get(team, team) for team in teams]


def _figure_names(teams: Sequence[str], team_names: Mapping[str, str] | None) -> list[str]:
    """Team names for figure text: plotly reads tags such as <a> or <b> in text, so teams' own names are escaped."""
    return [html.escape(name, quote=False) for name in _names(teams, team_names)]


def _distribution_rows(
    game: GameContent, card: Any, team_answers: Mapping[str, Any], lang: str, reveal: bool
) -> list[dict[str, Any]]:
    """One row per option / dataset / vote: label, teams, and (after the reveal) the key's mark."""
    dist = answer_distribution(card, team_answers)
    rows = []
    for item, teams in dist.items():
        row: dict[str, Any] = {"id": item, "teams": teams, "colour": BLUE, "mark": ""}
        if isinstance(card, ChoiceCard):
            row["label"] = next(o.text.get(lang) for o in card.options if o.id == item)
            if reveal:
                good = item in card.correct
                row.update(
                    colour=GREEN if good else GREY,
                    mark="✓" if good else "✗",
                    key=t("game.table.correct" if good else "game.table.wrong", lang),
                )
        elif isinstance(card, DataCaseCard):
            row["label"] = game.dataset(item).name.get(lang)
            if reveal:
                verdict = card.verdicts()[item]
                row.update(
                    colour=VERDICT_COLOURS[verdict], mark=VERDICT_MARKS[verdict], key=t(f"game.verdict.{verdict}", lang)
                )
        else:
            row["label"] = t(f"game.vote.{item}", lang)
        rows.append(row)
    return rows


def answer_distribution_figure(
    game: GameContent,
    card_id: str,
    team_answers: Mapping[str, Any],
    lang: str,
    reveal: bool = False,
    team_names: Mapping[str, str] | None = None,
    font_size: int = FONT_SIZE,
    counts_only: bool = False,
) -> go.Figure:
    """How many teams chose each option (or, for an estimate, each team's guess).

    ``team_answers``: team id -> confirmed answer. ``reveal`` marks the key (✓ / ✗, or the
    data-case verdicts) and, for an estimate, draws the true value. Each bar says how many
    teams chose it and which (the names are in the bar text, not only in the hover);
    ``counts_only`` (the projector, where a dozen names do not fit) puts only the number on the
    bar and gives the options' labels more room, so most stay on one line.
    """
    _, card = game.card(card_id)
    fig = go.Figure()
    if isinstance(card, EstimateCard):
        guesses = estimate_guesses(card, team_answers)
        names = _figure_names(list(guesses), team_names)
        fig.add_trace(
            go.Scatter(
                x=list(guesses.values()),
                y=names,
                mode="markers+text",
                text=[format_number(g, lang) for g in guesses.values()],
                textposition="middle right",
                marker={"size": 16, "color": BLUE, "symbol": "circle"},
            )
        )
        # Room on the right for the number after the largest guess; the true value's label reads
        # leftwards from its line when the line stands in the right half, so neither is cut off.
        high = max([*guesses.values(), card.answer if reveal else 0, 0]) * 1.2 or 1
        fig.update_xaxes(range=[0, high])
        if reveal:
            fig.add_vline(
                x=card.answer,
                line={"color": GREEN, "width": 3},
                annotation_text=f"{t('game.chart.true_value', lang)}: {format_number(card.answer, lang)}",
                annotation_font_color=GREEN,
                annotation_position="top left" if card.answer > high / 2 else "top right",
            )
        _layout(fig, card.question.get(lang), font_size, lang=lang, showlegend=False)
        fig.update_xaxes(title_text=card.unit.get(lang), rangemode="tozero")
        fig.update_yaxes(type="category", autorange="reversed")
        return fig
    rows = _distribution_rows(game, card, team_answers, lang, reveal)
    labels = [f"{r['mark']} {_wrap(r['label'], 50 if counts_only else 38)}".strip() for r in rows]
    counts = [len(r["teams"]) for r in rows]
    names = [", ".join(_figure_names(r["teams"], team_names)) for r in rows]
    text = [f"{n}: {_wrap(who, 30)}" if who and not counts_only else str(n) for n, who in zip(counts, names)]
    fig.add_trace(
        go.Bar(
            x=counts,
            y=labels,
            orientation="h",
            marker_color=[r["colour"] for r in rows],
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertext=[w or "-" for w in names],
            hoverinfo="text",
        )
    )
    assert card.question is not None  # a data case takes its question from the catalogue on load (resolve)
    _layout(fig, card.question.get(lang), font_size, lang=lang, showlegend=False)
    # Room on the right for the team names (or the number) after the longest bar.
    room = max(counts, default=0) * (1.15 if counts_only else 1.6) + (0.6 if counts_only else 1.5)
    fig.update_xaxes(title_text=t("game.chart.teams", lang), dtick=1, range=[0, room])
    fig.update_yaxes(autorange="reversed")
    return fig


def answer_distribution_table(
    game: GameContent,
    card_id: str,
    team_answers: Mapping[str, Any],
    lang: str,
    reveal: bool = False,
    team_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The same as :func:`answer_distribution_figure`, as a table."""
    _, card = game.card(card_id)
    team_col = t("game.table.team", lang)
    if isinstance(card, EstimateCard):
        guesses = estimate_guesses(card, team_answers)
        frame = pd.DataFrame(
            {team_col: _names(list(guesses), team_names), t("game.table.guess", lang): list(guesses.values())}
        )
        if reveal:
            frame[t("game.chart.true_value", lang)] = card.answer
        return frame
    rows = _distribution_rows(game, card, team_answers, lang, reveal)
    frame = pd.DataFrame(
        {
            t("game.table.option", lang): [r["label"] for r in rows],
            t("game.table.count", lang): [len(r["teams"]) for r in rows],
            t("game.table.teams", lang): [", ".join(_names(r["teams"], team_names)) for r in rows],
        }
    )
    if reveal and not isinstance(card, DilemmaCard):
        frame[t("game.table.key", lang)] = [r["key"] for r in rows]
    return frame


def answer_distribution_summary(
    game: GameContent, card_id: str, team_answers: Mapping[str, Any], lang: str, reveal: bool = False
) -> str:
    """One line saying what :func:`answer_distribution_figure` shows (its text alternative)."""
    _, card = game.card(card_id)
    if isinstance(card, EstimateCard):
        guesses = list(estimate_guesses(card, team_answers).values())
        if not guesses:
            return t("game.chart.summary_none", lang)
        line = t(
            "game.chart.summary_guesses",
            lang,
            n=len(guesses),
            low=format_number(min(guesses), lang),
            high=format_number(max(guesses), lang),
            unit=card.unit.get(lang),
        )
        if reveal:
            line += " " + t(
                "game.chart.summary_true_value", lang, value=format_number(card.answer, lang), unit=card.unit.get(lang)
            )
        return line
    rows = _distribution_rows(game, card, team_answers, lang, reveal)
    answered = {team for r in rows for team in r["teams"]}
    if not answered:
        return t("game.chart.summary_none", lang)
    top = max(len(r["teams"]) for r in rows)
    most = [r["label"] for r in rows if len(r["teams"]) == top]
    return t(
        "game.chart.summary_distribution",
        lang,
        n=len(answered),
        top=top,
        options="; ".join(f"“{label}”" for label in most),
    )


# --------------------------------------------------------------------------- bricks board


def bricks_board_figure(
    game: GameContent,
    results: Results,
    lang: str,
    team_names: Mapping[str, str] | None = None,
    font_size: int = FONT_SIZE,
) -> go.Figure:
    """Horizontal bars of total bricks, best team on top, with rank and number on each bar."""
    standings = results.leaderboard()
    names = [f"{s.rank}. {name}" for s, name in zip(standings, _figure_names([s.team for s in standings], team_names))]
    bricks = [s.bricks for s in standings]
    fig = go.Figure(
        go.Bar(
            x=bricks, y=names, orientation="h", marker_color=BLUE, text=bricks, textposition="outside", cliponaxis=False
        )
    )
    _layout(
        fig, t("game.chart.board_title", lang, bricks=game.bricks.get(lang)), font_size, lang=lang, showlegend=False
    )
    low = min([0, *bricks])  # a correction can take a team below zero
    high = max([1, *bricks])
    fig.update_xaxes(title_text=game.bricks.get(lang), range=[low * 1.2, high * 1.2])  # room for the numbers
    fig.update_yaxes(type="category", autorange="reversed")
    return fig


def bricks_board_table(
    game: GameContent, results: Results, lang: str, team_names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Rank, team, bricks per played round, and total."""
    standings = results.leaderboard()
    data: dict[str, list[Any]] = {
        t("game.table.rank", lang): [s.rank for s in standings],
        t("game.table.team", lang): _names([s.team for s in standings], team_names),
        t("game.table.start", lang): [results.start_bricks for _ in standings],
    }
    for round_id, scores in results.by_round.items():
        data[game.round(round_id).title.get(lang)] = [scores[s.team] for s in standings]
    if any(results.general.values()):
        data[t("game.table.adjustments", lang)] = [results.general[s.team] for s in standings]
    data[t("game.table.total", lang)] = [s.bricks for s in standings]
    return pd.DataFrame(data)


def bricks_board_summary(
    game: GameContent, results: Results, lang: str, team_names: Mapping[str, str] | None = None
) -> str:
    """One line with the standings (the text alternative of :func:`bricks_board_figure`)."""
    standings = results.leaderboard()
    if not standings:
        return t("game.chart.summary_no_teams", lang)
    names = _names([s.team for s in standings], team_names)
    return t(
        "game.chart.summary_board",
        lang,
        bricks=game.bricks.get(lang),
        standings=", ".join(f"{s.rank}. {name} {s.bricks}" for s, name in zip(standings, names)),
    )


# --------------------------------------------------------------------------- awareness pulse


def pulse_figure(
    pulse: AwarenessPulse,
    before: Mapping[str, Sequence[int]],
    after: Mapping[str, Sequence[int]],
    lang: str,
    font_size: int = FONT_SIZE,
) -> go.Figure:
    """Mean score per statement at the start (circle) and the end (diamond) of the day, on the full 1-5 scale."""
    rows = pulse_summary(pulse, before, after)
    labels = [_wrap(st.text.get(lang), 45) for st in pulse.statements]
    fig = go.Figure()
    for label, row in zip(labels, rows):
        if row.mean_before is not None and row.mean_after is not None:
            fig.add_trace(
                go.Scatter(
                    x=[row.mean_before, row.mean_after],
                    y=[label, label],
                    mode="lines",
                    line={"color": GREY, "width": 2},
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    for name, means, colour, symbol in (
        (t("game.chart.before", lang), [r.mean_before for r in rows], GREY, "circle"),
        (t("game.chart.after", lang), [r.mean_after for r in rows], BLUE, "diamond"),
    ):
        fig.add_trace(
            go.Scatter(
                x=means, y=labels, mode="markers", name=name, marker={"color": colour, "size": 16, "symbol": symbol}
            )
        )
    _layout(fig, t("game.chart.pulse_title", lang), font_size, lang=lang, legend={"orientation": "h", "y": -0.15})
    low, high = AwarenessPulse.SCALE[0], AwarenessPulse.SCALE[-1]
    fig.update_xaxes(
        range=[low - 0.2, high + 0.2],
        tickvals=list(AwarenessPulse.SCALE),
        title_text=f"{low} = {pulse.low.get(lang)}, {high} = {pulse.high.get(lang)}",
    )
    fig.update_yaxes(type="category", autorange="reversed")
    return fig


def pulse_table(
    pulse: AwarenessPulse, before: Mapping[str, Sequence[int]], after: Mapping[str, Sequence[int]], lang: str
) -> pd.DataFrame:
    """Per statement: number of ratings and mean at the start and the end, and the change."""
    rows = pulse_summary(pulse, before, after)

    def r1(v: float | None) -> float | None:
        return None if v is None else round(v, 2)

    return pd.DataFrame(
        {
            t("game.table.statement", lang): [st.text.get(lang) for st in pulse.statements],
            t("game.table.n_before", lang): [r.n_before for r in rows],
            t("game.table.mean_before", lang): [r1(r.mean_before) for r in rows],
            t("game.table.n_after", lang): [r.n_after for r in rows],
            t("game.table.mean_after", lang): [r1(r.mean_after) for r in rows],
            t("game.table.change", lang): [r1(r.change) for r in rows],
        }
    )


def pulse_figure_summary(
    pulse: AwarenessPulse, before: Mapping[str, Sequence[int]], after: Mapping[str, Sequence[int]], lang: str
) -> str:
    """One line: the mean over all statements at the start and the end (the text alternative of the pulse chart)."""
    rows = pulse_summary(pulse, before, after)

    def overall(scores: Mapping[str, Sequence[int]]) -> tuple[str, int]:
        values = [v for st in pulse.statements for v in scores.get(st.id, ()) if v in AwarenessPulse.SCALE]
        people = max((len(scores.get(st.id, ())) for st in pulse.statements), default=0)
        return (format_number(statistics.fmean(values), lang, 2) if values else "–"), people

    (b, nb), (a, na) = overall(before), overall(after)
    rose = sum(1 for r in rows if r.change is not None and r.change > 0)
    line = t(
        "game.chart.summary_pulse", lang, before=b, after=a, n_before=nb, n_after=na, high=AwarenessPulse.SCALE[-1]
    )
    if any(r.change is not None for r in rows):
        line += " " + t("game.chart.summary_pulse_rose", lang, n=rose, total=len(rows))
    return line


__all__ = [
    "BOARD_FONT_SIZE",
    "FONT_SIZE",
    "SERIES",
    "answer_distribution_figure",
    "answer_distribution_summary",
    "answer_distribution_table",
    "bricks_board_figure",
    "bricks_board_summary",
    "bricks_board_table",
    "look_closer_figure",
    "look_closer_summary",
    "look_closer_table",
    "pulse_figure",
    "pulse_figure_summary",
    "pulse_table",
]
