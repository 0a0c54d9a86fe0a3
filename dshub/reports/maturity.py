"""Maturity results as files management can pass on: HTML report, CSV, Excel, PNG.

The HTML report is self-contained (plotly.js and CSS inline) so it opens offline
and can be archived or printed to PDF. All user text is escaped.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
import plotly.graph_objects as go

from dshub.charts import maturity as charts
from dshub.i18n import format_number, t
from dshub.maturity.content import MaturityModel
from dshub.maturity.scoring import level_for
from dshub.services.maturity import Dashboard


def next_steps(dash: Dashboard, model: MaturityModel, lang: str, *, numbers: bool = False) -> pd.DataFrame:
    """Per dimension, ordered by priority (largest gap to target first): level, what it means, next step.

    Scores are text as the language writes them (1,7 in Dutch), for people to read;
    ``numbers=True`` keeps them as numbers (one decimal), for a spreadsheet.
    """
    gaps = dash.gaps.set_index("dimension") if not dash.gaps.empty else pd.DataFrame()
    rows = []
    for dim in model.dimensions:
        score = gaps.loc[dim.id, "score"] if dim.id in gaps.index else None
        level = level_for(None if score is None or pd.isna(score) else float(score))
        gap = gaps.loc[dim.id, "gap"] if dim.id in gaps.index else None
        value = None if score is None or pd.isna(score) else round(float(score), 1)
        rows.append({
            "_gap": -1e9 if gap is None or pd.isna(gap) else float(gap),
            t("results.col.dimension", lang): dim.label.get(lang),
            t("results.col.score", lang): value if numbers or value is None else format_number(score, lang),
            t("results.col.level", lang): model.level_label(level, lang) if level else t("results.no_score", lang),
            t("results.col.target", lang): dash.targets.get(dim.id),
            t("results.col.now", lang): model.descriptor(dim.id, level).descriptor.get(lang) if level else "",
            t("results.col.next", lang): model.descriptor(dim.id, level or 1).next_step.get(lang),
        })
    frame = pd.DataFrame(rows).sort_values("_gap", ascending=False, kind="stable")
    return frame.drop(columns="_gap").reset_index(drop=True)


@dataclass(frozen=True)
class ReportFigure:
    """A chart for the report with its text alternative; ``table`` (optional) gives its data in full."""

    heading: str
    figure: go.Figure
    summary: str
    note: str | None = None
    table: pd.DataFrame | None = None


def overall_table(dash: Dashboard, model: MaturityModel, lang: str) -> pd.DataFrame:
    """The secondary overall figure with translated headers."""
    rows = []
    for _, r in dash.result.overall.iterrows():
        level = level_for(None if pd.isna(r["overall"]) else float(r["overall"]))
        rows.append({
            t("maturity.table.n", lang): int(r["respondents"]),
            t("results.col.overall", lang): None if pd.isna(r["overall"]) else round(float(r["overall"]), 2),
            t("results.col.level", lang): f"{level} {model.level_label(level, lang)}" if level else
            t("results.no_score", lang),
            t("results.col.dimensions_scored", lang): int(r["dimensions_scored"]),
            t("results.col.coverage", lang): f"{float(r['coverage']):.0%}",
        })
    return pd.DataFrame(rows)


def scores_table(dash: Dashboard, model: MaturityModel, lang: str, benchmark=None) -> pd.DataFrame:
    return charts.radar_table(dash.result.dimensions, model, lang, group=dash.group, targets=dash.targets,
                              benchmark=benchmark)


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
    return buf.getvalue()


def png_bytes(fig: go.Figure, width: int = 1000, height: int = 800) -> bytes:
    """Render a figure as PNG (kaleido, using the system Chromium)."""
    return fig.to_image(format="png", width=width, height=height, scale=1)


def _table_html(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, na_rep="–", border=0, classes="data")


def html_report(dash: Dashboard, model: MaturityModel, lang: str, *, figures: list[ReportFigure],
                benchmark=None) -> str:
    """A self-contained HTML report: summary, each figure with its text alternative, next steps, scores."""
    ws = dash.access.workshop
    esc = html.escape
    now = datetime.now(timezone.utc).strftime("%d-%m-%Y %H:%M UTC")
    parts = [
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{esc(t('results.report.title', lang))} – {esc(ws.municipality)}</title>",
        "<style>body{font-family:DejaVu Sans,Arial,sans-serif;color:#0b0c0c;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}table.data{border-collapse:collapse;width:100%;margin:1rem 0}"
        "table.data th,table.data td{border:1px solid #888;padding:.3rem .5rem;text-align:left;"
        "vertical-align:top}table.data th{background:#e8eef5}.note{color:#444}"
        "@media print{.plotly-graph-div{page-break-inside:avoid}}</style></head><body><main>",
        f"<h1>{esc(t('results.report.title', lang))}</h1>",
        f"<p><strong>{esc(ws.municipality)}</strong> – {esc(ws.title)}"
        f"{' – ' + ws.event_date.strftime('%d-%m-%Y') if ws.event_date else ''}</p>",
        f"<p class='note'>{esc(t('results.report.meta', lang, view=t(f'results.view.{dash.view}', lang), when=now, version=model.version))}</p>",
        f"<h2>{esc(t('results.summary', lang))}</h2>",
        f"<p>{esc(charts.radar_summary(dash.result.dimensions, model, lang, group=dash.group, targets=dash.targets, benchmark=benchmark))}</p>",
    ]
    for note in dash.notes:
        parts.append(f"<p class='note'>{esc(t(note.key, lang, **note.params))}</p>")
    first = True
    for fig in figures:
        parts += [f"<h2>{esc(fig.heading)}</h2>",
                  f"<figure>{fig.figure.to_html(include_plotlyjs=first, full_html=False, config={'displaylogo': False})}"
                  f"<figcaption>{esc(fig.summary)}</figcaption></figure>"]
        if fig.note:
            parts.append(f"<p class='note'>{esc(fig.note)}</p>")
        if fig.table is not None and not fig.table.empty:
            parts.append(_table_html(fig.table))
        first = False
    parts += [
        f"<h2>{esc(t('results.next_steps', lang))}</h2>", _table_html(next_steps(dash, model, lang)),
        f"<h2>{esc(t('results.scores', lang))}</h2>", _table_html(scores_table(dash, model, lang, benchmark)),
        f"<p class='note'>{esc(t('results.report.overall_note', lang))}</p>",
        _table_html(overall_table(dash, model, lang)),
        f"<p class='note'>{esc(t('results.report.footer', lang))}</p>",
        "</main></body></html>",
    ]
    return "\n".join(parts)
