"""Plotly figures for the maturity scan, each with a text alternative.

All functions take the frames produced by :func:`dshub.maturity.scoring.score`
plus the :class:`~dshub.maturity.content.MaturityModel` (for labels and level
descriptors) and a language (``"nl"``/``"en"``):

* :func:`radar_figure` - mean per dimension, spread band (IQR or min-max),
  optional target line and optional benchmark band; hover shows the level
  descriptor. Text alternatives: :func:`radar_table`, :func:`radar_summary`.
* :func:`role_gap_heatmap` - mean per role and dimension. Text alternatives:
  :func:`role_gap_table`, :func:`role_gap_summary`.
* :func:`trend_figure` - mean per dimension over assessments. Text alternatives:
  :func:`trend_table`, :func:`trend_summary`.
* :func:`disagreement_figure` - the questions whose answers differ by two levels
  or more, lowest to highest. Text alternatives: :func:`disagreement_table`,
  :func:`disagreement_summary`.

When a frame holds several groups, pass ``group=``; the radar uses each group's
latest assessment when the frame has ``assessed_at``. Every trace carries
``meta={"kind": ...}`` (``benchmark``, ``spread``, ``target``, ``mean``,
``role_gap``, ``trend``, ``lowest``, ``highest``, ...) so callers and tests can find traces regardless of the
language. Colours reach at least 4.5:1 contrast on white, and meaning never
rests on colour alone (line styles, markers, printed values).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dshub.charts import COLOURWAY, TEXT_COLOUR, apply_layout, contrast_ratio, title_layout, wrap
from dshub.i18n import catalog, format_number, plural, t
from dshub.maturity.content import LEVELS, MaturityModel
from dshub.maturity.scoring import ASSESSED_AT, RadarRows, latest, level_for, one_group, radar_rows

# Colours with at least 4.5:1 contrast on white (checked in the tests).
MEAN_COLOUR = "#1F4E79"
TARGET_COLOUR = "#A0410D"
BENCHMARK_COLOUR = "#5C5C5C"
GRID_COLOUR = "#D0D0D0"
TREND_COLOURS = COLOURWAY
TREND_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "x", "star", "hexagon")
TREND_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "solid", "dash", "dot", "dashdot")
#: Heatmap scale: light to mid blue, so dark cell text stays readable (>= 4.5:1) on every cell.
HEATMAP_SCALE = ((0.0, "#F4F8FC"), (1.0, "#5B9BD5"))
FONT_SIZE = 15
#: A white halo (CSS text-shadow) around the radar's ring numbers, so lines under them do not cross the digits.
RING_LABEL_HALO = ", ".join(f"{x}px {y}px 2px #FFFFFF" for x in (-2, 0, 2) for y in (-2, 0, 2) if x or y)

Band = Literal["iqr", "minmax"]


# --------------------------------------------------------------------------- small helpers


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _num(value: Any, lang: str, digits: int = 1) -> str:
    """A number as people read it, with a decimal comma in Dutch; '-' when missing."""
    return "-" if value is None or pd.isna(value) else format_number(value, lang, digits)


def _signed(value: float, lang: str) -> str:
    return ("+" if value > 0 else "") + _num(value, lang)


def _round(value: Any, digits: int = 2) -> float:
    return float("nan") if value is None or pd.isna(value) else round(float(value), digits)


def _level_text(model: MaturityModel, score: Any, lang: str) -> str:
    level = level_for(None if score is None or pd.isna(score) else float(score))
    if level is None:
        return t("maturity.chart.no_data", lang)
    return f"{level} {model.level_label(level, lang)}"


def _level_phrase(model: MaturityModel, score: Any, lang: str) -> str:
    """'niveau 3, Verbreden' for a score, so it does not read as a second number after the score itself."""
    level = level_for(None if score is None or pd.isna(score) else float(score))
    if level is None:
        return t("maturity.chart.no_data", lang)
    return t("maturity.summary.level", lang, level=level, label=model.level_label(level, lang))


def role_label(role: Any, lang: str) -> str:
    """A role id as people read it (``role.<id>`` messages); an id without a message is shown as it is."""
    key = f"role.{role}"
    return t(key, lang) if key in catalog() else str(role)


def _wrap(text: str, width: int = 55) -> str:
    return "<br>".join(textwrap.wrap(text, width))


def _title(key: str, group: str | None, lang: str, title: str | None) -> str:
    if title is not None:
        return title
    return t(key + "_group", lang, group=group) if group is not None else t(key, lang)


#: Side margin of the radar (px): room for a spoke label such as "Vaardigheden" at the charts' type size.
RADAR_SIDE = 100


def _layout(fig: go.Figure, title: str, lang: str) -> go.Figure:
    """The app's chart template (:func:`dshub.charts.apply_layout`); the legend goes below the plot."""
    return apply_layout(
        fig,
        title,
        lang,
        FONT_SIZE,
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "left", "x": 0.0},
        margin={"l": 60, "r": 60, "b": 60},
    )


