"""AppTests for the data-labs page: factsheets, comparison with one's own lab, the map and its table."""

from __future__ import annotations

from dshub.services import benchmarks, maturity, workshops
from tests.app.conftest import assert_clean, html_tables, texts
from tests.unit.test_datalabs import RECORDS

PAGE = "app_pages/datalabs.py"


def _table(at, caption: str) -> str:
    found = [h for h in html_tables(at) if f"<caption>{caption}</caption>" in h]
    assert len(found) == 1, [h[:120] for h in html_tables(at)]
    return found[0]


def test_without_records_or_profile_the_page_says_so_and_shows_the_map(open_page, db):
    at = open_page(PAGE, lang="en")
    assert_clean(at)
    page = texts(at)
    assert "No lab records are loaded and your profile has not been filled in yet" in page
    assert "Municipal boundaries: © CBS / PDOK (CBS gebiedsindelingen 2025)" in page
    assert "checked on 2026-12-04" in page
    assert len(at.get("plotly_chart")) == 1
    table = _table(at, "The map as a table")
    assert "<th>Municipality</th>" in table and "CBS Urban Data Center/Eindhoven" in table


def test_without_records_the_own_profile_is_the_factsheet(open_page, db):
    at = open_page("app_pages/benchmark.py", lang="en")
    at.selectbox(key="benchmark_profile_lab_type").select("independent").run()
    at.number_input(key="benchmark_profile_year_started").set_value(2021).run()
    at.switch_page(PAGE).run()
    assert_clean(at)
    assert "Below is the factsheet of your own profile" in texts(at)
    sheet = _table(at, "Factsheet: Your own profile")
    assert "<td>Independent municipal lab</td>" in sheet and "<td>2021</td>" in sheet


def test_select_a_lab_shows_its_factsheet_and_compares_with_your_own(open_page, db):
    assert benchmarks.import_dataset(db, RECORDS, "labs.csv").ok
    at = open_page(PAGE, lang="en")
    assert_clean(at)
    assert "Factsheets from the loaded lab records (labs.csv, 5 labs)." in texts(at).replace("\\", "")
    at.selectbox(key="datalabs_lab").select("lab:ehv").run()
    sheet = _table(at, "Factsheet: Urban Data Center Eindhoven")
    assert "Start with one question the alderman cares about" in sheet and "<td>2.5 FTE</td>" in sheet
    assert "Choose your municipality above" in texts(at)  # nothing to compare with yet
    at.selectbox(key="datalabs_municipality").select("Dongen").run()
    assert_clean(at)
    side = _table(at, "Urban Data Center Eindhoven next to Datalab Dongen")
    assert "<th>Urban Data Center Eindhoven</th>" in side and "<th>Datalab Dongen</th>" in side
    assert "<td>different</td>" in side
    # the map's table lists the labs by municipality
    table = _table(at, "The map as a table")
    assert "Datalab Dongen (Independent municipal lab)" in table and "not on the map" in table


def test_a_municipality_link_of_a_regional_session_outlines_the_region(open_page, db):
    created = workshops.create_workshop(
        db, title="Regiodag", municipality="Dongen", municipalities=["Tilburg", "Goirle"], base_url="https://dshub.test"
    )
    link = maturity.create_municipality_link(db, created.facilitator_key, 2, "https://dshub.test")
    key = link.url.split("key=")[1]
    at = open_page(PAGE, lang="nl", key=key)
    assert_clean(at)
    assert at.selectbox(key="datalabs_municipality").value == "Tilburg"  # its own municipality
    assert "Regionale sessie Regiodag: Dongen, Tilburg, Goirle" in texts(at).replace("\\", "")
    table = _table(at, "De kaart als tabel")
    for name in ("Dongen", "Tilburg", "Goirle"):
        assert f"<td>{name}</td>" in table
    assert table.count("<td>Ja</td>") == 3


def test_a_wrong_key_is_said_and_the_page_still_works(open_page, db):
    at = open_page(PAGE, lang="en", key="not-a-key")
    assert not at.exception
    assert len(at.error) == 1 and len(at.get("plotly_chart")) == 1
