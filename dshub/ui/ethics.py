"""Widgets for the ethical data assistant: project, questions per theme, values, decision, report, overview.

One team shares one record across devices. Answers are saved as they are given
and synced to the other devices by a 5 s fragment. Project, values and decision
are saved with a button; they refresh by themselves while untouched on this
device, otherwise a notice offers the newer version. Every save passes the
revision this device showed, so newer work is never silently overwritten: a
stale save keeps both versions and shows them side by side (:func:`_conflict_panel`).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dshub.errors import Conflict, UserError
from dshub.ethics.content import UNKNOWN, EthicsCases, EthicsContent, Question
from dshub.ethics.logic import (
    JUDGEMENTS,
    MAX_ACTION_TEXT,
    MAX_DESCRIPTION,
    MAX_MOTIVATION,
    MAX_NOTE,
    MAX_SHORT,
    MAX_TEXT_ANSWER,
    OUTCOMES,
    Progress,
    answer_label,
    choices,
    set_aside_label,
    set_aside_value,
)
from dshub.ethics.report import (
    md_url,
    report_filename,
    report_html,
    report_json,
    report_markdown,
    report_pdf,
)
from dshub.i18n import t
from dshub.legal.content import LegalFacts
from dshub.reports import pdf
from dshub.services import ethics, live
from dshub.store.db import Database
from dshub.ui.core import flash, guarded, labeller, lang, page_link, plain, table, tr
from dshub.ui.live import watch

log = logging.getLogger("dshub")

STEPS = ("project", "questions", "values", "decision", "report")


@dataclass(frozen=True)
class Ctx:
    db: Database
    content: EthicsContent
    cases: EthicsCases
    token: str
    lang: str
    legal: LegalFacts | None = None


def _ss() -> Any:
    return st.session_state


def _pending_newer() -> set[str]:
    """Groups whose watcher found a tablemate's newer version that this device has not taken in yet."""
    return _ss().setdefault("ethics_pending_newer", set())


def _seen() -> dict[str, int]:
    return _ss().setdefault("ethics_seen", {})


def _conflicts() -> dict[str, dict[str, Any]]:
    return _ss().setdefault("ethics_conflicts", {})


def counted(key: str, n: int, lang: str, **params: Any) -> str:
    """The singular (``<key>_one``) or plural (``<key>_other``) message for ``n`` things."""
    return t(f"{key}_{'one' if n == 1 else 'other'}", lang, n=n, **params)


def _msgs() -> dict[str, list[str]]:
    return _ss().setdefault("ethics_msgs", {})


def _attempt(ctx: Ctx, slot: str, fn: Callable[[], Any], mine: dict[str, Any] | None = None) -> Any:
    """Run a save from a callback: problems become messages at ``slot``, a conflict keeps ``mine``."""
    _msgs().pop(slot, None)
    if _ss().get("ethics_not_kept") == slot:
        _ss().pop("ethics_not_kept")
    try:
        result = fn()
    except Conflict:
        _conflicts()[slot] = mine or {}
        return None
    except ethics.InputProblems as exc:
        _msgs()[slot] = exc.messages(ctx.lang)
    except UserError as exc:
        _msgs()[slot] = [t(exc.key, ctx.lang, **exc.params)]
    except Exception:
        log.exception("ethics save failed")
        _msgs()[slot] = [t("error.generic", ctx.lang)]
    else:
        _conflicts().pop(slot, None)
        _ss()["ethics_saved"] = slot  # shown next to what was saved (a toast misbehaves in fragment callbacks)
        return result
    return None


def _show_msgs(slot: str) -> None:
    """Problems with the last save of ``slot``, or a short "saved" note when it went well."""
    for message in _msgs().get(slot, []):
        st.error(message, icon=":material/error:")
    if _ss().get("ethics_not_kept") == slot:
        st.info(tr("ethics.page.not_kept.notice"), icon=":material/inventory_2:")
    elif _ss().get("ethics_saved") == slot:
        st.caption(":material/check: " + tr("ethics.page.saved"))


_UNPLAIN = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:])")


def _unplain(markdown: str) -> str:
    """Undo :func:`plain` escaping: the readable text of a description made for st.markdown."""
    return _UNPLAIN.sub(r"\1", markdown)


def _set_aside_mine(ctx: Ctx, slot: str, item_id: str, label: str, text: str, value: Any) -> bool:
    """Keep this device's version of ``item_id`` in the record's "not kept" list; True when done."""
    kept = _attempt(ctx, slot, lambda: ethics.set_aside_version(ctx.db, ctx.content, ctx.token, item_id=item_id,
                                                                label=label, text=text, value=value),
                    _conflicts().get(slot))
    if kept is None:
        return False
    _ss()["ethics_not_kept"] = slot
    return True


