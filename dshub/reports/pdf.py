"""PDF files made from the reports' own HTML, with WeasyPrint.

Each report is written once, as HTML (its HTML download); its PDF is that same HTML string laid out
by WeasyPrint for print media. What a PDF needs beyond the screen lives in the report's print CSS,
and the part every report shares comes from :func:`page_css`:

* A4 pages with room for a header and a footer;
* the page header: the text of the report's element with class ``running-header`` (the municipality
  and the session's date), carried to every page with CSS ``string-set``; the text stays in the HTML,
  so it is escaped like the rest and never has to be written into CSS;
* the footer: "pagina 3 van 5" / "page 3 of 5" from ``counter(page)`` and ``counter(pages)``;
* a table's caption stays on the page of the table.

Browsers that print @page margin boxes (Chromium does) show the same page numbers when someone
prints the HTML file.

WeasyPrint is imported only when a PDF is made: it takes a moment to load and most runs never need it.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import Any

from dshub.i18n import normalize_lang, t

log = logging.getLogger("dshub")

MIME = "application/pdf"
# What WeasyPrint needs from Debian: Pango (with fontconfig and HarfBuzz) and HarfBuzz's font subsetter.
# scripts/run, scripts/serve, scripts/test and the Dockerfile install them (tests/unit/test_deploy_files.py).
DEBIAN_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")
RUNNING_HEADER = "running-header"  # the class of the element whose text is the page header

# WeasyPrint lays out one document at a time here: its text stack (Pango, fontconfig) is not made for
# several threads at once, and on a small server a second PDF would only slow the first one down.
_LOCK = threading.Lock()


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string; everything but letters, digits and spaces is a hex escape,
    so no quote, backslash or ``</style>`` can end it."""
    return '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x}" for ch in text) + '"'


def _page_counter(lang: str) -> str:
    """The footer's CSS ``content``: "pagina " counter(page) " van " counter(pages) in ``lang``."""
    label = t("report.page", lang, page="\0page\0", pages="\0pages\0")
    parts = []
    for i, piece in enumerate(label.split("\0")):
        if i % 2:  # between two markers: the counter's name
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def page_css(lang: str) -> str:
    """The print rules every report shares (see the module): A4, the running header, page x of y.

    The result is CSS for the report's ``<style>`` element: put it there as it is (in a Jinja2
    template, as ``Markup``; it holds no text from users).
    """
    lang = normalize_lang(lang)
    box = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8.5pt; color: #333;"
    return (
        "@page { size: A4; margin: 20mm 16mm 18mm 16mm;\n"
        f"  @top-left {{ content: string({RUNNING_HEADER}); {box} vertical-align: bottom;"
        " padding-bottom: 3mm; }\n"
        f"  @bottom-right {{ content: {_page_counter(lang)}; {box} vertical-align: top; padding-top: 3mm; }}\n"
        "}\n"
        f".{RUNNING_HEADER} {{ string-set: {RUNNING_HEADER} content(); }}\n"
        "@media print { caption { break-after: avoid; } }\n"  # a table's caption goes to the next page with it
    )


@functools.lru_cache(maxsize=1)
def _fetcher_class() -> type:
    from weasyprint import URLFetcher

    class DataOnlyFetcher(URLFetcher):
        """Hands WeasyPrint ``data:`` URLs only (the charts, embedded in the HTML) and refuses the rest.

        Why: a report holds text that participants typed (project titles, notes, team names). Even
        though every report escapes it, the PDF must never make the server open a URL: no request
        to another host or to the local network (server-side request forgery), no ``file:`` read of
        the server's own files, no waiting on a slow host while someone waits for the download.
        Everything a report shows is in its HTML already, so nothing is lost by refusing.
        """

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False)

        def fetch(self, url: str, headers: Any = None):
            if not url.lower().startswith("data:"):
                log.warning("PDF: refused to load %.80s (reports load nothing from outside)", url)
                raise ValueError(f"a report loads nothing from outside: {url[:80]}")
            return super().fetch(url, headers)

    return DataOnlyFetcher


def url_fetcher():
    """A WeasyPrint URL fetcher that gives ``data:`` URLs and refuses every other URL (see its class)."""
    return _fetcher_class()()


def html_to_pdf(html: str) -> bytes:
    """The PDF of a report's HTML string: print media, ``data:`` resources only, tagged for screen readers.

    The HTML's ``<title>`` and ``lang`` become the PDF's title and language.
    """
    from weasyprint import HTML

    with _LOCK:
        return HTML(string=html, url_fetcher=url_fetcher(), media_type="print").write_pdf(pdf_tags=True)


def htmls_to_pdf(htmls: list[str]) -> bytes:
    """One PDF of several HTML documents in a row, each laid out on its own: its page numbers and
    page count ("page 2 of 3") are its own. The first document's title and language are the PDF's."""
    from weasyprint import HTML

    with _LOCK:
        documents = [
            HTML(string=html, url_fetcher=url_fetcher(), media_type="print").render(pdf_tags=True) for html in htmls
        ]
        pages = [page for document in documents for page in document.pages]
        return documents[0].copy(pages).write_pdf(pdf_tags=True)


__all__ = ["MIME", "RUNNING_HEADER", "css_string", "html_to_pdf", "htmls_to_pdf", "page_css", "url_fetcher"]
