"""Widgets for the management dashboard (maturity results)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dshub.charts import maturity as charts
from dshub.i18n import format_number, plural
from dshub.maturity.content import MaturityModel
from dshub.reports import maturity as reports
from dshub.reports.maturity import ReportFigure
from dshub.services import maturity
from dshub.services.benchmarks import maturity_overlay
from dshub.ui.core import labeller, lang, page_link, plain, show_chart, table, tr


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
