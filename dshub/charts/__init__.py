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
