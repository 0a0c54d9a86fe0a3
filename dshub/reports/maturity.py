"""Maturity results as files management can pass on: report (HTML and PDF), JSON, Excel, PNG.

The HTML report is self-contained (plotly.js, CSS and the charts' images inline) so it opens offline
and can be archived or printed. On screen its charts are interactive (plotly.js); in print, and so in
the PDF, each chart is a PNG made by kaleido. The PDF is that same HTML laid out by WeasyPrint
(:mod:`dshub.reports.pdf`). The HTML comes from ``templates/results.html.j2`` (:mod:`dshub.reports.jinja`,
autoescaped), so all user text is escaped. The CSV download is :mod:`dshub.reports.csvfile`.
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

from dshub.charts import maturity as charts
from dshub.i18n import format_date, format_datetime, format_number, t
from dshub.maturity.content import MaturityModel
from dshub.maturity.scoring import ASSESSED_AT, latest, level_for, radar_rows
from dshub.reports import jinja, pdf
from dshub.services.maturity import Dashboard, GroupSummary, scan_setting

RESULTS_FORMAT = "dshub.maturity.results"  # the JSON export (results_document)
RESULTS_FORMAT_VERSION = 1


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
    return pd.DataFrame(
        {
            t("results.col.group", lang): [
                t("results.region.option", lang) if g.name is None else g.name for g in regional.groups
            ],
            t("results.col.respondents", lang): [g.respondents for g in regional.groups],
            t("results.col.teams", lang): [g.teams for g in regional.groups],
            t("results.col.individuals", lang): [g.individuals for g in regional.groups],
            t("results.col.shown", lang): [
                t("results.shown.yes", lang)
                if g.visible
                else t(f"results.shown.{g.reason or 'below_min'}", lang, min=min_n)
                for g in regional.groups
            ],
        }
    )


def teams_table(dash: Dashboard, lang: str) -> pd.DataFrame:
    """A regional session's teams with their municipality and whether they answered the scan
    (filled only for the facilitator)."""
    return pd.DataFrame(
        {
            t("results.col.team", lang): [team.name for team in dash.teams],
            t("results.col.municipality", lang): [team.municipality or "" for team in dash.teams],
            t("results.col.answered", lang): [
                t("results.shown.yes" if team.answered else "results.answered.no", lang) for team in dash.teams
            ],
        }
    )


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
    gaps = dash.gaps
    # Per dimension its score and its gap to the target; NaN (or no row): none.
    score_of: dict[str, float] = {} if gaps.empty else dict(zip(gaps["dimension"], gaps["score"].astype(float)))
    gap_of: dict[str, float] = {} if gaps.empty else dict(zip(gaps["dimension"], gaps["gap"].astype(float)))
    rows = []
    for dim in model.dimensions:
        score, gap = score_of.get(dim.id, math.nan), gap_of.get(dim.id, math.nan)
        level = level_for(None if math.isnan(score) else score)
        value = None if math.isnan(score) else round(score, 1)
        rows.append(
            {
                "_gap": -1e9 if math.isnan(gap) else gap,
                t("results.col.dimension", lang): dim.label.get(lang),
                t("results.col.score", lang): value if numbers or value is None else format_number(score, lang),
                t("results.col.level", lang): model.level_label(level, lang) if level else t("results.no_score", lang),
                t("results.col.target", lang): dash.targets.get(dim.id),
                t("results.col.now", lang): model.descriptor(dim.id, level).descriptor.get(lang) if level else "",
                t("results.col.next", lang): model.descriptor(dim.id, level or 1).next_step.get(lang),
            }
        )
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
        rows.append(
            {
                t("maturity.table.n", lang): int(r["respondents"]),
                t("results.col.overall", lang): None if pd.isna(r["overall"]) else round(float(r["overall"]), 2),
                t("results.col.level", lang): f"{level} {model.level_label(level, lang)}"
                if level
                else t("results.no_score", lang),
                t("results.col.dimensions_scored", lang): int(r["dimensions_scored"]),
                t("results.col.coverage", lang): f"{float(r['coverage']):.0%}",
            }
        )
    return pd.DataFrame(rows)


def scores_table(dash: Dashboard, model: MaturityModel, lang: str, benchmark=None) -> pd.DataFrame:
    """The scores per dimension; in a regional session every row names the municipality (or the region)."""
    frame = charts.radar_table(
        dash.radar_data, model, lang, group=dash.group, targets=dash.targets, benchmark=benchmark
    )
    if dash.regional is not None:
        frame.insert(0, t("results.col.group", lang), subject(dash, lang))
    if dash.from_paper:  # answers typed in from a paper sheet: how many respondents per dimension
        frame[t("results.col.from_paper", lang)] = [dash.from_paper.get(d.id, 0) for d in model.dimensions]
    return frame


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
    return buf.getvalue()


def png_bytes(fig: go.Figure, width: int = 1000, height: int = 800) -> bytes:
    """Render a figure as PNG (kaleido, using the system Chromium)."""
    return fig.to_image(format="png", width=width, height=height, scale=1)


#: The charts' images for print: drawn 900 px wide (the width the figures are laid out for) at twice the
#: resolution, so they stay sharp on paper (about 270 dpi across an A4 text column).
CHART_WIDTH, CHART_SCALE, CHART_HEIGHT = 900, 2, 700


def chart_images(figures: Sequence[ReportFigure]) -> list[bytes]:
    """Each report figure as a PNG, in order, for the report's print version (and so its PDF).

    One Chromium session (kaleido) draws them all: a second or two however many there are, where
    drawing them one by one would start Chromium for each.
    """
    if not figures:
        return []
    import plotly.io as pio

    with tempfile.TemporaryDirectory(prefix="dshub-charts-") as folder:
        paths = [Path(folder) / f"chart-{n}.png" for n in range(len(figures))]
        pio.write_images(
            [f.figure for f in figures],
            paths,
            format="png",
            width=CHART_WIDTH,
            height=[f.figure.layout.height or CHART_HEIGHT for f in figures],
            scale=CHART_SCALE,
        )
        return [path.read_bytes() for path in paths]


def _table_html(frame: pd.DataFrame, lang: str) -> Markup:
    """A table as HTML; pandas escapes every cell, so the markup can go into the template as it is."""
    return Markup(
        frame.to_html(
            index=False, escape=True, na_rep="–", border=0, classes="data", decimal="," if lang == "nl" else "."
        )
    )


def _figure_context(fig: ReportFigure, image: bytes | None, lang: str, *, with_plotlyjs: bool) -> dict[str, Any]:
    """The chart twice: interactive (plotly.js) on screen, its PNG in print; then its text alternative."""
    interactive = fig.figure.to_html(include_plotlyjs=with_plotlyjs, full_html=False, config={"displaylogo": False})
    return {
        "heading": fig.heading,
        "summary": fig.summary,
        "note": fig.note,
        "interactive": Markup(interactive),  # plotly's own markup and script, made from the figure
        "image": f"data:image/png;base64,{base64.b64encode(image).decode('ascii')}" if image is not None else None,
        "table": _table_html(fig.table, lang) if fig.table is not None and not fig.table.empty else None,
    }


def html_report(
    dash: Dashboard,
    model: MaturityModel,
    lang: str,
    *,
    figures: list[ReportFigure],
    benchmark=None,
    images: Sequence[bytes] = (),
) -> str:
    """A self-contained HTML report (``templates/results.html.j2``, autoescaped): summary, each figure
    with its text alternative, next steps, scores.

    ``images`` (from :func:`chart_images`, one per figure) are the charts as printed: without them the
    printed page shows each chart's text alternative and table only.
    """
    ws = dash.access.workshop
    now = format_datetime(datetime.now(UTC), lang)
    regional = None
    if dash.regional is not None:
        regional = {
            "rule": t("results.regional.rule", lang, min=dash.regional.min_respondents),
            "table": _table_html(regional_table(dash, lang), lang),
        }
    return jinja.render(
        "results.html.j2",
        lang=lang,
        t=lambda key, **params: t(key, lang, **params),
        title=t("results.report.title", lang),
        about=subject(dash, lang),
        session=[ws.title] + ([format_date(ws.event_date, lang)] if ws.event_date else []),
        page_css=Markup(pdf.page_css(lang)),
        running_header=pdf.RUNNING_HEADER,
        meta=t("results.report.meta", lang, view=t(f"results.view.{dash.view}", lang), when=now, version=model.version),
        summary=charts.radar_summary(
            dash.radar_data, model, lang, group=dash.group, targets=dash.targets, benchmark=benchmark
        ),
        notes=[t(note.key, lang, **note.params) for note in dash.notes],
        regional=regional,
        figures=[
            _figure_context(fig, images[n] if n < len(images) else None, lang, with_plotlyjs=n == 0)
            for n, fig in enumerate(figures)
        ],
        next_steps=_table_html(next_steps(dash, model, lang), lang),
        scores=_table_html(scores_table(dash, model, lang, benchmark), lang),
        overall=_table_html(overall_table(dash, model, lang), lang),
    )


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


def pdf_report(
    dash: Dashboard,
    model: MaturityModel,
    lang: str,
    *,
    figures: list[ReportFigure],
    benchmark=None,
    images: Sequence[bytes] | None = None,
) -> bytes:
    """The report as a PDF: :func:`html_report` (with the charts' images) laid out for A4.

    ``images`` default to :func:`chart_images` of ``figures`` (Chromium, a few seconds).
    """
    if images is None:
        images = chart_images(figures)
    page = html_report(dash, model, lang, figures=figures, benchmark=benchmark, images=images)
    # WeasyPrint runs no JavaScript, and the print CSS hides the interactive charts: the inline plotly.js
    # (4.6 MB) would only cost it about four seconds of parsing, so its <script> elements are left out.
    return pdf.html_to_pdf(_SCRIPT.sub("", page))


# --------------------------------------------------------------------------- JSON


def _number(value: Any, digits: int = 2) -> float | None:
    """A statistic as a JSON number (rounded), or None when there is none."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, digits)


def _whole(value: Any) -> int | None:
    number = _number(value, 0)
    return int(number) if number is not None else None


def _count(value: Any) -> int:
    return _whole(value) or 0


def _group(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    if frame.empty or "group" not in frame.columns:
        return frame
    return latest(frame[(frame["group"].astype(str) == group).to_numpy()])


def results_document(
    dash: Dashboard, model: MaturityModel, lang: str, benchmark=None, *, generated_at: datetime | None = None
) -> dict[str, Any]:
    """Everything the results page shows, as one JSON-able document with stable English keys.

    Numbers are numbers (statistics rounded to two decimals, ``None`` where there is none); labels and
    texts are in ``lang``; ids (dimensions, items, roles) never change with the language.
    """
    ws = dash.access.workshop
    generated_at = generated_at or datetime.now(UTC)
    # The radar's rows, sliced once by the service (one per dimension; a dimension nobody scored is empty).
    radar = dash.radar if dash.radar is not None else radar_rows(dash.result.dimensions, model, dash.group)
    by_dim = radar.rows
    gaps = dash.gaps.set_index("dimension") if not dash.gaps.empty else pd.DataFrame()
    dimensions = []
    for dim in model.dimensions:
        row = by_dim.loc[dim.id] if dim.id in by_dim.index and not by_dim.loc[dim.id].isna().all() else None
        score = _number(row["mean"]) if row is not None else None
        level = level_for(score)
        gap = gaps.loc[dim.id] if dim.id in gaps.index else None
        band = None
        if benchmark is not None and dim.id in benchmark.low:
            band = {
                "low": _number(benchmark.low.get(dim.id)),
                "high": _number(benchmark.high.get(dim.id)),
                "estimate": bool(benchmark.estimate),
            }
        dimensions.append(
            {
                "id": dim.id,
                "label": dim.label.get(lang),
                "area": dim.area,
                "score": score,
                "level": level,
                "level_label": model.level_label(level, lang) if level else None,
                "lowest": _number(row["min"]) if row is not None else None,
                "highest": _number(row["max"]) if row is not None else None,
                "q1": _number(row["q1"]) if row is not None else None,
                "q3": _number(row["q3"]) if row is not None else None,
                "respondents": _count(row["n"]) if row is not None else 0,
                "entered_from_paper": dash.from_paper.get(dim.id, 0),
                "coverage": _number(row["coverage"]) if row is not None else None,
                "opinions_differ": bool(row["disagreement"]) if row is not None and score is not None else False,
                "target": dash.targets.get(dim.id),
                "gap": _number(gap["gap"]) if gap is not None else None,
                "priority": _whole(gap["priority"]) if gap is not None else None,
                "benchmark": band,
                "now": model.descriptor(dim.id, level).descriptor.get(lang) if level else None,
                "next_step": model.descriptor(dim.id, level or 1).next_step.get(lang),
            }
        )

    overall_rows = _group(dash.result.overall, dash.group)
    overall = None
    if not overall_rows.empty:
        r = overall_rows.iloc[0]
        score = _number(r["overall"])
        overall = {
            "score": score,
            "level": level_for(score),
            "respondents": _count(r["respondents"]),
            "dimensions_scored": _count(r["dimensions_scored"]),
            "coverage": _number(r["coverage"]),
        }

    items = _group(dash.result.items, dash.group)
    known = {i.id: n for n, i in enumerate(model.items)}
    differ = []
    if not items.empty:
        flagged = items[items["disagreement"].to_numpy(dtype=bool) & items["item_id"].isin(known).to_numpy()]
        flagged = flagged.assign(_order=flagged["item_id"].map(known)).sort_values(
            ["spread", "_order"], ascending=[False, True], kind="stable"
        )
        for _, r in flagged.iterrows():
            item = model.item(r["item_id"])
            differ.append(
                {
                    "item_id": item.id,
                    "dimension": item.dimension,
                    "question": item.text.get(lang),
                    "lowest": _number(r["min"]),
                    "highest": _number(r["max"]),
                    "mean": _number(r["mean"]),
                    "answers": _count(r["n"]),
                }
            )

    roles = (
        [
            {
                "role": str(r["role"]),
                "label": charts.role_label(r["role"], lang),
                "dimension": r["dimension"],
                "mean": _number(r["mean"]),
                "respondents": _count(r["n"]),
            }
            for _, r in dash.role_gaps.means.iterrows()
        ]
        if not dash.role_gaps.means.empty
        else []
    )
    trend = []
    if not dash.history.empty and dash.history[ASSESSED_AT].nunique() >= 2:
        trend = [
            {
                "assessed_at": str(r[ASSESSED_AT]),
                "dimension": r["dimension"],
                "mean": _number(r["mean"]),
                "respondents": _count(r["n"]),
                "change": _number(r.get("change")),
            }
            for _, r in dash.history.iterrows()
        ]
    counts = dash.respondents
    return {
        "format": RESULTS_FORMAT,
        "format_version": RESULTS_FORMAT_VERSION,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "lang": lang,
        "session": {
            "code": ws.code,
            "municipality": ws.municipality,
            "title": ws.title,
            "kind": ws.kind,
            "date": ws.event_date.isoformat() if ws.event_date else None,
            "scan": scan_setting(ws),
        },
        "content": {"id": model.id, "version": model.version},
        "view": dash.view,
        "respondents": {
            "teams": int(counts.get("teams", 0)),
            "individuals": int(counts.get("individuals", 0)),
            "entered_from_paper": int(counts.get("from_paper", 0)),
        },
        "scale": {"min": 1, "max": 5, "levels": {str(lv.level): lv.label.get(lang) for lv in model.levels}},
        "dimensions": dimensions,
        "overall": overall,
        "opinions_differ": differ,
        "roles": roles,
        "trend": trend,
        "notes": [t(note.key, lang, **note.params) for note in dash.notes],
    }


def results_json(
    dash: Dashboard, model: MaturityModel, lang: str, benchmark=None, *, generated_at: datetime | None = None
) -> bytes:
    """:func:`results_document` as the bytes of a JSON file (UTF-8, indented)."""
    document = results_document(dash, model, lang, benchmark, generated_at=generated_at)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
