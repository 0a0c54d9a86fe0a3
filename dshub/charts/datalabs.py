"""The map of data labs in the Netherlands, drawn from the repository's own boundaries (no tiles, no CDN).

Why cartesian axes and not plotly's ``geo`` subplot: plotly.js fetches a world TopoJSON from its CDN
(``topojsonURL``, by default ``https://cdn.plot.ly/un/``) for a geo subplot as soon as a base layer is shown
or a trace has a ``locationmode`` -- and every ``choropleth`` trace has one, even with its own ``geojson``
(plotly.js issue #6767; in the bundled plotly.js the check is in ``geo.plot``). ``*mapbox``/``*map`` traces
fetch map tiles. So the municipalities are drawn as filled ``scatter`` polygons on plain x/y axes in a
Mercator projection (x = longitude, y = Mercator northing, one scale): plotly.js needs nothing but the
figure, and the page works without internet.

Meaning never rests on colour alone: each lab type has its own marker symbol in the legend and on the map,
the CBS data centres are stars, the session's municipalities a thick dark outline; hover texts name
everything, and :func:`map_table` is the text alternative.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dshub.benchmarks.content import LAB_TYPES
from dshub.charts import apply_layout
from dshub.geo import mercator_y, rings_xy
from dshub.i18n import t
from dshub.services.datalabs import MapData

# Okabe-Ito colours (distinguishable with colour-blindness), each with a marker symbol of its own.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "independent": ("#0072B2", "circle"),
    "collaborating": ("#E69F00", "square"),
    "cbs_data_center": ("#009E73", "diamond"),
}
BASE_FILL, BASE_LINE = "#EDEDED", "#FFFFFF"
SESSION_LINE = "#1A1A1A"
CENTRE_COLOUR = "#CC0000"
FONT_SIZE = 14


def _lonlat_xy(point: tuple[float, float]) -> tuple[float, float]:
    return round(point[0], 4), round(mercator_y(point[1]), 4)


def map_figure(data: MapData, lang: str) -> go.Figure:
    """Municipalities (grey), those with a lab filled by lab type, CBS data centres (stars), the session's
    municipalities outlined; one legend entry per layer."""
    known = data.boundaries
    fig = go.Figure()
    xs, ys = rings_xy(poly for m in known.municipalities for poly in m.polygons)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=BASE_FILL,
            line={"color": BASE_LINE, "width": 0.5},
            hoverinfo="skip",
            showlegend=False,
            name=t("datalabs.map.layer.municipalities", lang),
        )
    )
    for lab_type in LAB_TYPES:
        colour, symbol = TYPE_STYLE[lab_type]
        places = [p for p in data.places if p.lab_type == lab_type]
        if not places:
            continue
        name = t(f"datalabs.type.{lab_type}", lang)
        xs, ys = rings_xy(poly for p in places for poly in known.municipality(p.statcode).polygons)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=colour,
                line={"color": "#FFFFFF", "width": 0.5},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=lab_type,
                name=name,
            )
        )
        points = [_lonlat_xy(known.municipality(p.statcode).centroid) for p in places]
        fig.add_trace(
            go.Scatter(
                x=[x for x, _ in points],
                y=[y for _, y in points],
                mode="markers",
                legendgroup=lab_type,
                name=name,
                marker={"symbol": symbol, "size": 10, "color": colour, "line": {"color": "#1A1A1A", "width": 1}},
                hovertext=[f"{p.name}: " + ", ".join(title for title, _ in p.labs) for p in places],
                hoverinfo="text",
            )
        )
    session = [p for p in data.places if p.in_session]
    if session:
        xs, ys = rings_xy(poly for p in session for poly in known.municipality(p.statcode).polygons)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": SESSION_LINE, "width": 2.5},
                name=t("datalabs.map.layer.session", lang),
                hoverinfo="skip",
            )
        )
    centres = [p for p in data.places if p.centres]
    if centres:
        points = [_lonlat_xy(known.municipality(p.statcode).centroid) for p in centres]
        fig.add_trace(
            go.Scatter(
                x=[x for x, _ in points],
                y=[y for _, y in points],
                mode="markers",
                name=t("datalabs.map.layer.centres", lang),
                marker={"symbol": "star", "size": 13, "color": CENTRE_COLOUR, "line": {"color": "#FFFFFF", "width": 1}},
                hovertext=[f"{p.name}: " + ", ".join(p.centres) for p in centres],
                hoverinfo="text",
            )
        )
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    apply_layout(
        fig,
        t("datalabs.map.title", lang),
        lang,
        FONT_SIZE,
        margin={"l": 5, "r": 5, "b": 5},
        dragmode=False,
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "left", "x": 0},
        xaxis=hidden,
        yaxis={**hidden, "scaleanchor": "x", "scaleratio": 1},
    )
    fig.update_layout(height=640 + fig.layout.margin.t)
    return fig


def map_table(data: MapData, lang: str) -> pd.DataFrame:
    """The map as a table: every municipality with a lab, a CBS data centre or in the session, then the
    provincial centres and the labs that are not on the map."""
    yes = t("benchmarks.answer.yes", lang)
    rows = [
        {
            t("datalabs.map.column.municipality", lang): p.name,
            t("datalabs.map.column.code", lang): p.statcode,
            t("datalabs.map.column.labs", lang): "; ".join(
                f"{title} ({t(f'datalabs.type.{lt}', lang)})" for title, lt in p.labs
            ),
            t("datalabs.map.column.centres", lang): "; ".join(p.centres),
            t("datalabs.map.column.session", lang): yes if p.in_session else "",
        }
        for p in data.places
    ]
    rows += [
        {
            t("datalabs.map.column.municipality", lang): t("datalabs.map.provincial", lang),
            t("datalabs.map.column.code", lang): "",
            t("datalabs.map.column.labs", lang): "",
            t("datalabs.map.column.centres", lang): name,
            t("datalabs.map.column.session", lang): "",
        }
        for name in data.provincial
    ]
    rows += [
        {
            t("datalabs.map.column.municipality", lang): ", ".join(lab.municipalities)
            or t("datalabs.fact.unknown", lang),
            t("datalabs.map.column.code", lang): t("datalabs.map.not_on_map", lang),
            t("datalabs.map.column.labs", lang): lab.label(lang)
            + (f" ({t(f'datalabs.type.{lab.type}', lang)})" if lab.type else ""),
            t("datalabs.map.column.centres", lang): "",
            t("datalabs.map.column.session", lang): "",
        }
        for lab in data.unmapped_labs
    ]
    return pd.DataFrame(
        rows,
        columns=[t(f"datalabs.map.column.{c}", lang) for c in ("municipality", "code", "labs", "centres", "session")],
    )


def map_summary(data: MapData, lang: str) -> str:
    """One sentence for the map's accessible name: how many of each layer it shows."""
    labs = sum(1 for p in data.places if p.labs)
    centres = sum(1 for p in data.places if p.centres)
    session = sum(1 for p in data.places if p.in_session)
    return t("datalabs.map.summary", lang, labs=labs, centres=centres, session=session, provincial=len(data.provincial))
