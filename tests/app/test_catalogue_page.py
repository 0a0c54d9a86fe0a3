"""The catalogue page: filters narrow the list, an entry shows its steps and CSV, start-ethics for a team."""

import pytest

from dshub.catalogue.content import Catalogue
from dshub.content import load_content
from dshub.ethics.content import EthicsContent
from dshub.services import ethics, workshops
from tests.app.conftest import assert_clean, html_tables, texts

BUNDLE = load_content()
CATALOGUE = BUNDLE.get("catalogue", Catalogue)
CONTENT = BUNDLE.get("ethics", EthicsContent)


def open_buttons(at) -> list[str]:
    return [b.key for b in at.button if (b.key or "").startswith("catalogue_open_")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_list_shows_every_entry_and_the_filters_narrow_it(open_page, lang):
    at = open_page("app_pages/catalogue.py", lang=lang)
    assert_clean(at)
    assert open_buttons(at) == [f"catalogue_open_{e.id}" for e in CATALOGUE.entries]
    at.selectbox(key="catalogue_domain").set_value("physical").run()
    physical = [f"catalogue_open_{e.id}" for e in CATALOGUE.entries if e.domain == "physical"]
    assert open_buttons(at) == physical and 0 < len(physical) < len(CATALOGUE.entries)
    at.selectbox(key="catalogue_personal").set_value("no").run()
    none_personal = [
        f"catalogue_open_{e.id}" for e in CATALOGUE.entries if e.domain == "physical" and not e.personal_data
    ]
    assert open_buttons(at) == none_personal and len(none_personal) < len(physical)
    at.selectbox(key="catalogue_level").set_value(1).run()
    assert open_buttons(at) == ["catalogue_open_event_site_selection"] or open_buttons(at) == [
        f"catalogue_open_{e.id}"
        for e in CATALOGUE.entries
        if e.domain == "physical" and not e.personal_data and e.maturity_level <= 1
    ]
    at.selectbox(key="catalogue_method").set_value("forecast").run()
    assert open_buttons(at) == []
    assert_clean(at)


def test_an_entry_shows_its_steps_datasets_and_a_csv_download(open_page):
    at = open_page("app_pages/catalogue.py", lang="en")
    at.button(key="catalogue_open_wmo_forecast").click().run()
    assert_clean(at)
    assert at.query_params.get("entry") in ("wmo_forecast", ["wmo_forecast"])
    entry = CATALOGUE.entry("wmo_forecast")
    shown = texts(at)
    for step in entry.steps:
        assert step.en in shown
    assert "personal data: yes" in shown  # the facts line in words
    assert "Bias" in shown and "Maturity level needed: 2 (Experimenting)" in shown  # labels from other files
    tables = html_tables(at)
    assert any("Wmo 2015" in t for t in tables)  # the datasets with their legal basis
    assert any("residents_75_plus" in t for t in tables)  # the dummy's columns
    download = at.get("download_button")
    assert [d.proto.id for d in download] and any("catalogue_download_csv" in d.proto.id for d in download)


def test_start_ethics_without_a_team_says_to_join_first(open_page):
    at = open_page("app_pages/catalogue.py", lang="en", entry="debt_prevention")
    assert_clean(at)
    at.button(key="catalogue_start_ethics").click().run()
    assert any("Join a team first" in w.value for w in at.warning)


def test_start_ethics_with_a_team_sets_its_case_once(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1", roles=["policy"])
    at = open_page("app_pages/catalogue.py", lang="en", entry="debt_prevention", p=joined.token)
    at.button(key="catalogue_start_ethics").click().run()
    assert not at.exception
    sheet = ethics.team_sheet(db, CONTENT, joined.token)
    assert sheet.record.project.case_id == "debt_prevention"
    revision = sheet.stored["_project"].revision
    again = ethics.start_case(db, CONTENT, CATALOGUE.ethics_cases(), joined.token, "debt_prevention")
    assert not again.changed
    assert ethics.team_sheet(db, CONTENT, joined.token).stored["_project"].revision == revision  # idempotent


def test_an_unknown_entry_is_one_message(open_page):
    at = open_page("app_pages/catalogue.py", lang="en", entry="no_such_entry")
    assert not at.exception
    assert any("is not in the catalogue" in e.value for e in at.error)


def test_an_entry_names_the_legal_facts_its_data_rests_on_with_sources_and_date(open_page):
    at = open_page("app_pages/catalogue.py", lang="en", entry="debt_prevention")
    assert_clean(at)
    shown = texts(at).replace("\\", "")  # the Markdown escapes of plain()
    assert "What the use rests on" in shown
    assert "**Municipal Debt Assistance Act (Wgs)**" in shown and "**GDPR Art. 6(1)(e) and 6(3)**" in shown
    assert "(https://wetten.overheid.nl/BWBR0026410)" in shown and "checked on 4 December 2026" in shown
