"""Widgets for the management dashboard (maturity results)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dshub.charts import maturity as charts
from dshub.i18n import format_date, format_number, plural
from dshub.maturity.content import MaturityModel
from dshub.reports import csvfile, pdf
from dshub.reports import maturity as reports
from dshub.reports.maturity import ReportFigure
from dshub.services import maturity
from dshub.services.benchmarks import maturity_overlay
from dshub.ui.core import base_url, guarded, labeller, lang, lang_param, page_link, plain, show_chart, table, tr

log = logging.getLogger("dshub")


def benchmark_band(db) -> charts.BenchmarkBand:
    """The benchmark overlay for the radar: always marked as our estimate (see data/benchmarks)."""
    overlay = maturity_overlay(db)
    lg = lang()
    return charts.BenchmarkBand.from_bands(
        overlay, estimate=True, label=overlay.label.render(lg), note=overlay.note.render(lg)
    )


def view_selector(slot, dash: maturity.Dashboard) -> None:
    """Which answers the dashboard shows, with the view actually shown preselected.

    Drawn into ``slot`` (above the results) after the dashboard is read, because the default
    view depends on the kind of session; the page reads the choice from session state.
    """
    slot.radio(
        tr("results.view"),
        maturity.VIEWS,
        format_func=labeller("results.view"),
        horizontal=True,
        key="results_view",
        index=maturity.VIEWS.index(dash.view),
    )


def group_selector(slot, dash: maturity.Dashboard) -> None:
    """In a regional session: which group the page shows (the region or one municipality), with the
    group shown preselected; groups this reader may not see say so in their name."""
    if dash.regional is None:
        return
    lg = lang()
    labels = {g.id: reports.group_label(g, lg) for g in dash.regional.groups}
    ids = list(labels)
    slot.selectbox(
        tr("results.group"),
        ids,
        index=ids.index(dash.regional.selected),
        format_func=labels.__getitem__,
        help=tr("results.group.help", min=dash.regional.min_respondents),
        key="results_group",
    )


def header(dash: maturity.Dashboard) -> None:
    ws = dash.access.workshop
    lg = lang()
    st.header(plain(f"{reports.subject(dash, lg)} — {ws.title}"))
    counts = dash.respondents
    teams, individuals = counts.get("teams", 0), counts.get("individuals", 0)
    st.caption(
        tr(
            "results.counts",
            teams=plural("results.counts.teams", lg, teams),
            individuals=plural("results.counts.individuals", lg, individuals),
        )
    )
    if dash.access.municipality is not None:
        st.caption(tr("results.read_only.municipality", name=plain(dash.access.municipality)))
    elif not dash.access.can_edit:
        st.caption(tr("results.read_only"))
    if dash.regional is not None:
        regional_overview(dash)
    if not dash.shown:
        return  # nothing of the group is shown, so nothing about its answers either
    for note in dash.notes:
        st.info(tr(note.key, **note.params), icon=":material/info:")


def regional_overview(dash: maturity.Dashboard) -> None:
    """The groups of a regional session this reader may know about, with their respondents and the rule."""
    assert dash.regional is not None  # header() calls this only in a regional session
    lg = lang()
    with st.expander(tr("results.regional.heading"), icon=":material/groups:"):
        st.caption(tr("results.regional.rule", min=dash.regional.min_respondents))
        table(reports.regional_table(dash, lg), tr("results.regional.heading"))


def hidden(dash: maturity.Dashboard) -> None:
    """Why the group asked for is not shown to this reader (the n >= 5 rule)."""
    regional = dash.regional
    assert regional is not None  # only a regional session hides a group (Dashboard.shown)
    with st.container(key="results_hidden"):
        st.warning(
            reports.hidden_reason(regional.current, lang(), regional.min_respondents, escape=plain),
            icon=":material/visibility_off:",
        )


def benchmark_link(dash: maturity.Dashboard, key: str) -> None:
    """A municipality's own link in a regional session: compare it with the region on the benchmark page."""
    if dash.regional is not None and dash.access.municipality is not None:
        page_link(
            "app_pages/benchmark.py", label=tr("results.region.benchmark_link"), icon=":material/leaderboard:", key=key
        )


