"""Widgets for the workshop pages: QR code, lobby board, join code."""

from __future__ import annotations

import functools
import io
import json

import segno
import streamlit as st

from dshub.content import ContentBundle
from dshub.i18n import plural
from dshub.maturity.regional import MIN_RESPONDENTS
from dshub.reports import literacy as literacy_report
from dshub.services import literacy, live, maturity, privacy, workshops
from dshub.ui.core import base_url, flash, focus_point, guarded, labeller, lang, lang_param, page_link, plain, tr
from dshub.ui.live import watch


@functools.lru_cache(maxsize=64)  # the same link is drawn on every rerun of the facilitate page and the projector
def qr_png(url: str, scale: int = 12) -> bytes:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buf.getvalue()


_VISUALLY_HIDDEN = (
    "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0"
)


def join_code(code: str) -> None:
    """The join code in large type.

    Screen readers get the code letter by letter ("D D U M M 6", not a word); aria-label is not
    allowed on a <p>, so the spelled-out code is visually hidden text and the big code is aria-hidden.
    """
    st.markdown(
        f"<p class='dshub-code' aria-hidden='true'>{code}</p><p style='{_VISUALLY_HIDDEN}'>{' '.join(code)}</p>",
        unsafe_allow_html=True,
    )


def join_panel(code: str, join_url: str) -> None:
    """Large code, link and QR code, readable from the back of the room."""
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"### {tr('facilitate.code')}")
        join_code(code)
        st.markdown(f"### {tr('facilitate.join_link')}")
        st.code(join_url, language=None)
    with right:
        png = qr_png(join_url)
        st.image(png, width=320, alt=tr("facilitate.qr_alt", url=join_url))
        st.download_button(
            tr("facilitate.qr_download"), png, file_name=f"dshub-{code}.png", mime="image/png", key="qr_download"
        )


def _count(key: str, n: int) -> str:
    """``"1 team"`` / ``"3 teams"`` in the page's language (:func:`dshub.i18n.plural`)."""
    return plural(key, lang(), n)


def more_municipalities_input() -> list[str]:
    """The other municipalities of a regional session (the first is the municipality field): pick from
    the Dutch municipalities or type any name."""
    return st.multiselect(
        tr("facilitate.create.municipalities"),
        workshops.municipality_suggestions(),
        help=tr("facilitate.create.municipalities.help", max=workshops.MUNICIPALITIES_MAX),
        placeholder=tr("facilitate.create.municipalities.placeholder"),
        accept_new_options=True,
        max_selections=workshops.MUNICIPALITIES_MAX - 1,
        select_all=False,
        key="create_municipalities",
    )


def lobby_board(lobby: workshops.Lobby) -> None:
    teams = lobby.teams
    members = sum(t.members for t in teams)
    st.markdown(f"### {tr('facilitate.lobby.heading')}")
    st.caption(
        tr(
            "facilitate.lobby.count",
            teams=_count("facilitate.lobby.teams", len(teams)),
            members=_count("facilitate.lobby.members", members),
        )
    )
    if not teams:
        st.info(tr("facilitate.lobby.empty"))
        return
    cols = st.columns(min(4, len(teams)))
    for i, team in enumerate(teams):
        with cols[i % len(cols)].container(border=True, key=f"lobby_team_{team.id}"):
            st.markdown(f"**{plain(team.name)}**")
            roles = ", ".join(tr(f"role.{r}") for r in team.roles) or tr("facilitate.lobby.no_roles")
            place = f"{plain(team.municipality)} · " if lobby.regional and team.municipality else ""
            st.caption(f"{place}{_count('facilitate.lobby.members', team.members)} · {roles}")


def live_lobby(db, lobby: workshops.Lobby, every: float = 2.0) -> None:
    """The lobby board; it redraws when a team joins, moves or changes (see :mod:`dshub.ui.live`)."""
    lobby_board(lobby)
    watch(db, lobby.workshop.id, lobby.live, [live.BOARD], every=every)


def team_manager(db, key: str, lobby: workshops.Lobby) -> None:
    """Rename or remove a team (outside the auto-refreshing board, so typing is never interrupted)."""
    if not lobby.teams:
        return
    with st.expander(tr("facilitate.manage.heading")):
        names = {t.id: t.name for t in lobby.teams}
        team_id = st.selectbox(
            tr("facilitate.manage.team"), list(names), format_func=names.__getitem__, key="manage_team"
        )
        with st.form("rename_team", clear_on_submit=True):
            new_name = st.text_input(tr("facilitate.manage.new_name"), max_chars=40, key="manage_new_name")
            if st.form_submit_button(tr("facilitate.manage.rename"), key="manage_rename"):
                _rename(db, key, team_id, new_name)
        confirm = st.checkbox(tr("facilitate.manage.remove_confirm"), key="manage_remove_confirm")
        if st.button(tr("facilitate.manage.remove"), disabled=not confirm, key="manage_remove"):
            _remove(db, key, team_id)


