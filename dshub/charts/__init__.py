"""Plotly figures per feature; shared helpers for every chart module."""

from __future__ import annotations

from dshub.i18n import normalize_lang

#: Plotly's ``layout.separators`` per language: decimal mark first, then the thousands mark.
SEPARATORS = {"nl": ",.", "en": ".,"}


def separators(lang: str | None) -> str:
    """The decimal and thousands marks plotly should use for ``lang`` (``",."`` in Dutch), like the page text."""
    return SEPARATORS[normalize_lang(lang)]


#: The app's own typeface first (Streamlit serves "Source Sans"), so charts read like the page
#: around them; static exports fall back to a plain sans-serif.
FONT_FAMILY = '"Source Sans", "Source Sans Pro", "DejaVu Sans", sans-serif'


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
    title = {"text": wrapped, "x": 0.02, "xanchor": "left", "xref": "container", "yref": "paper", "y": 1,
             "yanchor": "bottom", "pad": {"b": pad}, "font": {"size": size}}
    return title, pad + round(lines * size * 1.3) + 12
