"""The one Jinja2 environment every report is rendered with (templates in ``dshub/reports/templates/``).

- ``*.html.j2``: autoescaped HTML. A value is text unless it is :class:`markupsafe.Markup`, which only
  code that built the markup itself hands in (a plotly chart, a table pandas escaped, a ``data:`` image).
- ``*.md.j2``: Markdown. Every ``{{ value }}`` is escaped for Markdown (:func:`escape_markdown`: a ``|``
  cannot end a table cell, a ``*`` cannot start emphasis, ``<script>`` stays text), again unless it is
  :class:`~markupsafe.Markup`. The ``md`` filter does the same explicitly.

Filters: ``br`` (HTML: text whose line breaks stay, as ``<br>``), ``md`` and ``md_url`` (Markdown: a URL
inside a link's ``(...)``).

Undefined names are errors (``StrictUndefined``), so a misspelt variable never renders as empty text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).with_name("templates")

# CommonMark's backslash escapes for the characters that start or end markup anywhere in a line.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|~])")
# Brackets are escaped, so no value makes a link; "(" and ")" are escaped all the same where they would follow
# a link's "]" ("[a](b)" comes out as "\[a\]\(b\)"). Elsewhere they stay as written: "(see below)".
_MD_AFTER_BRACKET = re.compile(r"(?<=\\\])\((?:([^()]*)\))?")
# A line that would start a list or a heading underline ("- x", "1. x", "==="); ">" is already "&gt;".
_MD_LINE_START = re.compile(r"^(\s*)([-=]|\d+(?=[.)](?:\s|$)))", re.MULTILINE)


def escape_markdown(value: Any) -> str:
    """``value`` as Markdown text that renders as itself: markup characters backslash-escaped, ``<``,
    ``>`` and ``&`` as HTML entities (Markdown passes raw HTML through). :class:`Markup` is kept as it is."""
    if isinstance(value, Markup):
        return str(value)
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_AFTER_BRACKET.sub(lambda m: "\\(" + ("" if m.group(1) is None else m.group(1) + "\\)"), text)
    return _MD_LINE_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if not m.group(2).isdigit() else f"{m.group(1)}{m.group(2)}\\", text
    )


def md_url(url: str) -> str:
    """A URL inside Markdown's ``[text](url)``: brackets percent-encoded, so the link cannot end early."""
    return url.replace("(", "%28").replace(")", "%29")


def line_breaks(value: Any) -> Markup:
    """Text for HTML with its line breaks kept: escaped, each newline a ``<br>`` (``None`` is empty)."""
    return Markup("<br>").join(escape("" if value is None else str(value)).split("\n"))


@jinja2.pass_context
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:
    """Markdown templates escape every value they print (HTML templates have autoescape)."""
    if context.name is not None and context.name.endswith(".md.j2"):
        return Markup(escape_markdown(value))
    return value


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith(".html.j2")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=_autoescape,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda value: Markup(escape_markdown(value))
    env.filters["md_url"] = lambda url: Markup(md_url(url))
    env.filters["br"] = line_breaks
    return env


def render(name: str, /, **context: Any) -> str:
    """Template ``name`` (``"results.html.j2"``) rendered with ``context``."""
    return environment().get_template(name).render(**context)
