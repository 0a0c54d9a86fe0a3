"""CSV files as a spreadsheet in the reader's language opens them: the one way dshub writes a CSV download.

* Dutch: ``;`` between fields and a decimal comma (``3,5``), as Excel set to Dutch expects;
  English: ``,`` and a decimal point (``3.5``). No thousands separator in either.
* UTF-8 with a byte-order mark, so Excel reads the accents; lines end in CRLF.
* A text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) gets a leading
  apostrophe, so a spreadsheet shows it as text instead of running it as a formula (CSV injection).
  Numbers are numbers, so a negative number keeps its minus sign.
* Missing values (None, NaN, NaT) are empty cells; dates are ISO 8601 (2026-12-01) in both languages.

Everything else about a file (which columns, their headers in the reader's language) is up to its caller.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from dshub.i18n import normalize_lang

MIME = "text/csv"
BOM = "\ufeff"
DELIMITER = {"nl": ";", "en": ","}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def delimiter(lang: str) -> str:
    """The field separator for ``lang``: ``;`` in Dutch, ``,`` in English."""
    return DELIMITER[normalize_lang(lang)]


def number(value: float | numbers.Real, lang: str, digits: int | None = None) -> str:
    """A number for a spreadsheet: decimal comma in Dutch, point in English, no grouping, never 1e-05.

    ``digits`` rounds half up to that many decimals (2.25 -> "2,3"); without it a float is written as
    short as it reads back (3.5 -> "3,5").
    """
    if isinstance(value, numbers.Integral):
        return str(int(value))
    exact = Decimal(repr(float(value)))
    if digits is not None:
        exact = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if exact.is_zero():
        exact = abs(exact)  # never "-0,0"
    written = format(exact, "f")
    return written.replace(".", ",") if normalize_lang(lang) == "nl" else written


def text(value: Any) -> str:
    """A text cell; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # not a scalar
        return False


def cell(value: Any, lang: str) -> str:
    """One value as its CSV cell in ``lang`` (see the module's rules)."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # a numpy scalar
        try:
            value = value.item()
        except (TypeError, ValueError):
            pass
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return text(str(value))
    if isinstance(value, numbers.Real):
        if isinstance(value, float) and math.isinf(value):
            return text(str(value))
        return number(value, lang)
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return text(value)


def rows_to_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]], lang: str) -> bytes:
    """A header row and the data rows as the bytes of a CSV file in ``lang``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter(lang), lineterminator="\r\n")
    writer.writerow([text(h) for h in header])
    writer.writerows([cell(v, lang) for v in row] for row in rows)
    return (BOM + out.getvalue()).encode("utf-8")


def frame_to_csv(frame: pd.DataFrame, lang: str) -> bytes:
    """A table (its column names as the header row, no index) as the bytes of a CSV file in ``lang``."""
    return rows_to_csv(list(frame.columns), frame.itertuples(index=False, name=None), lang)


__all__ = ["BOM", "DELIMITER", "MIME", "cell", "delimiter", "frame_to_csv", "number", "rows_to_csv", "text"]
