"""Factsheets (from lab records and from the own profile), the comparison, and the offline map figure."""

from __future__ import annotations

import json

import pytest

from dshub.benchmarks import factsheets as fs
from dshub.benchmarks import import_lab_records
from dshub.benchmarks.importer import COLUMNS
from dshub.charts.datalabs import TYPE_STYLE, map_figure, map_summary, map_table
from dshub.content import load_content
from dshub.services.datalabs import map_data

HEADER = ",".join(COLUMNS)
RECORDS = (
    "\n".join(
        [
            HEADER,
            'ehv,cbs_data_center,2016,2.5,yes,yes,yes,"social_domain;economy",descriptive;predictive,demand,yes,cbs,'
            "Urban Data Center Eindhoven,,Eindhoven,Start with one question the alderman cares about",
            'kempen,collaborating,2017,,no,,,,,,,"other_municipalities;cbs",Kempen lab,,"Bergeijk;Bladel;Eersel",',
            "dongen,independent,2018,0.5,no,no,no,social_domain,descriptive,demand,no,none,Datalab Dongen,,Dongen,",
            "old,independent,2015,,,,,,,,,,Old lab,,Haaren,",
            "nowhere,independent,,,,,,,,,,,,,,",
        ]
    )
    + "\n"
)


@pytest.fixture(scope="module")
def profile():
    return load_content().get("datalab_profile")


@pytest.fixture(scope="module")
def records():
    result = import_lab_records(RECORDS, "labs.csv")
    assert result.ok, [e.render("en") for e in result.errors]
    return result


def test_importer_keeps_municipalities_and_lessons_and_warns_about_unknown_names(records):
    by_id = {r.lab_id: r for r in records.records}
    assert by_id["ehv"].municipalities == ("Eindhoven",)
    assert by_id["ehv"].lessons == "Start with one question the alderman cares about"
    assert by_id["kempen"].municipalities == ("Bergeijk", "Bladel", "Eersel")
    # Haaren was dissolved in 2021: kept as given, with a warning naming row and column
    assert by_id["old"].municipalities == ("Haaren",)
    [warning] = [w for w in records.warnings if w.code == "unknown_municipality"]
    assert warning.row == 5 and warning.value == "Haaren" and "not a municipality of 2025" in warning.render("en")


def test_old_files_without_the_new_columns_still_load():
    old = ",".join(c for c in COLUMNS if c not in ("municipalities", "lessons"))
    result = import_lab_records(old + "\nx,independent,2019,,,,,,,,,,,\n", "old.csv")
    assert result.ok and result.records[0].municipalities is None and result.records[0].lessons is None


def test_factsheet_from_a_record_in_words(records, profile):
    sheet = fs.from_record(next(r for r in records.records if r.lab_id == "ehv"))
    rows = dict(sheet.rows(profile, "en"))
    assert len(rows) == len(fs.FIELDS) and list(rows)[:3] == [
        "Type of lab",
        "Municipality or municipalities",
        "Founded in",
    ]
    assert rows["Type of lab"] == "Urban/Rural Data Center with CBS"
    assert rows["Founded in"] == "2016" and rows["Staff"] == "2.5 FTE"
    assert rows["Municipality or municipalities"] == "Eindhoven"
    assert rows["Partners"] == "Statistics Netherlands (CBS)"
    assert rows["Kinds of analysis"] == "Describing: what is going on?, Predicting: what is going to happen?"
    assert rows["Lessons learned"] == "Start with one question the alderman cares about"
    assert dict(sheet.rows(profile, "nl"))["Menskracht"] == "2,5 fte"


def test_unknown_and_none_are_told_apart(records, profile):
    kempen = dict(fs.from_record(next(r for r in records.records if r.lab_id == "kempen")).rows(profile, "en"))
    dongen = dict(fs.from_record(next(r for r in records.records if r.lab_id == "dongen")).rows(profile, "en"))
    assert kempen["Staff"] == "unknown" and kempen["Kinds of analysis"] == "unknown"
    assert dongen["Partners"] == "none"