def short_label(text: str, limit: int = 60) -> str:
    """``text`` cut at a word boundary, to name a question inside another widget's label."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _conflict_panel(slot: str, subject: str, saved_md: str, mine_md: str, on_keep: Callable, on_mine: Callable,
                    args: tuple = ()) -> None:
    """Both versions side by side; the team chooses which one stays. Nothing is lost either way.

    ``subject`` names what is in conflict in the button labels, so every button on the page is distinct.
    """
    st.warning(tr("ethics.page.conflict"), icon=":material/sync_problem:")
    left, right = st.columns(2)
    with left.container(border=True, key=f"ethics_conflict_saved_{slot}"):
        st.markdown(f"**{tr('ethics.page.conflict.saved')}**")
        st.markdown(saved_md)
        st.button(tr("ethics.page.conflict.keep_saved", subject=subject), key=f"ethics_conflict_keep_{slot}",
                  on_click=on_keep, args=args)
    with right.container(border=True, key=f"ethics_conflict_mine_{slot}"):
        st.markdown(f"**{tr('ethics.page.conflict.mine')}**")
        st.markdown(mine_md)
        st.button(tr("ethics.page.conflict.use_mine", subject=subject), key=f"ethics_conflict_use_{slot}",
                  on_click=on_mine, args=args)


def team_line(sheet: ethics.EthicsSheet) -> None:
    if sheet.team_name is not None:
        st.caption(tr("ethics.page.team_line", team=plain(sheet.team_name)))
    else:
        st.caption(tr("ethics.page.individual_line"))


LIVE_PAUSE = "ethics_live_pause"
OVERVIEW_LIVE_PAUSE = "ethics_overview_live_pause"


def live_toggle(key: str = LIVE_PAUSE) -> bool:
    """A switch to stop the automatic refresh (WCAG 2.2.2); True while paused."""
    paused = st.toggle(tr("ethics.page.live.pause"), key=key, help=tr("ethics.page.live.pause_help"))
    if paused:
        st.caption(":material/pause_circle: " + tr("ethics.page.live.paused"))
    return paused


def _every(seconds: str, key: str = LIVE_PAUSE) -> str | None:
    """The refresh interval for a live fragment, or None (no timer) while live updates are paused."""
    return None if st.session_state.get(key) else seconds


def step_picker() -> str:
    return st.radio(tr("ethics.page.step"), STEPS, format_func=labeller("ethics.page.step"), horizontal=True,
                    key="ethics_step")


def _go_to_step(step: str) -> None:
    st.session_state["ethics_step"] = step


def next_step_button(step: str) -> None:
    position = STEPS.index(step)
    if position + 1 < len(STEPS):
        following = STEPS[position + 1]
        st.button(tr("ethics.page.next_step", step=tr(f"ethics.page.step.{following}")), key="ethics_next_step",
                  on_click=_go_to_step, args=(following,))


# --------------------------------------------------------------------------- groups saved with a button


@dataclass(frozen=True)
class _Group:
    """A set of widgets saved together; ``state`` maps the saved items to widget values."""

    name: str
    items: tuple[str, ...]
    anchor: str  # a widget key that exists whenever the group is on screen
    state: Callable[[Ctx, ethics.EthicsSheet], dict[str, Any]]
    collect: Callable[[], dict[str, Any]]  # the widget values now (read at callback time, never from args)
    save: Callable[[Ctx, dict, dict[str, int]], dict[str, ethics.Stored]]
    describe: Callable[[Ctx, dict], str]


def _apply(ctx: Ctx, group: _Group, sheet: ethics.EthicsSheet) -> None:
    values = group.state(ctx, sheet)
    for key, value in values.items():
        st.session_state[key] = value
    for item in group.items:
        _seen()[item] = sheet.revision(item)
    _ss().setdefault("ethics_snap", {})[group.name] = values


def _dirty(group: _Group) -> bool:
    snap = _ss().get("ethics_snap", {}).get(group.name, {})
    return any(st.session_state.get(k) != v for k, v in snap.items())


def _stale(group: _Group, sheet: ethics.EthicsSheet) -> bool:
    return any(_seen().get(i, 0) != sheet.revision(i) for i in group.items)


def _sync_group(ctx: Ctx, group: _Group, sheet: ethics.EthicsSheet) -> None:
    """Fill the widgets from the saved record: first time, on request, or when newer and untouched here."""
    fresh = group.anchor not in st.session_state or group.name not in _ss().get("ethics_snap", {})
    if fresh or _ss().pop(f"ethics_reload_{group.name}", False) or (_stale(group, sheet) and not _dirty(group)):
        _apply(ctx, group, sheet)


def _request_reload(ctx: Ctx, group: _Group, *_: Any) -> None:
    _ss()[f"ethics_reload_{group.name}"] = True
    _conflicts().pop(group.name, None)
    _msgs().pop(group.name, None)


def _watch(ctx: Ctx, group: _Group, drawn: ethics.EthicsSheet) -> None:
    """Every 5 s: bring in a tablemate's newer version, or say there is one if this device has edits.

    The record is read only after its live topic moved (see :mod:`dshub.services.live`): a tick
    with nothing new sends no query."""
    seen = dict(drawn.live or {})

    @st.fragment(run_every=_every("5s"))
    @guarded
    def _check():
        now = live.versions(ctx.db, drawn.workshop.id)
        if live.changed(seen, now, [live.PROGRAMME]):
            st.rerun(scope="app")  # the facilitator opened another part: follow it (edits are kept)
        if not live.changed(seen, now, [drawn.topic]) and group.name not in _pending_newer():
            return
        sheet = ethics.team_sheet(ctx.db, ctx.content, ctx.token)
        seen.update(sheet.live or {})
        if not _stale(group, sheet) or group.name in _conflicts():
            return
        if not _dirty(group):
            st.rerun(scope="app")
        _pending_newer().add(group.name)  # keep saying so on later ticks, until the page redraws
        st.info(tr("ethics.page.newer_elsewhere"), icon=":material/sync:")
        if st.button(tr("ethics.page.show_newer"), key=f"ethics_show_newer_{group.name}"):
            _request_reload(ctx, group)
            st.rerun(scope="app")

    _check()


_GROUP_LABEL = {"project": "ethics.report.project", "values": "ethics.report.values",
                "decision": "ethics.report.decision"}


def _discard_mine(ctx: Ctx, group: _Group, mine: dict, revisions: dict[str, int]) -> None:
    """Keep the saved version: this device's goes to the record's "not kept" list, then the form reloads."""
    if _set_aside_mine(ctx, group.name, group.items[0], tr(_GROUP_LABEL[group.name]),
                       _unplain(group.describe(ctx, mine)), mine):
        _ss()[f"ethics_reload_{group.name}"] = True


def _commit(ctx: Ctx, group: _Group, mine: dict, revisions: dict[str, int]) -> None:
    saved = _attempt(ctx, group.name, lambda: group.save(ctx, mine, revisions), mine)
    if saved is not None:
        for item, stored in saved.items():
            _seen()[item] = stored.revision
        _ss().setdefault("ethics_snap", {})[group.name] = mine


def _save_group(ctx: Ctx, group: _Group) -> None:
    _commit(ctx, group, group.collect(), {i: _seen().get(i, 0) for i in group.items})


def _group_footer(ctx: Ctx, group: _Group, sheet: ethics.EthicsSheet, label: str) -> None:
    """Save button, problems, a conflict (both versions side by side) and the live watch."""
    st.button(tr(label), type="primary", key=f"ethics_{group.name}_save", on_click=_save_group, args=(ctx, group))
    _show_msgs(group.name)
    pending = _conflicts().get(group.name)
    if pending is not None:
        revisions = {i: sheet.revision(i) for i in group.items}  # the saved version shown next to the attempt
        _conflict_panel(group.name, tr(f"ethics.page.conflict.subject.{group.name}"),
                        group.describe(ctx, group.state(ctx, sheet)), group.describe(ctx, pending),
                        _discard_mine, _commit, (ctx, group, pending, revisions))
    _pending_newer().discard(group.name)  # drawn now: the watcher starts from this sheet
    _watch(ctx, group, sheet)


# --------------------------------------------------------------------------- project

_PROJECT_KEYS = ("ethics_project_mode", "ethics_case", "ethics_project_title", "ethics_project_description",
                 "ethics_roles")


def _project_state(ctx: Ctx, sheet: ethics.EthicsSheet) -> dict[str, Any]:
    project = sheet.record.project
    return {"ethics_project_mode": "case" if project.case_id or not project.title else "own",
            "ethics_case": project.case_id, "ethics_project_title": project.title,
            "ethics_project_description": project.description, "ethics_roles": list(sheet.record.roles_present)}


def _collect(keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: st.session_state.get(k) for k in keys}


def _save_project(ctx: Ctx, mine: dict, revisions: dict[str, int]) -> dict[str, ethics.Stored]:
    case_id = mine["ethics_case"] if mine["ethics_project_mode"] == "case" else None
    return ethics.save_project(ctx.db, ctx.content, ctx.cases, ctx.token, title=mine["ethics_project_title"] or "",
                               description=mine["ethics_project_description"] or "", case_id=case_id,
                               roles=mine["ethics_roles"] or [], expected=revisions)


def _role_name(ctx: Ctx, role_id: str) -> str:
    role = ctx.content.role(role_id)
    return role.name.get(ctx.lang) if role else role_id


def _describe_project(ctx: Ctx, state: dict) -> str:
    case = ctx.cases.case(state.get("ethics_case") or "") if state.get("ethics_project_mode") == "case" else None
    lines = [f"- {tr('ethics.report.case')}: {plain(case.title.get(ctx.lang))}"] if case else []
    lines.append(f"- {tr('ethics.report.project_title')}: {plain(state.get('ethics_project_title') or '')}")
    lines.append(f"- {tr('ethics.report.description')}: {plain(state.get('ethics_project_description') or '')}")
    roles = [_role_name(ctx, r) for r in state.get("ethics_roles") or []]
    lines.append(f"- {tr('ethics.report.roles_present')}: {plain(', '.join(roles))}")
    return "\n".join(lines)


PROJECT = _Group("project", (ethics.PROJECT, ethics.ROLES), "ethics_project_mode", _project_state,
                 lambda: _collect(_PROJECT_KEYS), _save_project, _describe_project)


def _case_details(ctx: Ctx, case_id: str | None) -> None:
    case = ctx.cases.case(case_id) if case_id else None
    if case is None:
        return
    with st.container(border=True, key="ethics_case_details"):
        st.markdown(f"**{case.title.get(ctx.lang)}**")
        st.write(case.description.get(ctx.lang))
        rows = [{tr("ethics.report.dataset"): d.name.get(ctx.lang), tr("ethics.report.owner"): d.owner.get(ctx.lang),
                 tr("ethics.report.personal_data"): tr("ethics.answer.yes" if d.personal_data else "ethics.answer.no")}
                for d in case.datasets]
        table(pd.DataFrame(rows), tr("ethics.report.datasets"))  # st.table's scroll box fails axe (see core.table)


def project_step(ctx: Ctx, sheet: ethics.EthicsSheet) -> None:
    _sync_group(ctx, PROJECT, sheet)
    st.header(tr("ethics.page.project.heading"))
    st.write(tr("ethics.page.project.intro"))
    mode = st.radio(tr("ethics.page.project.mode"), ["case", "own"], format_func=labeller("ethics.page.project.mode"),
                    horizontal=True, key="ethics_project_mode")
    if mode == "case":
        titles = {c.id: c.title.get(ctx.lang) for c in ctx.cases.cases}
        case_id = st.selectbox(tr("ethics.page.project.case"), list(titles), index=None, format_func=titles.get,
                               placeholder=tr("ethics.page.project.case_placeholder"), key="ethics_case")
        _case_details(ctx, case_id)
    title_label = "ethics.page.project.title_optional" if mode == "case" else "ethics.page.project.title"
    st.text_input(tr(title_label), max_chars=MAX_SHORT, key="ethics_project_title")
    st.text_area(tr("ethics.page.project.description"), max_chars=MAX_DESCRIPTION, height=100,
                 key="ethics_project_description")
    names = {r.id: r.name.get(ctx.lang) for r in ctx.content.roles}
    st.multiselect(tr("ethics.page.project.roles"), list(names), format_func=names.get,
                   help=tr("ethics.page.project.roles_help"), placeholder=tr("common.choose_many"),
                   select_all=False, key="ethics_roles")
    _group_footer(ctx, PROJECT, sheet, "ethics.page.project.save")


# --------------------------------------------------------------------------- questions


def _qkey(qid: str) -> str:
    return f"ethics_q_{qid}"


def _nkey(qid: str) -> str:
    return f"ethics_note_{qid}"


def _to_widget(q: Question, value: Any) -> Any:
    if q.type == "multi":
        return [] if value is None else ([UNKNOWN] if value == UNKNOWN else list(value))
    if q.type == "text":
        return value or ""
    return value


def _from_widget(q: Question, value: Any) -> Any:
    if q.type == "multi":
        return list(value or []) or None
    if q.type == "text":
        return (value or "").strip() or None
    return value


def _sync_answers(sheet: ethics.EthicsSheet, questions: list[Question]) -> int:
    """Copy answers saved on other devices into this device's widgets; returns how many changed."""
    seen, changed = _seen(), 0
    for q in questions:
        stored = sheet.stored.get(q.id)
        revision = stored.revision if stored else 0
        if _qkey(q.id) in st.session_state and seen.get(q.id, 0) == revision:
            continue
        if _qkey(q.id) in st.session_state and q.id not in _conflicts():
            changed += 1
        st.session_state[_qkey(q.id)] = _to_widget(q, sheet.record.answers.get(q.id))  # canonical, or set aside
        st.session_state[_nkey(q.id)] = (stored.note if stored else None) or ""
        seen[q.id] = revision
    return changed