@guarded
def _rename(db, key, team_id, new_name):
    team = workshops.rename_team(db, key, team_id, new_name)
    flash(tr("facilitate.manage.renamed", name=plain(team.name)))
    st.rerun()


@guarded
def _remove(db, key, team_id):
    workshops.remove_team(db, key, team_id)
    del st.session_state["manage_remove_confirm"]
    flash(tr("facilitate.manage.removed"))
    st.rerun()


LINKS_MADE = "municipality_links"  # session state: (workshop id, municipality number) -> the link made here


def municipality_links(db, key: str, lobby: workshops.Lobby) -> None:
    """A read-only results link per municipality of a regional session (its own results and the region's)."""
    made: dict[tuple[int, int], str] = st.session_state.setdefault(LINKS_MADE, {})
    with st.expander(tr("facilitate.municipality_links"), icon=":material/share:"):
        st.caption(tr("facilitate.municipality_links.help", min=MIN_RESPONDENTS))
        for place in lobby.municipalities:
            with st.container(border=True, key=f"municipality_link_{place.number}"):
                left, right = st.columns([3, 2], vertical_alignment="center")
                left.markdown(f"**{plain(place.name)}**")
                label = (
                    "facilitate.municipality_links.renew"
                    if place.has_results_link
                    else "facilitate.municipality_links.create"
                )
                if right.button(tr(label), key=f"results_link_{place.number}"):
                    _make_municipality_link(db, key, lobby.workshop.id, place.number)
                if (lobby.workshop.id, place.number) in made:
                    st.code(made[lobby.workshop.id, place.number], language=None)
                elif place.has_results_link:
                    st.caption(tr("facilitate.municipality_links.exists"))


@guarded
def _make_municipality_link(db, key: str, workshop_id: int, number: int) -> None:
    link = maturity.create_municipality_link(db, key, number, base_url(), lang_param().get("lang"))
    st.session_state[LINKS_MADE][workshop_id, number] = link.url
    st.rerun()


def data_rights(db, key: str, code: str) -> None:
    """Export everything the session holds, or delete it after typing its join code (AVG art. 15 and 17)."""
    with st.expander(tr("privacy.facilitate.heading")):
        st.caption(tr("privacy.facilitate.export.help"))
        # Built only when the button is clicked (Streamlit calls it then), not on every rerun of the lobby.
        export = functools.partial(export_json, db, key, base_url())
        st.download_button(
            tr("privacy.facilitate.export"),
            export,
            file_name=f"dshub-{code}.json",
            mime="application/json",
            icon=":material/download:",
            key="privacy_export",
        )
        st.caption(tr("privacy.facilitate.delete.help"))
        typed = st.text_input(
            tr("privacy.facilitate.delete.confirm", code=code), max_chars=12, key="privacy_delete_code"
        )
        if st.button(tr("privacy.facilitate.delete"), type="primary", key="privacy_delete"):
            _delete_session(db, key, typed)


def export_json(db, key: str, url: str) -> str:
    """The session's export document as the JSON text the facilitator downloads."""
    return json.dumps(privacy.export_for_facilitator(db, key, base_url=url), indent=2, ensure_ascii=False)


@guarded
def _delete_session(db, key, typed):
    removed = privacy.delete_for_facilitator(db, key, typed)
    st.session_state.pop("privacy_delete_code", None)
    flash(tr("privacy.facilitate.deleted", rows=sum(removed.values())))
    del st.query_params["key"]
    st.rerun()


def literacy_record(db, content: ContentBundle, key: str, code: str) -> None:
    """The day as a record for the municipality's AI-literacy file (AI Act, Article 4): PDF, HTML and CSV.

    Each file is built only when its button is clicked (Streamlit calls the function then, in the page's
    language; the PDF takes a second), and the click does not rerun the page.
    """
    with st.expander(tr("literacy.facilitate.heading")):
        st.caption(tr("literacy.facilitate.help"))
        for column, fmt, icon in zip(
            st.columns(3), ("pdf", "html", "csv"), (":material/picture_as_pdf:", ":material/print:", ":material/table:")
        ):
            column.download_button(
                tr(f"literacy.facilitate.{fmt}"),
                functools.partial(literacy_file, db, content, key, fmt, lang()),
                file_name=literacy_report.file_name(code, fmt, lang()),
                mime=literacy_report.MIME[fmt],
                icon=icon,
                on_click="ignore",
                key=f"literacy_{fmt}",
            )


