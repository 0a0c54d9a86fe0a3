"""Importer for per-lab records: good files load, every kind of bad file gets a precise, fixable error."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dshub.benchmarks import importer
from dshub.benchmarks.importer import (
    COLUMNS,
    MAX_BYTES,
    MAX_ERRORS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    ImportIssue,
    format_import_report,
    import_lab_records,
)
from dshub.i18n import catalog

DATA = Path(__file__).resolve().parents[1] / "data" / "benchmarks"
TEMPLATE = Path(__file__).resolve().parents[2] / "data" / "benchmarks" / "lab_records_template.csv"
HEADER = ",".join(REQUIRED_COLUMNS)
ROW = "lab_{i},independent,2018,1,no,no,no,safety,descriptive,demand,no,none"


def _load(name: str):
    path = DATA / name
    return import_lab_records(path.read_bytes(), path.name)


def _one(result, code: str) -> ImportIssue:
    found = [e for e in result.errors if e.code == code]
    assert len(found) == 1, [e.code for e in result.errors]
    return found[0]


# --------------------------------------------------------------------------- good files


def test_good_comma_file():
    r = _load("good_comma.csv")
    assert r.ok and not r.errors and not r.warnings
    assert [x.lab_id for x in r.records] == ["lab_01", "lab_02", "lab_03", "lab_04", "lab_05"]
    first, third, last = r.records[0], r.records[2], r.records[4]
    assert first.policy_domains == ("social_domain", "safety")
    assert first.partners == ()  # "none" = explicitly none
    assert third.policy_domains == ("social_domain", "sustainability")  # comma inside quotes
    assert third.staff_fte == 1.0 and third.structural_funding is True
    # empty cells mean unknown, not "no"
    assert last.staff_fte is None and last.dedicated_staff is None and last.partners is None
    assert last.notes == "all unknown except id and type"


def test_excel_dutch_semicolon_file_with_bom_and_decimal_comma():
    raw = (DATA / "good_semicolon_bom.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw and b"\r\n" in raw
    r = import_lab_records(raw, "labs.csv")
    assert r.ok, format_import_report(r, "en")
    a, b, c = r.records
    assert a.lab_id == "A1"  # the BOM is not part of the first column name or value
    assert (a.type, a.staff_fte, a.dedicated_staff, a.knowledge_focus) == ("independent", 0.5, False, True)
    assert a.demand_driven == "demand" and a.name == "Lab één"
    assert b.staff_fte == 1.25 and b.partners == ("other_municipalities", "knowledge_institution")
    assert b.analysis_types == ("descriptive", "diagnostic", "predictive")
    assert c.type == "cbs_data_center" and c.partners == ("cbs",)


def test_str_input_and_tab_separated():
    text = "\ufeff" + HEADER.replace(",", "\t") + "\n" + ROW.format(i=1).replace(",", "\t") + "\n"
    r = import_lab_records(text, "labs.tsv")
    assert r.ok and r.records[0].lab_id == "lab_1"


def test_lab_type_alias_column_and_upper_case_header():
    text = HEADER.replace("type", "Lab_Type", 1).upper() + "\n" + ROW.format(i=1) + "\n"
    r = import_lab_records(text, "x.csv")
    assert r.ok, format_import_report(r, "en")


def test_windows_1252_file_loads_with_a_warning():
    text = HEADER + ",name\n" + ROW.format(i=1) + ",Lab één\n"
    r = import_lab_records(text.encode("cp1252"), "x.csv")
    assert r.ok and r.records[0].name == "Lab één"
    assert [w.code for w in r.warnings] == ["decoded_cp1252"]


def test_utf16_file_from_excel_unicode_text():
    text = HEADER.replace(",", "\t") + "\n" + ROW.format(i=1).replace(",", "\t") + "\n"
    r = import_lab_records(text.encode("utf-16"), "x.txt")
    assert r.ok


def _xlsx(rows: list[list[object]], sheet: str = "Sheet") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_with_native_numbers_and_booleans():
    data = _xlsx(
        [
            list(REQUIRED_COLUMNS),
            [
                "x1",
                "collaborating",
                2017,
                1.5,
                True,
                False,
                None,
                "social_domain;safety",
                "descriptive",
                "both",
                False,
                "knowledge_institution",
            ],
            ["x2", "independent", 2018.0, 0, "ja", "nee", "nee", "veiligheid", "beschrijvend", "vraag", "ja", "geen"],
        ],
        sheet="lab_records",
    )
    r = import_lab_records(data, "labs.xlsx")
    assert r.ok, format_import_report(r, "en")
    x1, x2 = r.records
    assert x1.year_started == 2017 and x1.dedicated_staff is True and x1.fixed_location is None
    assert x2.year_started == 2018 and x2.staff_fte == 0.0 and x2.partners == ()


def test_xlsx_errors_report_sheet_row_numbers():
    data = _xlsx([list(REQUIRED_COLUMNS), [None] * 12, ["x1", "martian"] + [None] * 10])
    r = import_lab_records(data, "labs.xlsx")
    e = _one(r, "unknown_category")
    assert (e.row, e.column, e.value) == (3, "type", "martian")


def test_xlsx_with_too_many_rows_is_refused():
    row = ["lab_{}", "independent", 2018, 1, False, False, False, "safety", "descriptive", "demand", False, "none"]
    data = _xlsx([list(REQUIRED_COLUMNS)] + [[row[0].format(i)] + row[1:] for i in range(MAX_ROWS + 1)])
    assert len(data) < MAX_BYTES
    e = _one(import_lab_records(data, "many.xlsx"), "too_many_rows")
    assert e.params["max"] == MAX_ROWS and not import_lab_records(data, "many.xlsx").records
    ok = _xlsx([list(REQUIRED_COLUMNS)] + [[row[0].format(i)] + row[1:] for i in range(MAX_ROWS)])
    assert len(import_lab_records(ok, "many.xlsx").records) == MAX_ROWS


def test_template_is_the_documented_header():
    assert TEMPLATE.read_text(encoding="utf-8").strip().split(",") == list(COLUMNS)
    assert _one(import_lab_records(TEMPLATE.read_bytes(), "t.csv"), "no_data_rows")


# --------------------------------------------------------------------------- bad files


def test_wrong_and_missing_columns():
    r = _load("bad_columns.csv")
    assert not r.ok and r.records == ()
    typo = next(e for e in r.errors if e.column == "staf_fte")
    assert typo.code == "unknown_column" and typo.params["suggestion"] == "staff_fte" and typo.row == 1
    extra = next(e for e in r.errors if e.column == "website")
    assert extra.code == "unknown_column" and extra.params["suggestion"] == ""
    missing = _one(r, "missing_columns")
    assert missing.params["columns"] == "staff_fte, demand_driven"
    assert "did you mean 'staff_fte'" in typo.render("en")
    assert "bedoel je 'staff_fte'" in typo.render("nl")


def test_duplicate_column():
    r = import_lab_records(HEADER + ",type\n" + ROW.format(i=1) + ",independent\n", "x.csv")
    assert _one(r, "duplicate_column").column == "type"


def test_wrong_types_unknown_categories_and_row_problems():
    r = _load("bad_values.csv")
    assert not r.ok and r.records == () and r.rows_read == 8
    by = {(e.row, e.column): e for e in r.errors}
    assert by[(2, "type")].code == "unknown_category"
    assert by[(2, "type")].params["suggestion"] == "collaborating"
    assert by[(3, "year_started")].code == "not_a_year" and by[(3, "year_started")].value == "twenty"
    assert by[(3, "dedicated_staff")].code == "not_yes_no" and by[(3, "dedicated_staff")].value == "maybe"
    assert by[(4, "staff_fte")].code == "not_a_number"
    assert by[(4, "policy_domains")].params["unknown"] == "socail"
    assert by[(4, "policy_domains")].params["suggestion"] == "social_domain"
    assert by[(4, "analysis_types")].params["unknown"] == "predictve"
    assert by[(5, "year_started")].code == "year_out_of_range" and by[(5, "year_started")].params["min"] == 1990
    assert by[(5, "staff_fte")].code == "number_out_of_range"
    assert by[(5, "demand_driven")].code == "unknown_category"
    assert by[(5, "demand_driven")].params["allowed"] == "demand, supply, both"
    assert by[(6, "lab_id")].code == "required_value"
    dup = by[(7, "lab_id")]
    assert dup.code == "duplicate_lab_id" and dup.params["first_row"] == 2  # row 2 was itself invalid
    count = by[(8, None)]
    assert count.code == "wrong_field_count" and count.params == {"expected": 12, "found": 13}
    assert (9, "lab_id") not in by  # the last row is fine
    assert len(r.errors) == 12


def test_several_unknown_list_items_are_reported_together():
    r = import_lab_records(HEADER + "\n" + ROW.format(i=1).replace("safety", "safety;moon;mars") + "\n", "x.csv")
    e = _one(r, "unknown_category")
    assert e.column == "policy_domains" and e.params["unknown"] == "moon, mars"


def test_empty_and_whitespace_files():
    assert _one(_load("empty.csv"), "empty_file").row is None
    assert _one(import_lab_records(b"  \r\n\r\n", "x.csv"), "empty_file")
    assert _one(import_lab_records("", "x.csv"), "empty_file")


def test_header_only_file():
    assert _one(_load("header_only.csv"), "no_data_rows")


def test_huge_file_is_refused_before_parsing(monkeypatch):
    data = (HEADER + "\n").encode() + b"x" * (MAX_BYTES + 1)
    calls = []
    monkeypatch.setattr(importer, "_validate_rows", lambda *a, **k: calls.append(1))
    e = _one(import_lab_records(data, "big.csv"), "file_too_large")
    assert e.params["max_kb"] == MAX_BYTES // 1000 and e.params["size_kb"] > e.params["max_kb"]
    assert not calls
    assert "2000 kB" in e.render("en")


def test_too_many_rows():
    text = HEADER + "\n" + "\n".join(ROW.format(i=i) for i in range(MAX_ROWS + 1)) + "\n"
    assert len(text.encode()) < MAX_BYTES
    e = _one(import_lab_records(text, "many.csv"), "too_many_rows")
    assert e.params["max"] == MAX_ROWS
    ok = HEADER + "\n" + "\n".join(ROW.format(i=i) for i in range(MAX_ROWS)) + "\n"
    assert import_lab_records(ok, "many.csv").ok


def test_error_list_is_capped_with_a_count():
    text = HEADER + "\n" + "\n".join(ROW.format(i=i).replace("2018", "year") for i in range(MAX_ERRORS + 50))
    r = import_lab_records(text, "x.csv")
    assert len(r.errors) == MAX_ERRORS + 1
    last = r.errors[-1]
    assert last.code == "too_many_errors" and last.params == {"shown": MAX_ERRORS, "total": MAX_ERRORS + 50}


def test_binary_old_excel_and_broken_xlsx():
    assert _one(import_lab_records(b"\x00\x01\x02binary\x00", "x.csv"), "not_text")
    assert _one(import_lab_records(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "x.xls"), "unsupported_xls")
    assert _one(import_lab_records(b"PK\x03\x04 not really a zip", "x.xlsx"), "bad_xlsx")


def test_unclosed_quote_is_a_located_csv_error():
    r = import_lab_records(HEADER + "\n" + ROW.format(i=1) + '\nlab_2,independent,"2018\n', "x.csv")
    e = _one(r, "bad_csv")
    assert e.row == 3 and e.params["detail"]


def test_unclosed_quote_after_bad_rows_keeps_the_earlier_row_problems():
    rows = [
        ROW.format(i=1),
        ROW.format(i=2).replace("2018", "soon"),
        ROW.format(i=3).replace(",demand,", ",maybe,"),
        ROW.format(i=4),
        'lab_5,independent,"2018,1,no',
    ]
    r = import_lab_records(HEADER + "\n" + "\n".join(rows) + "\n" + ROW.format(i=6) + "\n", "x.csv")
    assert not r.ok and not r.records
    assert [(e.row, e.column, e.code) for e in r.errors] == [
        (3, "year_started", "not_a_year"),
        (4, "demand_driven", "unknown_category"),
        (6, None, "bad_csv"),
    ]
    assert r.summary.render("en") == "Not imported. Problems found: 3"
    report = format_import_report(r, "en")
    assert "Row 3, column 'year_started'" in report and "Row 6: the CSV cannot be read" in report


def test_unclosed_quote_is_shown_even_when_the_row_problems_are_capped():
    bad = [ROW.format(i=i).replace("2018", "year") for i in range(MAX_ERRORS + 5)]
    r = import_lab_records(HEADER + "\n" + "\n".join(bad) + '\nlab_x,independent,"2018\n', "x.csv")
    assert [e.code for e in r.errors[-2:]] == ["bad_csv", "too_many_errors"]
    assert len(r.errors) == MAX_ERRORS + 2
    assert r.errors[-1].params == {"shown": MAX_ERRORS, "total": MAX_ERRORS + 5}


def test_unclosed_quote_in_the_first_data_row_is_not_reported_as_no_rows():
    r = import_lab_records(HEADER + '\nlab_1,independent,"2018\n', "x.csv")
    assert [e.code for e in r.errors] == ["bad_csv"]


def test_short_csv_row_is_reported():
    r = import_lab_records(HEADER + "\nlab_1,independent,2018\n", "x.csv")
    e = _one(r, "wrong_field_count")
    assert (e.row, e.params["expected"], e.params["found"]) == (2, 12, 3)


def test_every_issue_code_has_message_and_fix_in_both_languages():
    codes = {
        "empty_file",
        "no_data_rows",
        "file_too_large",
        "too_many_rows",
        "too_many_columns",
        "not_text",
        "bad_csv",
        "bad_xlsx",
        "unsupported_xls",
        "unknown_column",
        "duplicate_column",
        "missing_columns",
        "wrong_field_count",
        "required_value",
        "text_too_long",
        "unknown_category",
        "not_yes_no",
        "not_a_number",
        "number_out_of_range",
        "not_a_year",
        "year_out_of_range",
        "duplicate_lab_id",
        "invalid_value",
        "too_many_errors",
        "decoded_cp1252",
    }
    keys = catalog()
    for code in codes:
        assert f"benchmarks.import.error.{code}" in keys, code
        assert f"benchmarks.import.fix.{code}" in keys, code
    assert "benchmarks.import.fix.unknown_category_suggest" in keys
    assert "benchmarks.import.fix.unknown_column_suggest" in keys


def test_rendered_row_error_names_row_column_value_and_fix():
    r = _load("bad_values.csv")
    e = next(x for x in r.errors if (x.row, x.column) == (3, "dedicated_staff"))
    assert e.render("en") == (
        "Row 3, column 'dedicated_staff': 'maybe' is not yes or no. "
        "Fix: enter yes or no (ja/nee also work), or leave it empty if unknown"
    )
    assert e.render("nl").startswith("Rij 3, kolom 'dedicated_staff': 'maybe' is geen ja of nee. Oplossing:")
    report = format_import_report(r, "en")
    assert report.splitlines()[0] == f"Not imported. Problems found: {len(r.errors)}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_input_gives_a_result_never_an_exception(data):
    r = import_lab_records(HEADER.encode() + b"\n" + data, "fuzz.csv")
    assert r.ok or r.errors
    for e in r.errors:
        assert e.render("en") and e.render("nl")


@pytest.mark.parametrize("cell,expected", [("ja", True), ("NEE", False), ("Yes", True), ("0", False), ("", None)])
def test_yes_no_spellings(cell, expected):
    row = ROW.format(i=1).replace(",no,no,no,", f",{cell},no,no,", 1)
    r = import_lab_records(HEADER + "\n" + row + "\n", "x.csv")
    assert r.ok and r.records[0].dedicated_staff is expected


def test_xlsx_declaring_100000_rows_is_refused_before_any_row_is_read():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["not", "the", "header"])
    ws.cell(row=100_001, column=1, value="x")  # 100,000 rows: the sheet's <dimension> says so
    buf = io.BytesIO()
    wb.save(buf)
    started = time.process_time()
    r = import_lab_records(buf.getvalue(), "big.xlsx")
    assert time.process_time() - started < 1.0  # was 2.8 s CPU for 100,000 empty rows
    e = _one(r, "too_many_rows")
    assert e.params["max"] == MAX_ROWS and str(MAX_ROWS) in e.render("en") and "2000" in e.render("nl")
    assert "empty rows count too" in e.render("en") and "at most 2000" in e.render("en")


def test_empty_rows_count_against_the_cap_so_reading_stops_early():
    from dshub.benchmarks.importer import MAX_LINES, _validate_rows

    read = 0

    def rows():
        nonlocal read
        yield 1, list(REQUIRED_COLUMNS)
        for i in range(2, 100_002):
            read += 1
            yield i, [""] * len(REQUIRED_COLUMNS)

    r = _validate_rows(rows())
    assert [e.code for e in r.errors] == ["too_many_rows"]
    assert read == MAX_LINES + 1  # not 100,000


def test_a_header_below_the_first_rows_is_refused_without_reading_on():
    from dshub.benchmarks.importer import HEADER_WITHIN, _validate_rows

    read = 0

    def rows():
        nonlocal read
        for i in range(1, 100_001):
            read += 1
            yield i, [""]

    r = _validate_rows(rows())
    assert [e.code for e in r.errors] == ["no_header"] and read == HEADER_WITHIN
    assert f"first {HEADER_WITHIN} rows" in r.errors[0].render("en")
    csv = "\n" * 30 + HEADER + "\n" + ROW.format(i=1) + "\n"
    assert _one(import_lab_records(csv, "late.csv"), "no_header")
    ok = "\n" * 5 + HEADER + "\n" + ROW.format(i=1) + "\n"
    assert import_lab_records(ok, "early.csv").ok