def _save_question(ctx: Ctx, qid: str) -> None:
    q = ctx.content.question(qid)
    value, note = _from_widget(q, st.session_state.get(_qkey(qid))), st.session_state.get(_nkey(qid))
    saved = _attempt(ctx, qid, lambda: ethics.save_question(ctx.db, ctx.content, ctx.token, qid, value, note=note,
                                                            expected=_seen().get(qid, 0)),
                     {"value": value, "note": note})
    if saved is not None:
        _seen()[qid] = saved.revision


def _use_mine(ctx: Ctx, qid: str, revision: int) -> None:
    q, mine = ctx.content.question(qid), _conflicts().get(qid, {})
    saved = _attempt(ctx, qid, lambda: ethics.save_question(ctx.db, ctx.content, ctx.token, qid, mine.get("value"),
                                                            note=mine.get("note"), expected=revision), mine)
    if saved is not None:
        st.session_state[_qkey(qid)] = _to_widget(q, saved.value)
        st.session_state[_nkey(qid)] = saved.note or ""
        _seen()[qid] = saved.revision


def _keep_saved(ctx: Ctx, qid: str, revision: int) -> None:
    """The saved answer stays; this device's answer goes to the record's "not kept" list, not away."""
    q, mine = ctx.content.question(qid), _conflicts().get(qid, {})
    _set_aside_mine(ctx, qid, qid, q.text.get(ctx.lang), _answer_text(q, mine.get("value"), mine.get("note"), ctx.lang),
                    mine)