def _chart(fig, key: str, summary: str) -> None:
    """A chart with its summary as the accessible name and as visible text."""
    show_chart(fig, key, summary)
    st.markdown(plain(summary))


@dataclass(frozen=True)
class RadarView:
    """What the radar section drew; the downloads reuse it instead of building it again."""

    report: ReportFigure
    scores: pd.DataFrame


def radar(dash: maturity.Dashboard, model: MaturityModel, band: charts.BenchmarkBand) -> RadarView:
    lg = lang()
    heading = tr("maturity.chart.radar.title")
    fig = charts.radar_figure(
        dash.radar_data, model, lg, group=dash.group, targets=dash.targets, benchmark=band, title=heading
    )
    # The header above already says how many answered, so the summary here leaves that out.
    summary = charts.radar_summary(
        dash.radar_data, model, lg, group=dash.group, targets=dash.targets, benchmark=band, respondents=False
    )
    _chart(fig, "results_radar", summary)
    if band.note:
        st.caption(band.note)
    scores = reports.scores_table(dash, model, lg, band)
    with st.expander(tr("results.radar.table")):
        table(scores, tr("results.scores"))
    return RadarView(ReportFigure(heading, fig, summary, note=band.note), scores)


def next_steps(dash: maturity.Dashboard, model: MaturityModel) -> pd.DataFrame:
    """The next-steps table (scores as the language writes them); returns it with plain numbers for Excel."""
    st.subheader(tr("results.next_steps"))
    st.caption(tr("results.next_steps.help"))
    table(reports.next_steps(dash, model, lang()), tr("results.next_steps.caption"))
    return reports.next_steps(dash, model, lang(), numbers=True)


def disagreement(dash: maturity.Dashboard, model: MaturityModel) -> ReportFigure | None:
    """The questions whose answers differ by two levels or more, with the lowest and highest answer."""
    lg = lang()
    st.subheader(tr("results.disagreement"))
    items = dash.result.items
    flagged = charts.disagreement_table(items, model, lg, group=dash.group)
    summary = charts.disagreement_summary(items, model, lg, group=dash.group)
    if flagged.empty:
        st.markdown(plain(summary))
        return None
    heading = tr("maturity.chart.disagreement.title")
    fig = charts.disagreement_figure(items, model, lg, group=dash.group, title=heading)
    _chart(fig, "results_disagreement", summary)
    with st.expander(tr("results.disagreement.table")):
        table(flagged, tr("results.disagreement"))
    return ReportFigure(heading, fig, summary, table=flagged)


def role_gaps(dash: maturity.Dashboard, model: MaturityModel) -> tuple[ReportFigure | None, pd.DataFrame]:
    """Perception by role (from individual answers, whichever view is chosen); also returns the role table."""
    lg = lang()
    st.subheader(tr("results.roles"))
    means = dash.role_gaps.means
    roles = charts.role_gap_table(means, model, lg, group=dash.group)
    if dash.regional is not None and not dash.regional.roles_shown:
        st.info(tr("results.roles.regional"), icon=":material/info:")
        return None, roles
    if means.empty:
        st.info(tr("results.roles.empty"))
        return None, roles
    st.caption(tr("results.roles.help"))
    heading = tr("maturity.chart.role_gap.title")
    fig = charts.role_gap_heatmap(means, model, lg, group=dash.group, title=heading)
    summary = charts.role_gap_summary(dash.role_gaps.gaps, model, lg, group=dash.group)
    _chart(fig, "results_roles", summary)
    with st.expander(tr("results.roles.table")):
        table(roles, tr("results.roles"))
    return ReportFigure(heading, fig, summary, table=roles), roles


def trend(dash: maturity.Dashboard, model: MaturityModel) -> ReportFigure | None:
    if dash.history.empty or dash.history["assessed_at"].nunique() < 2:
        return None
    lg = lang()
    heading = tr("results.trend")
    st.subheader(heading)
    st.caption(tr("results.trend.help"))
    fig = charts.trend_figure(dash.history, model, lg)
    summary = charts.trend_summary(dash.history, model, lg)
    _chart(fig, "results_trend", summary)
    trend_rows = charts.trend_table(dash.history, model, lg)
    with st.expander(tr("results.trend.table")):
        table(trend_rows, tr("results.trend"))
    return ReportFigure(heading, fig, summary, table=trend_rows)


