"""Plotly figure for the datalab benchmark, with its text alternative.

:func:`shares_figure` draws, for one topic (analysis, policy areas, ...), the share
of labs per indicator as horizontal bars. Every bar carries its status in words
(published / estimate / imported) and estimates are hatched, so the provenance
never rests on colour alone. :func:`shares_table` holds the same numbers for
screen-reader users.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dshub.benchmarks.content import OVERALL, Message
from dshub.benchmarks.survey import Benchmark, Figure, Indicator
from dshub.charts import apply_layout, wrap
from dshub.i18n import t

#: Topics whose indicators are counts of labs (medians are shown in the tables only).
SHARE_TOPICS: tuple[str, ...] = ("organisation", "analysis", "domains", "way", "knowledge", "partners")
# At least 4.5:1 contrast on white (tested).
COLOURS = {"published": "#1F4E8C", "imported": "#2E6B30", "estimate": "#A04A00"}
FONT_SIZE = 16


def _bars(benchmark: Benchmark, topic: str, scope: str) -> list[tuple[Indicator, Figure, float]]:
    out = []
    for ind in benchmark.indicators.values():
        fig = ind.figure(scope)
        share = ind.share(scope)
        if ind.topic == topic and ind.unit == "labs" and fig is not None and share is not None:
            out.append((ind, fig, share))
    return out


def shares_table(benchmark: Benchmark, topic: str, lang: str, scope: str = OVERALL) -> pd.DataFrame:
    """The numbers behind :func:`shares_figure`: indicator, labs, n, share (%) and status."""
    rows = _bars(benchmark, topic, scope)
    return pd.DataFrame(
        {
            t("benchmarks.column.indicator", lang): [ind.label.render(lang) for ind, _, _ in rows],
            t("benchmarks.column.count", lang): [int(fig.value) for _, fig, _ in rows],
            t("benchmarks.column.n", lang): [fig.n for _, fig, _ in rows],
            t("benchmarks.column.share", lang): [round(100 * share) for _, _, share in rows],
            t("benchmarks.column.status", lang): [fig.label.render(lang) for _, fig, _ in rows],
        }
    )


def shares_figure(benchmark: Benchmark, topic: str, lang: str, scope: str = OVERALL) -> go.Figure:
    """Share of labs per indicator of ``topic`` in ``scope``; estimates hatched and labelled."""
    rows = _bars(benchmark, topic, scope)[::-1]  # plotly draws the first bar at the bottom
    fig = go.Figure(
        go.Bar(
            orientation="h",
            x=[round(100 * share) for _, _, share in rows],
            # The figures go under the label, not after the bar: on a phone (375 px) there is no room
            # beside a bar, and plotly cuts what does not fit.
            y=[
                wrap(ind.label.render(lang), 26)
                + "<br>"
                + t(
                    "benchmarks.chart.bar_text",
                    lang,
                    pct=round(100 * share),
                    count=int(fig.value),
                    n=fig.n,
                    status=t(f"benchmarks.chart.status.{fig.status}", lang),
                )
                for ind, fig, share in rows
            ],
            text=[f"{round(100 * share)}%" for _, _, share in rows],
            textposition="outside",
            cliponaxis=False,
            marker={
                "color": [COLOURS[fig.status] for _, fig, _ in rows],
                "pattern": {
                    "shape": ["/" if fig.status == "estimate" else "" for _, fig, _ in rows],
                    "fgcolor": "#FFFFFF",
                    "solidity": 0.3,
                },
            },
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    title = Message(
        "benchmarks.chart.title",
        {"topic": Message(f"benchmarks.topic.{topic}"), "scope": Message(f"benchmarks.scope.{scope}")},
    ).render(lang)
    apply_layout(fig, title, lang, FONT_SIZE, showlegend=False)
    fig.update_layout(height=fig.layout.margin.t + 70 + 70 * len(rows))
    fig.update_xaxes(
        title_text=t("benchmarks.chart.axis", lang), range=[0, 118], ticksuffix="%", tickvals=[0, 25, 50, 75, 100]
    )
    return fig
