"""Streamlit parts of the catalogue page: filters, the list, one entry with its downloads and actions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dshub.catalogue.content import Catalogue, Entry
from dshub.services import catalogue as service
from dshub.ui.core import flash, lang, lang_param, page_link, plain, table, tr
from dshub.ui.ethics.decision import source_line

ENTRY_PARAM = "entry"


def _option_label(prefix: str, option: service.Option) -> str:
    if option.value == service.ANY:
        label = tr("catalogue.level_any" if prefix == "level" else "catalogue.any")
    elif prefix == "level":
        label = str(option.value)
    else:
        label = tr(f"catalogue.{prefix}.{option.value}")
    return tr("catalogue.filter.option", label=label, count=option.count)


def _select(prefix: str, label_key: str, options: tuple[service.Option, ...], key: str):
    by_value = {o.value: o for o in options}
    if st.session_state.get(key) not in by_value:  # a value from another content version: back to 'any'
        st.session_state.pop(key, None)
    # Labels made now, in the user's language: Streamlit may call format_func outside the script run.
    labels = {v: _option_label(prefix, o) for v, o in by_value.items()}
    return st.selectbox(tr(label_key), list(by_value), key=key, format_func=labels.__getitem__)


def filters(catalogue: Catalogue) -> service.Filters:
    """The four filters (in columns that stack on a phone); counts follow the other filters' choices."""
    state = st.session_state
    current = service.Filters(
        domain=state.get("catalogue_domain", service.ANY),
        method=state.get("catalogue_method", service.ANY),
        level=None if state.get("catalogue_level", service.ANY) == service.ANY else state.get("catalogue_level"),
        personal=state.get("catalogue_personal", service.ANY),
    )
    view = service.list_entries(catalogue, current)
    cols = st.columns(4)
    with cols[0]:
        domain = _select("domain", "catalogue.filter.domain", view.domains, "catalogue_domain")
    with cols[1]:
        method = _select("method", "catalogue.filter.method", view.methods, "catalogue_method")
    with cols[2]:
        level = _select("level", "catalogue.filter.level", view.levels, "catalogue_level")
    with cols[3]:
        personal = _select("personal", "catalogue.filter.personal", view.personal, "catalogue_personal")
    return service.Filters(
        domain=domain, method=method, level=None if level == service.ANY else level, personal=personal
    )


def _facts(entry: Entry) -> str:
    return tr(
        "catalogue.facts",
        domain=tr(f"catalogue.domain.{entry.domain}"),
        method=tr(f"catalogue.method.{entry.method.id}"),
        level=entry.maturity_level,
        personal=tr("catalogue.yes" if entry.personal_data else "catalogue.no"),
    )


def entry_list(view: service.CatalogueList) -> None:
    current = lang()
    st.header(tr("catalogue.count", shown=len(view.entries), total=view.total), anchor=False)  # h2 above the h3s
    if not view.entries:
        st.info(tr("catalogue.none"))
        return
    for entry in view.entries:
        with st.container(border=True):
            st.subheader(entry.title.get(current), anchor=False)
            st.caption(_facts(entry))
            st.write(entry.question.get(current))
            if st.button(tr("catalogue.open", title=entry.title.get(current)), key=f"catalogue_open_{entry.id}"):
                st.query_params[ENTRY_PARAM] = entry.id
                st.rerun()


def back_button() -> None:
    if st.button(tr("catalogue.back"), key="catalogue_back", icon=":material/arrow_back:"):
        st.query_params.pop(ENTRY_PARAM, None)
        st.rerun()


