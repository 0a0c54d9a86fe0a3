"""The day's programme on screen: the facilitator's planner, following on participant screens, the projector.

A participant's page calls :func:`follow` with the session it already read: when the facilitator
opened a part this device has not followed yet, the screen goes to that part's page (a late joiner
lands in it). The pages' live watchers include the ``programme`` counter, so a move reaches every
screen within one tick, without a watcher of its own.
"""

from __future__ import annotations

import streamlit as st

from dshub.errors import UserError
from dshub.services import live, programme, workshops
from dshub.ui.core import (
    flash,
    get_content,
    guarded,
    lang_param,
    page_link,
    plain,
    show_user_error,
    tr,
)
from dshub.ui.live import watch

PAGES = {
    "join": "app_pages/join.py",
    "game": "app_pages/game.py",
    "ethics": "app_pages/ethics.py",
    "scan": "app_pages/scan.py",
}
BOARD_PAGE = "app_pages/programme.py"
_SEEN = "programme_seen"  # per workshop id: the open part this device last followed


def part_label(part: programme.Part) -> str:
    return tr(f"programme.part.{part.kind}")


def _at(part: programme.Part | None) -> str:
    return part.at.strftime("%H:%M") if part is not None and part.at is not None else ""


def now_line(plan: programme.Programme) -> str:
    """ "Now: Game (planned 10:30) · Next: Ethics assistant (11:15)" or "" without a programme."""
    if not plan.planned:
        return ""
    bits = []
    if plan.now is not None:
        at = _at(plan.now)
        bits.append(
            tr("programme.now", part=part_label(plan.now)) + (f" ({tr('programme.planned', at=at)})" if at else "")
        )
    if plan.next is not None:
        at = _at(plan.next)
        bits.append(tr("programme.next", part=part_label(plan.next)) + (f" ({at})" if at else ""))
    return " · ".join(bits)


def follow(workshop: workshops.WorkshopInfo, token: str | None, here: str, *, hold: bool = False) -> None:
    """Go to the page of the part that is open, once per move of the facilitator; show what is on.

    ``hold``: this screen has unsaved edits; offer a link instead of leaving the page."""
    plan = programme.read(workshop.settings)
    if not plan.planned:
        return
    line = now_line(plan)
    if line:
        st.caption(line, help=tr("programme.follow_help"))
    seen = st.session_state.setdefault(_SEEN, {})
    now = plan.now
    if now is None or seen.get(workshop.id) == plan.current:  # now: the current part, None when none is
        return
    target = now.page or "join"
    if target == here:
        seen[workshop.id] = plan.current
        return
    if hold:
        st.info(tr("programme.moved_on", part=part_label(now)), icon=":material/move_down:")
        page_link(
            PAGES[target], label=tr("programme.go", part=part_label(now)), icon=":material/arrow_forward:", p=token
        )
        return
    seen[workshop.id] = plan.current
    st.switch_page(PAGES[target], query_params={"p": token, **lang_param()} if token else lang_param())


# --------------------------------------------------------------------------- the facilitator


def _save_plan(db, key: str, allowed: tuple[str, ...]) -> None:
    kinds = [kind for kind in allowed if st.session_state.get(f"programme_use_{kind}")]
    parts = [(kind, st.session_state.get(f"programme_at_{kind}")) for kind in kinds]
    try:
        programme.plan(db, key, parts)
    except UserError as exc:  # shown after the rerun, in the user's language
        st.session_state["programme_error"] = exc
        return
    flash(tr("programme.saved"))


def _open(db, key: str, index: int | None) -> None:
    try:
        programme.open_part(db, key, index, get_content())
    except UserError as exc:
        st.session_state["programme_error"] = exc


@guarded
def planner(db, key: str) -> None:
    """Plan the parts of the day with their times, and move the room from part to part."""
    info, plan = programme.for_facilitator(db, key)
    allowed = programme.allowed_kinds(info.modules)
    st.subheader(tr("programme.heading"))
    st.caption(tr("programme.help"))
    error = st.session_state.pop("programme_error", None)
    if error is not None:
        show_user_error(error)
    chosen = {p.kind for p in plan.parts} or set(allowed)
    planned = {p.kind: p.at for p in plan.parts}
    for kind in allowed:  # the usual order of a day; a part not ticked is left out
        use, at = st.columns([3, 2], vertical_alignment="bottom")
        use.checkbox(tr(f"programme.part.{kind}"), value=kind in chosen, key=f"programme_use_{kind}")
        at.time_input(
            tr("programme.at", part=tr(f"programme.part.{kind}")),
            value=planned.get(kind),
            step=300,
            key=f"programme_at_{kind}",
            label_visibility="collapsed",
        )
    st.button(tr("programme.save"), key="programme_save", on_click=_save_plan, args=(db, key, allowed))
    if not plan.planned:
        return
    st.markdown(tr("programme.running"))
    for i, part in enumerate(plan.parts):
        left, right = st.columns([4, 1], vertical_alignment="center")
        when = _at(part)
        state = tr("programme.state_open") if i == plan.current else ""
        left.markdown(
            f"{i + 1}. {plain(part_label(part))}"
            + (f" · {when}" if when else "")
            + (f" · **{state}**" if state else "")
        )
        right.button(
            tr("programme.open"),
            key=f"programme_open_{i}",
            disabled=i == plan.current,
            on_click=_open,
            args=(db, key, i),
            help=tr("programme.open_help", part=part_label(part)),
        )
    notice = programme.pulse_notice(db, key, get_content())
    if notice is not None:
        st.warning(tr(notice), icon=":material/info:")
    nxt = plan.next_index
    if nxt is not None:
        st.button(
            tr("programme.next_button", part=part_label(plan.parts[nxt])),
            type="primary",
            key="programme_next",
            on_click=_open,
            args=(db, key, nxt),
            icon=":material/skip_next:",
        )
    page_link(BOARD_PAGE, label=tr("programme.board_link"), icon=":material/co_present:", key=key)


# --------------------------------------------------------------------------- the projector


@guarded
def board(db, key: str | None) -> None:
    """What is on now and what comes next, in large type, following the facilitator by itself."""
    view = programme.board(db, key)
    plan = view.programme
    st.title(plain(f"{view.workshop.title} — {view.workshop.municipality}"))
    if not plan.planned:
        st.info(tr("programme.not_planned"))
    else:
        now = plan.now
        st.header(tr("programme.now", part=part_label(now)) if now else tr("programme.not_started"))
        rows = []
        for i, part in enumerate(plan.parts):
            mark = "▶ " if i == plan.current else ""
            at = _at(part)
            rows.append(f"{i + 1}. {mark}{plain(part_label(part))}" + (f" · {at}" if at else ""))
        st.markdown("\n".join(rows))
    watch(db, view.workshop.id, view.live, [live.PROGRAMME], every=2.0, key="programme_board_watch")
