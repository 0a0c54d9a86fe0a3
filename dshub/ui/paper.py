"""Widgets of the paper fallback: the sheets download on the facilitator page, and the entry form.

The entry form follows the sheet (:func:`dshub.reports.paper.layout`): the same order, numbers (G1, S1,
P1) and letters. It is one ``st.form``: a refused sheet keeps everything typed, and the message names
the question.
"""

from __future__ import annotations

import functools

import streamlit as st

from dshub.content import ContentBundle
from dshub.reports import paper as sheet
from dshub.services import paper
from dshub.ui.core import base_url, lang, page_link, plain, tr

DONT_KNOW_LABEL = sheet.DONT_KNOW_MARK


def sheets_pdf(db, content: ContentBundle, key: str, url: str, language: str) -> bytes:
    """The answer sheets of the facilitator's session, made when the button is clicked."""
    return sheet.render_pdf(paper.sheets_for_facilitator(db, content, key, url), language)


def paper_panel(db, content: ContentBundle, key: str, code: str, teams) -> None:
    """On the facilitator page: the sheets as a PDF, and a link to type in each team's sheet."""
    with st.expander(tr("paper.facilitate.heading")):
        st.caption(tr("paper.facilitate.help"))
        st.download_button(
            tr("paper.facilitate.download"),
            functools.partial(sheets_pdf, db, content, key, base_url(), lang()),
            file_name=sheet.file_name(code, lang()),
            mime=sheet.MIME,
            icon=":material/print:",
            on_click="ignore",
            key="paper_sheets",
        )
        for team in teams:
            page_link(
                "app_pages/paper.py",
                label=tr("paper.facilitate.enter", team=plain(team.name)),
                icon=":material/edit_note:",
                key=key,
                team=str(team.id),
            )
        page_link(
            "app_pages/paper.py",
            label=tr("paper.facilitate.enter_new"),
            icon=":material/edit_note:",
            key=key,
            team=sheet.NEW_TEAM,
        )


def _choice_labels(q: sheet.GameQuestion) -> dict[str, str]:
    return {c.id: f"{c.letter} — {c.text.get(lang())}" for c in q.choices}


def _game_field(q: sheet.GameQuestion, stored) -> dict | None:
    """One game question's widgets; returns its answer value, or None when left empty."""
    lg = lang()
    label = f"{q.number}. {q.question.get(lg)}"
    if q.context is not None:
        st.caption(q.context.get(lg))
    if q.kind == sheet.ESTIMATE:
        before = "" if not isinstance(stored, dict) or stored.get("value") is None else f"{stored['value']:g}"
        raw = st.text_input(
            label,
            value=before,
            key=f"paper_game_{q.card_id}",
            help=tr("paper.entry.estimate", number=q.number, unit=q.unit.get(lg) if q.unit else ""),
        )
        return {"value": raw} if raw.strip() else None
    labels = _choice_labels(q)
    ids = list(labels)
    if q.kind in (sheet.SINGLE, sheet.DILEMMA):
        field = "vote" if q.kind == sheet.DILEMMA else "options"
        current = stored.get(field) if isinstance(stored, dict) else None
        if isinstance(current, list):
            current = current[0] if current else None
        chosen = st.radio(
            label,
            ids,
            index=ids.index(current) if current in ids else None,
            format_func=labels.__getitem__,
            key=f"paper_game_{q.card_id}",
        )
        if q.kind == sheet.DILEMMA:
            argument = st.text_input(
                tr("paper.entry.argument", number=q.number),
                max_chars=300,
                value=(stored or {}).get("argument", "") if isinstance(stored, dict) else "",
                key=f"paper_argument_{q.card_id}",
            )
            return {"vote": chosen, "argument": argument} if chosen or argument.strip() else None
        return {"options": [chosen]} if chosen else None
    field = "datasets" if q.kind == sheet.DATASETS else "options"
    current = stored.get(field, []) if isinstance(stored, dict) else []
    picked = st.multiselect(
        label,
        ids,
        default=[c for c in current if c in ids],
        format_func=labels.__getitem__,
        placeholder=tr("common.choose_many"),
        key=f"paper_game_{q.card_id}",
    )
    value: dict = {field: picked}
    if q.allow_text:
        text = st.text_input(
            tr("paper.entry.text", number=q.number),
            max_chars=200,
            value=(stored or {}).get("text", "") if isinstance(stored, dict) else "",
            key=f"paper_text_{q.card_id}",
        )
        if text.strip():
            value["text"] = text
    return value if picked or value.get("text") else None


def entry_form(view: paper.EntryView) -> tuple[paper.SheetEntry, str | None, int | None] | None:
    """The sheet as a form; returns what was typed (and a new team's name and, in a regional session,
    its municipality) once it is saved."""
    lg = lang()
    layout, stored = view.layout, view.stored
    levels = [*sheet.LEVELS, sheet.DONT_KNOW]
    level_labels: dict[int | str, str] = {**{n: str(n) for n in sheet.LEVELS}, sheet.DONT_KNOW: DONT_KNOW_LABEL}
    with st.form("paper_entry"):
        new_name = place = None
        if view.team is not None and view.team.key == sheet.NEW_TEAM:
            new_name = st.text_input(tr("paper.entry.new_team_name"), max_chars=40, key="paper_new_team_name")
            if view.municipalities:
                names = {m.id: m.name for m in view.municipalities}
                place = st.selectbox(
                    tr("paper.entry.municipality"),
                    list(names),
                    index=None,
                    format_func=names.__getitem__,
                    key="paper_municipality",
                )
        game: dict = {}
        if layout.rounds:
            st.header(tr("paper.game.heading"))
            for rnd in layout.rounds:
                st.subheader(rnd.title.get(lg))
                for q in rnd.questions:
                    value = _game_field(q, stored.game.get(q.card_id))
                    if value is not None:
                        game[q.card_id] = value
        scan: dict = {}
        if layout.scan_questions:
            st.header(tr(f"paper.scan.heading.{layout.scan}"))
            for sq in layout.scan_questions:
                current = stored.scan.get(sq.item_id)
                chosen = st.radio(
                    f"{sq.number}. {sq.question.get(lg)}",
                    levels,
                    index=levels.index(current) if current in levels else None,
                    format_func=level_labels.__getitem__,
                    horizontal=True,
                    key=f"paper_scan_{sq.item_id}",
                )
                if chosen is not None:
                    scan[sq.item_id] = chosen
        pulse: dict = {"before": {}, "after": {}}
        if layout.pulse:
            st.header(tr("paper.pulse.heading"))
            for pq in layout.pulse:
                st.markdown(f"**{pq.number}. {plain(pq.text.get(lg))}**")
                for moment, column in zip(("before", "after"), st.columns(2)):
                    current = stored.pulse.get(moment, {}).get(pq.statement_id)
                    scale = list(sheet.SCALE)
                    chosen = column.radio(
                        tr(f"paper.entry.{moment}"),
                        scale,
                        index=scale.index(current) if current in scale else None,
                        horizontal=True,
                        key=f"paper_pulse_{moment}_{pq.statement_id}",
                    )
                    if chosen is not None:
                        pulse[moment][pq.statement_id] = chosen
        if st.form_submit_button(tr("paper.entry.submit"), type="primary", key="paper_submit"):
            return paper.SheetEntry(game, scan, {m: s for m, s in pulse.items() if s}), new_name, place
    return None
