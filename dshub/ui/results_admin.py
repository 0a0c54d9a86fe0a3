"""The management dashboard's facilitator-only tools: targets, linked earlier sessions, the management link."""

from __future__ import annotations

import streamlit as st

from dshub.i18n import format_date
from dshub.maturity.content import MaturityModel
from dshub.services import maturity
from dshub.ui.core import base_url, guarded, labeller, lang, lang_param, plain, tr

# --------------------------------------------------------------------------- facilitator only


def facilitator_tools(db, model: MaturityModel, dash: maturity.Dashboard, key: str) -> None:
    """Targets, linked earlier sessions and the read-only management link: only with the facilitator key."""
    lg = lang()
    with st.expander(tr("results.targets"), icon=":material/flag:"):
        st.caption(tr("results.targets.help"))
        with st.form("targets_form"):
            settings = dash.access.workshop.settings
            size = st.selectbox(
                tr("results.size_class"),
                maturity.SIZE_CLASSES,
                format_func=labeller("results.size"),
                index=maturity.SIZE_CLASSES.index(settings.size_class or "medium"),
                key="targets_size",
            )
            lab_types = list(maturity.PEER_LAB_TYPES)
            lab_type = st.selectbox(
                tr("results.lab_type"),
                lab_types,
                format_func=labeller("benchmarks.type"),
                index=lab_types.index(settings.lab_type or "none"),
                key="targets_lab_type",
            )
            opt_in = st.checkbox(
                tr("results.peer_opt_in"),
                value=bool(settings.peer_opt_in),
                help=tr("results.peer_opt_in.help"),
                key="targets_peer_opt_in",
            )
            targets = {}
            for dim in model.dimensions:
                targets[dim.id] = st.slider(
                    dim.label.get(lg), 1, 5, int(dash.targets.get(dim.id, 3)), key=f"target_{dim.id}"
                )
            left, right = st.columns(2)
            if left.form_submit_button(tr("results.targets.save"), type="primary", key="targets_save"):
                _save_targets(db, model, key, targets, size, lab_type, opt_in)
            if right.form_submit_button(tr("results.targets.suggest"), key="targets_suggest"):
                _save_targets(db, model, key, maturity.suggested_targets(model, size), size, lab_type, opt_in)
    if dash.regional is None:  # a regional session shows no trend over linked sessions
        history_links(db, dash, key)
    with st.expander(tr("results.share"), icon=":material/share:"):
        st.caption(tr("results.share.help"))
        if dash.regional is not None:
            st.caption(tr("results.share.regional", min=dash.regional.min_respondents))
        if st.button(tr("results.share.create"), key="results_link_create"):
            st.session_state["results_link"] = maturity.create_results_link(
                db, key, base_url(), lang_param().get("lang")
            )
        if st.session_state.get("results_link"):
            st.code(st.session_state["results_link"], language=None)


def history_links(db, dash: maturity.Dashboard, key: str) -> None:
    """Link an earlier session (by its facilitator or results link) so its scores appear in the trend."""
    with st.expander(tr("results.history"), icon=":material/timeline:"):
        st.caption(tr("results.history.help"))
        for linked in dash.linked:
            left, right = st.columns([4, 1], vertical_alignment="center")
            when = format_date(linked.event_date, lang()) if linked.event_date else ""
            left.markdown(plain(" — ".join(x for x in (linked.municipality, linked.title, when) if x)))
            right.button(
                tr("results.history.unlink"),
                key=f"history_unlink_{linked.id}",
                on_click=_unlink,
                args=(db, key, linked.id),
            )
        with st.form("history_form", clear_on_submit=True):
            earlier = st.text_input(
                tr("results.history.key"), type="password", key="history_key", help=tr("results.history.key.help")
            )
            if st.form_submit_button(tr("results.history.link"), key="history_link"):
                _link(db, key, earlier)


@guarded
def _link(db, key: str, earlier: str) -> None:
    maturity.link_history(db, key, earlier)
    st.rerun()


@guarded
def _unlink(db, key: str, workshop_id: int) -> None:
    maturity.unlink_history(db, key, workshop_id)


@guarded
def _save_targets(db, model, key, targets, size, lab_type, opt_in):
    maturity.set_targets(db, model, key, targets=targets, size_class=size, lab_type=lab_type, peer_opt_in=opt_in)
    for dim_id in targets:
        st.session_state.pop(f"target_{dim_id}", None)
    st.rerun()
