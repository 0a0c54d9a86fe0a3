"""Widgets and rendering for the benchmark page (app_pages/benchmark.py): the survey, start advice, peers
and the region. The datalab profile is in :mod:`dshub.ui.benchmark_profile`, data management in
:mod:`dshub.ui.benchmark_admin`.

Every function draws one part of the page from plain values handed in by the
page; only :func:`admin_actions` calls services itself (each action guarded).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dshub.benchmarks import Benchmark, Message
from dshub.benchmarks.overlay import DIMENSIONS, MaturityMapping
from dshub.benchmarks.peers import MIN_GROUP_SIZE, suppression_note
from dshub.benchmarks.survey import StartAdvice
from dshub.charts.benchmarks import SHARE_TOPICS, shares_figure, shares_table
from dshub.i18n import format_date, format_number, t
from dshub.maturity.content import MaturityModel
from dshub.reports import csvfile
from dshub.reports.maturity import hidden_reason
from dshub.services import benchmarks
from dshub.ui.core import labeller, lang, plain, show_chart, table, tr

# --------------------------------------------------------------------------- notice for everyone


def unusable_records_notice(unusable: benchmarks.DatasetInfo | None) -> None:
    """Loaded lab records that could not be read any more: say that the survey figures are shown."""
    if unusable is not None:
        st.warning(
            tr(
                "benchmarks.data.unusable",
                filename=plain(unusable.filename),
                date=format_date(unusable.uploaded_at, lang()),
            ),
            icon=":material/warning:",
        )


# --------------------------------------------------------------------------- (a) the survey at a glance


def survey_at_a_glance(survey: Benchmark, current: Benchmark) -> None:
    """The published key figures exactly, each with its label; the types and the findings."""
    lg = lang()
    identified, participants = survey.labs_identified, survey.known_figure("n_labs")
    assert identified is not None  # the published survey states how many labs it identified
    types_source = survey.lab_types[0].source
    assert types_source is not None  # the survey's lab types are published with their source
    cols = st.columns(3)
    for col, label, value, status in (
        (cols[0], "benchmarks.survey.labs_identified", identified.value, identified.label),
        (cols[1], "benchmarks.survey.participants", participants.value, participants.label),
        (
            cols[2],
            "benchmarks.survey.lab_types",
            len(survey.lab_types),
            Message("benchmarks.status.published", {"source": types_source.title}),
        ),
    ):
        with col.container(border=True):
            st.metric(tr(label), int(value))
            st.caption(status.render(lg))
    if current.origin == "records":
        st.info(tr("benchmarks.survey.records_in_use", n=current.n()), icon=":material/dataset:")

    st.subheader(tr("benchmarks.survey.types_heading"))
    lines = []
    for lab_type in survey.lab_types:
        fig = survey.known_figure("n_labs", lab_type.id)
        count = Message(
            f"benchmarks.compare.type_count.{fig.status}",
            {
                "count": int(fig.value),
                "n": int(participants.value),
                "pct": round(100 * fig.value / participants.value),
                "scope": Message(f"benchmarks.scope.{lab_type.id}"),
            },
        )
        description = lab_type.description.get(lg).rstrip(".") if lab_type.description else ""
        name = lab_type.name.get(lg) + (f" ({description})" if description else "")
        line = Message("benchmarks.survey.type_line", {"name": name, "count": count, "label": fig.label})
        lines.append(f"- {plain(line.render(lg))}")
    st.markdown("\n".join(lines))
    reasoning = survey.known_figure("n_labs", survey.lab_types[0].id).reasoning
    if reasoning:
        with st.expander(tr("benchmarks.survey.how_estimated")):
            st.write(reasoning.get(lg))

    st.subheader(tr("benchmarks.survey.findings_heading"))
    st.markdown("\n".join(f"- {plain(f.text.get(lg))}" for f in survey.findings))
    source = survey.findings[0].source
    assert source is not None  # the survey's findings are published with their source
    st.caption(tr("benchmarks.survey.findings_note", source=source.title, publisher=source.publisher, year=source.year))


def shares_chart(current: Benchmark) -> None:
    """Shares of labs for a chosen topic, with the same numbers as a table."""
    lg = lang()
    topic = st.selectbox(
        tr("benchmarks.chart.topic"),
        SHARE_TOPICS,
        format_func=labeller("benchmarks.topic"),
        key="benchmark_chart_topic",
    )
    figure = shares_figure(current, topic, lg)
    show_chart(figure, "benchmark_chart", figure.layout.title.text)
    st.caption(tr("benchmarks.chart.legend"))
    with st.expander(tr("benchmarks.chart.table")):
        table(shares_table(current, topic, lg), figure.layout.title.text)
    with st.expander(tr("benchmarks.survey.all_figures")):
        rows = pd.DataFrame(current.table(lg))
        table(
            rows.rename(columns={c: tr(f"benchmarks.column.{c}") for c in rows.columns}),
            tr("benchmarks.survey.all_figures"),
        )


def overlay_reasoning(overlay: benchmarks.Overlay, mapping: MaturityMapping, model: MaturityModel) -> None:
    """Per maturity dimension: the benchmark band and why, from maturity_mapping.yaml (our estimate)."""
    lg = lang()
    with st.expander(tr("benchmarks.overlay.reasoning_heading")):
        st.info(f"{overlay.note.render(lg)} {mapping.note.get(lg)}", icon=":material/edit_note:")
        st.caption(overlay.label.render(lg))
        blocks = []
        for dim in DIMENSIONS:
            spec, band = mapping.dimensions[dim], overlay.get(dim)
            name = model.dimension(dim).label.get(lg)
            head = (
                Message(
                    "benchmarks.overlay.dimension_line",
                    {"name": name, "low": float(band.low), "high": float(band.high)},
                ).render(lg)
                if band
                else Message("benchmarks.overlay.dimension_no_band", {"name": name}).render(lg)
            )
            basis = (
                tr(
                    "benchmarks.overlay.based_on",
                    indicators=", ".join(tr(f"benchmarks.indicator.{term.indicator}") for term in spec.terms),
                )
                if spec.terms
                else tr("benchmarks.overlay.no_figures")
            )
            blocks.append(f"**{plain(head)}**  \n{plain(spec.reasoning.get(lg))}  \n*{plain(basis)}*")
        st.markdown("\n\n".join(blocks))


# --------------------------------------------------------------------------- (c) start-a-datalab advice


def start_advice(advice: StartAdvice, survey: Benchmark) -> None:
    lg = lang()
    findings = {f.id: f.text.get(lg) for f in survey.findings}
    st.header(advice.title.get(lg))
    st.info(advice.note.get(lg), icon=":material/edit_note:")  # the content's note says it all; once is enough
    for item in advice.items:
        with st.container(border=True):
            st.markdown(f"**{plain(item.title.get(lg))}**")
            st.write(item.body.get(lg))
            bases = [
                tr(f"benchmarks.advice.basis.{b}")
                if b in ("published_dos", "own_addition")
                else f"{tr('benchmarks.advice.basis.finding')}: {findings.get(b, b)}"
                for b in item.basis
            ]
            st.caption(" · ".join(bases))


# --------------------------------------------------------------------------- (d) peer benchmark


def _group_label(grouping: str, group: str, lg: str) -> str:
    if grouping == "all":
        return t("benchmarks.peers.grouping.all", lg)
    if group == "unknown":
        return t("benchmarks.peers.group.unknown", lg)
    return t(f"benchmarks.peers.size.{group}" if grouping == "size_class" else f"benchmarks.type.{group}", lg)


def peer_rows(table: pd.DataFrame, model: MaturityModel, lg: str) -> pd.DataFrame:
    """The peer table in the user's language; suppressed rows show n and why, never statistics."""

    def col(name: str) -> str:
        return t(f"benchmarks.peers.column.{name}", lg)

    notes = [suppression_note(row) for row in table.to_dict("records")]
    return pd.DataFrame(
        {
            col("grouping"): [t(f"benchmarks.peers.grouping.{g}", lg) for g in table["grouping"]],
            col("group"): [_group_label(g, v, lg) for g, v in zip(table["grouping"], table["group"])],
            col("dimension"): [model.dimension(d).label.get(lg) for d in table["dimension"]],
            t("benchmarks.column.n", lg): table["n"].astype(int),
            col("mean"): table["mean"],
            col("q1"): table["q1"],
            col("q3"): table["q3"],
            col("note"): [n.render(lg) if n else "" for n in notes],
        }
    )


