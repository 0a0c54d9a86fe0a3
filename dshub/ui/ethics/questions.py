"""Step 2 of the ethics assistant: the questions per theme, saved as they are given."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dshub.ethics.content import UNKNOWN, Question
from dshub.ethics.logic import (
    MAX_NOTE,
    MAX_TEXT_ANSWER,
    Progress,
    answer_label,
    choices,
)
from dshub.i18n import t
from dshub.services import ethics, live
from dshub.ui.core import label_of, plain, tr
from dshub.ui.ethics.common import (
    RECORD,
    Ctx,
    _attempt,
    _conflict_panel,
    _conflicts,
    _every,
    _seen,
    _set_aside_mine,
    _show_msgs,
    counted,
    next_step_button,
    short_label,
)
from dshub.ui.live import watch
from dshub.ui.record import Shown


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
    return len(
        RECORD.sync_items(
            [
                Shown(
                    q.id,
                    _qkey(q.id),
                    _nkey(q.id),
                    sheet.revision(q.id),
                    _to_widget(q, sheet.record.answers.get(q.id)),  # canonical, or set aside
                    (stored.note if (stored := sheet.stored.get(q.id)) else None) or "",
                )
                for q in questions
            ]
        )
    )


def _save_question(ctx: Ctx, qid: str) -> None:
    q = ctx.content.question(qid)
    value, note = _from_widget(q, st.session_state.get(_qkey(qid))), st.session_state.get(_nkey(qid))
    saved = _attempt(
        ctx,
        qid,
        lambda: ethics.save_question(
            ctx.db, ctx.content, ctx.token, qid, value, note=note, expected=_seen().get(qid, 0)
        ),
        {"value": value, "note": note},
    )
    if saved is not None:
        _seen()[qid] = saved.revision


def _use_mine(ctx: Ctx, qid: str, revision: int) -> None:
    q, mine = ctx.content.question(qid), _conflicts().get(qid, {})
    saved = _attempt(
        ctx,
        qid,
        lambda: ethics.save_question(
            ctx.db, ctx.content, ctx.token, qid, mine.get("value"), note=mine.get("note"), expected=revision
        ),
        mine,
    )
    if saved is not None:
        st.session_state[_qkey(qid)] = _to_widget(q, saved.value)
        st.session_state[_nkey(qid)] = saved.note or ""
        _seen()[qid] = saved.revision


def _keep_saved(ctx: Ctx, qid: str, revision: int) -> None:
    """The saved answer stays; this device's answer goes to the record's "not kept" list, not away."""
    q, mine = ctx.content.question(qid), _conflicts().get(qid, {})
    _set_aside_mine(
        ctx, qid, qid, q.text.get(ctx.lang), _answer_text(q, mine.get("value"), mine.get("note"), ctx.lang), mine
    )


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
        st.text_area(
            label, max_chars=MAX_TEXT_ANSWER, height=90, help=help_text, key=key, on_change=_save_question, args=args
        )
        return
    labels = dict(choices(q, ctx.lang))
    if q.type == "multi":
        st.multiselect(
            label,
            list(labels),
            format_func=label_of(labels),
            help=help_text,
            key=key,
            placeholder=tr("ethics.page.question.pick"),
            select_all=False,
            on_change=_save_question,
            args=args,
        )
    else:
        st.radio(
            label,
            list(labels),
            index=None,
            format_func=label_of(labels),
            help=help_text,
            key=key,
            on_change=_save_question,
            args=args,
        )


def _question(ctx: Ctx, sheet: ethics.EthicsSheet, view: ethics.QuestionView) -> None:
    q = view.question
    with st.container(border=True, key=f"ethics_question_{q.id}"):
        _question_widget(ctx, q)
        st.text_input(
            tr("ethics.page.question.note", question=short_label(q.text.get(ctx.lang))),
            max_chars=MAX_NOTE,
            key=_nkey(q.id),
            placeholder=tr("ethics.page.question.note_placeholder"),
            on_change=_save_question,
            args=(ctx, q.id),
        )
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
            _conflict_panel(
                q.id,
                tr("ethics.page.conflict.subject.question", question=short_label(q.text.get(ctx.lang))),
                saved,
                _answer_md(q, mine.get("value"), mine.get("note"), ctx.lang),
                _keep_saved,
                _use_mine,
                (ctx, q.id, sheet.revision(q.id)),
            )


def _progress_overview(ctx: Ctx, prog: Progress) -> None:
    st.progress(prog.fraction, text=tr("ethics.page.progress.total", done=prog.answered, total=prog.visible))
    cols = st.columns(4)
    for i, theme in enumerate(ctx.content.themes):
        tp = prog.themes[theme.id]
        name = theme.title.get(ctx.lang)
        if not tp.applicable:
            text = tr("ethics.page.progress.theme_na", theme=name)
        else:
            text = ("✓ " if tp.complete else "") + tr(
                "ethics.page.progress.theme", theme=name, done=tp.answered, total=tp.visible
            )
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
    themes = {
        th.id: f"{ctx.content.phase(th.phase).title.get(ctx.lang)} · {th.title.get(ctx.lang)}"
        for th in ctx.content.themes
    }
    theme_id = st.selectbox(tr("ethics.page.theme"), list(themes), format_func=label_of(themes), key="ethics_theme")

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
        st.button(
            tr("ethics.page.next_theme"),
            type="primary",
            key="ethics_next_theme",
            on_click=_next_theme,
            args=(ids[position + 1],),
        )
    else:
        next_step_button("questions")
