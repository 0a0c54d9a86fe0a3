"""One CSV convention per language for every download (dshub.reports.csvfile)."""

from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dshub.reports import csvfile

BOM = b"\xef\xbb\xbf"


def _rows(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline=""), delimiter=delimiter))


FRAME = pd.DataFrame(
    {
        "Dimensie": ["Strategie", '=HYPERLINK("http://x";"klik")', "+31 6", "-op", "@SUM(A1)", "Data"],
        "Gemiddelde": [3.5, np.nan, 2.25, -1.5, 4.0, 1234.5],
        "Respondenten": [2, 0, 1, 3, 4, 5],
    }
)


def test_dutch_uses_semicolons_and_a_decimal_comma():
    data = csvfile.frame_to_csv(FRAME, "nl")
    assert data.startswith(BOM)
    assert data.split(b"\r\n")[1] == b"Strategie;3,5;2"
    rows = _rows(data, ";")
    assert rows[0] == ["Dimensie", "Gemiddelde", "Respondenten"]
    assert [r[1] for r in rows[1:]] == ["3,5", "", "2,25", "-1,5", "4,0", "1234,5"]  # no thousands separator
    assert b"3.5" not in data
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Gemiddelde"].iloc[0] == 3.5 and back["Respondenten"].tolist() == [2, 0, 1, 3, 4, 5]


def test_english_uses_commas_and_a_decimal_point():
    data = csvfile.frame_to_csv(FRAME, "en")
    assert data.startswith(BOM)
    assert data.split(b"\r\n")[1] == b"Strategie,3.5,2"
    rows = _rows(data, ",")
    assert [r[1] for r in rows[1:]] == ["3.5", "", "2.25", "-1.5", "4.0", "1234.5"]
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")["Gemiddelde"].iloc[0] == 3.5


@pytest.mark.parametrize("lang, sep", [("nl", ";"), ("en", ",")])
def test_text_that_looks_like_a_formula_is_kept_as_text(lang, sep):
    rows = _rows(csvfile.frame_to_csv(FRAME, lang), sep)
    names = [r[0] for r in rows[1:]]
    assert names == ["Strategie", '\'=HYPERLINK("http://x";"klik")', "'+31 6", "'-op", "'@SUM(A1)", "Data"]
    assert rows[4][1].startswith("-")  # a negative number is a number, not escaped text
    header = _rows(csvfile.rows_to_csv(["=cmd", "ok"], [], lang), sep)[0]
    assert header == ["'=cmd", "ok"]


def test_cells():
    assert (
        csvfile.cell(None, "nl") == "" and csvfile.cell(float("nan"), "en") == "" and csvfile.cell(pd.NaT, "nl") == ""
    )
    assert csvfile.cell(np.int64(7), "nl") == "7" and csvfile.cell(np.float64(2.5), "nl") == "2,5"
    assert csvfile.cell(date(2026, 12, 1), "nl") == "2026-12-01"
    assert csvfile.cell(-0.0, "nl") == "0,0" and csvfile.cell(1e-05, "en") == "0.00001"
    assert csvfile.number(2.25, "nl", 1) == "2,3" and csvfile.number(2.25, "en", 1) == "2.3"  # half up
    assert csvfile.cell("\tx", "en") == "'\tx"
    assert csvfile.delimiter("nl") == ";" and csvfile.delimiter("en") == "," and csvfile.delimiter("de") == ";"