# --------------------------------------------------------------------------- benchmark slot


@dataclass(frozen=True)
class BenchmarkBand:
    """Benchmark band per dimension (``low``..``high`` on 1..5) to overlay on the radar.

    ``estimate`` marks the band as an estimate: the legend then reads
    "benchmark (estimate)" and the table columns say so too. ``label`` overrides
    the legend text entirely (e.g. a translated label from the benchmark feature);
    ``note`` is a sentence explaining where the band comes from, shown with the chart.
    """

    low: Mapping[str, float]
    high: Mapping[str, float]
    estimate: bool = True
    label: str | None = None
    note: str | None = None

    @classmethod
    def from_bands(
        cls, bands: Mapping[str, Any], *, estimate: bool = True, label: str | None = None, note: str | None = None
    ) -> BenchmarkBand:
        """From ``{dimension: band}`` where each band has ``.low`` and ``.high`` (e.g. ``dshub.benchmarks.Band``)."""
        return cls(
            {d: float(b.low) for d, b in bands.items()},
            {d: float(b.high) for d, b in bands.items()},
            estimate,
            label,
            note,
        )

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        low: str = "low",
        high: str = "high",
        estimate: bool = True,
        label: str | None = None,
    ) -> BenchmarkBand:
        """From a frame with a ``dimension`` column and low/high columns (e.g. ``q1``/``q3`` of peer statistics)."""
        sub = frame.dropna(subset=[low, high])
        return cls(
            dict(zip(sub["dimension"], sub[low].astype(float))),
            dict(zip(sub["dimension"], sub[high].astype(float))),
            estimate,
            label,
        )

    def legend(self, lang: str) -> str:
        if self.label:
            return self.label
        return t("maturity.chart.benchmark_estimate" if self.estimate else "maturity.chart.benchmark", lang)


def _band_path(theta: list[str], low: list[float], high: list[float]) -> tuple[list[Any], list[Any]]:
    """Polygon(s) for a filled band between ``low`` and ``high`` around the radar.

    With every dimension present the band is one ring: the outer edge forwards and
    the inner edge backwards, so the inside stays open. Dimensions without values
    break the band into separate pieces (joined by ``None``), instead of pulling it
    to the centre as if the value were 0.
    """
    n = len(theta)
    ok = [lo is not None and hi is not None and not (np.isnan(lo) or np.isnan(hi)) for lo, hi in zip(low, high)]
    if n and all(ok):
        return high + [high[0], low[0]] + low[::-1], theta + [theta[0], theta[0]] + theta[::-1]
    if not any(ok):
        return [], []
    # Runs of consecutive present dimensions, wrapping around the circle.
    start = next(i for i in range(n) if not ok[i])  # begin after a gap so no run is split
    runs: list[list[int]] = []
    current: list[int] = []
    for step in range(1, n + 1):
        i = (start + step) % n
        if ok[i]:
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    r: list[Any] = []
    th: list[Any] = []
    for run in runs:
        if r:
            r.append(None)
            th.append(None)
        r += [high[i] for i in run] + [low[i] for i in reversed(run)] + [high[run[0]]]
        th += [theta[i] for i in run] + [theta[i] for i in reversed(run)] + [theta[run[0]]]
    return r, th


def _band_trace(
    theta: list[str], low: list[float], high: list[float], *, name: str, colour: str, alpha: float, dash: str, kind: str
) -> go.Scatterpolar:
    r, th = _band_path(theta, low, high)
    return go.Scatterpolar(
        r=r,
        theta=th,
        mode="lines",
        name=name,
        fill="toself",
        fillcolor=_rgba(colour, alpha),
        line={"color": colour, "width": 1, "dash": dash},
        hoverinfo="skip",
        meta={"kind": kind},
    )


# --------------------------------------------------------------------------- radar


def _sliced(
    dimensions: pd.DataFrame | RadarRows, model: MaturityModel, group: str | None
) -> tuple[pd.DataFrame, str | None]:
    """The radar's rows: as given when already sliced (:class:`RadarRows`, made once per page), else sliced here."""
    radar = dimensions if isinstance(dimensions, RadarRows) else radar_rows(dimensions, model, group)
    return radar.rows, radar.group