def peer_section(peers: benchmarks.PeerBenchmark, model: MaturityModel) -> None:
    lg = lang()
    st.write(tr("benchmarks.peers.intro", min_n=MIN_GROUP_SIZE))
    st.caption(tr("benchmarks.peers.count", n=peers.assessments))
    if peers.table.empty:
        st.info(tr("benchmarks.peers.empty"), icon=":material/groups:")
        return
    table(peer_rows(peers.table, model, lg), tr("benchmarks.tab.peers"))
    st.download_button(
        tr("benchmarks.peers.download"),
        peers.csv(lg),
        file_name="dshub-peer-benchmark.csv",
        mime=csvfile.MIME,
        key="benchmark_peer_download",
    )


# --------------------------------------------------------------------------- a municipality and its region


def region_rows(comp: benchmarks.RegionComparison, model: MaturityModel, lg: str) -> pd.DataFrame:
    """The comparison as a table in the user's language: per dimension the municipality's score and n,
    and the region's (empty when the region is not shown)."""
    region = t("results.region.option", lg)
    missing = float("nan")  # the table shows it as a dash

    def scores(values, shown=True):
        return [format_number(v, lg) if shown and v is not None and not pd.isna(v) else missing for v in values]

    def counts(values, shown=True):
        return [str(int(v)) if shown and v is not None and not pd.isna(v) else missing for v in values]

    rows = comp.rows
    return pd.DataFrame(
        {
            t("results.col.dimension", lg): [model.dimension(d).label.get(lg) for d in rows["dimension"]],
            t("benchmarks.region.col.score", lg, name=comp.municipality): scores(rows["own_mean"]),
            t("benchmarks.region.col.n", lg, name=comp.municipality): counts(rows["own_n"]),
            t("benchmarks.region.col.score", lg, name=region): scores(rows["region_mean"], comp.region.visible),
            t("benchmarks.region.col.n", lg, name=region): counts(rows["region_n"], comp.region.visible),
        }
    )


