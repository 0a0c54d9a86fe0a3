"""The one Jinja2 environment of the reports: HTML autoescaped, Markdown escaped, and user text with
markup characters comes out as text in both."""

from __future__ import annotations

import dataclasses

import jinja2
import pytest
from markupsafe import Markup

from dshub.reports import jinja
from dshub.reports import maturity as reports
from tests.unit.test_pdf_reports import make_dashboard

NASTY = "Gem<script>alert(1)</script> | *vet* _schuin_ [link](x) # 1. &amp;"


def _overlay(**templates: str) -> jinja2.Environment:
    """The reports' own environment (autoescape, finalize, filters) with test templates."""
    return jinja.environment().overlay(loader=jinja2.DictLoader(templates))


def test_html_templates_escape_every_value():
    page = (
        _overlay(**{"x.html.j2": "<p>{{ v }}</p><td>{{ v }}</td>{{ trusted }}"})
        .get_template("x.html.j2")
        .render(v=NASTY, trusted=Markup("<b>ok</b>"))
    )
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;amp;" in page and page.endswith("<b>ok</b>")  # only Markup passes as markup


def test_markdown_templates_escape_every_value():
    text = (
        _overlay(**{"x.md.j2": "| {{ v }} | {{ n }} |\n{{ trusted }} {{ v | md }}"})
        .get_template("x.md.j2")
        .render(v=NASTY, n=3.5, trusted=Markup("**bold**"))
    )
    cell = text.splitlines()[0]
    assert cell.count("|") - cell.count("\\|") == 3  # the value's pipe cannot end the cell
    assert "\\*vet\\*" in cell and "\\_schuin\\_" in cell and "\\[link\\]\\(x\\)" in cell and "\\#" in cell
    assert "<script>" not in text and "&lt;script&gt;" in text and "&amp;amp;" in text
    assert " 3.5 |" in cell  # a number stays readable
    assert "**bold**" in text.splitlines()[1]  # Markup is the template's own markup


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("- a list?", "\\- a list?"),
        ("1. first", "1\\. first"),
        ("2019. A year", "2019\\. A year"),
        ("3.5 stays", "3.5 stays"),
        ("a\\b", "a\\\\b"),
        ("x > y", "x &gt; y"),
        (None, ""),
        ("1) first", "1\\) first"),
        ("advice (see below)", "advice (see below)"),  # brackets are escaped, so parentheses make no link
        ("[a](b)", "\\[a\\]\\(b\\)"),
        ("[a](b", "\\[a\\]\\(b"),
    ],
)
def test_escape_markdown(value, escaped):
    assert jinja.escape_markdown(value) == escaped


def test_line_breaks_in_html_and_urls_in_markdown_links():
    page = _overlay(**{"x.html.j2": "<p>{{ v | br }}</p>"}).get_template("x.html.j2").render(v="a <b>\nb & c")
    assert page == "<p>a &lt;b&gt;<br>b &amp; c</p>"
    text = (
        _overlay(**{"x.md.j2": "[{{ title }}]({{ url | md_url }})"})
        .get_template("x.md.j2")
        .render(title="Wet (tekst)", url="https://example.org/Foo_(bar)")
    )
    assert text == "[Wet (tekst)](https://example.org/Foo_%28bar%29)"  # the link cannot end early


def test_an_undefined_name_is_an_error_not_empty_text():
    with pytest.raises(jinja2.UndefinedError):
        _overlay(**{"x.html.j2": "{{ missing }}"}).get_template("x.html.j2").render()


def test_the_results_report_escapes_user_text():
    dash, model = make_dashboard(municipality=NASTY)
    ws = dataclasses.replace(dash.access.workshop, title="Dag <img src=x onerror=alert(1)>")
    dash = dataclasses.replace(dash, access=dataclasses.replace(dash.access, workshop=ws))
    figure = reports.ReportFigure(
        "Kop <i>",
        reports.charts.radar_figure(dash.result.dimensions, model, "nl"),
        "samenvatting <script>x</script>",
        note="noot *<u>*",
    )
    page = reports.html_report(dash, model, "nl", figures=[figure], images=[b"png"])
    body = page.split("<main>", 1)[1]
    assert "<script>alert(1)" not in body and "<img src=x" not in body and "<u>" not in body
    assert "Gem&lt;script&gt;alert(1)&lt;/script&gt; | *vet*" in body  # the name as typed, as text
    assert "<figcaption>samenvatting &lt;script&gt;x&lt;/script&gt;</figcaption>" in body
    assert "<h2>Kop &lt;i&gt;</h2>" in body and "alt='Kop &lt;i&gt;'" in body