def overall(dash: maturity.Dashboard) -> None:
    frame = dash.result.overall
    if frame.empty or frame["overall"].isna().all():
        return
    st.caption(tr("results.overall", score=format_number(float(frame["overall"].iloc[0]), lang())))


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


# --------------------------------------------------------------------------- facilitator only


def facilitator_tools(db, model: MaturityModel, dash: maturity.Dashboard, key: str) -> None:
    """Targets, linked earlier sessions and the read-only management link: only with the facilitator key."""
    lg = lang()
    with st.expander(tr("results.targets"), icon=":material/flag:"):
        st.caption(tr("results.targets.help"))
        with st.form("targets_form"):
            settings = dash.access.workshop.settings
            size = st.selectbox(
                tr("results.size_class"),
                maturity.SIZE_CLASSES,
                format_func=labeller("results.size"),
                index=maturity.SIZE_CLASSES.index(settings.size_class or "medium"),
                key="targets_size",
            )
            lab_types = list(maturity.PEER_LAB_TYPES)
            lab_type = st.selectbox(
                tr("results.lab_type"),
                lab_types,
                format_func=labeller("benchmarks.type"),
                index=lab_types.index(settings.lab_type or "none"),
                key="targets_lab_type",
            )
            opt_in = st.checkbox(
                tr("results.peer_opt_in"),
                value=bool(settings.peer_opt_in),
                help=tr("results.peer_opt_in.help"),
                key="targets_peer_opt_in",
            )
            targets = {}
            for dim in model.dimensions:
                targets[dim.id] = st.slider(
                    dim.label.get(lg), 1, 5, int(dash.targets.get(dim.id, 3)), key=f"target_{dim.id}"
                )
            left, right = st.columns(2)
            if left.form_submit_button(tr("results.targets.save"), type="primary", key="targets_save"):
                _save_targets(db, model, key, targets, size, lab_type, opt_in)
            if right.form_submit_button(tr("results.targets.suggest"), key="targets_suggest"):
                _save_targets(db, model, key, maturity.suggested_targets(model, size), size, lab_type, opt_in)
    if dash.regional is None:  # a regional session shows no trend over linked sessions
        history_links(db, dash, key)
    with st.expander(tr("results.share"), icon=":material/share:"):
        st.caption(tr("results.share.help"))
        if dash.regional is not None:
            st.caption(tr("results.share.regional", min=dash.regional.min_respondents))
        if st.button(tr("results.share.create"), key="results_link_create"):
            st.session_state["results_link"] = maturity.create_results_link(
                db, key, base_url(), lang_param().get("lang")
            )
        if st.session_state.get("results_link"):
            st.code(st.session_state["results_link"], language=None)


def history_links(db, dash: maturity.Dashboard, key: str) -> None:
    """Link an earlier session (by its facilitator or results link) so its scores appear in the trend."""
    with st.expander(tr("results.history"), icon=":material/timeline:"):
        st.caption(tr("results.history.help"))
        for linked in dash.linked:
            left, right = st.columns([4, 1], vertical_alignment="center")
            when = format_date(linked.event_date, lang()) if linked.event_date else ""
            left.markdown(plain(" — ".join(x for x in (linked.municipality, linked.title, when) if x)))
            right.button(
                tr("results.history.unlink"),
                key=f"history_unlink_{linked.id}",
                on_click=_unlink,
                args=(db, key, linked.id),
            )
        with st.form("history_form", clear_on_submit=True):
            earlier = st.text_input(
                tr("results.history.key"), type="password", key="history_key", help=tr("results.history.key.help")
            )
            if st.form_submit_button(tr("results.history.link"), key="history_link"):
                _link(db, key, earlier)


@guarded
def _link(db, key: str, earlier: str) -> None:
    maturity.link_history(db, key, earlier)
    st.rerun()


@guarded
def _unlink(db, key: str, workshop_id: int) -> None:
    maturity.unlink_history(db, key, workshop_id)


@guarded
def _save_targets(db, model, key, targets, size, lab_type, opt_in):
    maturity.set_targets(db, model, key, targets=targets, size_class=size, lab_type=lab_type, peer_opt_in=opt_in)
    for dim_id in targets:
        st.session_state.pop(f"target_{dim_id}", None)
    st.rerun()
