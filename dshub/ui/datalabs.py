"""Widgets and rendering for the data-labs page (app_pages/datalabs.py): factsheets, comparison, map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dshub.benchmarks import factsheets as fs
from dshub.benchmarks.content import DatalabProfile
from dshub.benchmarks.factsheets import Factsheet
from dshub.charts.datalabs import map_figure, map_summary, map_table
from dshub.errors import UserError
from dshub.services import datalabs
from dshub.ui.core import lang, page_link, plain, show_chart, show_user_error, table, tr

MUNICIPALITY = "datalabs_municipality"
LAB = "datalabs_lab"
COMPARE = "datalabs_compare"


def reader_context(db, token: str | None, key: str | None) -> datalabs.Context:
    """The reader's municipality and session from the address; a link that opens nothing is said, not fatal."""
    try:
        ctx = datalabs.context(db, token, key)
    except UserError as exc:
        show_user_error(exc)
        return datalabs.Context()
    if ctx.session_municipalities:
        st.caption(
            tr(
                "datalabs.context.session",
                title=plain(ctx.workshop_title or ""),
                names=plain(", ".join(ctx.session_municipalities)),
            )
        )
    return ctx


def municipality_select(names: tuple[str, ...], default: str | None) -> str | None:
    """The reader's own municipality (from the link when known); kept for this browser tab only."""
    options = sorted(names, key=lambda n: n.lower().lstrip("'"))
    index = options.index(default) if default in options else None
    return st.selectbox(
        tr("datalabs.municipality.label"),
        options,
        index=index,
        key=MUNICIPALITY,
        placeholder=tr("datalabs.municipality.placeholder"),
        help=tr("datalabs.municipality.help"),
    )


def _sheet_frame(sheet: Factsheet, profile: DatalabProfile) -> pd.DataFrame:
    rows = sheet.rows(profile, lang())
    return pd.DataFrame(rows, columns=[tr("datalabs.factsheet.column.fact"), tr("datalabs.factsheet.column.value")])


def factsheet(sheet: Factsheet, profile: DatalabProfile) -> None:
    caption = tr("datalabs.factsheet.caption", name=sheet.label(lang()))
    table(_sheet_frame(sheet, profile), caption)
    if sheet.notes:
        st.caption(tr("datalabs.factsheet.notes", notes=plain(sheet.notes)))


def factsheets_section(view: datalabs.DatalabsView, profile: DatalabProfile) -> None:
    lg = lang()
    st.header(tr("datalabs.factsheet.heading"))
    if view.origin == "records":
        st.caption(
            tr(
                "datalabs.origin.records",
                filename=plain(view.dataset.filename if view.dataset else ""),
                n=len(view.factsheets),
            )
        )
    else:
        st.info(tr(f"datalabs.origin.{view.origin}"), icon=":material/info:")
        page_link("app_pages/benchmark.py", label=tr("datalabs.profile_link"), icon=":material/leaderboard:")
        if view.origin == "profile":
            factsheet(view.own[0], profile)
        return
    by_key = {f.key: f for f in view.factsheets}
    chosen = st.selectbox(
        tr("datalabs.factsheet.select"), list(by_key), key=LAB, format_func=lambda k: by_key[k].label(lg)
    )
    sheet = by_key[chosen]
    factsheet(sheet, profile)
    comparison(sheet, view, profile)


def comparison(sheet: Factsheet, view: datalabs.DatalabsView, profile: DatalabProfile) -> None:
    """The chosen lab next to the reader's own (a lab in their municipality, else their own profile)."""
    lg = lang()
    st.subheader(tr("datalabs.compare.heading"))
    if not view.own:
        st.info(tr("datalabs.compare.no_own"), icon=":material/compare_arrows:")
        return
    own = {f.key: f for f in view.own}
    mine = (
        own[
            st.selectbox(
                tr("datalabs.compare.own_select"), list(own), key=COMPARE, format_func=lambda k: own[k].label(lg)
            )
        ]
        if len(own) > 1
        else view.own[0]
    )
    if mine.key == sheet.key:
        st.caption(tr("datalabs.compare.same_lab"))
        return
    rows = fs.comparison(sheet, mine, profile, lg)
    frame = pd.DataFrame(
        [[r["fact"], r["left"], r["right"], r["same"]] for r in rows],
        columns=[
            tr("datalabs.compare.column.fact"),
            sheet.label(lg),
            mine.label(lg),
            tr("datalabs.compare.column.same"),
        ],
    )
    table(frame, tr("datalabs.compare.caption", left=sheet.label(lg), right=mine.label(lg)))


def map_section(view: datalabs.DatalabsView) -> None:
    """The map (plotly only: no tiles, no CDN), its legend in words, the credits, and the same as a table."""
    lg = lang()
    data = view.map
    st.header(tr("datalabs.map.heading"))
    if not any(p.labs for p in data.places):
        st.caption(tr("datalabs.map.no_labs"))
    summary = map_summary(data, lg)
    show_chart(map_figure(data, lg), "datalabs_map", summary, config={"scrollZoom": False, "displaylogo": False})
    st.caption(tr("datalabs.map.legend"))
    st.caption(
        tr("datalabs.map.credit_boundaries", year=data.boundaries.year)
        + "  \n"
        + tr(
            "datalabs.map.credit_centres",
            source=plain(data.centres.list_source.title),
            checked=data.checked.isoformat(),
        )
    )
    st.subheader(tr("datalabs.map.table"))
    table(map_table(data, lg), tr("datalabs.map.table"))
