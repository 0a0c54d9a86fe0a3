"""Type in a paper answer sheet (the facilitator): ?key=<facilitator key>&team=<team id or new>.

The QR code on a sheet opens ?code=<code>&team=<id> without the key (a sheet may be left on a table):
the page then asks for the private facilitator link, checks that it belongs to the sheet's session, and
keeps the key in the address from then on.
"""

import streamlit as st

from dshub.reports import paper as sheet
from dshub.services import paper
from dshub.ui.core import get_content, get_db, guarded, lang, page_link, plain, tr
from dshub.ui.paper import entry_form

db = get_db()
st.title(tr("paper.entry.title"))
key = st.query_params.get("key")
code = st.query_params.get("code")
team = st.query_params.get("team")


def _key_from(text: str) -> str:
    """The key from a pasted facilitator link (…/facilitate?key=…) or the key itself."""
    from urllib.parse import parse_qs, urlsplit

    text = (text or "").strip()
    return (parse_qs(urlsplit(text).query).get("key") or [text])[0] if "key=" in text else text


def ask_key():
    st.info(tr("paper.entry.need_key"), icon=":material/key:")
    with st.form("paper_key"):
        typed = st.text_input(tr("paper.entry.key_input"), type="password", key="paper_key_input")
        if st.form_submit_button(tr("paper.entry.key_submit"), key="paper_key_submit") and typed.strip():
            st.query_params["key"] = _key_from(typed)
            st.rerun()


@guarded
def entry():
    content = get_content()
    view = paper.entry_view(db, content, key, code=code, team=team)
    st.caption(plain(f"{view.workshop.title} — {view.workshop.municipality} · {view.workshop.code}"))
    page_link("app_pages/facilitate.py", label=tr("paper.entry.back"), icon=":material/arrow_back:", key=key)
    labels = {t.key: t.name or tr("paper.new_team") for t in view.teams}
    chosen = st.selectbox(
        tr("paper.entry.team"),
        list(labels),
        format_func=labels.get,
        index=list(labels).index(view.team.key) if view.team else None,
        key="paper_team",
    )
    if chosen != (view.team.key if view.team else None):
        st.query_params["team"] = chosen
        st.rerun()
    if view.team is None:
        return
    st.markdown(tr("paper.entry.intro"))
    if view.stored.from_paper:
        st.caption(tr("paper.entry.from_paper", n=view.stored.from_paper))
    typed = entry_form(view)
    if typed is not None:
        save(content, view.team.key, *typed)


@guarded
def save(content, team_key, typed, new_name, municipality_id):
    try:
        done = paper.submit_sheet(
            db, content, key, team_key, typed, code=code, new_team_name=new_name, municipality_id=municipality_id
        )
    except paper.SheetRefused as exc:
        st.error(exc.message(lang()), icon=":material/error:")
        return
    st.success(tr("paper.entry.saved", changed=done.changed, same=done.unchanged), icon=":material/check_circle:")
    if team_key == sheet.NEW_TEAM:  # from now on the sheet is that team's
        st.query_params["team"] = done.team.key


if key:
    entry()
else:
    ask_key()