def _answer_text(q: Question, value: Any, note: str | None, lang: str) -> str:
    text = answer_label(q, value, lang)
    return text + (f"\n{t('ethics.report.note', lang)}: {note}" if note else "")


def _answer_md(q: Question, value: Any, note: str | None, lang: str) -> str:
    text = plain(answer_label(q, value, lang))
    return text + (f"  \n*{tr('ethics.report.note')}:* {plain(note)}" if note else "")


def _question_widget(ctx: Ctx, q: Question) -> None:
    key, args = _qkey(q.id), (ctx, q.id)
    label, help_text = q.text.get(ctx.lang), q.help.get(ctx.lang)
    if q.type == "text":
        st.text_area(label, max_chars=MAX_TEXT_ANSWER, height=90, help=help_text, key=key, on_change=_save_question,
                     args=args)
        return
    labels = dict(choices(q, ctx.lang))
    if q.type == "multi":
        st.multiselect(label, list(labels), format_func=labels.get, help=help_text, key=key,
                       placeholder=tr("ethics.page.question.pick"), select_all=False, on_change=_save_question,
                       args=args)
    else:
        st.radio(label, list(labels), index=None, format_func=labels.get, help=help_text, key=key,
                 on_change=_save_question, args=args)


def _question(ctx: Ctx, sheet: ethics.EthicsSheet, view: ethics.QuestionView) -> None:
    q = view.question
    with st.container(border=True, key=f"ethics_question_{q.id}"):
        _question_widget(ctx, q)
        st.text_input(tr("ethics.page.question.note", question=short_label(q.text.get(ctx.lang))),
                      max_chars=MAX_NOTE, key=_nkey(q.id),
                      placeholder=tr("ethics.page.question.note_placeholder"), on_change=_save_question,
                      args=(ctx, q.id))
        for s in view.raised:
            kind = tr(f"ethics.signal.kind.{s.kind}")
            if s.kind == "concern":
                st.warning(f"**{kind}:** {s.text.get(ctx.lang)}", icon=":material/report:")
            else:
                st.info(f"**{kind}:** {s.text.get(ctx.lang)}", icon=":material/task_alt:")
        _show_msgs(q.id)
        mine = _conflicts().get(q.id)
        if mine is not None:
            stored = view.stored
            saved = _answer_md(q, stored.value if stored else None, stored.note if stored else None, ctx.lang)
            _conflict_panel(q.id, tr("ethics.page.conflict.subject.question", question=short_label(q.text.get(ctx.lang))),
                            saved, _answer_md(q, mine.get("value"), mine.get("note"), ctx.lang),
                            _keep_saved, _use_mine, (ctx, q.id, sheet.revision(q.id)))


def _progress_overview(ctx: Ctx, prog: Progress) -> None:
    st.progress(prog.fraction, text=tr("ethics.page.progress.total", done=prog.answered, total=prog.visible))
    cols = st.columns(4)
    for i, theme in enumerate(ctx.content.themes):
        tp = prog.themes[theme.id]
        name = theme.title.get(ctx.lang)
        if not tp.applicable:
            text = tr("ethics.page.progress.theme_na", theme=name)
        else:
            text = ("✓ " if tp.complete else "") + tr("ethics.page.progress.theme", theme=name, done=tp.answered,
                                                      total=tp.visible)
        cols[i % 4].caption(text)


def _theme_questions(ctx: Ctx, view: ethics.QuestionsView) -> None:
    theme = ctx.content.theme(view.theme_id)
    changed = _sync_answers(view.sheet, [qv.question for qv in view.questions])
    if changed:
        st.info(counted("ethics.page.updated_elsewhere", changed, ctx.lang), icon=":material/sync:")
    st.header(f"{ctx.content.phase(theme.phase).title.get(ctx.lang)}: {theme.title.get(ctx.lang)}")
    st.write(theme.intro.get(ctx.lang))
    if not view.questions:
        st.info(tr("ethics.page.theme_not_applicable"), icon=":material/info:")
        return
    for qv in view.questions:
        _question(ctx, view.sheet, qv)


def _next_theme(theme_id: str) -> None:
    st.session_state["ethics_theme"] = theme_id


def questions_step(ctx: Ctx) -> None:
    themes = {th.id: f"{ctx.content.phase(th.phase).title.get(ctx.lang)} · {th.title.get(ctx.lang)}"
              for th in ctx.content.themes}
    theme_id = st.selectbox(tr("ethics.page.theme"), list(themes), format_func=themes.get, key="ethics_theme")

    # The questions are drawn in the page, never in the refreshing part, so a refresh cannot eat a
    # click; a tablemate's save reruns the page through the record's live topic.
    view = ethics.questions_view(ctx.db, ctx.content, ctx.token, theme_id)
    sheet = view.sheet
    if not view.has_project:
        st.info(tr("ethics.page.no_project_yet"), icon=":material/info:")
    _progress_overview(ctx, view.progress)
    _theme_questions(ctx, view)
    watch(ctx.db, sheet.workshop.id, sheet.live, [sheet.topic, live.PROGRAMME], every=_every("5s"))
    ids = list(themes)
    position = ids.index(theme_id)
    if position + 1 < len(ids):
        st.button(tr("ethics.page.next_theme"), type="primary", key="ethics_next_theme", on_click=_next_theme,
                  args=(ids[position + 1],))
    else:
        next_step_button("questions")


