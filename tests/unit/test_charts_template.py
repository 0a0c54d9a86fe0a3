"""The one chart template and the one Streamlit chart wrapper."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dshub.charts import (
    COLOURWAY,
    FONT_FAMILY,
    MARGIN,
    TEMPLATE,
    TEXT_COLOUR,
    apply_layout,
    contrast_ratio,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_template_is_registered_with_the_apps_look():
    layout = pio.templates[TEMPLATE].layout
    assert layout.font.family == FONT_FAMILY and layout.font.color == TEXT_COLOUR
    assert layout.paper_bgcolor == layout.plot_bgcolor == "#FFFFFF"
    assert tuple(layout.colorway) == COLOURWAY
    assert (layout.margin.l, layout.margin.r, layout.margin.b) == (MARGIN["l"], MARGIN["r"], MARGIN["b"])


@pytest.mark.parametrize("colour", [TEXT_COLOUR, *COLOURWAY])
def test_template_colours_have_aa_contrast_on_white(colour):
    assert contrast_ratio(colour) >= 4.5


def test_apply_layout_keeps_a_figures_own_settings():
    fig = apply_layout(
        go.Figure(), "A title long enough to need two lines on a phone screen", "nl", 15, margin={"l": 60}, height=400
    )
    assert fig.layout.template == pio.templates[TEMPLATE]
    assert fig.layout.separators == ",." and fig.layout.font.size == 15 and fig.layout.height == 400
    assert (fig.layout.margin.l, fig.layout.margin.r) == (60, MARGIN["r"])
    assert fig.layout.margin.t >= 2 * fig.layout.title.font.size  # the top margin holds both title lines


def test_one_template_and_one_chart_wrapper():
    charts = sorted((ROOT / "dshub" / "charts").glob("*.py"))
    own_look = [
        p.name
        for p in charts
        if p.name != "__init__.py" and re.search(r"\btemplate\s*=|FONT_FAMILY|paper_bgcolor", p.read_text("utf-8"))
    ]
    assert not own_look, f"set a chart up with dshub.charts.apply_layout: {own_look}"
    sources = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("dshub/**/*.py"), ROOT / "app.py"]
    wrappers = sorted(str(p.relative_to(ROOT)) for p in sources if "st.plotly_chart(" in p.read_text("utf-8"))
    assert wrappers == ["dshub/ui/core.py"], "draw charts with dshub.ui.core.show_chart"


def test_new_figures_get_the_template_without_setting_it_per_figure():
    # Setting layout.template on a figure validates the whole template again (most of a chart's build time).
    # Streamlit makes its own template the default when it is imported; the UI makes ours the default again.
    import dshub.ui.core  # noqa: F401  (imports Streamlit first)

    assert pio.templates.default == TEMPLATE
    assert go.Figure().layout.template == pio.templates[TEMPLATE]


def test_apply_layout_sets_the_template_when_plotlys_default_was_changed(monkeypatch):
    monkeypatch.setattr(pio.templates, "default", "plotly")
    fig = apply_layout(go.Figure(), "Title", "en", 15)
    assert fig.layout.template == pio.templates[TEMPLATE]