def entry_detail(view: service.EntryView) -> None:
    entry, current = view.entry, lang()
    st.header(entry.title.get(current), anchor=False)
    st.caption(_facts(entry))
    st.subheader(tr("catalogue.entry.challenge"), anchor=False)
    st.write(entry.challenge.get(current))
    st.subheader(tr("catalogue.entry.question"), anchor=False)
    st.write(entry.question.get(current))

    st.subheader(tr("catalogue.entry.datasets"), anchor=False)
    yes, no = tr("catalogue.yes"), tr("catalogue.no")
    table(
        pd.DataFrame(
            [
                {
                    tr("catalogue.col.name"): d.name.get(current),
                    tr("catalogue.col.source"): d.source.get(current),
                    tr("catalogue.col.owner"): d.owner.get(current),
                    tr("catalogue.col.personal"): yes if d.personal_data else no,
                    tr("catalogue.col.legal"): d.legal_basis.get(current),
                }
                for d in entry.datasets
            ]
        ),
        tr("catalogue.datasets_caption"),
    )

    if view.legal:
        st.markdown(f"**{tr('catalogue.legal_heading')}**")
        st.markdown("\n".join(source_line(fact) for fact in view.legal))

    st.subheader(tr("catalogue.entry.method"), anchor=False)
    st.markdown(f"**{tr(f'catalogue.method.{entry.method.id}')}**: {entry.method.explanation.get(current)}")
    st.subheader(tr("catalogue.entry.effort"), anchor=False)
    st.markdown(
        f"- **{tr('catalogue.entry.skills')}**: {entry.effort.skills.get(current)}\n"
        f"- **{tr('catalogue.entry.time')}**: {entry.effort.time.get(current)}"
    )
    st.subheader(tr("catalogue.entry.ethics"), anchor=False)
    st.markdown("\n".join(f"- {title}" for title in view.themes))
    level = entry.maturity_level
    st.write(tr("catalogue.entry.level", level=level if view.level_label is None else f"{level} ({view.level_label})"))

    st.subheader(tr("catalogue.entry.steps"), anchor=False)
    st.markdown("\n".join(f"{n}. {step.get(current)}" for n, step in enumerate(entry.steps, start=1)))

    st.subheader(tr("catalogue.entry.dummy"), anchor=False)
    st.write(tr("catalogue.dummy.about", rows=entry.dummy.rows))
    table(
        pd.DataFrame(
            [
                {
                    tr("catalogue.col.column"): c.name,
                    tr("catalogue.col.type"): tr(f"catalogue.type.{c.type}"),
                    tr("catalogue.col.description"): c.description.get(current),
                }
                for c in entry.dummy.columns
            ]
        ),
        tr("catalogue.columns_caption"),
    )
    if view.csv is None:
        st.warning(tr("catalogue.dummy_missing", file=view.csv_name))
    else:
        st.download_button(
            tr("catalogue.download_csv"),
            data=view.csv,
            file_name=view.csv_name,
            mime="text/csv",
            key="catalogue_download_csv",
            icon=":material/download:",
        )
    st.caption(f"{tr('catalogue.entry.origin')}: {entry.origin.get(current)}")


def start_ethics_button(entry: Entry, token: str | None, start) -> None:
    """The button that starts the ethics assistant on this entry for the user's team.

    ``start()`` calls the service; without a token (not joined) the page says to join first, with a link.
    """
    # The explanation is a caption, not a hover tooltip: a tooltip still fading in under the pointer
    # right after the click has too little contrast (axe, WCAG 1.4.3), and a phone has no hover.
    st.caption(tr("catalogue.start_ethics_help"))
    clicked = st.button(
        tr("catalogue.start_ethics"),
        key="catalogue_start_ethics",
        type="primary",
        icon=":material/balance:",
    )
    if not clicked:
        return
    if not token:
        join_first()
        return
    result = start()
    if result is None:  # the guard has shown why (no team, module off, closed session)
        page_link("app_pages/join.py", label=tr("catalogue.join_link"), icon=":material/group_add:")
        return
    title = plain(entry.title.get(lang()))
    key = "catalogue.replaced" if result.replaced else "catalogue.started" if result.changed else "catalogue.already"
    flash(tr(key, title=title))
    st.switch_page("app_pages/ethics.py", query_params={"p": token, **lang_param()})


def join_first() -> None:
    st.warning(tr("catalogue.join_first"), icon=":material/group_add:")
    page_link("app_pages/join.py", label=tr("catalogue.join_link"), icon=":material/group_add:")


__all__ = ["ENTRY_PARAM", "back_button", "entry_detail", "entry_list", "filters", "join_first", "start_ethics_button"]