def region_summary(comp: benchmarks.RegionComparison, lg: str) -> str:
    """How the municipality compares with the region, in one sentence (scores as shown, one decimal)."""
    pairs = [
        (round(float(a), 1), round(float(b), 1))
        for a, b in zip(comp.rows["own_mean"], comp.rows["region_mean"])
        if a is not None and b is not None and not pd.isna(a) and not pd.isna(b)
    ]
    return t(
        "benchmarks.region.summary",
        lg,
        name=comp.municipality,
        higher=sum(a > b for a, b in pairs),
        lower=sum(a < b for a, b in pairs),
        same=sum(a == b for a, b in pairs),
    )


def region_section(comp: benchmarks.RegionComparison, model: MaturityModel) -> None:
    """Opened from a municipality's own results link in a regional session: its maturity scores next to
    the region's, with the n >= 5 rule (the region may be hidden, and the page says why)."""
    lg = lang()
    with st.container(key="benchmark_region"):
        st.header(tr("benchmarks.region.heading", name=plain(comp.municipality)))
        st.caption(tr("benchmarks.region.intro", min=comp.min_respondents))
        if not comp.own.visible:
            st.info(hidden_reason(comp.own, lg, comp.min_respondents, escape=plain), icon=":material/info:")
            return
        if comp.region.visible:
            st.write(plain(region_summary(comp, lg)))
        else:
            st.warning(
                hidden_reason(comp.region, lg, comp.min_respondents, escape=plain), icon=":material/visibility_off:"
            )
        table(region_rows(comp, model, lg), tr("benchmarks.region.table", name=comp.municipality))