def test_own_profile_as_a_factsheet(profile):
    assert fs.from_profile({}) is None
    own = fs.from_profile(
        {"lab_type": "planned", "year_started": 2024.0, "partners": ["none"], "dedicated_staff": True}, "Dongen"
    )
    rows = dict(own.rows(profile, "en"))
    assert own.key == fs.PROFILE_KEY and own.label("en") == "Your own profile"
    assert rows["Type of lab"] == "Lab being set up" and rows["Founded in"] == "2024"
    assert rows["Partners"] == "none" and rows["People appointed for the lab"] == "Yes"
    assert rows["Municipality or municipalities"] == "Dongen" and rows["Lessons learned"] == "unknown"


def test_comparison_side_by_side(records, profile):
    ehv, dongen = (fs.from_record(next(r for r in records.records if r.lab_id == i)) for i in ("ehv", "dongen"))
    rows = {r["fact"]: r for r in fs.comparison(ehv, dongen, profile, "en")}
    assert len(rows) == len(fs.FIELDS)
    assert rows["Founded in"]["left"] == "2016" and rows["Founded in"]["right"] == "2018"
    assert rows["Founded in"]["same"] == "different"
    assert rows["Where the questions come from"]["same"] == "same"
    assert rows["Lessons learned"]["same"] == ""  # unknown on one side: no verdict
    assert fs.labs_in([ehv, dongen], "Dongen") == (dongen,)


# --------------------------------------------------------------------------- the map


@pytest.fixture(scope="module")
def data(records):
    sheets = [fs.from_record(r) for r in records.records]
    return map_data(sheets, session_municipalities=["Dongen", "Tilburg", "Goirle"])


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_map_needs_no_network(data, lang):
    fig = map_figure(data, lang)
    spec = json.loads(fig.to_json())
    assert {trace["type"] for trace in spec["data"]} == {"scatter"}  # no geo, mapbox or map traces
    layout = spec["layout"]
    assert not {"geo", "mapbox", "map"} & set(layout)
    assert not [s for s in _strings(spec) if "http" in s or "//" in s]  # no URL anywhere in the figure
    assert layout["yaxis"]["scaleanchor"] == "x" and layout["xaxis"]["visible"] is False


def test_map_layers_and_legend(data):
    fig = map_figure(data, "en")
    named = {t.name: t for t in fig.data if t.showlegend is not False}
    assert set(named) == {
        "Independent municipal lab",
        "Collaborating lab",
        "Urban/Rural Data Center with CBS",
        "Municipalities in this session (thick outline)",
        "CBS Urban/Rural Data Centre (star)",
    }
    # no colour-only meaning: each lab type has its own marker symbol
    symbols = {
        named[n].marker.symbol
        for n in ("Independent municipal lab", "Collaborating lab", "Urban/Rural Data Center with CBS")
    }
    assert symbols == {s for _, s in TYPE_STYLE.values()} and len(symbols) == 3
    assert named["CBS Urban/Rural Data Centre (star)"].marker.symbol == "star"
    indep = named["Independent municipal lab"]
    assert list(indep.hovertext) == ["Dongen: Datalab Dongen"]


def test_map_table_is_the_same_content(data):
    table = map_table(data, "en")
    rows = table.set_index("Municipality")
    assert rows.loc["Dongen", "Data labs"] == "Datalab Dongen (Independent municipal lab)"
    assert rows.loc["Dongen", "In this session"] == "Yes" and rows.loc["Tilburg", "In this session"] == "Yes"
    assert rows.loc["Eindhoven", "CBS data centre"] == "CBS Urban Data Center/Eindhoven"
    assert rows.loc["Bladel", "Data labs"] == "Kempen lab (Collaborating lab)"
    assert "CBS Rural Data Center De Kempen" in rows.loc["Bladel", "CBS data centre"]
    provincial = table[table["Municipality"] == "(whole province)"]
    assert "CBS Brightlands Data Centre (province of Limburg)" in set(provincial["CBS data centre"])
    not_on_map = table[table["CBS code"] == "not on the map"]
    assert set(not_on_map["Data labs"]) == {
        "Old lab (Independent municipal lab)",
        "nowhere (Independent municipal lab)",
    }
    # every drawn place is in the table
    assert {p.name for p in data.places} <= set(table["Municipality"])
    summary = map_summary(data, "en")
    assert "5 municipalities with a data lab" in summary and "3 in this session" in summary
