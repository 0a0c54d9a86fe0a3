"""Facilitate: create a session, or (with ?key=) run its live lobby and manage teams."""

import datetime as dt

import streamlit as st

from dshub.i18n import format_date
from dshub.services import workshops
from dshub.ui.core import (
    base_url,
    get_content,
    get_db,
    guarded,
    labeller,
    lang,
    lang_param,
    page_link,
    plain,
    tr,
)
from dshub.ui.paper import paper_panel
from dshub.ui.programme import planner
from dshub.ui.workshop import (
    data_rights,
    join_panel,
    literacy_record,
    live_lobby,
    more_municipalities_input,
    municipality_links,
    team_manager,
)

db = get_db()
st.title(tr("facilitate.title"))
key = st.query_params.get("key")


@guarded
def create_form():
    st.info(tr("facilitate.reopen.hint"), icon=":material/link:")
    with st.form("create_workshop"):
        st.header(tr("facilitate.create.heading"))
        kinds = list(workshops.KINDS)
        kind = st.radio(
            tr("facilitate.create.kind"),
            kinds,
            format_func=labeller("facilitate.kind"),
            index=kinds.index(st.query_params.get("kind", "workshop")) if st.query_params.get("kind") in kinds else 0,
            key="create_kind",
        )
        municipality = st.text_input(tr("facilitate.create.municipality"), max_chars=120, key="create_municipality")
        more = more_municipalities_input()
        title = st.text_input(
            tr("facilitate.create.title"),
            value=tr("facilitate.create.title_default"),
            max_chars=120,
            key="create_title",
        )
        date = st.date_input(
            tr("facilitate.create.date"), value=dt.date.today(), format="DD-MM-YYYY", key="create_date"
        )
        modules = st.multiselect(
            tr("facilitate.create.modules"),
            workshops.MODULES,
            default=workshops.MODULES,
            format_func=labeller("module"),
            placeholder=tr("common.choose_many"),
            select_all=False,
            key="create_modules",
        )
        scan = st.radio(
            tr("facilitate.create.scan"),
            list(workshops.SCAN_SETTINGS),
            format_func=labeller("facilitate.scan"),
            help=tr("facilitate.create.scan.help"),
            horizontal=True,
            key="create_scan",
        )
        if st.form_submit_button(tr("facilitate.create.submit"), type="primary", key="create_submit"):
            created = workshops.create_workshop(
                db,
                title=title,
                municipality=municipality,
                municipalities=more,
                event_date=date,
                modules=modules,
                kind=kind,
                settings={"scan": scan},
                base_url=base_url(),
            )
            st.session_state["just_created"] = True
            st.query_params["key"] = created.facilitator_key
            st.rerun()


@guarded
def session_view():
    lobby = workshops.facilitator_lobby(db, key)
    ws = lobby.workshop
    links = workshops.build_links(base_url(), ws.code, key, lang=lang_param().get("lang"))
    st.header(plain(f"{ws.title} — {ws.municipality}"))
    if st.session_state.pop("just_created", False):
        st.success(tr("facilitate.created"), icon=":material/check_circle:")
    if ws.is_open:
        st.caption(tr("facilitate.status.open", date=format_date(ws.expires_at, lang())))
        join_panel(ws.code, links.join_url)
    else:
        st.warning(tr("facilitate.status.closed"))
    with st.expander(tr("facilitate.private_link"), expanded=False):
        st.caption(tr("facilitate.private_link.help"))
        st.code(links.facilitator_url, language=None)
    if "game" in ws.modules:
        page_link("app_pages/game_console.py", label=tr("game.nav.console"), icon=":material/sports_esports:", key=key)
    if "ethics" in ws.modules:
        page_link(
            "app_pages/ethics_overview.py", label=tr("ethics.page.overview.link"), icon=":material/balance:", key=key
        )
    with st.container(border=True, key="programme_panel"):
        planner(db, key)  # the day's parts and which one is open; every team screen follows
    live_lobby(db, lobby)
    team_manager(db, key, lobby)
    if "maturity" in ws.modules:
        page_link("app_pages/results.py", label=tr("facilitate.results"), icon=":material/monitoring:", key=key)
        if lobby.regional:
            municipality_links(db, key, lobby)
    label, status = ("facilitate.close", "closed") if ws.is_open else ("facilitate.reopen", "open")
    if st.button(tr(label), key="workshop_status_toggle"):
        workshops.set_workshop_status(db, key, status)
        st.rerun()
    data_rights(db, key, ws.code)
    literacy_record(db, get_content(), key, ws.code)  # last: content that cannot load stops only this part
    paper_panel(db, get_content(), key, ws.code, lobby.teams)  # sheets to print when wifi or a device fails


if key:
    session_view()
else:
    create_form()