# --------------------------------------------------------------------------- values


def _values_state(ctx: Ctx, sheet: ethics.EthicsSheet) -> dict[str, Any]:
    state: dict[str, Any] = {"ethics_values_pick": [v.value_id for v in sheet.record.values]}
    for v in sheet.record.values:
        state[f"ethics_value_judgement_{v.value_id}"] = v.judgement
        state[f"ethics_value_note_{v.value_id}"] = v.note
    return state


def _collect_values() -> dict[str, Any]:
    picked = list(st.session_state.get("ethics_values_pick") or [])
    return {"ethics_values_pick": picked} | _collect(tuple(
        f"{prefix}{vid}" for vid in picked for prefix in ("ethics_value_judgement_", "ethics_value_note_")))


def _save_values(ctx: Ctx, mine: dict, revisions: dict[str, int]) -> dict[str, ethics.Stored]:
    judgements = [{"value_id": v, "judgement": mine.get(f"ethics_value_judgement_{v}"),
                   "note": (mine.get(f"ethics_value_note_{v}") or "").strip()} for v in mine["ethics_values_pick"]]
    return {ethics.VALUES: ethics.save_values(ctx.db, ctx.content, ctx.token, judgements,
                                              expected=revisions[ethics.VALUES])}


def _describe_values(ctx: Ctx, state: dict) -> str:
    lines = []
    for vid in state.get("ethics_values_pick") or []:
        value = ctx.content.value(vid)
        judgement = state.get(f"ethics_value_judgement_{vid}")
        text = tr(f"ethics.judgement.{judgement}") if judgement else tr("ethics.report.not_judged")
        note = state.get(f"ethics_value_note_{vid}") or ""
        lines.append(f"- {value.name.get(ctx.lang) if value else plain(vid)}: {text}"
                     + (f" ({plain(note)})" if note else ""))
    return "\n".join(lines) or tr("ethics.report.no_values")


VALUES = _Group("values", (ethics.VALUES,), "ethics_values_pick", _values_state, _collect_values, _save_values,
                _describe_values)


def values_step(ctx: Ctx, sheet: ethics.EthicsSheet) -> None:
    _sync_group(ctx, VALUES, sheet)
    st.header(tr("ethics.page.values.heading"))
    st.write(tr("ethics.page.values.intro", min=ctx.content.core_values_min, max=ctx.content.core_values_max))
    names = {v.id: v.name.get(ctx.lang) for v in ctx.content.values}
    picked = st.multiselect(tr("ethics.page.values.pick"), list(names), format_func=names.get,
                            max_selections=ctx.content.core_values_max, placeholder=tr("common.choose_many"),
                            select_all=False, key="ethics_values_pick")
    judge = labeller("ethics.judgement")
    for vid in picked:
        value = ctx.content.value(vid)
        with st.container(border=True, key=f"ethics_value_{vid}"):
            st.markdown(f"**{value.name.get(ctx.lang)}**: {value.explanation.get(ctx.lang)}")
            st.radio(tr("ethics.page.values.judgement", value=value.name.get(ctx.lang)), JUDGEMENTS, index=None,
                     format_func=judge, horizontal=True, key=f"ethics_value_judgement_{vid}")
            st.text_input(tr("ethics.page.values.note", value=value.name.get(ctx.lang)), max_chars=MAX_NOTE,
                          key=f"ethics_value_note_{vid}")
    _group_footer(ctx, VALUES, sheet, "ethics.page.values.save")
    next_step_button("values")


# --------------------------------------------------------------------------- summary and decision


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
                st.markdown(tr("ethics.report.answer_first") + "\n\n" + "\n".join(
                    f"- {plain(q)}" for q in item["answer_first"]))
            lines = []
            for reason in item["reasons"]:
                why = "; ".join(f"{plain(a['question'])} → {plain(a['answer'])}" for a in reason["answers"])
                lines.append(f"- {plain(reason['reason'])}" + (f"  \n  *{why}*" if why else ""))
            if lines:
                st.markdown(tr("ethics.report.reasons") + "\n\n" + "\n".join(lines))
            if item["obligations"]:
                st.markdown(tr("ethics.legal.obligations") + "\n\n" + "\n".join(
                    f"- {plain(o['text'])} *({plain(o['basis'])}; {plain(o['when'])})*" for o in item["obligations"]))
            if item["open"]:  # one heading, then the list (not the heading repeated before every reason)
                st.markdown(tr("ethics.report.open_reasons") + "\n\n" + "\n".join(
                    f"- {plain(o['reason'])}" for o in item["open"]))
            if item["uncertain"]:
                st.caption(tr("ethics.legal.uncertain"))
            if item["sources"]:
                with st.expander(tr("ethics.legal.sources", date=item["as_of"])):
                    st.markdown("\n".join(_source_line(f) for f in item["sources"]))


def _source_line(fact: dict) -> str:
    links = ", ".join(f"[{plain(s['title'])}]({md_url(s['url'])})"
                      for s in fact["sources"])
    note = f"  \n  **{plain(fact['certainty_label'])}**: {plain(fact['note'])}" if fact["note"] else ""
    return (f"- **{plain(fact['basis'])}**: {plain(fact['title'])} ({plain(fact['when'])})  \n"
            f"  {links} · {tr('ethics.legal.checked', date=fact['checked_label'])}{note}")


def summary(ctx: Ctx, view: ethics.DecisionView) -> None:
    """What the team found, before it decides."""
    prog = view.progress
    st.header(tr("ethics.page.summary.heading"))
    st.write(tr("ethics.page.summary.counts", done=prog.answered, total=prog.visible,
                concerns=counted("ethics.count.concern", len(view.concerns), ctx.lang),
                actions=counted("ethics.count.action", len(view.actions), ctx.lang)))
    if prog.answered < prog.visible:
        st.info(counted("ethics.page.summary.open_questions", prog.visible - prog.answered, ctx.lang),
                icon=":material/info:")
    st.markdown(f"### {tr('ethics.report.concerns')}")
    theme = {th.id: th.title.get(ctx.lang) for th in ctx.content.themes}
    st.markdown("\n".join(f"- **{theme[s.theme_id]}**: {s.text.get(ctx.lang)}" for s in view.concerns)
                or tr("ethics.report.no_concerns"))
    st.markdown(f"### {tr('ethics.report.values')}")
    st.markdown(_describe_values(ctx, _values_state(ctx, view.sheet)))
    _routing(ctx, view.routing)


