"""The management dashboard's downloads: CSV, JSON, Excel, HTML, PDF and PNG, each built during the run."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dshub.charts import maturity as charts
from dshub.maturity.content import MaturityModel
from dshub.reports import csvfile, pdf
from dshub.reports import maturity as reports
from dshub.reports.maturity import ReportFigure
from dshub.services import maturity
from dshub.ui.core import lang, tr
from dshub.ui.results import RadarView

log = logging.getLogger("dshub")


# --------------------------------------------------------------------------- downloads
#
# A file built in a deferred download callable fails outside the script run, where the user only gets
# Streamlit's English "Failed to generate file for download". So every file is built during the run:
# the cheap CSV and JSON at once, the others after a click on "prepare" (they take a moment, the PDF and
# the PNG seconds).
# A failure is logged and shown in the user's language; nothing else on the page is affected.

_PREPARE = "results_prepare"


def _build(make: Callable[[], bytes | str]) -> bytes | str | None:
    try:
        return make()
    except Exception:
        log.exception("building a results download failed")
        st.error(tr("results.download.failed"), icon=":material/error:")
        return None


def _ask(kind: str) -> None:
    st.session_state[_PREPARE] = kind


def _prepared(
    kind: str, label: str, make: Callable[[], bytes | str], file_name: str, mime: str, *, key: str | None = None
) -> None:
    """A "prepare" button that, once clicked, becomes the download button (``key``, default
    ``download_<kind>``) for the file built in that run."""
    if st.session_state.get(_PREPARE) == kind:
        del st.session_state[_PREPARE]  # the next run shows the prepare button again, so no file goes stale
        with st.spinner(tr("results.download.preparing")):
            data = _build(make)
        if data is not None:
            st.download_button(
                tr("results.download.ready", file=label),
                data,
                file_name=file_name,
                mime=mime,
                key=key or f"download_{kind}",
                on_click="ignore",
                type="primary",
                icon=":material/download:",
                width="stretch",
            )
            return
    st.button(label, key=f"prepare_{kind}", on_click=_ask, args=(kind,), width="stretch")


def _print_images(figures: list[ReportFigure]) -> list[bytes]:
    """The charts' images for the printed HTML report. Without them (no Chromium) the report still
    works: interactive charts on screen, their text alternatives and tables on paper."""
    try:
        return reports.chart_images(figures)
    except Exception:
        log.exception("drawing the charts for the printed report failed; the HTML report goes without them")
        return []


def downloads(
    dash: maturity.Dashboard,
    model: MaturityModel,
    radar_view: RadarView,
    figures: list[ReportFigure],
    steps: pd.DataFrame,
    roles: pd.DataFrame,
    band: charts.BenchmarkBand,
) -> None:
    lg = lang()
    st.subheader(tr("results.downloads"))
    st.caption(tr("results.downloads.help"))
    slug = reports.file_slug(dash, lg)
    scores = radar_view.scores
    sheets = {tr("results.scores"): scores, tr("results.next_steps"): steps, tr("results.roles"): roles}
    if dash.regional is not None:  # which municipality each figure is about, and who answered where
        sheets[tr("results.regional.heading")] = reports.regional_table(dash, lg)
        if dash.teams:  # the facilitator: each team with its municipality
            sheets[tr("results.teams")] = reports.teams_table(dash, lg)
    # Two by two, every button as wide as its column: an even grid, whichever button turned into a download.
    cols = [*st.columns(2), *st.columns(2), *st.columns(2)]
    with cols[0]:  # the PDF is the same HTML report, laid out for A4 (the charts drawn by Chromium first)
        _prepared(
            "pdf",
            tr("results.download.pdf"),
            lambda: reports.pdf_report(dash, model, lg, figures=figures, benchmark=band),
            f"{slug}-report.pdf",
            pdf.MIME,
            key="results_download_pdf",
        )
    with cols[1]:
        _prepared(
            "html",
            tr("results.download.html"),
            lambda: reports.html_report(
                dash, model, lg, figures=figures, benchmark=band, images=_print_images(figures)
            ),
            f"{slug}-report.html",
            "text/html",
        )
    with cols[2]:
        data = _build(lambda: csvfile.frame_to_csv(scores, lg))
        if data is not None:
            st.download_button(
                tr("results.download.csv"),
                data,
                file_name=f"{slug}-scores.csv",
                mime=csvfile.MIME,
                key="download_csv",
                on_click="ignore",
                width="stretch",
            )
    with cols[3]:
        _prepared(
            "xlsx",
            tr("results.download.xlsx"),
            lambda: reports.excel_bytes(sheets),
            f"{slug}-scores.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    with cols[4]:
        data = _build(lambda: reports.results_json(dash, model, lg, band))
        if data is not None:
            st.download_button(
                tr("results.download.json"),
                data,
                file_name=f"{slug}-results.json",
                mime="application/json",
                key="results_download_json",
                on_click="ignore",
                width="stretch",
            )
    with cols[5]:
        _prepared(
            "png",
            tr("results.download.png"),
            lambda: reports.png_bytes(radar_view.report.figure),
            f"{slug}-radar.png",
            "image/png",
        )
