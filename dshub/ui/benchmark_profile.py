"""The benchmark page's datalab profile: its questions (saved per team or kept in this browser session),
the conflicts between devices, and the comparison with the surveyed labs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

import streamlit as st

from dshub.benchmarks import Benchmark, Comparison, DatalabProfile, Message, compare_profile
from dshub.benchmarks.content import MULTI_NONE
from dshub.errors import Conflict
from dshub.i18n import format_number, t
from dshub.store.answers import SavedAnswer
from dshub.ui.core import guarded, lang, plain, tr

ANSWERED = "benchmark_profile_answered"
SEEN = "benchmark_profile_seen"  # question id -> saved revision this device shows (workshop mode)
CONFLICTS = "benchmark_profile_conflicts"  # question id -> (this device's answer, the newer saved one)


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


def profile_questions(
    profile: DatalabProfile,
    saved: dict[str, Any],
    on_save: Callable[[str, Any, int], Any] | None,
    revisions: dict[str, int] | None = None,
) -> dict[str, Any]:
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
        common: dict[str, Any] = {
            "label": q.text.get(lg),
            "help": q.help.get(lg) if q.help else None,
            "key": _key(q.id),
            "on_change": changed,
            "args": (q,),
            "persist_state": "session",
        }
        if q.answer in ("single", "yes_no"):
            labels = _options(q)
            st.selectbox(
                options=list(labels),
                format_func=labels.__getitem__,
                index=None,
                placeholder=tr("benchmarks.profile.choose"),
                **common,
            )
        elif q.answer == "multi":
            labels = _options(q)
            st.multiselect(
                options=list(labels),
                format_func=labels.__getitem__,
                select_all=False,
                placeholder=tr("benchmarks.profile.choose_many"),
                **common,
            )
        else:
            year = q.id == "year_started"
            if q.unit:
                common["label"] += f" ({q.unit.get(lg)})"
            st.number_input(
                min_value=q.min,
                max_value=q.max,
                value=None,
                step=1.0 if year else 0.1,
                format="%.0f" if year else "%.1f",
                **common,
            )
        if q.id in conflicts:
            mine, newer = conflicts[q.id]
            st.warning(
                tr(
                    "benchmarks.profile.conflict_detail",
                    saved=plain(_answer_text(q, newer)),
                    mine=plain(_answer_text(q, mine)),
                ),
                icon=":material/sync_problem:",
            )
    return {q.id: _value(q.answer, st.session_state.get(_key(q.id))) for q in profile.questions if q.id in answered}


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
                line = Message(
                    "benchmarks.compare.with_label", {"statement": c.benchmark, "label": c.status_label}
                ).render(lg)
                own = f" (**{plain(tr('benchmarks.compare.own_type'))}**)" if c.own_type else ""
                lines.append(f"    - {plain(line)}{own}")
        st.markdown("\n".join(lines))


def profile_comparison(
    profile: DatalabProfile,
    current: Benchmark,
    saved_note: str,
    saved: dict[str, Any],
    on_save: Callable[[str, Any, int], Any] | None,
    revisions: dict[str, int] | None = None,
) -> None:
    st.caption(saved_note)
    answers = profile_questions(profile, saved, on_save, revisions)
    st.header(tr("benchmarks.compare.heading"))
    comparisons(compare_profile(answers, current))


def answers_in_session(profile: DatalabProfile) -> dict[str, Any]:
    """The profile answers given on the benchmark page in this browser session (standalone, not saved),
    for other pages (the data-labs page's own factsheet); no widget is drawn."""
    answered: set[str] = st.session_state.get(ANSWERED, set())
    return {q.id: _value(q.answer, st.session_state.get(_key(q.id))) for q in profile.questions if q.id in answered}
