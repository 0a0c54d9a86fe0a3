"""Maturity results as files management can pass on: HTML report, CSV, Excel, PNG.

The HTML report is self-contained (plotly.js and CSS inline) so it opens offline
and can be archived or printed to PDF. All user text is escaped.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
import plotly.graph_objects as go

from dshub.charts import maturity as charts
from dshub.i18n import format_number, t
from dshub.maturity.content import MaturityModel
from dshub.maturity.scoring import level_for
from dshub.services.maturity import Dashboard, GroupSummary


# --------------------------------------------------------------------------- regional sessions


def subject(dash: Dashboard, lang: str) -> str:
    """What the figures are about: the session's municipality, or in a regional session the
    municipality shown or the region (with its municipalities)."""
    regional = dash.regional
    if regional is None:
        return dash.access.workshop.municipality
    current = regional.current
    if current.name is not None:
        return current.name
    return t("results.region.subject", lang, names=", ".join(regional.municipalities))


def group_label(group: GroupSummary, lang: str) -> str:
    """A group as the selector names it: "Region (all municipalities)" or the municipality's name,
    with "not shown" when the reader may not see it."""
    name = t("results.region.option", lang) if group.name is None else group.name
    return name if group.visible else t("results.group.hidden_option", lang, name=name)


def hidden_reason(group: GroupSummary, lang: str, min_n: int, escape: Callable[[str], str] = str) -> str:
    """Why a group's results are not shown to this reader, in words (``escape`` is applied to the
    municipality's name, which is user text)."""
    name = t("results.region.name", lang) if group.name is None else escape(group.name)
    reason = group.reason or "below_min"
    text = t(f"results.group.hidden.{reason}", lang, name=name, n=group.respondents, min=min_n)
    if reason == "below_min" and group.name is not None:
        text += " " + t("results.group.hidden.own_link", lang, name=name)
    return text


def regional_table(dash: Dashboard, lang: str) -> pd.DataFrame:
    """The groups the reader may know about: respondents, teams, people, and whether they are shown."""
    regional = dash.regional
    if regional is None:
        return pd.DataFrame()
    min_n = regional.min_respondents
    return pd.DataFrame({
        t("results.col.group", lang): [t("results.region.option", lang) if g.name is None else g.name
                                       for g in regional.groups],
        t("results.col.respondents", lang): [g.respondents for g in regional.groups],
        t("results.col.teams", lang): [g.teams for g in regional.groups],
        t("results.col.individuals", lang): [g.individuals for g in regional.groups],
        t("results.col.shown", lang): [t("results.shown.yes", lang) if g.visible else
                                       t(f"results.shown.{g.reason or 'below_min'}", lang, min=min_n)
                                       for g in regional.groups],
    })


def teams_table(dash: Dashboard, lang: str) -> pd.DataFrame:
    """A regional session's teams with their municipality and whether they answered the scan
    (filled only for the facilitator)."""
    return pd.DataFrame({
        t("results.col.team", lang): [team.name for team in dash.teams],
        t("results.col.municipality", lang): [team.municipality or "" for team in dash.teams],
        t("results.col.answered", lang): [t("results.shown.yes" if team.answered else "results.answered.no", lang)
                                          for team in dash.teams],
    })


def file_slug(dash: Dashboard, lang: str) -> str:
    """The start of a download's file name: ``dshub-CODE``, in a regional session with the group
    (``dshub-CODE-tilburg``, ``dshub-CODE-regio``)."""
    slug = f"dshub-{dash.access.workshop.code}"
    regional = dash.regional
    if regional is None:
        return slug
    name = regional.current.name or t("results.region.slug", lang)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    part = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40] or regional.selected
    return f"{slug}-{part}"


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
    """The scores per dimension; in a regional session every row names the municipality (or the region)."""
    frame = charts.radar_table(dash.result.dimensions, model, lang, group=dash.group, targets=dash.targets,
                               benchmark=benchmark)
    if dash.regional is not None:
        frame.insert(0, t("results.col.group", lang), subject(dash, lang))
    return frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    # UTF-8 with BOM and ';' so Dutch Excel opens it correctly.
    return frame.to_csv(index=False, sep=";").encode("utf-8-sig")


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
    about = subject(dash, lang)
    parts = [
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{esc(t('results.report.title', lang))} – {esc(about)}</title>",
        "<style>body{font-family:DejaVu Sans,Arial,sans-serif;color:#0b0c0c;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}table.data{border-collapse:collapse;width:100%;margin:1rem 0}"
        "table.data th,table.data td{border:1px solid #888;padding:.3rem .5rem;text-align:left;"
        "vertical-align:top}table.data th{background:#e8eef5}.note{color:#444}"
        "@media print{.plotly-graph-div{page-break-inside:avoid}}</style></head><body><main>",
        f"<h1>{esc(t('results.report.title', lang))}</h1>",
        f"<p><strong>{esc(about)}</strong> – {esc(ws.title)}"
        f"{' – ' + ws.event_date.strftime('%d-%m-%Y') if ws.event_date else ''}</p>",
        f"<p class='note'>{esc(t('results.report.meta', lang, view=t(f'results.view.{dash.view}', lang), when=now, version=model.version))}</p>",
        f"<h2>{esc(t('results.summary', lang))}</h2>",
        f"<p>{esc(charts.radar_summary(dash.result.dimensions, model, lang, group=dash.group, targets=dash.targets, benchmark=benchmark))}</p>",
    ]
    for note in dash.notes:
        parts.append(f"<p class='note'>{esc(t(note.key, lang, **note.params))}</p>")
    if dash.regional is not None:
        parts += [f"<h2>{esc(t('results.regional.heading', lang))}</h2>",
                  f"<p class='note'>{esc(t('results.regional.rule', lang, min=dash.regional.min_respondents))}</p>",
                  _table_html(regional_table(dash, lang))]
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
