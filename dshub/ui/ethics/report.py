"""Step 5 of the ethics assistant: the report downloads, loading a saved record, comparing with one; help without a token."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dshub.ethics.logic import (
    answer_label,
    set_aside_label,
    set_aside_value,
)
from dshub.i18n import format_date
from dshub.services import ethics
from dshub.ui.core import flash, guarded, page_link, plain, table, tr
from dshub.ui.ethics.common import (
    LIVE_PAUSE,
    Ctx,
    _attempt,
    _msgs,
    _role_name,
    _show_msgs,
    counted,
)


def _load(ctx: Ctx) -> None:
    upload = st.session_state.get("ethics_upload")
    if upload is None:
        _msgs()["upload"] = [tr("ethics.page.upload.none")]
        return
    loaded = _attempt(ctx, "upload", lambda: ethics.load_record(ctx.db, ctx.content, ctx.token, upload.getvalue()))
    if loaded is not None:
        for key in [
            k for k in st.session_state if str(k).startswith("ethics_") and k not in ("ethics_step", LIVE_PAUSE)
        ]:
            del st.session_state[key]
        st.session_state["ethics_loaded"] = loaded
        flash(tr("ethics.page.upload.done", n=loaded.answers))


def report_step(ctx: Ctx, sheet: ethics.EthicsSheet) -> None:
    record = sheet.record
    st.header(tr("ethics.page.report.heading"))
    st.write(tr("ethics.page.report.intro"))
    # The PDF takes a second: its data is a function, which Streamlit calls only when its button is clicked.
    downloads = ethics.report_downloads(sheet, ctx.content, ctx.cases, lang=ctx.lang, legal=ctx.legal)
    cols = [*st.columns(2), *st.columns(2)]
    for col, download in zip(cols, downloads, strict=True):
        col.download_button(
            tr(f"ethics.page.report.download_{download.ext}"),
            download.data,
            file_name=download.file_name,
            mime=download.mime,
            on_click="ignore",
            key=f"ethics_download_{download.ext}",
            icon=":material/download:",
            width="stretch",
        )
    st.header(tr("ethics.page.upload.heading"))
    st.write(tr("ethics.page.upload.intro"))
    st.file_uploader(tr("ethics.page.upload.file"), type=["json"], key="ethics_upload")
    confirmed = True
    if sheet.started:
        confirmed = st.checkbox(tr("ethics.page.upload.confirm"), key="ethics_upload_confirm")
    st.button(
        tr("ethics.page.upload.load"), disabled=not confirmed, key="ethics_upload_load", on_click=_load, args=(ctx,)
    )
    _show_msgs("upload")
    loaded = st.session_state.pop("ethics_loaded", None)
    if loaded is not None and loaded.set_aside:
        st.warning(
            counted("ethics.page.upload.set_aside", len(loaded.set_aside), ctx.lang), icon=":material/inventory_2:"
        )
        st.markdown(
            "\n".join(
                f"- {plain(set_aside_label(ctx.content, a, ctx.lang))}: "
                f"{plain(set_aside_value(a, ctx.lang))} ({tr(f'ethics.set_aside.{a.reason}')})"
                for a in loaded.set_aside
            )
        )
    _not_kept(ctx, record)
    compare_section(ctx)


def _not_kept(ctx: Ctx, record: Any) -> None:
    """Versions the team chose not to keep after a conflict: readable, with a copy button each."""
    if not record.not_kept:
        return
    st.header(tr("ethics.report.not_kept"))
    st.write(tr("ethics.report.not_kept_intro"))
    for item in reversed(record.not_kept):
        st.markdown(f"**{plain(item.label)}** ({format_date(item.on, ctx.lang)})")
        st.code(item.text, language=None, wrap_lines=True)


def _action_cell(ctx: Ctx, action: Any) -> str:
    if action is None:
        return "–"
    owner = _role_name(ctx, action.owner_role) if action.owner_role else "–"
    due = format_date(action.due, ctx.lang) if action.due else "–"
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
    st.markdown(tr("ethics.page.compare.against", date=format_date(result.file_date, ctx.lang)))
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
        rows[d.question_id] = {
            tr("ethics.report.theme"): theme[d.theme_id],
            tr("ethics.report.question"): q.text.get(ctx.lang),
            before: answer_label(q, d.before, ctx.lang) if d.before is not None else none,
            now: answer_label(q, d.after, ctx.lang) if d.after is not None else none,
        }
    for nd in diff.notes:
        q = ctx.content.question(nd.question_id)
        row = rows.setdefault(
            nd.question_id,
            {
                tr("ethics.report.theme"): theme[ctx.content.theme_of(q.id).id],
                tr("ethics.report.question"): q.text.get(ctx.lang),
                before: "",
                now: "",
            },
        )
        for col, note in ((before, nd.before), (now, nd.after)):
            if note:
                row[col] = (row[col] + " – " if row[col] else "") + tr("ethics.page.compare.note", note=note)
    if rows:
        ordered = [rows[q.id] for q in ctx.content.questions() if q.id in rows]
        st.markdown(f"### {tr('ethics.page.compare.questions', n=len(ordered))}")
        table(pd.DataFrame(ordered), tr("ethics.page.compare.questions", n=len(ordered)))
    decision = []
    if diff.outcome:
        decision.append(
            {"": tr("ethics.report.outcome")}
            | {
                col: tr(f"ethics.outcome.{v}") if v else tr("ethics.report.no_decision")
                for col, v in zip((before, now), diff.outcome)
            }
        )
    if diff.motivation:
        decision.append(
            {"": tr("ethics.report.motivation"), before: diff.motivation[0] or "–", now: diff.motivation[1] or "–"}
        )
    if decision:
        st.markdown(f"### {tr('ethics.report.decision')}")
        table(pd.DataFrame(decision).rename(columns={"": tr("ethics.report.item")}), tr("ethics.report.decision"))
    if diff.actions:
        st.markdown(f"### {tr('ethics.report.action_list')}")
        table(
            pd.DataFrame(
                [
                    {
                        tr("ethics.page.compare.change"): tr(f"ethics.page.compare.change.{d.change}"),
                        before: _action_cell(ctx, d.before),
                        now: _action_cell(ctx, d.after),
                    }
                    for d in diff.actions
                ]
            ),
            tr("ethics.report.action_list"),
        )
    if diff.values:
        st.markdown(f"### {tr('ethics.report.values')}")
        names = {v.id: v.name.get(ctx.lang) for v in ctx.content.values}
        table(
            pd.DataFrame(
                [
                    {
                        tr("ethics.report.value"): names.get(d.value_id, d.value_id),
                        before: _value_cell(ctx, d.before),
                        now: _value_cell(ctx, d.after),
                    }
                    for d in diff.values
                ]
            ),
            tr("ethics.report.values"),
        )


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
