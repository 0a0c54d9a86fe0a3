"""Step 1 of the ethics assistant: the project (own, or a ready case) and the roles at the table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dshub.ethics.logic import (
    MAX_DESCRIPTION,
    MAX_SHORT,
)
from dshub.services import ethics
from dshub.ui.core import label_of, labeller, plain, table, tr
from dshub.ui.ethics.common import (
    Ctx,
    _collect,
    _group_footer,
    _role_name,
    _sync_group,
)
from dshub.ui.record import Group

_PROJECT_KEYS = (
    "ethics_project_mode",
    "ethics_case",
    "ethics_project_title",
    "ethics_project_description",
    "ethics_roles",
)


def _project_state(ctx: Ctx, sheet: ethics.EthicsSheet) -> dict[str, Any]:
    project = sheet.record.project
    return {
        "ethics_project_mode": "case" if project.case_id or not project.title else "own",
        "ethics_case": project.case_id,
        "ethics_project_title": project.title,
        "ethics_project_description": project.description,
        "ethics_roles": list(sheet.record.roles_present),
    }


def _save_project(ctx: Ctx, mine: dict, revisions: dict[str, int]) -> dict[str, ethics.Stored]:
    case_id = mine["ethics_case"] if mine["ethics_project_mode"] == "case" else None
    return ethics.save_project(
        ctx.db,
        ctx.content,
        ctx.cases,
        ctx.token,
        title=mine["ethics_project_title"] or "",
        description=mine["ethics_project_description"] or "",
        case_id=case_id,
        roles=mine["ethics_roles"] or [],
        expected=revisions,
    )


def _describe_project(ctx: Ctx, state: dict) -> str:
    case = ctx.cases.case(state.get("ethics_case") or "") if state.get("ethics_project_mode") == "case" else None
    lines = [f"- {tr('ethics.report.case')}: {plain(case.title.get(ctx.lang))}"] if case else []
    lines.append(f"- {tr('ethics.report.project_title')}: {plain(state.get('ethics_project_title') or '')}")
    lines.append(f"- {tr('ethics.report.description')}: {plain(state.get('ethics_project_description') or '')}")
    roles = [_role_name(ctx, r) for r in state.get("ethics_roles") or []]
    lines.append(f"- {tr('ethics.report.roles_present')}: {plain(', '.join(roles))}")
    return "\n".join(lines)


PROJECT = Group(
    "project",
    (ethics.PROJECT, ethics.ROLES),
    "ethics_project_mode",
    _project_state,
    lambda: _collect(_PROJECT_KEYS),
    _save_project,
    _describe_project,
)


def _case_details(ctx: Ctx, case_id: str | None) -> None:
    case = ctx.cases.case(case_id) if case_id else None
    if case is None:
        return
    with st.container(border=True, key="ethics_case_details"):
        st.markdown(f"**{case.title.get(ctx.lang)}**")
        st.write(case.description.get(ctx.lang))
        rows = [
            {
                tr("ethics.report.dataset"): d.name.get(ctx.lang),
                tr("ethics.report.owner"): d.owner.get(ctx.lang),
                tr("ethics.report.personal_data"): tr("ethics.answer.yes" if d.personal_data else "ethics.answer.no"),
            }
            for d in case.datasets
        ]
        table(pd.DataFrame(rows), tr("ethics.report.datasets"))  # st.table's scroll box fails axe (see core.table)


def project_step(ctx: Ctx, sheet: ethics.EthicsSheet) -> None:
    _sync_group(ctx, PROJECT, sheet)
    st.header(tr("ethics.page.project.heading"))
    st.write(tr("ethics.page.project.intro"))
    mode = st.radio(
        tr("ethics.page.project.mode"),
        ["case", "own"],
        format_func=labeller("ethics.page.project.mode"),
        horizontal=True,
        key="ethics_project_mode",
    )
    if mode == "case":
        titles = {c.id: c.title.get(ctx.lang) for c in ctx.cases.cases}
        case_id = st.selectbox(
            tr("ethics.page.project.case"),
            list(titles),
            index=None,
            format_func=label_of(titles),
            placeholder=tr("ethics.page.project.case_placeholder"),
            key="ethics_case",
        )
        _case_details(ctx, case_id)
    title_label = "ethics.page.project.title_optional" if mode == "case" else "ethics.page.project.title"
    st.text_input(tr(title_label), max_chars=MAX_SHORT, key="ethics_project_title")
    st.text_area(
        tr("ethics.page.project.description"), max_chars=MAX_DESCRIPTION, height=100, key="ethics_project_description"
    )
    names = {r.id: r.name.get(ctx.lang) for r in ctx.content.roles}
    st.multiselect(
        tr("ethics.page.project.roles"),
        list(names),
        format_func=label_of(names),
        help=tr("ethics.page.project.roles_help"),
        placeholder=tr("common.choose_many"),
        select_all=False,
        key="ethics_roles",
    )
    _group_footer(ctx, PROJECT, sheet, "ethics.page.project.save")