def literacy_file(db, content: ContentBundle, key: str, fmt: str, language: str) -> bytes:
    """The AI-literacy record of the facilitator's session as the file the button gives."""
    return literacy_report.render(literacy.record_for_facilitator(db, content, key), fmt, language)


NEW_TEAM = -1

# Pages a participant can go to next, per module: (page file, message key, icon). Filled as modules land.
MODULE_PAGES: dict[str, tuple[str, str, str]] = {
    "game": ("app_pages/game.py", "game.nav.play", ":material/extension:"),
    "ethics": ("app_pages/ethics.py", "ethics.page.nav", ":material/balance:"),
    "maturity": ("app_pages/scan.py", "join.go.maturity", ":material/radar:"),
    "benchmark": ("app_pages/benchmark.py", "join.go.benchmark", ":material/leaderboard:"),
}


def roles_input(default=()) -> list[str]:
    return st.multiselect(
        tr("join.roles"),
        workshops.ROLES,
        default=list(default),
        format_func=labeller("role"),
        help=tr("join.roles.help"),
        placeholder=tr("common.choose_many"),
        select_all=False,
        key="join_roles",
    )


def team_form(public: workshops.PublicWorkshop) -> dict | None:
    """Team choice and roles; returns the arguments for ``workshops.join`` once submitted.

    In a regional session the team also says which municipality it comes from (``join_municipality``,
    required: the service says so when it is missing); each team is listed with its municipality.
    """
    place = None
    with st.form("join_team_form"):
        if public.workshop.kind == "workshop":
            st.markdown(f"### {tr('join.team.heading')}")
            if public.regional:
                places = {m.id: m.name for m in public.municipalities}
                place = st.selectbox(
                    tr("join.municipality"),
                    list(places),
                    index=None,
                    format_func=places.__getitem__,
                    placeholder=tr("join.municipality.placeholder"),
                    help=tr("join.municipality.help"),
                    key="join_municipality",
                )
            names = {
                t.id: (f"{t.name} ({t.municipality})" if public.regional and t.municipality else t.name)
                for t in public.teams
            }
            options = [*names, NEW_TEAM]
            new_label = tr("join.team.new")  # now, in the user's language (format_func may run later)
            choice = st.radio(
                tr("join.team.choice"),
                options,
                index=len(options) - 1,
                # radio labels render markdown: a team name is user text, shown literally
                format_func=lambda i: new_label if i == NEW_TEAM else plain(names[i]),
                key="join_team",
            )
            new_name = st.text_input(
                tr("join.team.new_name"), max_chars=40, help=tr("join.team.new_name.help"), key="join_new_team"
            )
        else:
            st.write(tr("join.respondent"))
            choice, new_name = None, None
        roles = roles_input()
        if not st.form_submit_button(tr("join.submit"), type="primary", key="join_submit"):
            return None
    where = {"municipality_id": place} if public.regional else {}
    if choice == NEW_TEAM:
        return {"new_team_name": new_name, "roles": roles, **where}
    return {"team_id": choice, "roles": roles, **where}


def membership_panel(member: workshops.Membership) -> None:
    ws = member.workshop
    team = member.team
    # In a regional session the header names the team's own municipality, not the whole region.
    st.header(plain(f"{ws.title} — {team.municipality if team is not None and team.municipality else ws.municipality}"))
    with focus_point("joined"):
        if member.team is not None:
            st.success(tr("join.joined", team=plain(member.team.name)), icon=":material/groups:")
            roles = ", ".join(tr(f"role.{r}") for r in member.team.roles) or tr("facilitate.lobby.no_roles")
            st.caption(tr("join.roles.current", roles=roles))
        else:
            st.success(tr("join.respondent"), icon=":material/person:")
    st.caption(tr("join.joined.bookmark"))
    token = st.query_params.get("p")
    links = [MODULE_PAGES[m] for m in ws.modules if m in MODULE_PAGES]
    if links:
        for page, label, icon in links:
            page_link(page, label=tr(label), icon=icon, p=token)
    else:
        st.info(tr("join.waiting"), icon=":material/hourglass_empty:")
    left, right = st.columns(2)
    if ws.kind == "workshop" and left.button(tr("join.switch_team"), key="join_switch_team"):
        st.session_state["switching_team"] = True
        st.rerun()
    if right.button(tr("join.leave"), key="join_leave"):
        st.session_state.pop("participant_token", None)
        st.query_params.clear()
        st.rerun()
