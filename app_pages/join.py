"""Join: enter a code (or arrive with ?code=), pick or create a team, tick the roles at the table.

After joining, the participant token sits in the URL (?p=...), so a reload or
reconnect keeps the device in its team without any account.
"""

import streamlit as st

from dshub.errors import NotFound
from dshub.services import live, workshops
from dshub.ui.core import (
    address_bucket,
    get_db,
    guarded,
    plain,
    request_focus,
    session_bucket,
    show_user_error,
    tr,
)
from dshub.ui.live import watch
from dshub.ui.programme import follow
from dshub.ui.workshop import membership_panel, team_form

db = get_db()
st.title(tr("join.title"))
token = st.query_params.get("p") or st.session_state.get("participant_token")


def lookup(code):
    return workshops.lookup_code(db, code, session_bucket(), address_bucket())


@guarded
def code_step(code):
    public = None
    if code:
        try:
            public = lookup(code)
        except NotFound as exc:  # a mistyped link: say so, and offer the code field right away
            show_user_error(exc)
            st.query_params.pop("code", None)
    if public is None:
        with st.form("join_code_form"):
            typed = st.text_input(tr("join.code"), max_chars=12, help=tr("join.code.help"), key="join_code")
            if not st.form_submit_button(tr("join.code.submit"), type="primary", key="join_code_submit"):
                return
        public = lookup(typed)
    st.query_params["code"] = public.workshop.code
    st.header(tr("join.welcome", title=plain(public.workshop.title), municipality=plain(public.workshop.municipality)))
    choice = team_form(public)
    if choice is not None:
        joined = workshops.join(db, code=public.workshop.code, token=token, **choice)
        st.session_state["participant_token"] = joined.token
        st.session_state.pop("switching_team", None)
        st.query_params["p"] = joined.token
        request_focus("joined")
        st.rerun()


@guarded
def member_step():
    try:
        member = workshops.membership(db, token)
    except NotFound as exc:
        show_user_error(exc)
        st.session_state.pop("participant_token", None)
        st.query_params.pop("p", None)
        return code_step(None)
    st.session_state["participant_token"] = token
    if member.team_removed or st.session_state.get("switching_team"):
        if member.team_removed:
            st.warning(tr("join.team_removed"))
        return code_step(member.workshop.code)
    follow(member.workshop, token, "join")  # a late joiner lands in the part that is open
    membership_panel(member)
    watch(db, member.workshop.id, member.live, [live.PROGRAMME], every=5.0, key="join_watch")


if token:
    member_step()
else:
    code_step(st.query_params.get("code"))
