"""Widgets and rendering for the benchmark page (app_pages/benchmark.py).

Every function draws one part of the page from plain values handed in by the
page; only :func:`admin_actions` calls services itself (each action guarded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

import pandas as pd
import streamlit as st

from dshub.benchmarks import Benchmark, Comparison, DatalabProfile, ImportResult, Message, compare_profile
from dshub.benchmarks.content import MULTI_NONE
from dshub.benchmarks.overlay import DIMENSIONS, MaturityMapping
from dshub.benchmarks.peers import MIN_GROUP_SIZE, suppression_note
from dshub.benchmarks.survey import DATA_DIR, StartAdvice
from dshub.charts.benchmarks import SHARE_TOPICS, shares_figure, shares_table
from dshub.errors import Conflict, Forbidden
from dshub.i18n import format_date, format_number, t
from dshub.maturity.content import MaturityModel
from dshub.reports import csvfile
from dshub.reports.maturity import hidden_reason
from dshub.services import benchmarks
from dshub.store.answers import SavedAnswer
from dshub.ui.core import client_bucket, flash, guarded, labeller, lang, plain, show_chart, table, tr

ANSWERED = "benchmark_profile_answered"
SEEN = "benchmark_profile_seen"  # question id -> saved revision this device shows (workshop mode)
CONFLICTS = "benchmark_profile_conflicts"  # question id -> (this device's answer, the newer saved one)
ADMIN_SESSION = "dshub_admin_key"  # the unlocked administrator key, for this browser session only
MAX_UPLOAD_MB = 3  # the importer itself refuses files over 2 MB, with a clear message


# --------------------------------------------------------------------------- notice for everyone


def unusable_records_notice(unusable: benchmarks.DatasetInfo | None) -> None:
    """Loaded lab records that could not be read any more: say that the survey figures are shown."""
    if unusable is not None:
        st.warning(tr("benchmarks.data.unusable", filename=plain(unusable.filename),
                      date=format_date(unusable.uploaded_at, lang())), icon=":material/warning:")


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
        (cols[2], "benchmarks.survey.lab_types", len(survey.lab_types),
         Message("benchmarks.status.published", {"source": types_source.title})),
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
        count = Message(f"benchmarks.compare.type_count.{fig.status}",
                        {"count": int(fig.value), "n": int(participants.value),
                         "pct": round(100 * fig.value / participants.value),
                         "scope": Message(f"benchmarks.scope.{lab_type.id}")})
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
    st.caption(tr("benchmarks.survey.findings_note", source=source.title, publisher=source.publisher,
                  year=source.year))


def shares_chart(current: Benchmark) -> None:
    """Shares of labs for a chosen topic, with the same numbers as a table."""
    lg = lang()
    topic = st.selectbox(tr("benchmarks.chart.topic"), SHARE_TOPICS, format_func=labeller("benchmarks.topic"),
                         key="benchmark_chart_topic")
    figure = shares_figure(current, topic, lg)
    show_chart(figure, "benchmark_chart", figure.layout.title.text)
    st.caption(tr("benchmarks.chart.legend"))
    with st.expander(tr("benchmarks.chart.table")):
        table(shares_table(current, topic, lg), figure.layout.title.text)
    with st.expander(tr("benchmarks.survey.all_figures")):
        rows = pd.DataFrame(current.table(lg))
        table(rows.rename(columns={c: tr(f"benchmarks.column.{c}") for c in rows.columns}),
              tr("benchmarks.survey.all_figures"))


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
            head = (Message("benchmarks.overlay.dimension_line",
                            {"name": name, "low": float(band.low), "high": float(band.high)}).render(lg)
                    if band else Message("benchmarks.overlay.dimension_no_band", {"name": name}).render(lg))
            basis = (tr("benchmarks.overlay.based_on",
                        indicators=", ".join(tr(f"benchmarks.indicator.{term.indicator}") for term in spec.terms))
                     if spec.terms else tr("benchmarks.overlay.no_figures"))
            blocks.append(f"**{plain(head)}**  \n{plain(spec.reasoning.get(lg))}  \n*{plain(basis)}*")
        st.markdown("\n\n".join(blocks))


# --------------------------------------------------------------------------- (b) your datalab profile


def _key(question_id: str) -> str:
    return f"benchmark_profile_{question_id}"


def _value(answer_kind: str, widget_value: Any) -> Any:
    """Widget value -> profile answer (``None`` = unanswered).

    An empty multi-choice is unanswered, like an untouched one: "none of these" is an
    explicit option (``none``), which the comparison reads as an empty answer.
    """
    if answer_kind == "yes_no":
        return None if widget_value is None else widget_value == "yes"
    if answer_kind == "multi":
        return list(widget_value or ()) or None
    return widget_value


def _options(q) -> dict[str, str]:
    lg = lang()
    if q.answer == "yes_no":
        return {"yes": t("benchmarks.answer.yes", lg), "no": t("benchmarks.answer.no", lg)}
    return {o.id: o.label.get(lg) for o in q.options}


def _widget_value(q, answer: Any) -> Any:
    """A saved (or attempted) answer -> the widget value that shows it."""
    if q.answer == "multi":
        options = _options(q)
        chosen = [a for a in answer or () if a in options]
        if answer is not None and not chosen and MULTI_NONE in options:
            return [MULTI_NONE]  # saved as "none of these" (an empty list)
        return chosen
    if answer is None:
        return None
    if q.answer == "yes_no":
        return "yes" if answer else "no"
    if q.answer == "number":
        return float(answer)
    return answer if answer in _options(q) else None


def _answer_text(q, answer: Any) -> str:
    """An answer in words, for the conflict notice."""
    lg = lang()
    shown = _widget_value(q, answer)
    if shown is None or shown == []:
        return tr("benchmarks.profile.no_answer")
    if q.answer == "number":
        if q.id == "year_started":
            return f"{shown:.0f}"  # a year, never "2.019"
        return format_number(shown, lg, 2, trim=True)
    labels = _options(q)
    return ", ".join(labels[x] for x in shown) if q.answer == "multi" else labels[shown]


def _sync(profile: DatalabProfile, saved: dict[str, Any], revisions: dict[str, int] | None) -> None:
    """Put saved answers into the widgets.

    Standalone (``revisions`` is None): once per browser session, never over what the user did
    here. Saved for a team: whenever a teammate saved a newer revision than this device shows
    (every change here is saved at once, so nothing of this device's is lost).
    """
    answered: set[str] = st.session_state.setdefault(ANSWERED, set())
    seen: dict[str, int] = st.session_state.setdefault(SEEN, {})
    conflicts: dict[str, tuple[Any, Any]] = st.session_state.setdefault(CONFLICTS, {})
    for q in profile.questions:
        key = _key(q.id)
        if revisions is None:
            if q.id not in saved or key in st.session_state:
                continue
        else:
            revision = revisions.get(q.id, 0)
            if key in st.session_state and seen.get(q.id) == revision:
                continue
            if seen.get(q.id, revision) != revision:
                conflicts.pop(q.id, None)  # a newer answer than the one the notice named
            seen[q.id] = revision
            if key not in st.session_state and q.id not in saved:
                continue
        value = _widget_value(q, saved.get(q.id))
        st.session_state[key] = value
        (answered.discard if _value(q.answer, value) is None else answered.add)(q.id)


def _save(q, value: Any, on_save: Callable[[str, Any, int], Any]) -> None:
    """Save with the revision this device showed; a teammate's newer answer wins and is shown."""
    seen: dict[str, int] = st.session_state.setdefault(SEEN, {})
    try:
        saved = on_save(q.id, value, seen.get(q.id, 0))
    except Conflict as exc:
        newer = exc.current
        assert isinstance(newer, SavedAnswer)  # save_answer's Conflict carries the newer saved answer
        st.session_state[CONFLICTS][q.id] = (value, newer.value)
        widget = _widget_value(q, newer.value)
        st.session_state[_key(q.id)] = widget
        answered: set[str] = st.session_state[ANSWERED]
        (answered.discard if _value(q.answer, widget) is None else answered.add)(q.id)
        seen[q.id] = newer.revision
        return
    if saved is not None:
        seen[q.id] = saved.revision


def profile_questions(profile: DatalabProfile, saved: dict[str, Any],
                      on_save: Callable[[str, Any, int], Any] | None,
                      revisions: dict[str, int] | None = None) -> dict[str, Any]:
    """The questionnaire; returns the answers given so far (question id -> value).

    ``saved`` seeds the widgets. In workshop mode ``on_save(question_id, value,
    expected_revision)`` saves each change and ``revisions`` holds the saved revisions:
    a change based on an older revision than a teammate's is not saved; the newer answer
    is shown with a notice naming both. Widget values last for the browser session. A
    multi-choice question with nothing chosen is unanswered; choosing "none" is an answer.
    """
    lg = lang()
    answered: set[str] = st.session_state.setdefault(ANSWERED, set())
    conflicts: dict[str, tuple[Any, Any]] = st.session_state.setdefault(CONFLICTS, {})
    _sync(profile, saved, revisions if on_save is not None else None)

    def changed(q) -> None:
        key = _key(q.id)
        widget = st.session_state[key]
        if q.answer == "multi" and MULTI_NONE in (widget or ()) and len(widget) > 1:
            # "none" and real options exclude each other: the one chosen last stays
            widget = [MULTI_NONE] if widget[-1] == MULTI_NONE else [w for w in widget if w != MULTI_NONE]
            st.session_state[key] = widget
        value = _value(q.answer, widget)
        conflicts.pop(q.id, None)
        (answered.discard if value is None else answered.add)(q.id)
        if on_save is not None:
            guarded(_save)(q, value, on_save)

    if profile.intro:
        st.write(profile.intro.get(lg))
    for q in profile.questions:
        common: dict[str, Any] = {"label": q.text.get(lg), "help": q.help.get(lg) if q.help else None, "key": _key(q.id),
                  "on_change": changed, "args": (q,), "persist_state": "session"}
        if q.answer in ("single", "yes_no"):
            labels = _options(q)
            st.selectbox(options=list(labels), format_func=labels.__getitem__, index=None,
                         placeholder=tr("benchmarks.profile.choose"), **common)
        elif q.answer == "multi":
            labels = _options(q)
            st.multiselect(options=list(labels), format_func=labels.__getitem__, select_all=False,
                           placeholder=tr("benchmarks.profile.choose_many"), **common)
        else:
            year = q.id == "year_started"
            if q.unit:
                common["label"] += f" ({q.unit.get(lg)})"
            st.number_input(min_value=q.min, max_value=q.max, value=None, step=1.0 if year else 0.1,
                            format="%.0f" if year else "%.1f", **common)
        if q.id in conflicts:
            mine, newer = conflicts[q.id]
            st.warning(tr("benchmarks.profile.conflict_detail", saved=plain(_answer_text(q, newer)),
                          mine=plain(_answer_text(q, mine))), icon=":material/sync_problem:")
    return {q.id: _value(q.answer, st.session_state.get(_key(q.id))) for q in profile.questions
            if q.id in answered}


def comparisons(comps: Sequence[Comparison]) -> None:
    """Statements grouped by topic: the overall one with its label, then one line per lab type."""
    lg = lang()
    if not comps:
        st.info(tr("benchmarks.compare.empty"), icon=":material/quiz:")
        return
    for topic, in_topic in groupby(comps, key=lambda c: c.topic):
        st.markdown(f"### {tr(f'benchmarks.topic.{topic}')}")
        lines = []
        for _, per_indicator in groupby(in_topic, key=lambda c: c.indicator_id):
            first, *rest = list(per_indicator)
            lines.append(f"- {plain(first.render(lg))}")
            for c in rest:
                line = Message("benchmarks.compare.with_label",
                               {"statement": c.benchmark, "label": c.status_label}).render(lg)
                own = f" (**{plain(tr('benchmarks.compare.own_type'))}**)" if c.own_type else ""
                lines.append(f"    - {plain(line)}{own}")
        st.markdown("\n".join(lines))


def profile_comparison(profile: DatalabProfile, current: Benchmark, saved_note: str, saved: dict[str, Any],
                       on_save: Callable[[str, Any, int], Any] | None,
                       revisions: dict[str, int] | None = None) -> None:
    st.caption(saved_note)
    answers = profile_questions(profile, saved, on_save, revisions)
    st.header(tr("benchmarks.compare.heading"))
    comparisons(compare_profile(answers, current))


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
            bases = [tr(f"benchmarks.advice.basis.{b}") if b in ("published_dos", "own_addition")
                     else f"{tr('benchmarks.advice.basis.finding')}: {findings.get(b, b)}" for b in item.basis]
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
    return pd.DataFrame({
        col("grouping"): [t(f"benchmarks.peers.grouping.{g}", lg) for g in table["grouping"]],
        col("group"): [_group_label(g, v, lg) for g, v in zip(table["grouping"], table["group"])],
        col("dimension"): [model.dimension(d).label.get(lg) for d in table["dimension"]],
        t("benchmarks.column.n", lg): table["n"].astype(int),
        col("mean"): table["mean"],
        col("q1"): table["q1"],
        col("q3"): table["q3"],
        col("note"): [n.render(lg) if n else "" for n in notes],
    })


def peer_section(peers: benchmarks.PeerBenchmark, model: MaturityModel) -> None:
    lg = lang()
    st.write(tr("benchmarks.peers.intro", min_n=MIN_GROUP_SIZE))
    st.caption(tr("benchmarks.peers.count", n=peers.assessments))
    if peers.table.empty:
        st.info(tr("benchmarks.peers.empty"), icon=":material/groups:")
        return
    table(peer_rows(peers.table, model, lg), tr("benchmarks.tab.peers"))
    st.download_button(tr("benchmarks.peers.download"), peers.csv(lg), file_name="dshub-peer-benchmark.csv",
                       mime=csvfile.MIME, key="benchmark_peer_download")


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
    return pd.DataFrame({
        t("results.col.dimension", lg): [model.dimension(d).label.get(lg) for d in rows["dimension"]],
        t("benchmarks.region.col.score", lg, name=comp.municipality): scores(rows["own_mean"]),
        t("benchmarks.region.col.n", lg, name=comp.municipality): counts(rows["own_n"]),
        t("benchmarks.region.col.score", lg, name=region): scores(rows["region_mean"], comp.region.visible),
        t("benchmarks.region.col.n", lg, name=region): counts(rows["region_n"], comp.region.visible),
    })


def region_summary(comp: benchmarks.RegionComparison, lg: str) -> str:
    """How the municipality compares with the region, in one sentence (scores as shown, one decimal)."""
    pairs = [(round(float(a), 1), round(float(b), 1)) for a, b in zip(comp.rows["own_mean"], comp.rows["region_mean"])
             if a is not None and b is not None and not pd.isna(a) and not pd.isna(b)]
    return t("benchmarks.region.summary", lg, name=comp.municipality, higher=sum(a > b for a, b in pairs),
             lower=sum(a < b for a, b in pairs), same=sum(a == b for a, b in pairs))


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
            st.warning(hidden_reason(comp.region, lg, comp.min_respondents, escape=plain),
                       icon=":material/visibility_off:")
        table(region_rows(comp, model, lg), tr("benchmarks.region.table", name=comp.municipality))


# --------------------------------------------------------------------------- (e) data management


def import_problems(result: ImportResult, lg: str) -> pd.DataFrame:
    """Every problem of a refused file as a table in the user's language: row, column, value, problem, fix."""
    def col(name: str) -> str:
        return t(f"benchmarks.data.column.{name}", lg)

    return pd.DataFrame({
        col("row"): [str(e.row) if e.row is not None else t("benchmarks.data.whole_file", lg) for e in result.errors],
        col("column"): [e.column or "" for e in result.errors],
        col("value"): [e.value or "" for e in result.errors],
        col("problem"): [e.message.render(lg) for e in result.errors],
        col("fix"): [e.fix.render(lg) for e in result.errors],
    })


def import_report(result: ImportResult) -> None:
    """What happened to an uploaded file: every problem, or the summary (shown after the reload)."""
    lg = lang()
    if result.ok:
        flash(result.summary.render(lg))
        for warning in result.warnings:
            flash(warning.render(lg))
        st.rerun()
    st.error(f"{result.summary.render(lg)}. {tr('benchmarks.data.refused')}", icon=":material/error:")
    for warning in result.warnings:
        st.warning(warning.render(lg))
    table(import_problems(result, lg), result.summary.render(lg))


def data_status(dataset: benchmarks.DatasetInfo | None) -> None:
    if dataset is None:
        st.write(tr("benchmarks.data.in_use_survey"))
    else:
        st.write(plain(tr("benchmarks.data.in_use_records", filename=dataset.filename, n=dataset.n_records,
                          date=format_date(dataset.uploaded_at, lang()))))
    st.caption(tr("benchmarks.data.explain"))
    template = (DATA_DIR / "lab_records_template.csv").read_bytes()
    st.download_button(tr("benchmarks.data.template"), template, file_name="lab_records_template.csv",
                       mime="text/csv", key="benchmark_template")


@guarded
def admin_actions(db, dataset: benchmarks.DatasetInfo | None) -> None:
    """Upload and reset, for whoever holds the administrator key (``DSHUB_ADMIN_KEY``)."""
    if not benchmarks.admin_enabled():
        st.info(tr("benchmarks.admin.how_to_enable"), icon=":material/lock:")
        return
    key = st.session_state.get(ADMIN_SESSION)
    if not key:
        with st.form("benchmark_admin_form", enter_to_submit=True, border=False):
            typed = st.text_input(tr("benchmarks.admin.key"), type="password", help=tr("benchmarks.admin.key_help"),
                                  key="benchmark_admin_key")
            unlock = st.form_submit_button(tr("benchmarks.admin.unlock"), key="benchmark_admin_unlock")
        if not unlock:
            return
        benchmarks.unlock_admin(db, typed, client_bucket())
        st.session_state[ADMIN_SESSION] = typed  # who you are, like a participant token
        st.rerun()
    if st.button(tr("benchmarks.admin.lock"), icon=":material/lock:", key="benchmark_admin_lock"):
        st.session_state.pop(ADMIN_SESSION, None)
        st.rerun()
    try:
        benchmarks.authorize_admin(key)
    except Forbidden:
        st.session_state.pop(ADMIN_SESSION, None)  # the configured key changed: ask again
        raise
    upload = st.file_uploader(tr("benchmarks.data.upload"), type=["csv", "tsv", "txt", "xlsx", "xls"],
                              max_upload_size=MAX_UPLOAD_MB, key="benchmark_upload")
    if st.button(tr("benchmarks.data.load"), type="primary", disabled=upload is None, key="benchmark_import") and upload:
        benchmarks.authorize_admin(key)
        import_report(benchmarks.import_dataset(db, upload.getvalue(), upload.name))
    if dataset is not None and st.button(tr("benchmarks.data.reset"), key="benchmark_reset"):
        benchmarks.authorize_admin(key)
        benchmarks.deactivate_datasets(db)
        flash(tr("benchmarks.data.reset_done"))
        st.rerun()


def answers_in_session(profile: DatalabProfile) -> dict[str, Any]:
    """The profile answers given on the benchmark page in this browser session (standalone, not saved),
    for other pages (the data-labs page's own factsheet); no widget is drawn."""
    answered: set[str] = st.session_state.get(ANSWERED, set())
    return {q.id: _value(q.answer, st.session_state.get(_key(q.id))) for q in profile.questions
            if q.id in answered}
