"""Plotly figures per feature; the look they share and helpers for every chart module.

Every figure gets its look from one plotly template, registered here as ``pio.templates["dshub"]``
(:data:`TEMPLATE`): the page's typeface, dark text on white, colours with at least 4.5:1 contrast on
white (:data:`COLOURWAY`, tested), the usual margins. A chart module sets a figure up with
:func:`apply_layout` (template, wrapped title, type size, the language's decimal mark) and adds only
what is its own (axes, height, a legend of its own).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from dshub.i18n import normalize_lang

#: Plotly's ``layout.separators`` per language: decimal mark first, then the thousands mark.
SEPARATORS = {"nl": ",.", "en": ".,"}


def separators(lang: str | None) -> str:
    """The decimal and thousands marks plotly should use for ``lang`` (``",."`` in Dutch), like the page text."""
    return SEPARATORS[normalize_lang(lang)]


#: The app's own typeface first (Streamlit serves "Source Sans"), so charts read like the page
#: around them; static exports fall back to a plain sans-serif.
FONT_FAMILY = '"Source Sans", "Source Sans Pro", "DejaVu Sans", sans-serif'
TEXT_COLOUR = "#1A1A1A"
BACKGROUND = "#FFFFFF"
#: Trace colours in order, each with at least 4.5:1 contrast on white (tested).
COLOURWAY = ("#1F4E79", "#A0410D", "#2E6B30", "#6A1B9A", "#B0124F", "#00695C", "#5D4037", "#37474F", "#8A5A00")
#: The text of every chart; a figure adds only its type size (:func:`apply_layout`).
FONT = {"family": FONT_FAMILY, "color": TEXT_COLOUR}
#: Side and bottom margins (px); the top margin holds the title (:func:`title_layout`).
MARGIN = {"l": 20, "r": 20, "b": 20}
TEMPLATE = "dshub"


def _template() -> go.layout.Template:
    """plotly's "plotly_white" (light grid on white) with the app's type, colours and margins."""
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.update(
        font=FONT,
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        colorway=COLOURWAY,
        margin=MARGIN,
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    return template


pio.templates[TEMPLATE] = _template()


def make_default() -> None:
    """Make the app's template plotly's default, for every figure made after this call.

    plotly gives a new figure its default template without validating it again, whereas setting
    ``layout.template`` on a figure validates and copies the whole template: about 11 ms of a 13 ms bar
    chart (docs/benchmarks.md). Called on import, and again by the UI after Streamlit's import, which
    makes its own template the default (:func:`apply_layout` sets ours per figure while it is not).
    """
    pio.templates.default = TEMPLATE


make_default()


def contrast_ratio(colour: str, background: str = BACKGROUND) -> float:
    """WCAG 2 contrast ratio between two ``#RRGGBB`` colours."""

    def luminance(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((luminance(colour), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


#: Characters per line of a chart title: what fits a phone (375 px) at the charts' type size.
#: Plotly never wraps by itself and cuts what does not fit, so every title goes through :func:`wrap`.
TITLE_CHARS = 34


def wrap(text: str, width: int = TITLE_CHARS) -> str:
    """``text`` as plotly lines (``<br>``) of at most ``width`` characters; existing breaks are kept
    and words are never split (a title never breaks mid-word)."""
    import textwrap

    lines = []
    for part in text.split("<br>"):
        lines += textwrap.wrap(part, width, break_long_words=False) or [part]
    return "<br>".join(lines)


def title_layout(text: str, font_size: int, width: int = TITLE_CHARS) -> tuple[dict, int]:
    """A wrapped title at the top left of a chart, and the top margin (px) that holds it.

    The margin is counted from the lines rather than left to plotly's title ``automargin``, which
    the plotly.js inside Streamlit does not apply: a two-line title was drawn above the chart's top
    edge and cut off.
    """
    wrapped = wrap(text, width)
    size = round(font_size * 1.2)  # plotly's default title size
    lines = wrapped.count("<br>") + 1
    pad = 10
    # Anchored on the plot's top edge, growing upwards into the margin kept for it (anchored on the
    # container's top, plotly drew the first of several lines half above the chart).
    title = {
        "text": wrapped,
        "x": 0.02,
        "xanchor": "left",
        "xref": "container",
        "yref": "paper",
        "y": 1,
        "yanchor": "bottom",
        "pad": {"b": pad},
        "font": {"size": size},
    }
    return title, pad + round(lines * size * 1.3) + 12


def apply_layout(
    fig: go.Figure, title: str, lang: str, font_size: int, *, title_chars: int = TITLE_CHARS, **layout: Any
) -> go.Figure:
    """Give ``fig`` the app's template, a wrapped ``title`` with the top margin that holds it, the type
    size and the decimal and thousands marks of ``lang`` (7,5 in Dutch, as the text around the chart).

    ``layout`` is the figure's own: height, a legend, other side margins (``margin={"l": 60}``). The font
    is also written into the figure, so a renderer that swaps the template keeps the type.
    """
    heading, top = title_layout(title, font_size, title_chars)
    margin = {**MARGIN, **layout.pop("margin", {}), "t": top}
    if pio.templates.default != TEMPLATE:  # somebody changed plotly's default: set ours on the figure
        layout.setdefault("template", TEMPLATE)
    fig.update_layout(
        title=heading,
        font={**FONT, "size": font_size},
        separators=separators(lang),
        margin=margin,
        **layout,
    )
    return fig
