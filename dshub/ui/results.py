"""Widgets for the management dashboard (maturity results)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dshub.charts import maturity as charts
from dshub.maturity.content import MaturityModel
from dshub.reports import maturity as reports
from dshub.services import maturity
from dshub.services.benchmarks import maturity_overlay
from dshub.ui.core import base_url, guarded, labeller, lang, plain, table, tr


def benchmark_band(db) -> charts.BenchmarkBand:
    """The benchmark overlay for the radar: always marked as our estimate (see data/benchmarks)."""
    overlay = maturity_overlay(db)
    return charts.BenchmarkBand.from_bands(overlay, estimate=True, label=overlay.label.render(lang()))


def header(dash: maturity.Dashboard) -> None:
    ws = dash.access.workshop
    st.header(plain(f"{ws.municipality} — {ws.title}"))
    counts = dash.respondents
    st.caption(tr("results.counts", teams=counts.get("teams", 0), individuals=counts.get("individuals", 0)))
    if not dash.access.can_edit:
        st.caption(tr("results.read_only"))
    for note in dash.result.notes:
        st.info(tr(note.key, **note.params), icon=":material/info:")


@dataclass(frozen=True)
class RadarView:
    """What the radar section drew; the downloads reuse it instead of building it again."""

    figure: object
    summary: str
    scores: object


def radar(dash: maturity.Dashboard, model: MaturityModel, band) -> RadarView:
    lg = lang()
    fig = charts.radar_figure(dash.result.dimensions, model, lg, group=dash.group, targets=dash.targets,
                              benchmark=band, title=tr("maturity.chart.radar.title"))
    st.plotly_chart(fig, key="results_radar", config={"displaylogo": False})
    summary = charts.radar_summary(dash.result.dimensions, model, lg, group=dash.group, targets=dash.targets)
    st.markdown(plain(summary))
    scores = reports.scores_table(dash, model, lg, band)
    with st.expander(tr("results.radar.table")):
        table(scores, tr("results.scores"))
    return RadarView(fig, summary, scores)


def next_steps(dash: maturity.Dashboard, model: MaturityModel):
    st.subheader(tr("results.next_steps"))
    st.caption(tr("results.next_steps.help"))
    steps = reports.next_steps(dash, model, lang())
    table(steps, tr("results.next_steps"))
    return steps


def role_gaps(dash: maturity.Dashboard, model: MaturityModel) -> None:
    lg = lang()
    st.subheader(tr("results.roles"))
    means = dash.result.role_gaps.means
    if means.empty:
        st.info(tr("results.roles.empty"))
        return
    st.plotly_chart(charts.role_gap_heatmap(means, model, lg, group=dash.group,
                                            title=tr("maturity.chart.role_gap.title")), key="results_roles")
    st.markdown(plain(charts.role_gap_summary(dash.result.role_gaps.gaps, model, lg, group=dash.group)))
    with st.expander(tr("results.roles.table")):
        table(charts.role_gap_table(means, model, lg, group=dash.group), tr("results.roles"))


def trend(dash: maturity.Dashboard, model: MaturityModel) -> None:
    if dash.history.empty or dash.history["assessed_at"].nunique() < 2:
        return
    lg = lang()
    st.subheader(tr("results.trend"))
    st.plotly_chart(charts.trend_figure(dash.history, model, lg), key="results_trend")
    st.markdown(plain(charts.trend_summary(dash.history, model, lg)))
    with st.expander(tr("results.trend.table")):
        table(charts.trend_table(dash.history, model, lg), tr("results.trend"))


def overall(dash: maturity.Dashboard) -> None:
    frame = dash.result.overall
    if frame.empty or frame["overall"].isna().all():
        return
    st.caption(tr("results.overall", score=f"{float(frame['overall'].iloc[0]):.1f}"))


def downloads(dash: maturity.Dashboard, model: MaturityModel, view: RadarView, steps, band) -> None:
    lg = lang()
    st.subheader(tr("results.downloads"))
    slug = f"dshub-{dash.access.workshop.code}"
    fig, scores = view.figure, view.scores
    cols = st.columns(4)
    cols[0].download_button(
        tr("results.download.html"), lambda: reports.html_report(dash, model, lg, figures=[
            (fig, view.summary)],
            benchmark=band),
        file_name=f"{slug}-report.html", mime="text/html", key="download_html", on_click="ignore")
    cols[1].download_button(tr("results.download.png"), lambda: reports.png_bytes(fig), file_name=f"{slug}-radar.png",
                            mime="image/png", key="download_png", on_click="ignore")
    cols[2].download_button(tr("results.download.csv"), lambda: reports.csv_bytes(scores),
                            file_name=f"{slug}-scores.csv", mime="text/csv", key="download_csv", on_click="ignore")
    sheet_names = tr("results.scores"), tr("results.next_steps"), tr("results.roles")  # not inside the callable
    cols[3].download_button(
        tr("results.download.xlsx"),
        lambda: reports.excel_bytes(dict(zip(sheet_names, (
            scores, steps, charts.role_gap_table(dash.result.role_gaps.means, model, lg))))),
        file_name=f"{slug}-scores.xlsx", key="download_xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def facilitator_tools(db, model: MaturityModel, dash: maturity.Dashboard, key: str) -> None:
    """Targets and the read-only management link: only with the facilitator key."""
    lg = lang()
    with st.expander(tr("results.targets"), icon=":material/flag:"):
        st.caption(tr("results.targets.help"))
        with st.form("targets_form"):
            size = st.selectbox(tr("results.size_class"), maturity.SIZE_CLASSES, format_func=labeller("results.size"),
                                index=maturity.SIZE_CLASSES.index(dash.access.workshop.settings.get("size_class", "medium")),
                                key="targets_size")
            settings = dash.access.workshop.settings
            lab_types = list(maturity.PEER_LAB_TYPES)
            lab_type = st.selectbox(tr("results.lab_type"), lab_types, format_func=labeller("benchmarks.type"),
                                    index=lab_types.index(settings.get("lab_type", "none")), key="targets_lab_type")
            opt_in = st.checkbox(tr("results.peer_opt_in"), value=bool(settings.get("peer_opt_in")),
                                 help=tr("results.peer_opt_in.help"), key="targets_peer_opt_in")
            targets = {}
            for dim in model.dimensions:
                targets[dim.id] = st.slider(dim.label.get(lg), 1, 5, int(dash.targets.get(dim.id, 3)),
                                            key=f"target_{dim.id}")
            left, right = st.columns(2)
            if left.form_submit_button(tr("results.targets.save"), type="primary", key="targets_save"):
                _save_targets(db, model, key, targets, size, lab_type, opt_in)
            if right.form_submit_button(tr("results.targets.suggest"), key="targets_suggest"):
                _save_targets(db, model, key, maturity.suggested_targets(model, size), size, lab_type, opt_in)
    with st.expander(tr("results.share"), icon=":material/share:"):
        st.caption(tr("results.share.help"))
        if st.button(tr("results.share.create"), key="results_link_create"):
            st.session_state["results_link"] = maturity.create_results_link(db, key, base_url())
        if st.session_state.get("results_link"):
            st.code(st.session_state["results_link"], language=None)


@guarded
def _save_targets(db, model, key, targets, size, lab_type, opt_in):
    maturity.set_targets(db, model, key, targets=targets, size_class=size, lab_type=lab_type, peer_opt_in=opt_in)
    for dim_id in targets:
        st.session_state.pop(f"target_{dim_id}", None)
    st.rerun()