def _row(rid: int, action: dict[str, Any], keep: bool = True) -> dict[str, Any]:
    due = action.get("due")
    return {f"ethics_action_keep_{rid}": keep, f"ethics_action_text_{rid}": action.get("text") or "",
            f"ethics_action_owner_{rid}": action.get("owner_role") or None,
            f"ethics_action_due_{rid}": date.fromisoformat(due) if isinstance(due, str) and due else due,
            f"ethics_action_done_{rid}": bool(action.get("done")), f"ethics_action_source_{rid}": action.get("source")}


def _find_out_rows(ctx: Ctx, view: ethics.DecisionView, listed: set[str | None]) -> list[tuple[dict[str, Any], bool]]:
    """Rows for the "find out" actions not in ``listed`` (sources): new ones kept, dismissed ones not."""
    return [({"text": s.text.get(ctx.lang), "source": s.key}, s.key not in view.dismissed)
            for s in view.find_outs if s.key not in listed]


def _decision_state(ctx: Ctx, sheet: ethics.EthicsSheet) -> dict[str, Any]:
    """The saved decision and action list (before any decision: the raised actions as a start).

    "Find out" actions raised later are added on screen by :func:`_add_new_find_outs`.
    """
    decision = sheet.record.decision
    actions = ethics.starting_actions(ctx.content, sheet, ctx.lang)
    state: dict[str, Any] = {"ethics_outcome": decision.outcome if decision else None,
                             "ethics_motivation": decision.motivation if decision else "",
                             "ethics_action_rows": list(range(len(actions)))}
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
        out.append({"text": state.get(f"ethics_action_text_{rid}") or "",
                    "owner_role": state.get(f"ethics_action_owner_{rid}") or "",
                    "due": due.isoformat() if isinstance(due, date) else due,
                    "source": state.get(f"ethics_action_source_{rid}"),
                    "done": bool(state.get(f"ethics_action_done_{rid}"))})
    return out


def _dismissed_of(state: dict) -> list[str]:
    """Sources of raised actions the team unticked: left off the list on purpose."""
    return [src for rid in state.get("ethics_action_rows") or []
            if not state.get(f"ethics_action_keep_{rid}") and (src := state.get(f"ethics_action_source_{rid}"))]


def _save_decision(ctx: Ctx, mine: dict, revisions: dict[str, int]) -> dict[str, ethics.Stored]:
    return ethics.save_decision(ctx.db, ctx.content, ctx.token, outcome=mine.get("ethics_outcome"),
                                motivation=mine.get("ethics_motivation") or "", actions=_actions_of(mine),
                                dismissed=_dismissed_of(mine), expected=revisions)


def _describe_decision(ctx: Ctx, state: dict) -> str:
    outcome = state.get("ethics_outcome")
    lines = [f"- {tr('ethics.report.outcome')}: {tr(f'ethics.outcome.{outcome}') if outcome else '–'}",
             f"- {tr('ethics.report.motivation')}: {plain(state.get('ethics_motivation') or '')}"]
    for a in _actions_of(state):
        owner = _role_name(ctx, a["owner_role"]) if a["owner_role"] else "–"
        lines.append(f"- {plain(a['text'])} ({plain(owner)}, {a['due'] or '–'})")
    return "\n".join(lines)


DECISION = _Group("decision", (ethics.DECISION, ethics.ACTIONS), "ethics_outcome", _decision_state,
                  _collect_decision, _save_decision, _describe_decision)


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
    snap = _ss().setdefault("ethics_snap", {}).setdefault(DECISION.name, {})
    untouched = snap.get("ethics_action_rows") == list(rows)
    snap |= _add_rows([a for a, _ in missing], [keep for _, keep in missing])
    if untouched:
        snap["ethics_action_rows"] = list(st.session_state["ethics_action_rows"])


def _find_out_warning(ctx: Ctx, view: ethics.DecisionView) -> None:
    """Leaving a "find out" off the list is allowed, but never silent."""
    missing = view.missing_find_outs(_actions_of(_collect_decision()))
    if missing:
        st.warning(counted("ethics.page.actions.find_outs_missing", len(missing), ctx.lang) + "\n\n"
                   + "\n".join(f"- {s.text.get(ctx.lang)}" for s in missing), icon=":material/help:")


def _add_suggestions(suggested: tuple[dict[str, Any], ...]) -> None:
    have = {st.session_state.get(f"ethics_action_source_{rid}") for rid in st.session_state.get("ethics_action_rows", [])}
    _add_rows([a for a in suggested if a.get("source") not in have])


def _action_rows(ctx: Ctx, view: ethics.DecisionView) -> None:
    st.markdown(f"### {tr('ethics.report.action_list')}")
    st.caption(tr("ethics.page.actions.intro"))
    roles = {r.id: r.name.get(ctx.lang) for r in ctx.content.roles}
    for n, rid in enumerate(st.session_state.get("ethics_action_rows") or [], start=1):
        with st.container(border=True, key=f"ethics_action_{rid}"):
            st.checkbox(tr("ethics.page.actions.keep", n=n), key=f"ethics_action_keep_{rid}")
            st.text_input(tr("ethics.page.actions.text", n=n), max_chars=MAX_ACTION_TEXT, key=f"ethics_action_text_{rid}")
            owner, due, done = st.columns([2, 2, 1])
            owner.selectbox(tr("ethics.page.actions.owner", n=n), list(roles), index=None, format_func=roles.get,
                            placeholder=tr("ethics.page.actions.owner_placeholder"), key=f"ethics_action_owner_{rid}")
            due.date_input(tr("ethics.page.actions.due", n=n), value=None, format="YYYY-MM-DD",
                           key=f"ethics_action_due_{rid}")
            done.checkbox(tr("ethics.page.actions.done", n=n), key=f"ethics_action_done_{rid}")
    _find_out_warning(ctx, view)
    left, right = st.columns(2)
    left.button(tr("ethics.page.actions.add"), key="ethics_action_add", on_click=_add_rows, args=([{}],))
    right.button(tr("ethics.page.actions.add_suggested"), key="ethics_action_add_suggested",
                 on_click=_add_suggestions, args=(view.suggested,))