def radar_figure(
    dimensions: pd.DataFrame | RadarRows,
    model: MaturityModel,
    lang: str = "nl",
    *,
    group: str | None = None,
    band: Band = "iqr",
    targets: Mapping[str, int] | None = None,
    benchmark: BenchmarkBand | None = None,
    title: str | None = None,
) -> go.Figure:
    """Radar of one group: spread band, mean line, optional target line and benchmark band.

    ``dimensions`` is :attr:`MaturityResult.dimensions` (or a slice of it), or its :class:`RadarRows`.
    ``band="iqr"`` shades the middle half of the respondents (q1..q3),
    ``"minmax"`` the full range. ``targets`` maps dimension ids to levels 1..5.
    """
    rows, group = _sliced(dimensions, model, group)
    theta = [wrap(d.short.get(lang), 12) for d in model.dimensions]
    fig = go.Figure()
    if benchmark is not None:
        fig.add_trace(
            _band_trace(
                theta,
                [benchmark.low.get(d.id, np.nan) for d in model.dimensions],
                [benchmark.high.get(d.id, np.nan) for d in model.dimensions],
                name=benchmark.legend(lang),
                colour=BENCHMARK_COLOUR,
                alpha=0.14,
                dash="dot",
                kind="benchmark",
            )
        )
    if "mean" in rows.columns and rows["mean"].notna().any():
        lo_col, hi_col = ("q1", "q3") if band == "iqr" else ("min", "max")
        fig.add_trace(
            _band_trace(
                theta,
                rows[lo_col].astype(float).tolist(),
                rows[hi_col].astype(float).tolist(),
                name=t("maturity.chart.band_iqr" if band == "iqr" else "maturity.chart.band_minmax", lang),
                colour=MEAN_COLOUR,
                alpha=0.18,
                dash="solid",
                kind="spread",
            )
        )
    if targets:
        tr = [targets.get(d.id) for d in model.dimensions]
        tr_r = [np.nan if v is None else float(v) for v in tr]
        hover = [
            f"<b>{d.label.get(lang)}</b><br>{t('maturity.chart.target', lang)}: {_level_text(model, v, lang)}"
            for d, v in zip(model.dimensions, tr_r)
        ]
        fig.add_trace(
            go.Scatterpolar(
                r=tr_r + tr_r[:1],
                theta=theta + theta[:1],
                mode="lines+markers",
                name=t("maturity.chart.target", lang),
                line={"color": TARGET_COLOUR, "width": 2, "dash": "dash"},
                marker={"symbol": "diamond", "size": 9, "color": TARGET_COLOUR},
                text=hover + hover[:1],
                hovertemplate="%{text}<extra></extra>",
                meta={"kind": "target"},
            )
        )
    if "mean" in rows.columns:
        means = rows["mean"].astype(float).tolist()
        hover = []
        for d, (_, row) in zip(model.dimensions, rows.iterrows()):
            level = level_for(row["mean"])
            lines = [f"<b>{d.label.get(lang)}</b>"]
            if level is None:
                lines.append(t("maturity.chart.no_data", lang))
            else:
                lines.append(
                    f"{t('maturity.chart.score', lang)}: {_num(row['mean'], lang)}"
                    f" ({t('maturity.chart.level', lang)} {_level_text(model, row['mean'], lang)})"
                )
                lines.append(
                    f"{t('maturity.chart.spread', lang)}: {_num(row['min'], lang)} - {_num(row['max'], lang)}"
                    f"; {t('maturity.chart.respondents', lang)}: {int(row['n'])}"
                )
                lines.append(_wrap(model.descriptor(d.id, level).descriptor.get(lang)))
            hover.append("<br>".join(lines))
        fig.add_trace(
            go.Scatterpolar(
                r=means + means[:1],
                theta=theta + theta[:1],
                mode="lines+markers",
                name=t("maturity.chart.mean", lang),
                line={"color": MEAN_COLOUR, "width": 3},
                marker={"size": 9, "color": MEAN_COLOUR},
                text=hover + hover[:1],
                hovertemplate="%{text}<extra></extra>",
                meta={"kind": "mean"},
            )
        )
    _layout(fig, _title("maturity.chart.radar.title", group, lang, title), lang)
    fig.update_layout(
        polar={
            "bgcolor": "#FFFFFF",
            # Ring labels between the first two spokes, so they do not cover a data point; drawn above the
            # lines with a white halo, so a target or mean line crossing them does not make them unreadable.
            "radialaxis": {
                "range": [0, 5],
                "tickvals": list(LEVELS),
                "gridcolor": GRID_COLOUR,
                "linecolor": GRID_COLOUR,
                "layer": "above traces",
                "tickfont": {"color": TEXT_COLOUR, "size": FONT_SIZE, "weight": "bold", "shadow": RING_LABEL_HALO},
                # tickangle is measured from the axis: the same angle sets the numbers upright.
                "angle": 90 - 180 / max(len(theta), 1),
                "tickangle": 90 - 180 / max(len(theta), 1),
            },
            "angularaxis": {
                "direction": "clockwise",
                "rotation": 90,
                "gridcolor": GRID_COLOUR,
                "linecolor": GRID_COLOUR,
                "categoryorder": "array",
                "categoryarray": theta,
            },
        },
        showlegend=True,
        # Plotly keeps no room for the spoke labels: the side margins hold the widest one, so a
        # phone (375 px) shows "Leiderschap" whole; the legend goes below, one entry per line if need be.
        margin={"l": RADAR_SIDE, "r": RADAR_SIDE, "t": fig.layout.margin.t + 30, "b": 40},
        height=560,
    )
    for trace in fig.data:
        if trace.name:
            trace.name = wrap(trace.name, 36)
    return fig


