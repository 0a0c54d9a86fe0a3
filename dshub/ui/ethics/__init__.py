"""Widgets for the ethical data assistant: project, questions per theme, values, decision, report, overview.

One team shares one record across devices. Answers are saved as they are given
and synced to the other devices by a 5 s fragment. Project, values and decision
are saved with a button; they refresh by themselves while untouched on this
device, otherwise a notice offers the newer version. Every save passes the
revision this device showed, so newer work is never silently overwritten: a
stale save keeps both versions and shows them side by side (:func:`_conflict_panel`).

The screens are modules: :mod:`.common` (context, saving, step picker, live refresh, groups saved
with a button on :mod:`dshub.ui.record`), one module per step (:mod:`.project`, :mod:`.questions`,
:mod:`.values`, :mod:`.decision`, :mod:`.report`) and :mod:`.overview` for the facilitator.
This package re-exports what the pages use.
"""

from __future__ import annotations

import streamlit as st

from dshub.ui.ethics.common import (
    LIVE_PAUSE,
    OVERVIEW_LIVE_PAUSE,
    RECORD,
    STEPS,
    Ctx,
    counted,
    live_toggle,
    next_step_button,
    short_label,
    step_picker,
    team_line,
)
from dshub.ui.ethics.decision import DECISION, decision_step, summary
from dshub.ui.ethics.overview import live_overview, overview_cards
from dshub.ui.ethics.project import PROJECT, project_step
from dshub.ui.ethics.questions import questions_step
from dshub.ui.ethics.report import compare_section, report_step, standalone_help
from dshub.ui.ethics.values import VALUES, values_step

__all__ = [
    "LIVE_PAUSE",
    "OVERVIEW_LIVE_PAUSE",
    "STEPS",
    "Ctx",
    "compare_section",
    "counted",
    "decision_step",
    "live_overview",
    "live_toggle",
    "next_step_button",
    "overview_cards",
    "project_step",
    "questions_step",
    "report_step",
    "short_label",
    "standalone_help",
    "step_picker",
    "summary",
    "team_line",
    "unsaved",
    "values_step",
]


def unsaved() -> bool:
    """The step on screen (project, values or decision) has edits that are not saved yet. Only that
    step's widgets hold values now: Streamlit drops the state of widgets no longer drawn."""
    group = {"project": PROJECT, "values": VALUES, "decision": DECISION}.get(
        st.session_state.get("ethics_step") or STEPS[0]
    )
    return group is not None and RECORD.loaded(group) and RECORD.dirty(group)