def decision_step(ctx: Ctx, sheet: ethics.EthicsSheet) -> None:
    view = ethics.decision_view(ctx.content, sheet, ctx.lang, ctx.legal)
    _sync_group(ctx, DECISION, sheet)
    _add_new_find_outs(ctx, view)
    summary(ctx, view)
    st.header(tr("ethics.page.decision.heading"))
    st.radio(tr("ethics.page.decision.outcome"), OUTCOMES, index=None, format_func=labeller("ethics.outcome"),
             horizontal=True, key="ethics_outcome")
    st.text_area(tr("ethics.page.decision.motivation"), max_chars=MAX_MOTIVATION, height=120, key="ethics_motivation")
    _action_rows(ctx, view)
    _group_footer(ctx, DECISION, sheet, "ethics.page.decision.save")
    next_step_button("decision")


# --------------------------------------------------------------------------- report


def _load(ctx: Ctx) -> None:
    upload = st.session_state.get("ethics_upload")
    if upload is None:
        _msgs()["upload"] = [tr("ethics.page.upload.none")]
        return
    loaded = _attempt(ctx, "upload", lambda: ethics.load_record(ctx.db, ctx.content, ctx.token, upload.getvalue()))
    if loaded is not None:
        for key in [k for k in st.session_state if str(k).startswith("ethics_") and k not in ("ethics_step", LIVE_PAUSE)]:
            del st.session_state[key]
        st.session_state["ethics_loaded"] = loaded
        flash(tr("ethics.page.upload.done", n=loaded.answers))


def report_step(ctx: Ctx, sheet: ethics.EthicsSheet) -> None:
    record = sheet.record
    st.header(tr("ethics.page.report.heading"))
    st.write(tr("ethics.page.report.intro"))
    about = {"lang": ctx.lang, "legal": ctx.legal, "municipality": sheet.workshop.municipality}
    # The PDF takes a second: it is built only when its button is clicked (Streamlit calls the function then).
    pdf_file = functools.partial(report_pdf, record, ctx.content, ctx.cases, **about)
    cols = [*st.columns(2), *st.columns(2)]
    for col, (ext, data, mime) in zip(cols, [
            ("pdf", pdf_file, pdf.MIME),
            ("html", report_html(record, ctx.content, ctx.cases, **about), "text/html"),
            ("md", report_markdown(record, ctx.content, ctx.cases, **about), "text/markdown"),
            ("json", report_json(record, ctx.content, ctx.cases, **about), "application/json")]):
        col.download_button(tr(f"ethics.page.report.download_{ext}"), data,
                            file_name=report_filename(record, ext), mime=mime, on_click="ignore",
                            key=f"ethics_download_{ext}", icon=":material/download:", width="stretch")
    st.header(tr("ethics.page.upload.heading"))
    st.write(tr("ethics.page.upload.intro"))
    st.file_uploader(tr("ethics.page.upload.file"), type=["json"], key="ethics_upload")
    confirmed = True
    if sheet.started:
        confirmed = st.checkbox(tr("ethics.page.upload.confirm"), key="ethics_upload_confirm")
    st.button(tr("ethics.page.upload.load"), disabled=not confirmed, key="ethics_upload_load", on_click=_load,
              args=(ctx,))
    _show_msgs("upload")
    loaded = st.session_state.pop("ethics_loaded", None)
    if loaded is not None and loaded.set_aside:
        st.warning(counted("ethics.page.upload.set_aside", len(loaded.set_aside), ctx.lang), icon=":material/inventory_2:")
        st.markdown("\n".join(f"- {plain(set_aside_label(ctx.content, a, ctx.lang))}: "
                              f"{plain(set_aside_value(a, ctx.lang))} ({tr(f'ethics.set_aside.{a.reason}')})"
                              for a in loaded.set_aside))
    _not_kept(ctx, record)
    compare_section(ctx)


def _not_kept(ctx: Ctx, record: Any) -> None:
    """Versions the team chose not to keep after a conflict: readable, with a copy button each."""
    if not record.not_kept:
        return
    st.header(tr("ethics.report.not_kept"))
    st.write(tr("ethics.report.not_kept_intro"))
    for item in reversed(record.not_kept):
        st.markdown(f"**{plain(item.label)}** ({item.on.isoformat()})")
        st.code(item.text, language=None, wrap_lines=True)


def _action_cell(ctx: Ctx, action: Any) -> str:
    if action is None:
        return "–"
    owner = _role_name(ctx, action.owner_role) if action.owner_role else "–"
    due = action.due.isoformat() if action.due else "–"
    done = tr("ethics.report.done") if action.done else tr("ethics.page.compare.open")
    return f"{action.text} ({owner}, {due}, {done})"


def _value_cell(ctx: Ctx, item: Any) -> str:
    if item is None:
        return tr("ethics.page.compare.not_picked")
    text = tr(f"ethics.judgement.{item.judgement}") if item.judgement else tr("ethics.report.not_judged")
    return text + (f" ({item.note})" if item.note else "")