def radar_table(
    dimensions: pd.DataFrame | RadarRows,
    model: MaturityModel,
    lang: str = "nl",
    *,
    group: str | None = None,
    targets: Mapping[str, int] | None = None,
    benchmark: BenchmarkBand | None = None,
) -> pd.DataFrame:
    """The radar's data as a table: one row per dimension (model order), translated headers.

    Columns: dimension, mean, level, lowest, highest, first and third quartile,
    respondents, "opinions differ", level description; plus target and benchmark
    low/high when given (headed "our estimate" when the band is an estimate).
    Numbers are rounded to two decimals.
    """
    rows, _ = _sliced(dimensions, model, group)
    has = "mean" in rows.columns
    yes, no = t("maturity.table.yes", lang), t("maturity.table.no", lang)
    col = {
        k: t(f"maturity.table.{k}", lang)
        for k in ("dimension", "mean", "level", "min", "max", "q1", "q3", "n", "disagreement", "descriptor", "target")
    }
    records = []
    for d in model.dimensions:
        row: Any = rows.loc[d.id] if has else None  # a pandas row, read only when `has`
        mean = row["mean"] if has else np.nan
        level = level_for(None if pd.isna(mean) else float(mean))
        rec = {
            col["dimension"]: d.label.get(lang),
            col["mean"]: _round(mean),
            col["level"]: _level_text(model, mean, lang),
            col["min"]: _round(row["min"]) if has else np.nan,
            col["max"]: _round(row["max"]) if has else np.nan,
            col["q1"]: _round(row["q1"]) if has else np.nan,
            col["q3"]: _round(row["q3"]) if has else np.nan,
            col["n"]: int(row["n"]) if has and not pd.isna(row["n"]) else 0,
            col["disagreement"]: (yes if bool(row["disagreement"]) else no) if has and not pd.isna(mean) else no,
            col["descriptor"]: model.descriptor(d.id, level).descriptor.get(lang) if level is not None else "",
        }
        if targets is not None:
            rec[col["target"]] = targets.get(d.id)
        if benchmark is not None:
            suffix = "_estimate" if benchmark.estimate else ""
            rec[t(f"maturity.table.benchmark_low{suffix}", lang)] = _round(benchmark.low.get(d.id))
            rec[t(f"maturity.table.benchmark_high{suffix}", lang)] = _round(benchmark.high.get(d.id))
        records.append(rec)
    return pd.DataFrame.from_records(records)


def radar_summary(
    dimensions: pd.DataFrame | RadarRows,
    model: MaturityModel,
    lang: str = "nl",
    *,
    group: str | None = None,
    targets: Mapping[str, int] | None = None,
    benchmark: BenchmarkBand | None = None,
    respondents: bool = True,
) -> str:
    """A few sentences: respondents, highest and lowest dimension, disagreement, targets, benchmark band.

    ``respondents=False`` leaves out the number of respondents (for a page that states it already).
    """
    rows, _ = _sliced(dimensions, model, group)
    if "mean" not in rows.columns or rows["mean"].notna().sum() == 0:
        return t("maturity.summary.empty", lang)
    label = {d.id: d.label.get(lang) for d in model.dimensions}
    scored = rows[rows["mean"].notna()]
    # Highest / lowest; ties go to the first dimension in model order.
    high = str(scored["mean"].idxmax())  # the index holds dimension ids
    low = str(scored["mean"].idxmin())
    count = int(rows["respondents"].max())
    parts = [plural("maturity.summary.respondents", lang, count, n=count)] if respondents else []
    parts.append(
        t(
            "maturity.summary.radar",
            lang,
            high=label[high],
            high_score=_num(scored.loc[high, "mean"], lang),
            high_level=_level_phrase(model, scored.loc[high, "mean"], lang),
            low=label[low],
            low_score=_num(scored.loc[low, "mean"], lang),
            low_level=_level_phrase(model, scored.loc[low, "mean"], lang),
        )
    )
    differ = [label[d] for d in scored.index if bool(scored.loc[d, "disagreement"])]
    parts.append(
        t("maturity.summary.disagreement", lang, dimensions=", ".join(differ))
        if differ
        else t("maturity.summary.no_disagreement", lang)
    )
    if targets:
        gaps = {d: targets[d] - scored.loc[d, "mean"] for d in scored.index if targets.get(d) is not None}
        open_ = {d: g for d, g in gaps.items() if g > 1e-9}
        if open_:
            worst = max(open_, key=lambda d: open_[d])  # first in model order on ties
            parts.append(
                plural(
                    "maturity.summary.targets",
                    lang,
                    len(gaps),
                    open=len(open_),
                    total=len(gaps),
                    dimension=label[worst],
                    gap=_num(open_[worst], lang),
                )
            )
        elif gaps:
            parts.append(plural("maturity.summary.targets_met", lang, len(gaps), total=len(gaps)))
    if benchmark is not None:
        parts.append(_benchmark_sentence(scored, benchmark, label, lang))
    return " ".join(parts)


