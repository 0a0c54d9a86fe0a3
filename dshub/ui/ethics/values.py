"""Step 3 of the ethics assistant: the core values and their judgement."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dshub.ethics.logic import (
    JUDGEMENTS,
    MAX_NOTE,
)
from dshub.services import ethics
from dshub.ui.core import label_of, labeller, plain, tr
from dshub.ui.ethics.common import (
    Ctx,
    _collect,
    _group_footer,
    _sync_group,
    next_step_button,
)
from dshub.ui.record import Group


def _values_state(ctx: Ctx, sheet: ethics.EthicsSheet) -> dict[str, Any]:
    state: dict[str, Any] = {"ethics_values_pick": [v.value_id for v in sheet.record.values]}
    for v in sheet.record.values:
        state[f"ethics_value_judgement_{v.value_id}"] = v.judgement
        state[f"ethics_value_note_{v.value_id}"] = v.note
    return state


def _collect_values() -> dict[str, Any]:
    picked = list(st.session_state.get("ethics_values_pick") or [])
    return {"ethics_values_pick": picked} | _collect(
        tuple(f"{prefix}{vid}" for vid in picked for prefix in ("ethics_value_judgement_", "ethics_value_note_"))
    )


def _save_values(ctx: Ctx, mine: dict, revisions: dict[str, int]) -> dict[str, ethics.Stored]:
    judgements = [
        {
            "value_id": v,
            "judgement": mine.get(f"ethics_value_judgement_{v}"),
            "note": (mine.get(f"ethics_value_note_{v}") or "").strip(),
        }
        for v in mine["ethics_values_pick"]
    ]
    return {
        ethics.VALUES: ethics.save_values(ctx.db, ctx.content, ctx.token, judgements, expected=revisions[ethics.VALUES])
    }


def _describe_values(ctx: Ctx, state: dict) -> str:
    lines = []
    for vid in state.get("ethics_values_pick") or []:
        value = ctx.content.value(vid)
        judgement = state.get(f"ethics_value_judgement_{vid}")
        text = tr(f"ethics.judgement.{judgement}") if judgement else tr("ethics.report.not_judged")
        note = state.get(f"ethics_value_note_{vid}") or ""
        lines.append(
            f"- {value.name.get(ctx.lang) if value else plain(vid)}: {text}" + (f" ({plain(note)})" if note else "")
        )
    return "\n".join(lines) or tr("ethics.report.no_values")


VALUES = Group(
    "values", (ethics.VALUES,), "ethics_values_pick", _values_state, _collect_values, _save_values, _describe_values
)


def values_step(ctx: Ctx, sheet: ethics.EthicsSheet) -> None:
    _sync_group(ctx, VALUES, sheet)
    st.header(tr("ethics.page.values.heading"))
    st.write(tr("ethics.page.values.intro", min=ctx.content.core_values_min, max=ctx.content.core_values_max))
    names = {v.id: v.name.get(ctx.lang) for v in ctx.content.values}
    picked = st.multiselect(
        tr("ethics.page.values.pick"),
        list(names),
        format_func=label_of(names),
        max_selections=ctx.content.core_values_max,
        placeholder=tr("common.choose_many"),
        select_all=False,
        key="ethics_values_pick",
    )
    judge = labeller("ethics.judgement")
    for vid in picked:
        value = ctx.content.value(vid)
        assert value is not None  # the options (list(names)) are the ids of ctx.content.values
        with st.container(border=True, key=f"ethics_value_{vid}"):
            st.markdown(f"**{value.name.get(ctx.lang)}**: {value.explanation.get(ctx.lang)}")
            st.radio(
                tr("ethics.page.values.judgement", value=value.name.get(ctx.lang)),
                JUDGEMENTS,
                index=None,
                format_func=judge,
                horizontal=True,
                key=f"ethics_value_judgement_{vid}",
            )
            st.text_input(
                tr("ethics.page.values.note", value=value.name.get(ctx.lang)),
                max_chars=MAX_NOTE,
                key=f"ethics_value_note_{vid}",
            )
    _group_footer(ctx, VALUES, sheet, "ethics.page.values.save")
    next_step_button("values")
