"""Step 4 of the ethics assistant: what the team found (summary, routing advice), the decision, the action list."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from dshub.ethics.logic import (
    MAX_ACTION_TEXT,
    MAX_MOTIVATION,
    OUTCOMES,
)
from dshub.reports.jinja import md_url
from dshub.services import ethics
from dshub.ui.core import label_of, labeller, plain, tr
from dshub.ui.ethics.common import (
    RECORD,
    Ctx,
    _collect,
    _group_footer,
    _role_name,
    _sync_group,
    counted,
    next_step_button,
)
from dshub.ui.ethics.values import (
    _describe_values,
    _values_state,
)
from dshub.ui.record import Group


def _routing(ctx: Ctx, items: tuple[dict[str, Any], ...]) -> None:
    st.markdown(f"### {tr('ethics.report.routing')}")
    st.caption(tr("ethics.report.disclaimer"))
    for item in items:
        with st.container(border=True, key=f"ethics_routing_{item['id']}"):
            when = f" ({item['when']})" if item["when"] else ""
            st.markdown(f"**{plain(item['name'])}: {plain(item['status'])}**{plain(when)}")
            st.write(item["text"])
            if item["provisional"]:
                st.markdown(tr("ethics.report.provisional"))
            if item["answer_first"]:
                st.markdown(
                    tr("ethics.report.answer_first") + "\n\n" + "\n".join(f"- {plain(q)}" for q in item["answer_first"])
                )
            lines = []
            for reason in item["reasons"]:
                why = "; ".join(f"{plain(a['question'])} → {plain(a['answer'])}" for a in reason["answers"])
                lines.append(f"- {plain(reason['reason'])}" + (f"  \n  *{why}*" if why else ""))
            if lines:
                st.markdown(tr("ethics.report.reasons") + "\n\n" + "\n".join(lines))
            if item["obligations"]:
                st.markdown(
                    tr("ethics.legal.obligations")
                    + "\n\n"
                    + "\n".join(
                        f"- {plain(o['text'])} *({plain(o['basis'])}; {plain(o['when'])})*" for o in item["obligations"]
                    )
                )
            if item["open"]:  # one heading, then the list (not the heading repeated before every reason)
                st.markdown(
                    tr("ethics.report.open_reasons")
                    + "\n\n"
                    + "\n".join(f"- {plain(o['reason'])}" for o in item["open"])
                )
            if item["uncertain"]:
                st.caption(tr("ethics.legal.uncertain"))
            if item["sources"]:
                with st.expander(tr("ethics.legal.sources", date=item["as_of"])):
                    st.markdown("\n".join(source_line(f) for f in item["sources"]))


def source_line(fact: dict) -> str:
    """A legal fact (:func:`dshub.ethics.routing_view.fact_view`) as one Markdown list item with its sources."""
    links = ", ".join(f"[{plain(s['title'])}]({md_url(s['url'])})" for s in fact["sources"])
    note = f"  \n  **{plain(fact['certainty_label'])}**: {plain(fact['note'])}" if fact["note"] else ""
    return (
        f"- **{plain(fact['basis'])}**: {plain(fact['title'])} ({plain(fact['when'])})  \n"
        f"  {links} · {tr('ethics.legal.checked', date=fact['checked_label'])}{note}"
    )


def summary(ctx: Ctx, view: ethics.DecisionView) -> None:
    """What the team found, before it decides."""
    prog = view.progress
    st.header(tr("ethics.page.summary.heading"))
    st.write(
        tr(
            "ethics.page.summary.counts",
            done=prog.answered,
            total=prog.visible,
            concerns=counted("ethics.count.concern", len(view.concerns), ctx.lang),
            actions=counted("ethics.count.action", len(view.actions), ctx.lang),
        )
    )
    if prog.answered < prog.visible:
        st.info(
            counted("ethics.page.summary.open_questions", prog.visible - prog.answered, ctx.lang),
            icon=":material/info:",
        )
    st.markdown(f"### {tr('ethics.report.concerns')}")
    theme = {th.id: th.title.get(ctx.lang) for th in ctx.content.themes}
    st.markdown(
        "\n".join(f"- **{theme[s.theme_id]}**: {s.text.get(ctx.lang)}" for s in view.concerns)
        or tr("ethics.report.no_concerns")
    )
    st.markdown(f"### {tr('ethics.report.values')}")
    st.markdown(_describe_values(ctx, _values_state(ctx, view.sheet)))
    _routing(ctx, view.routing)


def _row(rid: int, action: dict[str, Any], keep: bool = True) -> dict[str, Any]:
    due = action.get("due")
    return {
        f"ethics_action_keep_{rid}": keep,
        f"ethics_action_text_{rid}": action.get("text") or "",
        f"ethics_action_owner_{rid}": action.get("owner_role") or None,
        f"ethics_action_due_{rid}": date.fromisoformat(due) if isinstance(due, str) and due else due,
        f"ethics_action_done_{rid}": bool(action.get("done")),
        f"ethics_action_source_{rid}": action.get("source"),
    }


def _find_out_rows(ctx: Ctx, view: ethics.DecisionView, listed: set[str | None]) -> list[tuple[dict[str, Any], bool]]:
    """Rows for the "find out" actions not in ``listed`` (sources): new ones kept, dismissed ones not."""
    return [
        ({"text": s.text.get(ctx.lang), "source": s.key}, s.key not in view.dismissed)
        for s in view.find_outs
        if s.key not in listed
    ]


def _decision_state(ctx: Ctx, sheet: ethics.EthicsSheet) -> dict[str, Any]:
    """The saved decision and action list (before any decision: the raised actions as a start).

    "Find out" actions raised later are added on screen by :func:`_add_new_find_outs`.
    """
    decision = sheet.record.decision
    actions = ethics.starting_actions(ctx.content, sheet, ctx.lang)
    state: dict[str, Any] = {
        "ethics_outcome": decision.outcome if decision else None,
        "ethics_motivation": decision.motivation if decision else "",
        "ethics_action_rows": list(range(len(actions))),
    }
    for rid, action in enumerate(actions):
        state |= _row(rid, action)
    return state


def _collect_decision() -> dict[str, Any]:
    rows = list(st.session_state.get("ethics_action_rows") or [])
    mine = _collect(("ethics_outcome", "ethics_motivation")) | {"ethics_action_rows": rows}
    for rid in rows:
        mine |= _collect(tuple(_row(rid, {})))
    return mine


def _actions_of(state: dict) -> list[dict[str, Any]]:
    out = []
    for rid in state.get("ethics_action_rows") or []:
        if not state.get(f"ethics_action_keep_{rid}"):
            continue
        due = state.get(f"ethics_action_due_{rid}")
        out.append(
            {
                "text": state.get(f"ethics_action_text_{rid}") or "",
                "owner_role": state.get(f"ethics_action_owner_{rid}") or "",
                "due": due.isoformat() if isinstance(due, date) else due,
                "source": state.get(f"ethics_action_source_{rid}"),
                "done": bool(state.get(f"ethics_action_done_{rid}")),
            }
        )
    return out


def _dismissed_of(state: dict) -> list[str]:
    """Sources of raised actions the team unticked: left off the list on purpose."""
    return [
        src
        for rid in state.get("ethics_action_rows") or []
        if not state.get(f"ethics_action_keep_{rid}") and (src := state.get(f"ethics_action_source_{rid}"))
    ]


def _save_decision(ctx: Ctx, mine: dict, revisions: dict[str, int]) -> dict[str, ethics.Stored]:
    return ethics.save_decision(
        ctx.db,
        ctx.content,
        ctx.token,
        outcome=mine.get("ethics_outcome"),
        motivation=mine.get("ethics_motivation") or "",
        actions=_actions_of(mine),
        dismissed=_dismissed_of(mine),
        expected=revisions,
    )


def _describe_decision(ctx: Ctx, state: dict) -> str:
    outcome = state.get("ethics_outcome")
    lines = [
        f"- {tr('ethics.report.outcome')}: {tr(f'ethics.outcome.{outcome}') if outcome else '–'}",
        f"- {tr('ethics.report.motivation')}: {plain(state.get('ethics_motivation') or '')}",
    ]
    for a in _actions_of(state):
        owner = _role_name(ctx, a["owner_role"]) if a["owner_role"] else "–"
        lines.append(f"- {plain(a['text'])} ({plain(owner)}, {a['due'] or '–'})")
    return "\n".join(lines)


DECISION = Group(
    "decision",
    (ethics.DECISION, ethics.ACTIONS),
    "ethics_outcome",
    _decision_state,
    _collect_decision,
    _save_decision,
    _describe_decision,
)


def _add_rows(actions: list[dict[str, Any]], keep: list[bool] | None = None) -> dict[str, Any]:
    """Append rows to the action list; returns the widget values added."""
    rows = list(st.session_state.get("ethics_action_rows") or [])
    start = max(rows, default=-1) + 1
    added: dict[str, Any] = {}
    for i, action in enumerate(actions):
        added |= _row(start + i, action, True if keep is None else keep[i])
        rows.append(start + i)
    for key, value in added.items():
        st.session_state[key] = value
    st.session_state["ethics_action_rows"] = rows
    return added


def _add_new_find_outs(ctx: Ctx, view: ethics.DecisionView) -> None:
    """Put "find out" actions raised since the list was loaded on it by themselves (matched on source).

    They count as part of what was loaded, not as edits on this device, so a tablemate's newer
    decision still comes in by itself.
    """
    rows = st.session_state.get("ethics_action_rows") or []
    missing = _find_out_rows(ctx, view, {st.session_state.get(f"ethics_action_source_{rid}") for rid in rows})
    if not missing:
        return
    snap = RECORD.snap(DECISION)
    untouched = snap.get("ethics_action_rows") == list(rows)
    snap |= _add_rows([a for a, _ in missing], [keep for _, keep in missing])
    if untouched:
        snap["ethics_action_rows"] = list(st.session_state["ethics_action_rows"])


def _find_out_warning(ctx: Ctx, view: ethics.DecisionView) -> None:
    """Leaving a "find out" off the list is allowed, but never silent."""
    missing = view.missing_find_outs(_actions_of(_collect_decision()))
    if missing:
        st.warning(
            counted("ethics.page.actions.find_outs_missing", len(missing), ctx.lang)
            + "\n\n"
            + "\n".join(f"- {s.text.get(ctx.lang)}" for s in missing),
            icon=":material/help:",
        )


def _add_empty_row() -> None:
    """The add button's callback: one empty row (a callback's return value would be dropped anyway)."""
    _add_rows([{}])


def _add_suggestions(suggested: tuple[dict[str, Any], ...]) -> None:
    have = {
        st.session_state.get(f"ethics_action_source_{rid}") for rid in st.session_state.get("ethics_action_rows", [])
    }
    _add_rows([a for a in suggested if a.get("source") not in have])


def _action_rows(ctx: Ctx, view: ethics.DecisionView) -> None:
    st.markdown(f"### {tr('ethics.report.action_list')}")
    st.caption(tr("ethics.page.actions.intro"))
    roles = {r.id: r.name.get(ctx.lang) for r in ctx.content.roles}
    for n, rid in enumerate(st.session_state.get("ethics_action_rows") or [], start=1):
        with st.container(border=True, key=f"ethics_action_{rid}"):
            st.checkbox(tr("ethics.page.actions.keep", n=n), key=f"ethics_action_keep_{rid}")
            st.text_input(
                tr("ethics.page.actions.text", n=n), max_chars=MAX_ACTION_TEXT, key=f"ethics_action_text_{rid}"
            )
            owner, due, done = st.columns([2, 2, 1])
            owner.selectbox(
                tr("ethics.page.actions.owner", n=n),
                list(roles),
                index=None,
                format_func=label_of(roles),
                placeholder=tr("ethics.page.actions.owner_placeholder"),
                key=f"ethics_action_owner_{rid}",
            )
            due.date_input(
                tr("ethics.page.actions.due", n=n), value=None, format="YYYY-MM-DD", key=f"ethics_action_due_{rid}"
            )
            done.checkbox(tr("ethics.page.actions.done", n=n), key=f"ethics_action_done_{rid}")
    _find_out_warning(ctx, view)
    left, right = st.columns(2)
    left.button(tr("ethics.page.actions.add"), key="ethics_action_add", on_click=_add_empty_row)
    right.button(
        tr("ethics.page.actions.add_suggested"),
        key="ethics_action_add_suggested",
        on_click=_add_suggestions,
        args=(view.suggested,),
    )


def decision_step(ctx: Ctx, sheet: ethics.EthicsSheet) -> None:
    view = ethics.decision_view(ctx.content, sheet, ctx.lang, ctx.legal)
    _sync_group(ctx, DECISION, sheet)
    _add_new_find_outs(ctx, view)
    summary(ctx, view)
    st.header(tr("ethics.page.decision.heading"))
    st.radio(
        tr("ethics.page.decision.outcome"),
        OUTCOMES,
        index=None,
        format_func=labeller("ethics.outcome"),
        horizontal=True,
        key="ethics_outcome",
    )
    st.text_area(tr("ethics.page.decision.motivation"), max_chars=MAX_MOTIVATION, height=120, key="ethics_motivation")
    _action_rows(ctx, view)
    _group_footer(ctx, DECISION, sheet, "ethics.page.decision.save")
    next_step_button("decision")