def _benchmark_sentence(scored: pd.DataFrame, benchmark: BenchmarkBand, label: Mapping[str, str], lang: str) -> str:
    """Where the means sit against the benchmark band: below, within, above (dimensions with a band only)."""
    below: list[str] = []
    within: list[str] = []
    above: list[str] = []
    for d in scored.index:
        low, high = benchmark.low.get(d), benchmark.high.get(d)
        if low is None or high is None or pd.isna(low) or pd.isna(high):
            continue
        mean = float(scored.loc[d, "mean"])
        (below if mean < low - 1e-9 else above if mean > high + 1e-9 else within).append(label[d])
    if not (below or within or above):
        return ""
    none = t("maturity.summary.none", lang)
    return t(
        "maturity.summary.benchmark",
        lang,
        band=benchmark.legend(lang),
        total=len(below + within + above),
        within=len(within),
        below=", ".join(below) or none,
        above=", ".join(above) or none,
    )


# --------------------------------------------------------------------------- role gap


def _role_matrix(
    role_means: pd.DataFrame, model: MaturityModel, group: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    sub, group = one_group(role_means, group, "the role means")
    if ASSESSED_AT in sub.columns:
        sub = latest(sub)
    ids = [d.id for d in model.dimensions]
    if sub.empty:
        empty = pd.DataFrame(index=pd.Index([], name="role"), columns=ids, dtype=float)
        return empty, empty.copy(), group
    means = sub.pivot(index="role", columns="dimension", values="mean").reindex(columns=ids).sort_index()
    counts = sub.pivot(index="role", columns="dimension", values="n").reindex(columns=ids).sort_index()
    return means, counts, group


def role_gap_heatmap(
    role_means: pd.DataFrame,
    model: MaturityModel,
    lang: str = "nl",
    *,
    group: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Heatmap of the mean score per role (rows) and dimension (columns), values printed in the cells.

    ``role_means`` is :attr:`RoleGaps.means`.
    """
    means, counts, group = _role_matrix(role_means, model, group)
    x = [d.short.get(lang) for d in model.dimensions]
    labels = [d.label.get(lang) for d in model.dimensions]
    z = means.to_numpy(dtype=float) if len(means) else np.empty((0, len(x)))
    n = counts.to_numpy(dtype=float, na_value=np.nan) if len(counts) else np.empty((0, len(x)))
    hover = [
        [
            f"<b>{labels[j]}</b><br>{t('maturity.chart.role', lang)}: {role_label(role, lang)}<br>"
            f"{t('maturity.chart.score', lang)}: {_num(z[i, j], lang)} ({_level_text(model, z[i, j], lang)})<br>"
            f"{t('maturity.chart.respondents', lang)}: {0 if np.isnan(n[i, j]) else int(n[i, j])}"
            for j in range(len(x))
        ]
        for i, role in enumerate(means.index)
    ]
    text = [[_num(v, lang) if not np.isnan(v) else "" for v in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=[role_label(r, lang) for r in means.index],
            zmin=1,
            zmax=5,
            colorscale=[list(p) for p in HEATMAP_SCALE],
            text=text,
            texttemplate="%{text}",
            textfont={"color": TEXT_COLOUR, "size": FONT_SIZE},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            xgap=2,
            ygap=2,
            meta={"kind": "role_gap"},
            colorbar={
                "title": {"text": t("maturity.chart.level", lang)},
                "tickvals": list(LEVELS),
                "ticktext": [f"{n} {model.level_label(n, lang)}" for n in LEVELS],
            },
        )
    )
    _layout(fig, _title("maturity.chart.role_gap.title", group, lang, title), lang)
    fig.update_layout(
        xaxis={"title": {"text": t("maturity.chart.dimension", lang)}, "side": "bottom", "showgrid": False},
        yaxis={"title": {"text": t("maturity.chart.role", lang)}, "autorange": "reversed", "showgrid": False},
    )
    return fig


def role_gap_table(
    role_means: pd.DataFrame, model: MaturityModel, lang: str = "nl", *, group: str | None = None
) -> pd.DataFrame:
    """The heatmap as a table: one row per dimension, one column per role (mean, two decimals)."""
    means, _, _ = _role_matrix(role_means, model, group)
    table = means.T.round(2)
    table.columns = [role_label(r, lang) for r in table.columns]
    table.insert(0, t("maturity.table.dimension", lang), [d.label.get(lang) for d in model.dimensions])
    table.columns.name = None
    return table.reset_index(drop=True)


def role_gap_summary(
    gaps: pd.DataFrame, model: MaturityModel, lang: str = "nl", *, group: str | None = None, top: int = 3
) -> str:
    """The dimension where roles differ most (from :attr:`RoleGaps.gaps`), then the next ``top - 1``."""
    sub, _ = one_group(gaps, group, "the role gaps")
    if ASSESSED_AT in sub.columns:
        sub = latest(sub)
    if sub.empty:
        return t("maturity.summary.role_gap_none", lang)
    sub = sub.sort_values("rank")
    label = {d.id: d.label.get(lang) for d in model.dimensions}
    first = sub.iloc[0]
    text = t(
        "maturity.summary.role_gap",
        lang,
        dimension=label[first["dimension"]],
        high_role=role_label(first["high_role"], lang),
        high_mean=_num(first["high_mean"], lang),
        low_role=role_label(first["low_role"], lang),
        low_mean=_num(first["low_mean"], lang),
    )
    more = sub.iloc[1:top]
    if len(more):
        text += " " + t(
            "maturity.summary.role_gap_more",
            lang,
            dimensions=", ".join(f"{label[r['dimension']]} ({_num(r['gap'], lang)})" for _, r in more.iterrows()),
        )
    return text


# --------------------------------------------------------------------------- trend


def _trend_rows(
    history: pd.DataFrame, group: str | None, dimensions: Iterable[str] | None
) -> tuple[pd.DataFrame, str | None]:
    sub, group = one_group(history, group, "the history")
    if dimensions is not None and not sub.empty:
        wanted = set(dimensions)
        sub = sub[sub["dimension"].isin(wanted).to_numpy()]
    return sub, group


def trend_figure(
    history: pd.DataFrame,
    model: MaturityModel,
    lang: str = "nl",
    *,
    group: str | None = None,
    dimensions: Iterable[str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Line chart of the mean per dimension over assessments (``history`` from :func:`score`)."""
    sub, group = _trend_rows(history, group, dimensions)
    fig = go.Figure()
    for n, d in enumerate(model.dimensions):
        rows = sub[(sub["dimension"] == d.id).to_numpy()].sort_values(ASSESSED_AT) if not sub.empty else sub
        if rows.empty:
            continue
        hover = [
            f"<b>{d.label.get(lang)}</b><br>{t('maturity.chart.assessment', lang)}: {a}<br>"
            f"{t('maturity.chart.score', lang)}: {_num(m, lang)} ({_level_text(model, m, lang)})"
            for a, m in zip(rows[ASSESSED_AT], rows["mean"])
        ]
        fig.add_trace(
            go.Scatter(
                x=list(rows[ASSESSED_AT]),
                y=rows["mean"].astype(float).tolist(),
                name=d.label.get(lang),
                mode="lines+markers",
                line={
                    "color": TREND_COLOURS[n % len(TREND_COLOURS)],
                    "width": 2,
                    "dash": TREND_DASHES[n % len(TREND_DASHES)],
                },
                marker={
                    "symbol": TREND_SYMBOLS[n % len(TREND_SYMBOLS)],
                    "size": 9,
                    "color": TREND_COLOURS[n % len(TREND_COLOURS)],
                },
                text=hover,
                hovertemplate="%{text}<extra></extra>",
                meta={"kind": "trend", "dimension": d.id},
            )
        )
    _layout(fig, _title("maturity.chart.trend.title", group, lang, title), lang)
    fig.update_layout(
        xaxis={"title": {"text": t("maturity.chart.assessment", lang)}, "gridcolor": GRID_COLOUR, "type": "category"},
        yaxis={
            "title": {"text": t("maturity.chart.level", lang)},
            "range": [0.8, 5.2],
            "tickvals": list(LEVELS),
            "ticktext": [f"{n} {model.level_label(n, lang)}" for n in LEVELS],
            "gridcolor": GRID_COLOUR,
        },
        legend={"orientation": "v", "yanchor": "top", "y": 1.0, "xanchor": "left", "x": 1.02},
    )
    return fig


def trend_table(
    history: pd.DataFrame,
    model: MaturityModel,
    lang: str = "nl",
    *,
    group: str | None = None,
    dimensions: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The trend as a table: one row per assessment (oldest first), one column per dimension."""
    sub, _ = _trend_rows(history, group, dimensions)
    head = t("maturity.table.assessment", lang)
    if sub.empty:
        return pd.DataFrame(columns=[head])
    wide = sub.pivot(index=ASSESSED_AT, columns="dimension", values="mean").sort_index()
    order = [d.id for d in model.dimensions if d.id in wide.columns]
    wide = wide[order].round(2)
    wide.columns = [model.dimension(d).label.get(lang) for d in order]
    wide.index.name = head
    return wide.reset_index()


def trend_summary(
    history: pd.DataFrame,
    model: MaturityModel,
    lang: str = "nl",
    *,
    group: str | None = None,
    dimensions: Iterable[str] | None = None,
) -> str:
    """Number of assessments, and the largest rise and fall between the first and the last one."""
    sub, _ = _trend_rows(history, group, dimensions)
    if sub.empty or sub["mean"].notna().sum() == 0:
        return t("maturity.summary.empty", lang)
    stamps = sorted(pd.unique(sub[ASSESSED_AT]))
    if len(stamps) < 2:
        return t("maturity.summary.trend_single", lang, first=stamps[0])
    label = {d.id: d.label.get(lang) for d in model.dimensions}
    change: dict[str, float] = {}
    for d in model.dimensions:
        rows = sub[(sub["dimension"] == d.id).to_numpy()].dropna(subset=["mean"]).sort_values(ASSESSED_AT)
        if len(rows) >= 2:
            change[d.id] = float(rows["mean"].iloc[-1] - rows["mean"].iloc[0])
    none = t("maturity.summary.none", lang)
    ups = {d: c for d, c in change.items() if c > 1e-9}
    downs = {d: c for d, c in change.items() if c < -1e-9}
    up = max(ups, key=lambda d: ups[d]) if ups else None
    down = min(downs, key=lambda d: downs[d]) if downs else None
    return t(
        "maturity.summary.trend",
        lang,
        count=len(stamps),
        first=stamps[0],
        last=stamps[-1],
        up=f"{label[up]} ({_signed(ups[up], lang)})" if up else none,
        down=f"{label[down]} ({_signed(downs[down], lang)})" if down else none,
    )


# --------------------------------------------------------------------------- disagreement


def _flagged_items(items: pd.DataFrame, model: MaturityModel, group: str | None) -> pd.DataFrame:
    """The group's items whose answers differ by the threshold or more: widest spread first, then model order."""
    sub, _ = one_group(items, group, "the item statistics")
    sub = latest(sub)
    if sub.empty:
        return sub
    known = {i.id: n for n, i in enumerate(model.items)}
    sub = sub[sub["disagreement"].to_numpy(dtype=bool) & sub["item_id"].isin(known).to_numpy()].copy()
    sub["_order"] = sub["item_id"].map(known)
    return sub.sort_values(["spread", "_order"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _answer_text(model: MaturityModel, value: Any, lang: str) -> str:
    return f"{int(value)} {model.level_label(int(value), lang)}" if not pd.isna(value) else "-"


#: Characters per line of a question label on the disagreement chart's axis.
QUESTION_WIDTH = 26  # a phone keeps room for the plot beside the labels


def _question_label(dimension: str, text: str) -> str:
    """The dimension in bold, then the whole question wrapped over lines (never cut off)."""
    return f"<b>{dimension}</b><br>" + "<br>".join(textwrap.wrap(text, QUESTION_WIDTH, break_long_words=False))


def disagreement_figure(
    items: pd.DataFrame,
    model: MaturityModel,
    lang: str = "nl",
    *,
    group: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Per flagged item a line from the lowest to the highest answer, the mean marked on it.

    ``items`` is :attr:`MaturityResult.items`. Only items whose answers differ by two
    levels or more are drawn; lowest, highest and mean have their own marker shapes.
    """
    flagged = _flagged_items(items, model, group)
    fig = go.Figure()
    y: list[str] = []  # one label per flagged question (none: the empty chart)
    hover: list[str] = []
    if not flagged.empty:
        for _, row in flagged.iterrows():
            item = model.item(row["item_id"])
            y.append(_question_label(model.dimension(item.dimension).short.get(lang), item.text.get(lang)))
            hover.append(
                f"<b>{_wrap(item.text.get(lang))}</b><br>"
                f"{t('maturity.table.min', lang)}: {_answer_text(model, row['min'], lang)}<br>"
                f"{t('maturity.table.max', lang)}: {_answer_text(model, row['max'], lang)}<br>"
                f"{t('maturity.chart.respondents', lang)}: {int(row['n'])}"
            )
        xs: list[Any] = []
        ys: list[Any] = []
        for label, lo, hi in zip(y, flagged["min"], flagged["max"]):
            xs += [float(lo), float(hi), None]
            ys += [label, label, None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": BENCHMARK_COLOUR, "width": 3},
                hoverinfo="skip",
                showlegend=False,
                meta={"kind": "disagreement_range"},
            )
        )
        for kind, column, symbol, colour in (
            ("lowest", "min", "circle", TARGET_COLOUR),
            ("highest", "max", "diamond", MEAN_COLOUR),
        ):
            fig.add_trace(
                go.Scatter(
                    x=flagged[column].astype(float).tolist(),
                    y=y,
                    mode="markers",
                    name=t(f"maturity.table.{column}", lang),
                    marker={"symbol": symbol, "size": 12, "color": colour},
                    text=hover,
                    hovertemplate="%{text}<extra></extra>",
                    meta={"kind": kind},
                )
            )
        fig.add_trace(
            go.Scatter(
                x=flagged["mean"].astype(float).tolist(),
                y=y,
                mode="markers",
                name=t("maturity.chart.mean", lang),
                marker={"symbol": "line-ns-open", "size": 16, "color": TEXT_COLOUR, "line": {"width": 2}},
                text=hover,
                hovertemplate="%{text}<extra></extra>",
                meta={"kind": "disagreement_mean"},
            )
        )
    _layout(fig, _title("maturity.chart.disagreement.title", group, lang, title), lang)
    lines = sum(label.count("<br>") + 1 for label in y)
    # Made for a phone (375 px) first: plotly cuts what does not fit and never wraps by itself.
    # - The key to the markers is a line of the title, drawn with the same symbols and colours,
    #   not a plotly legend (a horizontal legend runs off a phone's edge).
    # - The axis shows the level numbers; their names follow the key (an axis title is centred
    #   under the plot and ran off a phone's right edge).
    key = "  ".join(
        f'<span style="color:{colour}">{symbol}</span> {t(name, lang)}'
        for symbol, colour, name in (
            ("●", TARGET_COLOUR, "maturity.table.min"),
            ("◆", MEAN_COLOUR, "maturity.table.max"),
            ("|", TEXT_COLOUR, "maturity.chart.mean"),
        )
    )
    levels = wrap(" · ".join(f"{n}\u00a0{model.level_label(n, lang)}" for n in LEVELS))  # "3 Verbreden" stays whole
    heading, top = title_layout(_title("maturity.chart.disagreement.title", group, lang, title), FONT_SIZE)
    heading["text"] += f"<br>{key}<br>{levels}"
    extra = round(heading["font"]["size"] * 1.3) * (1 + levels.count("<br>") + 1)  # the key and the levels
    # The first question's label is centred on its row and reaches above the plot: keep the title clear of it.
    overhang = 0 if flagged.empty else 11 * y[0].count("<br>")
    heading["pad"] = {"b": heading["pad"]["b"] + overhang}
    fig.update_layout(
        title=heading,
        showlegend=False,
        xaxis={
            "range": [0.5, 5.5],
            "tickvals": list(LEVELS),
            "gridcolor": GRID_COLOUR,
            "tickfont": {"size": FONT_SIZE, "color": TEXT_COLOUR},
            "automargin": True,
        },
        # Whole questions, dark and full size; automargin gives the labels the room they need.
        yaxis={
            "autorange": "reversed",
            "type": "category",
            "automargin": True,
            "showgrid": False,
            "tickfont": {"size": FONT_SIZE - 1, "color": TEXT_COLOUR},
        },
        height=max(300, 220 + 22 * lines + 24 * len(flagged)),
        margin={"l": 20, "r": 20, "t": top + extra + overhang, "b": 20},
    )
    return fig


def disagreement_table(
    items: pd.DataFrame, model: MaturityModel, lang: str = "nl", *, group: str | None = None
) -> pd.DataFrame:
    """The flagged items as a table: dimension, question, lowest and highest answer, mean, number of answers."""
    flagged = _flagged_items(items, model, group)
    col = {k: t(f"maturity.table.{k}", lang) for k in ("dimension", "question", "min", "max", "mean", "answers")}
    records = []
    for _, row in flagged.iterrows():
        item = model.item(row["item_id"])
        records.append(
            {
                col["dimension"]: model.dimension(item.dimension).label.get(lang),
                col["question"]: item.text.get(lang),
                col["min"]: _answer_text(model, row["min"], lang),
                col["max"]: _answer_text(model, row["max"], lang),
                col["mean"]: _round(row["mean"]),
                col["answers"]: int(row["n"]),
            }
        )
    return pd.DataFrame.from_records(records, columns=list(col.values()))


def disagreement_summary(
    items: pd.DataFrame, model: MaturityModel, lang: str = "nl", *, group: str | None = None, top: int = 3
) -> str:
    """How many questions were answered two levels or more apart, and the widest ones."""
    flagged = _flagged_items(items, model, group)
    if flagged.empty:
        return t("maturity.summary.disagreement_items_none", lang)
    widest = [
        f"{model.item(r['item_id']).text.get(lang)} ({_answer_text(model, r['min'], lang)} - "
        f"{_answer_text(model, r['max'], lang)})"
        for _, r in flagged.head(top).iterrows()
    ]
    return plural(
        "maturity.summary.disagreement_items", lang, len(flagged), count=len(flagged), items="; ".join(widest)
    )


__all__ = [
    "BENCHMARK_COLOUR",
    "MEAN_COLOUR",
    "TARGET_COLOUR",
    "TREND_COLOURS",
    "BenchmarkBand",
    "contrast_ratio",
    "disagreement_figure",
    "disagreement_summary",
    "disagreement_table",
    "radar_figure",
    "radar_summary",
    "radar_table",
    "role_gap_heatmap",
    "role_gap_summary",
    "role_gap_table",
    "role_label",
    "trend_figure",
    "trend_summary",
    "trend_table",
]