def _comparison(ctx: Ctx, result: ethics.Comparison) -> None:
    """The differences, as tables (team text is escaped by ``table``)."""
    diff, none = result.differences, tr("ethics.answer.none")
    st.markdown(tr("ethics.page.compare.against", date=result.file_date.isoformat()))
    if result.file_version:
        st.caption(tr("ethics.report.loaded_from", version=plain(str(result.file_version))))
    if diff.same:
        st.success(tr("ethics.page.compare.same"), icon=":material/check_circle:")
        return
    before, now = tr("ethics.page.compare.in_file"), tr("ethics.page.compare.now")
    theme = {th.id: th.title.get(ctx.lang) for th in ctx.content.themes}
    rows: dict[str, dict[str, str]] = {}
    for d in diff.answers:
        q = ctx.content.question(d.question_id)
        rows[d.question_id] = {tr("ethics.report.theme"): theme[d.theme_id], tr("ethics.report.question"): q.text.get(ctx.lang),
                               before: answer_label(q, d.before, ctx.lang) if d.before is not None else none,
                               now: answer_label(q, d.after, ctx.lang) if d.after is not None else none}
    for d in diff.notes:
        q = ctx.content.question(d.question_id)
        row = rows.setdefault(d.question_id, {tr("ethics.report.theme"): theme[ctx.content.theme_of(q.id).id],
                                              tr("ethics.report.question"): q.text.get(ctx.lang), before: "", now: ""})
        for col, note in ((before, d.before), (now, d.after)):
            if note:
                row[col] = (row[col] + " – " if row[col] else "") + tr("ethics.page.compare.note", note=note)
    if rows:
        ordered = [rows[q.id] for q in ctx.content.questions() if q.id in rows]
        st.markdown(f"### {tr('ethics.page.compare.questions', n=len(ordered))}")
        table(pd.DataFrame(ordered), tr("ethics.page.compare.questions", n=len(ordered)))
    decision = []
    if diff.outcome:
        decision.append({"": tr("ethics.report.outcome")} | {
            col: tr(f"ethics.outcome.{v}") if v else tr("ethics.report.no_decision")
            for col, v in zip((before, now), diff.outcome)})
    if diff.motivation:
        decision.append({"": tr("ethics.report.motivation"), before: diff.motivation[0] or "–",
                         now: diff.motivation[1] or "–"})
    if decision:
        st.markdown(f"### {tr('ethics.report.decision')}")
        table(pd.DataFrame(decision).rename(columns={"": tr("ethics.report.item")}), tr("ethics.report.decision"))
    if diff.actions:
        st.markdown(f"### {tr('ethics.report.action_list')}")
        table(pd.DataFrame([{tr("ethics.page.compare.change"): tr(f"ethics.page.compare.change.{d.change}"),
                             before: _action_cell(ctx, d.before), now: _action_cell(ctx, d.after)}
                            for d in diff.actions]), tr("ethics.report.action_list"))
    if diff.values:
        st.markdown(f"### {tr('ethics.report.values')}")
        names = {v.id: v.name.get(ctx.lang) for v in ctx.content.values}
        table(pd.DataFrame([{tr("ethics.report.value"): names.get(d.value_id, d.value_id),
                             before: _value_cell(ctx, d.before), now: _value_cell(ctx, d.after)}
                            for d in diff.values]), tr("ethics.report.values"))


def compare_section(ctx: Ctx) -> None:
    """Read-only: what changed since a saved JSON report."""
    st.header(tr("ethics.page.compare.heading"))
    st.write(tr("ethics.page.compare.intro"))
    upload = st.file_uploader(tr("ethics.page.compare.file"), type=["json"], key="ethics_compare_upload")
    if upload is None:
        return

    @guarded
    def _show():
        try:
            result = ethics.compare_with_file(ctx.db, ctx.content, ctx.token, upload.getvalue())
        except ethics.InputProblems as exc:  # what is wrong with the file, one message per problem
            for message in exc.messages(ctx.lang):
                st.error(message, icon=":material/error:")
            return
        with st.container(key="ethics_compare_result"):
            _comparison(ctx, result)

    _show()


def standalone_help() -> None:
    st.warning(tr("ethics.page.need_token"))
    page_link("app_pages/join.py", label=tr("home.join.link"), icon=":material/group_add:")
    st.header(tr("ethics.page.standalone.heading"))
    st.write(tr("ethics.page.standalone.text"))
    page_link("app_pages/facilitate.py", label=tr("ethics.page.standalone.link"), icon=":material/co_present:")


# --------------------------------------------------------------------------- facilitator overview


def _team_card(content: EthicsContent, cases: EthicsCases, team: ethics.TeamProgress, n: int, lang: str) -> None:
    prog = team.status.progress
    name = plain(team.name) if team.name is not None else t("ethics.page.overview.respondent", lang, n=n)
    case = cases.case(team.case_id) if team.case_id else None
    project = plain(team.project_title) or (case.title.get(lang) if case else t("ethics.page.overview.no_project", lang))
    with st.container(border=True, key=f"ethics_overview_{team.scope.replace(':', '_')}"):
        st.markdown(f"**{name}**  \n{project}")
        st.progress(prog.fraction, text=t("ethics.page.progress.total", lang, done=prog.answered, total=prog.visible))
        outcome = t(f"ethics.outcome.{team.outcome}", lang) if team.outcome else "–"
        st.markdown("\n".join(f"- {t(f'ethics.page.overview.{name}', lang)}: **{value}**" for name, value in (
            ("concerns", team.status.concerns), ("actions", team.status.actions), ("listed", team.action_list),
            ("outcome", outcome))))
        lines = []
        for theme in content.themes:
            tp = prog.themes[theme.id]
            title = theme.title.get(lang)
            lines.append(t("ethics.page.progress.theme_na", lang, theme=title) if not tp.applicable else
                         ("✓ " if tp.complete else "") + t("ethics.page.progress.theme", lang, theme=title,
                                                           done=tp.answered, total=tp.visible))
        st.caption(" · ".join(lines))


def overview_cards(content: EthicsContent, cases: EthicsCases, overview: ethics.EthicsOverview,
                   lang: str) -> None:
    """One card per team: progress in total and per theme (of the questions that apply), concerns, actions."""
    if not overview.teams:
        st.info(t("ethics.page.overview.empty", lang))
        return
    started = sum(1 for team in overview.teams if team.status.progress.answered)
    st.caption(t("ethics.page.overview.count", lang, teams=counted("ethics.count.team", len(overview.teams), lang),
                 started=started))
    cols = st.columns(min(3, len(overview.teams)))
    for n, team in enumerate(overview.teams, start=1):
        with cols[(n - 1) % len(cols)]:
            _team_card(content, cases, team, n, lang)


def live_overview(db: Database, content: EthicsContent, cases: EthicsCases, key: str, every: str = "3s") -> None:
    """The facilitator's overview, refreshing by itself unless paused."""
    current = lang()
    live_toggle(OVERVIEW_LIVE_PAUSE)

    @st.fragment(run_every=_every(every, OVERVIEW_LIVE_PAUSE))
    @guarded
    def _board():
        overview_cards(content, cases, ethics.team_progress(db, content, key), current)

    _board()


__all__ = ["LIVE_PAUSE", "OVERVIEW_LIVE_PAUSE", "STEPS", "Ctx", "compare_section", "decision_step", "live_overview",
           "live_toggle", "next_step_button", "overview_cards", "project_step", "questions_step", "report_step",
           "short_label", "standalone_help", "step_picker", "team_line", "values_step"]


def unsaved() -> bool:
    """The step on screen (project, values or decision) has edits that are not saved yet. Only that
    step's widgets hold values now: Streamlit drops the state of widgets no longer drawn."""
    group = {"project": PROJECT, "values": VALUES, "decision": DECISION}.get(st.session_state.get("ethics_step")
                                                                             or STEPS[0])
    return group is not None and group.name in _ss().get("ethics_snap", {}) and _dirty(group)
