"""Widgets for the maturity scan and the management dashboard."""

from __future__ import annotations

import streamlit as st

from dshub.i18n import t
from dshub.maturity.content import MaturityModel
from dshub.services import maturity
from dshub.services.records import LAST_SAVE_WINS
from dshub.ui.core import guarded, lang, plain, tr
from dshub.ui.record import Record, Shown

OPTIONS = [1, 2, 3, 4, 5, maturity.DONT_KNOW]
SCAN_KEY = "scan_depth"
RECORD = Record("scan", LAST_SAVE_WINS, "scan")  # a team's answers, shared by its devices (dshub.ui.record)


def _value_key(mode: str, item_id: str) -> str:
    return f"scan_{mode}_{item_id}"


def _note_key(mode: str, item_id: str) -> str:
    return f"note_{mode}_{item_id}"


def sync_widgets(sheet: maturity.ScanSheet, item_ids: list[str]) -> list[str]:
    """Copy answers saved elsewhere (a tablemate's device) into this session's widgets.

    Returns the items that changed since this device last saw them. Last save wins: a stale screen
    is refreshed and told (:data:`RECORD`); a note is only replaced when the note itself changed, so
    a tablemate's new answer never pushes over a note being typed.
    """
    shown = [
        Shown(
            (sheet.mode, item_id),
            _value_key(sheet.mode, item_id),
            _note_key(sheet.mode, item_id),
            stored.revision,
            stored.value,
            stored.note or "",
        )
        for item_id in item_ids
        if (stored := sheet.answers.get(item_id)) is not None
    ]
    changed = set(RECORD.sync_items(shown, keep_typed_note=True, skip_unsaved=True, count_offscreen=True))
    return [item_id for item_id in item_ids if (sheet.mode, item_id) in changed]


@guarded
def _save(db, model: MaturityModel, token: str, mode: maturity.Mode, item_id: str, note_only: bool = False) -> None:
    value = None if note_only else st.session_state.get(_value_key(mode, item_id))
    if value is None and not note_only:
        return
    note = st.session_state.get(_note_key(mode, item_id))
    saved = maturity.save_scan_answer(db, model, token, mode=mode, item_id=item_id, value=value, note=note)
    # A note-only save keeps the stored answer, which a tablemate may have changed meanwhile: show that one.
    st.session_state[_value_key(mode, item_id)] = saved.value
    RECORD.saved_item((mode, item_id), saved.revision, saved.note or "")
    st.session_state["scan_last_saved"] = (mode, item_id)


@guarded
def _choose_scan(db, model: MaturityModel, token: str, mode: maturity.Mode) -> None:
    maturity.set_scan_depth(db, model, token, mode=mode, scan=st.session_state.get(SCAN_KEY))


def scan_choice(db, model: MaturityModel, token: str, sheet: maturity.ScanSheet) -> None:
    """Quickscan or full scan, for the team (or the person answering alone), when the session allows both.

    The radio always shows what the database holds: a teammate's choice arrives with the next redraw
    (the choice moves the sheet's live topic), and a choice that could not be saved springs back.
    """
    if not sheet.can_choose:
        return
    st.session_state[SCAN_KEY] = sheet.scan
    current = lang()
    counts = {scan: len(model.items_for(scan)) for scan in maturity.SCANS}
    st.radio(
        tr(f"scan.depth.{sheet.mode}"),
        list(maturity.SCANS),
        format_func=lambda scan: t(f"scan.depth.{scan}", current, n=counts[scan]),
        help=tr("scan.depth.help"),
        horizontal=True,
        key=SCAN_KEY,
        on_change=_choose_scan,
        args=(db, model, token, sheet.mode),
    )


def progress_overview(model: MaturityModel, progress: list[maturity.DimensionProgress]) -> None:
    lg = lang()
    done = sum(p.answered for p in progress)
    total = sum(p.total for p in progress)
    st.progress(done / total if total else 0.0, text=tr("scan.progress.total", done=done, total=total))
    cols = st.columns(3)
    for i, p in enumerate(progress):
        mark = "✓ " if p.answered == p.total else ""
        cols[i % 3].caption(f"{mark}{model.dimension(p.dimension).label.get(lg)}: {p.answered}/{p.total}")


def item_widgets(db, model: MaturityModel, token: str, sheet: maturity.ScanSheet, dimension_id: str) -> None:
    lg = lang()
    items = [i for i in model.items_for(sheet.scan) if i.dimension == dimension_id]
    changed = sync_widgets(sheet, [i.id for i in items])
    # Always the same number of elements before the items: an element that appears only now would shift
    # the widgets below it, and the browser would redraw them, losing a note that is being typed.
    notice = st.empty()
    if changed:
        notice.info(tr("scan.updated_elsewhere", n=len(changed)), icon=":material/sync:")
    for item in items:
        with st.container(border=True, key=f"item_{item.id}"):
            labels: dict[int | str, str] = {
                **{n: item.options[n - 1].get(lg) for n in range(1, 6)},
                maturity.DONT_KNOW: t("scan.dont_know", lg),
            }
            st.radio(
                item.text.get(lg),
                OPTIONS,
                index=None,
                format_func=labels.get,
                help=item.help.get(lg),
                key=_value_key(sheet.mode, item.id),
                on_change=_save,
                args=(db, model, token, sheet.mode, item.id),
            )
            st.text_input(
                tr("scan.note"),
                max_chars=maturity.NOTE_MAX,
                placeholder=tr("scan.note.placeholder"),
                key=_note_key(sheet.mode, item.id),
                on_change=_save,
                args=(db, model, token, sheet.mode, item.id, True),
            )
            if st.session_state.get("scan_last_saved") == (sheet.mode, item.id):
                st.caption(f":material/check: {tr('scan.saved')}")


def dimension_intro(model: MaturityModel, dimension_id: str) -> None:
    dim = model.dimension(dimension_id)
    st.header(dim.label.get(lang()))
    st.write(dim.summary.get(lang()))


def team_line(sheet: maturity.ScanSheet) -> None:
    if sheet.mode == "team":
        st.caption(tr("scan.mode.team_line", team=plain(sheet.team_name or "")))
    else:
        st.caption(tr("scan.mode.individual_line"))


def _go_to(dimension_id: str) -> None:
    st.session_state["scan_dimension"] = dimension_id


def next_dimension_button(dims: list[str], current: str) -> None:
    position = dims.index(current)
    if position + 1 < len(dims):
        st.button(
            tr("scan.next_dimension"), key="scan_next", type="primary", on_click=_go_to, args=(dims[position + 1],)
        )
    else:
        st.success(tr("scan.last_dimension"), icon=":material/flag:")
