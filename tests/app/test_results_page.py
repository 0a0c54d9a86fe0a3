"""AppTests for the management dashboard: access by key, read-only link, targets, empty workshop."""

from __future__ import annotations

import pytest

from dshub.content import load_content
from dshub.maturity.content import MaturityModel
from dshub.services import maturity, workshops
from tests.app.conftest import assert_clean, texts

MODEL = load_content().get("maturity", MaturityModel)


@pytest.fixture
def answered(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    for name, level in (("Noord", 2), ("Zuid", 4)):
        joined = workshops.join(db, code=created.workshop.code, new_team_name=name)
        for item in MODEL.items_for("quick"):
            maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=item.id, value=level)
    return created


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dashboard_for_the_facilitator(open_page, answered, lang):
    at = open_page("pages/results.py", lang=lang, key=answered.facilitator_key)
    assert_clean(at)
    page = texts(at)
    assert "Dongen" in page
    assert ("2 teams" if lang == "en" else "2 teams") in page
    assert at.button(key="results_link_create")  # facilitator tools present
    assert len(at.get("plotly_chart")) >= 1
    tables = [h.proto.body for h in at.get("html") if "dshub-table" in h.proto.body]
    assert len(tables) >= 2  # text alternatives: scores and next steps
    assert all("<th>" in t or "<th " in t for t in tables)


def test_read_only_link_shows_results_but_no_tools(open_page, db, answered):
    url = maturity.create_results_link(db, answered.facilitator_key, "https://dshub.test")
    key = url.split("key=")[1]
    assert key != answered.facilitator_key
    at = open_page("pages/results.py", lang="en", key=key)
    assert_clean(at)
    assert "read-only link" in texts(at)
    assert "results_link_create" not in [b.key for b in at.button]
    assert len(at.slider) == 0  # no target editing


def test_targets_are_saved_and_validated(open_page, db, answered):
    at = open_page("pages/results.py", lang="en", key=answered.facilitator_key)
    dim = MODEL.dimensions[0].id
    at.slider(key=f"target_{dim}").set_value(5)
    at.button(key="targets_save").click().run()
    assert_clean(at)
    dash = maturity.dashboard(db, MODEL, answered.facilitator_key)
    assert dash.targets[dim] == 5
    with pytest.raises(Exception) as info:
        maturity.set_targets(db, MODEL, answered.facilitator_key, targets={dim: 7})
    assert getattr(info.value, "key", "") == "maturity.error.target_out_of_range"


def test_empty_workshop_gives_a_sensible_page(open_page, db):
    created = workshops.create_workshop(db, title="Leeg", municipality="Baarle", base_url="https://dshub.test")
    at = open_page("pages/results.py", lang="en", key=created.facilitator_key)
    assert_clean(at)
    assert "no answers" in texts(at).lower()


def test_wrong_key(open_page):
    at = open_page("pages/results.py", lang="en", key="nope")
    assert not at.exception
    assert "not valid" in at.error[0].value


def test_text_alternative_tables_have_a_caption_and_escape_content(open_page, answered):
    at = open_page("pages/results.py", lang="en", key=answered.facilitator_key)
    tables = [h.proto.body for h in at.get("html") if "dshub-table" in h.proto.body]
    assert all("<caption>" in t for t in tables)
    assert all('tabindex="0"' in t and 'role="region"' in t for t in tables)


def test_facilitator_opts_in_to_the_peer_benchmark(open_page, db, answered):
    at = open_page("pages/results.py", lang="en", key=answered.facilitator_key)
    at.selectbox(key="targets_lab_type").set_value("collaborating")
    at.checkbox(key="targets_peer_opt_in").check()
    at.button(key="targets_save").click().run()
    assert_clean(at)
    settings = workshops.facilitator_lobby(db, answered.facilitator_key).workshop.settings
    assert settings["peer_opt_in"] is True and settings["lab_type"] == "collaborating"
    with pytest.raises(Exception) as info:
        maturity.set_targets(db, MODEL, answered.facilitator_key, targets={}, lab_type="Gemeente Dongen")
    assert getattr(info.value, "key", "") == "error.unknown_choice"
