"""Import real per-lab records (CSV or .xlsx) and turn them into a :class:`Benchmark`.

:func:`import_lab_records` never raises for a bad file: it returns an
:class:`ImportResult` with either the validated records or every problem it
found, each as data (code, row, column, value, parameters) with i18n keys
``benchmarks.import.error.<code>`` and ``benchmarks.import.fix.<code>`` so the
page and the CLI can show it in Dutch or English.

The file format is documented in ``data/benchmarks/README.md``; an empty
template is ``data/benchmarks/lab_records_template.csv``.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from dshub.benchmarks.content import (
    ALIASES,
    ANALYSIS_TYPES,
    LAB_TYPES,
    NO_WORDS,
    NONE_WORDS,
    OVERALL,
    PARTNERS,
    POLICY_DOMAINS,
    WAYS_OF_WORKING,
    YES_WORDS,
    LabTypeId,
    Message,
    ProfileField,
    normalise_token,
)
from dshub.benchmarks.survey import INDICATORS, Benchmark, Figure, Indicator, IndicatorDef

# --------------------------------------------------------------------------- limits and columns

MAX_BYTES = 2_000_000
MAX_ROWS = 2_000
# Rows read at most, empty ones included (a sheet of 100,000 empty rows must not cost CPU in proportion),
# and where the header row must be: reading stops as soon as either limit is passed.
MAX_LINES = MAX_ROWS + 500
HEADER_WITHIN = 20
MAX_COLUMNS = 50
MAX_ERRORS = 100
MAX_TEXT = 500
MIN_YEAR = 1990
MAX_FTE = 100.0

# One column per profile question (the lab's form is the ``type`` column), so the file and the
# questionnaire can never ask different things.
REQUIRED_COLUMNS: tuple[str, ...] = ("lab_id", "type", *(f for f in get_args(ProfileField) if f != "lab_type"))
# Optional columns (a file without them still loads): the lab's municipalities (a list; 2025 names or
# statcodes, for the map and the factsheets) and its lessons learned (free text, for the factsheet).
OPTIONAL_COLUMNS: tuple[str, ...] = ("name", "notes", "municipalities", "lessons")
COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
COLUMN_ALIASES = {
    "lab_type": "type",
    "id": "lab_id",
    "way_of_working": "demand_driven",
    "municipality": "municipalities",
    "gemeente": "municipalities",
    "gemeenten": "municipalities",
    "lessen": "lessons",
    "lessons_learned": "lessons",
}

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "type": LAB_TYPES,
    "policy_domains": POLICY_DOMAINS,
    "analysis_types": ANALYSIS_TYPES,
    "demand_driven": WAYS_OF_WORKING,
    "partners": PARTNERS,
}
LIST_SEPARATORS = (";", ",", "|")

# --------------------------------------------------------------------------- issues


@dataclass(frozen=True)
class ImportIssue:
    """One problem (or warning) in an uploaded file, as data.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1);
    ``None`` for problems with the whole file. ``params`` fill the placeholders
    of the message and fix texts.
    """

    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def _params(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, **self.params}

    @property
    def message(self) -> Message:
        return Message(f"benchmarks.import.error.{self.code}", self._params())

    @property
    def fix(self) -> Message:
        suffix = "_suggest" if self.params.get("suggestion") else ""
        return Message(f"benchmarks.import.fix.{self.code}{suffix}", self._params())

    def render(self, lang: str) -> str:
        """One line: where, what is wrong, how to fix it."""
        if self.row is not None and self.column:
            where = Message("benchmarks.import.where.row_column", {"row": self.row, "column": self.column})
        elif self.row is not None:
            where = Message("benchmarks.import.where.row", {"row": self.row})
        elif self.column:
            where = Message("benchmarks.import.where.column", {"column": self.column})
        else:
            where = Message("benchmarks.import.where.file")
        return Message("benchmarks.import.line", {"where": where, "what": self.message, "fix": self.fix}).render(lang)


@dataclass(frozen=True)
class ImportResult:
    """Either ``records`` (no errors) or ``errors`` (then ``records`` is empty)."""

    records: tuple[LabRecord, ...] = ()
    errors: tuple[ImportIssue, ...] = ()
    warnings: tuple[ImportIssue, ...] = ()
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.records)

    @property
    def summary(self) -> Message:
        if self.ok:
            return Message("benchmarks.import.summary.ok", {"n": len(self.records)})
        return Message("benchmarks.import.summary.failed", {"errors": len(self.errors)})


# --------------------------------------------------------------------------- the record model


def _vocab_error(column: str, raw: str, unknown: Sequence[str]) -> PydanticCustomError:
    allowed = VOCABULARIES[column]
    aliases = ALIASES.get(column, {})
    guess = _suggest(normalise_token(unknown[0]), list(allowed) + list(aliases))
    suggestion = aliases.get(guess, guess)
    return PydanticCustomError(
        "unknown_category",
        "unknown value(s) {unknown}; allowed: {allowed}",
        {"unknown": ", ".join(unknown), "allowed": ", ".join(allowed), "suggestion": suggestion},
    )


def _suggest(token: str, candidates: Sequence[str]) -> str:
    """The closest candidate to a misspelt ``token`` ("" when nothing is close)."""
    if not token:
        return ""
    prefixed = [c for c in candidates if len(token) >= 3 and (c.startswith(token) or token.startswith(c))]
    if prefixed:
        return prefixed[0]
    guess = difflib.get_close_matches(token, candidates, n=1, cutoff=0.5)
    if guess:
        return guess[0]
    # compare with the first word of multi-word ids ("socail" ~ "social_domain")
    heads = {c.split("_")[0]: c for c in candidates}
    guess = difflib.get_close_matches(token, list(heads), n=1, cutoff=0.6)
    return heads[guess[0]] if guess else ""


def _category(column: str, raw: str) -> str | None:
    token = normalise_token(raw)
    if token in VOCABULARIES[column]:
        return token
    return ALIASES.get(column, {}).get(token)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class LabRecord(BaseModel):
    """One data lab. Blank optional cells mean "unknown" (``None``), not "no"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lab_id: str
    type: LabTypeId
    year_started: int | None = None
    staff_fte: float | None = None
    dedicated_staff: bool | None = None
    structural_funding: bool | None = None
    fixed_location: bool | None = None
    policy_domains: tuple[str, ...] | None = None
    analysis_types: tuple[str, ...] | None = None
    demand_driven: str | None = None
    knowledge_focus: bool | None = None
    partners: tuple[str, ...] | None = None
    name: str | None = None
    notes: str | None = None
    municipalities: tuple[str, ...] | None = None  # as given, or the official 2025 name when recognised
    lessons: str | None = None

    @field_validator("lab_id", "name", "notes", "lessons", mode="before")
    @classmethod
    def _text(cls, v: Any, info) -> Any:
        if _blank(v):
            if info.field_name == "lab_id":
                raise PydanticCustomError("required_value", "a value is required", {})
            return None
        v = str(v).strip()
        if len(v) > MAX_TEXT:
            raise PydanticCustomError("text_too_long", "longer than {max} characters", {"max": MAX_TEXT})
        return v

    @field_validator("municipalities", mode="before")
    @classmethod
    def _places(cls, v: Any) -> Any:
        if _blank(v):
            return None
        if isinstance(v, (list, tuple)):
            parts = [str(p).strip() for p in v if str(p).strip()]
        else:
            text = str(v)
            for sep in LIST_SEPARATORS[1:]:
                text = text.replace(sep, LIST_SEPARATORS[0])
            parts = [p.strip() for p in text.split(LIST_SEPARATORS[0]) if p.strip()]
        if any(len(p) > MAX_TEXT for p in parts):
            raise PydanticCustomError("text_too_long", "longer than {max} characters", {"max": MAX_TEXT})
        return tuple(dict.fromkeys(parts)) or None

    @field_validator("type", "demand_driven", mode="before")
    @classmethod
    def _single(cls, v: Any, info) -> Any:
        if _blank(v):
            if info.field_name == "type":
                raise PydanticCustomError("required_value", "a value is required", {})
            return None
        found = _category(info.field_name, str(v))
        if found is None:
            raise _vocab_error(info.field_name, str(v), [str(v).strip()])
        return found

    @field_validator("policy_domains", "analysis_types", "partners", mode="before")
    @classmethod
    def _multi(cls, v: Any, info) -> Any:
        if _blank(v):
            return None
        if isinstance(v, (list, tuple)):  # a stored record (model_dump) read back; () means "none"
            parts = [str(p).strip() for p in v if str(p).strip()]
            if not parts:
                return ()
        else:
            text = str(v)
            for sep in LIST_SEPARATORS[1:]:
                text = text.replace(sep, LIST_SEPARATORS[0])
            parts = [p.strip() for p in text.split(LIST_SEPARATORS[0]) if p.strip()]
        if len(parts) == 1 and normalise_token(parts[0]) in NONE_WORDS:
            return ()
        found, unknown = [], []
        for p in parts:
            item = _category(info.field_name, p)
            if item is None:
                unknown.append(p)
            elif item not in found:
                found.append(item)
        if unknown:
            raise _vocab_error(info.field_name, str(v), unknown)
        order = VOCABULARIES[info.field_name]
        return tuple(sorted(found, key=order.index))

    @field_validator("dedicated_staff", "structural_funding", "fixed_location", "knowledge_focus", mode="before")
    @classmethod
    def _yes_no(cls, v: Any) -> Any:
        if isinstance(v, bool) or v is None:
            return v
        if _blank(v):
            return None
        token = normalise_token(str(v))
        if token in YES_WORDS:
            return True
        if token in NO_WORDS:
            return False
        raise PydanticCustomError("not_yes_no", "not yes or no", {})

    @field_validator("staff_fte", mode="before")
    @classmethod
    def _fte(cls, v: Any) -> Any:
        if _blank(v):
            return None
        try:
            x = float(str(v).strip().replace(",", "."))
        except ValueError:
            raise PydanticCustomError("not_a_number", "not a number", {}) from None
        if not 0 <= x <= MAX_FTE:  # also rejects NaN
            raise PydanticCustomError("number_out_of_range", "outside {min} to {max}", {"min": 0, "max": MAX_FTE})
        return x

    @field_validator("year_started", mode="before")
    @classmethod
    def _year(cls, v: Any) -> Any:
        if _blank(v):
            return None
        text = str(v).strip().removesuffix(".0")
        if not text.isdigit():
            raise PydanticCustomError("not_a_year", "not a year", {})
        year, last = int(text), date.today().year
        if not MIN_YEAR <= year <= last:
            raise PydanticCustomError("year_out_of_range", "outside {min} to {max}", {"min": MIN_YEAR, "max": last})
        return year


# --------------------------------------------------------------------------- reading files


class _FileProblem(Exception):
    def __init__(self, issue: ImportIssue):
        self.issue = issue


def _decode(data: bytes, warnings: list[ImportIssue]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _FileProblem(ImportIssue("not_text")) from None
    if b"\x00" in data[:4096]:
        raise _FileProblem(ImportIssue("not_text"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _FileProblem(ImportIssue("not_text")) from None
    warnings.append(ImportIssue("decoded_cp1252"))
    return text


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the row starts, cells); a broken quote is reported at the row it opens in."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    start = 1
    try:
        for row in reader:
            yield reader.line_num, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _FileProblem(ImportIssue("bad_csv", row=start, params={"detail": str(exc)})) from None


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any broken or non-xlsx zip ends up here
        raise _FileProblem(ImportIssue("bad_xlsx", params={"detail": type(exc).__name__})) from None
    try:
        ws = wb["lab_records"] if "lab_records" in wb.sheetnames else wb.worksheets[0]
        # Read-only mode streams the sheet; its declared size (the <dimension> element, when the writer
        # put one in) refuses an oversized sheet before a single row is read.
        declared = ws.max_row
        if isinstance(declared, int) and declared > MAX_LINES:
            raise _FileProblem(ImportIssue("too_many_rows", params={"max": MAX_ROWS}))
        for i, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1):
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1].strip():  # sheets report empty trailing cells
                cells.pop()
            yield i, cells
    finally:
        wb.close()


def _kind(filename: str, data: bytes | str) -> str:
    ext = PurePath(filename or "").suffix.lower()
    if isinstance(data, str):
        return "csv"
    if ext in (".xlsx", ".xlsm") or (ext not in (".csv", ".txt", ".tsv") and data[:4] == b"PK\x03\x04"):
        return "xlsx"
    if ext == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    return "csv"


# --------------------------------------------------------------------------- import


def _column_suggestion(token: str) -> str:
    guess = _suggest(token, list(COLUMNS) + list(COLUMN_ALIASES))
    return COLUMN_ALIASES.get(guess, guess)


def _header(cells: list[str], row: int = 1) -> tuple[list[str | None], list[ImportIssue]]:
    """Map header cells to known columns; report unknown, duplicate and missing columns."""
    issues: list[ImportIssue] = []
    mapped: list[str | None] = []
    seen: set[str] = set()
    for raw in cells:
        token = normalise_token(raw.lstrip("\ufeff"))
        if not token:
            mapped.append(None)
            continue
        col = COLUMN_ALIASES.get(token, token)
        if col not in COLUMNS:
            issues.append(
                ImportIssue(
                    "unknown_column",
                    row=row,
                    column=raw.strip(),
                    params={"suggestion": _column_suggestion(token), "allowed": ", ".join(COLUMNS)},
                )
            )
            mapped.append(None)
        elif col in seen:
            issues.append(ImportIssue("duplicate_column", row=row, column=col))
            mapped.append(None)
        else:
            seen.add(col)
            mapped.append(col)
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        issues.append(ImportIssue("missing_columns", row=row, params={"columns": ", ".join(missing)}))
    return mapped, issues


def _validate_rows(rows: Iterable[tuple[int, list[str]]], pad_short_rows: bool = False) -> ImportResult:
    """Validate header and rows. CSV rows must have as many fields as the header; sheet
    rows (``pad_short_rows``) may end early, as empty trailing cells are not stored.

    When the file cannot be read further (a broken quote), the problems of the rows read
    before it are kept and the read error is added after them."""
    errors: list[ImportIssue] = []
    warnings: list[ImportIssue] = []
    records: list[LabRecord] = []
    total_errors = 0

    def add(issue: ImportIssue) -> None:
        nonlocal total_errors
        total_errors += 1
        if len(errors) < MAX_ERRORS:
            errors.append(issue)

    it = iter(rows)
    header = None
    for scanned, (line, cells) in enumerate(it, start=1):
        if any(c.strip() for c in cells):
            header = (line, cells)
            break
        if scanned >= HEADER_WITHIN:  # the header comes first: checked before any further row is read
            return ImportResult(errors=(ImportIssue("no_header", params={"max": HEADER_WITHIN}),))
    if header is None:
        return ImportResult(errors=(ImportIssue("empty_file"),))
    if len(header[1]) > MAX_COLUMNS:
        return ImportResult(errors=(ImportIssue("too_many_columns", row=header[0], params={"max": MAX_COLUMNS}),))
    columns, header_issues = _header(header[1], header[0])
    if header_issues:
        return ImportResult(errors=tuple(header_issues))

    first_row_of: dict[str, int] = {}
    rows_read = 0
    lines_read = 0
    broken: ImportIssue | None = None
    while True:
        try:
            line, cells = next(it)
        except StopIteration:
            break
        except _FileProblem as exc:  # e.g. an unclosed quote: reading stops, the row problems before it stay
            broken = exc.issue
            break
        lines_read += 1
        if lines_read > MAX_LINES:  # empty rows count too, so a sheet of empty rows stops early
            return ImportResult(errors=(ImportIssue("too_many_rows", params={"max": MAX_ROWS}),), rows_read=rows_read)
        if not any(c.strip() for c in cells):
            continue
        rows_read += 1
        if rows_read > MAX_ROWS:
            return ImportResult(errors=(ImportIssue("too_many_rows", params={"max": MAX_ROWS}),), rows_read=rows_read)
        extra = [c for c in cells[len(columns) :] if c.strip()]
        if extra or (len(cells) < len(columns) and not pad_short_rows):
            add(ImportIssue("wrong_field_count", row=line, params={"expected": len(columns), "found": len(cells)}))
            continue
        raw = {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(columns) if col}
        lab_id = raw.get("lab_id", "").strip()
        if lab_id in first_row_of:
            add(
                ImportIssue(
                    "duplicate_lab_id",
                    row=line,
                    column="lab_id",
                    value=lab_id,
                    params={"first_row": first_row_of[lab_id]},
                )
            )
        elif lab_id:
            first_row_of[lab_id] = line
        try:
            rec = LabRecord.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                col = str(err["loc"][0]) if err["loc"] else None
                value = raw.get(col, "") if col else None
                params = dict(err.get("ctx") or {})
                code = err["type"]
                if code not in _KNOWN_CODES:
                    code, params = "invalid_value", {"detail": err["msg"]}
                add(ImportIssue(code, row=line, column=col, value=str(value).strip(), params=params))
            continue
        records.append(_known_places(rec, line, warnings))

    if rows_read == 0 and broken is None:
        return ImportResult(errors=(ImportIssue("no_data_rows"),))
    shown = len(errors)
    if broken is not None:  # always shown, after the rows read before it
        errors.append(broken)
    if total_errors > shown:
        errors.append(ImportIssue("too_many_errors", params={"shown": shown, "total": total_errors}))
    if errors:
        return ImportResult(errors=tuple(errors), rows_read=rows_read)
    return ImportResult(records=tuple(records), warnings=tuple(warnings[:MAX_ERRORS]), rows_read=rows_read)


def _known_places(rec: LabRecord, line: int, warnings: list[ImportIssue]) -> LabRecord:
    """Municipalities as their official 2025 names; a name that is not one is kept as given, with a
    warning (a lab of 2019 may sit in a municipality that has merged since: it is listed, not mapped)."""
    if not rec.municipalities:
        return rec
    from dshub.geo import boundaries  # the boundary file is read only when a file names municipalities

    known = boundaries()
    names = []
    for place in rec.municipalities:
        found = known.find(place)
        if found is None:
            warnings.append(
                ImportIssue(
                    "unknown_municipality",
                    row=line,
                    column="municipalities",
                    value=place,
                    params={"suggestion": known.suggest(place), "year": known.year},
                )
            )
        names.append(found.name if found else place)
    return rec.model_copy(update={"municipalities": tuple(dict.fromkeys(names))})


_KNOWN_CODES = frozenset(
    {
        "required_value",
        "text_too_long",
        "unknown_category",
        "not_yes_no",
        "not_a_number",
        "number_out_of_range",
        "not_a_year",
        "year_out_of_range",
    }
)


def import_lab_records(data: bytes | str, filename: str = "") -> ImportResult:
    """Validate an uploaded lab-records file (CSV, ``;``-CSV, TSV or .xlsx).

    ``data`` is the file content; ``filename`` is only used for its extension.
    Never raises for bad input: see :class:`ImportResult`.
    """
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > MAX_BYTES:
        return ImportResult(
            errors=(
                ImportIssue("file_too_large", params={"size_kb": math.ceil(size / 1000), "max_kb": MAX_BYTES // 1000}),
            )
        )
    if size == 0 or (isinstance(data, str) and not data.strip()) or (isinstance(data, bytes) and not data.strip()):
        return ImportResult(errors=(ImportIssue("empty_file"),))
    warnings: list[ImportIssue] = []
    try:
        kind = _kind(filename, data)
        if kind == "xls":
            return ImportResult(errors=(ImportIssue("unsupported_xls"),))
        if kind == "xlsx" and isinstance(data, bytes):  # _kind says "xlsx" only for bytes
            result = _validate_rows(_xlsx_rows(data), pad_short_rows=True)
        else:
            text = data if isinstance(data, str) else _decode(data, warnings)
            result = _validate_rows(_csv_rows(text.lstrip("\ufeff")))
    except _FileProblem as exc:
        return ImportResult(errors=(exc.issue,), warnings=tuple(warnings))
    return ImportResult(result.records, result.errors, tuple(warnings) + result.warnings, result.rows_read)


def format_import_report(result: ImportResult, lang: str) -> str:
    """Plain-text report (for the command line)."""
    lines = [result.summary.render(lang)]
    lines += ["! " + w.render(lang) for w in result.warnings]
    lines += ["- " + e.render(lang) for e in result.errors]
    return "\n".join(lines)


# --------------------------------------------------------------------------- records -> benchmark


def _figure(d: IndicatorDef, group: Sequence[LabRecord]) -> Figure | None:
    if d.id == "n_labs":
        return Figure(len(group), len(group), "imported") if group else None
    field = d.field
    assert field is not None  # every indicator but n_labs reads a record field (survey._catalogue)
    known = [r for r in group if getattr(r, field) is not None]
    if not known:
        return None
    values = [getattr(r, field) for r in known]
    if d.unit == "fte":
        value: float = round(float(statistics.median(values)), 2)
    elif d.unit == "year":
        value = statistics.median_low(values)
    elif d.field == "partners" and d.item is None:
        value = sum(1 for v in values if v)
    elif d.item is None:
        value = sum(1 for v in values if v is True)
    elif isinstance(values[0], tuple):
        value = sum(1 for v in values if d.item in v)
    else:
        value = sum(1 for v in values if v == d.item)
    return Figure(value, len(known), "imported")


def benchmark_from_records(records: Sequence[LabRecord], base: Benchmark | None = None) -> Benchmark:
    """Compute every survey indicator from real lab records (status ``imported``).

    ``n`` of each figure is the number of records with a known value. Lab types
    without records get no figures. Pass the survey benchmark as ``base`` to keep
    its published context (labs identified, lab type names, findings).
    """
    groups: dict[str, list[LabRecord]] = {OVERALL: list(records)}
    groups.update((t, [r for r in records if r.type == t]) for t in LAB_TYPES)
    indicators = {}
    for d in INDICATORS:
        figures = {scope: f for scope, group in groups.items() if (f := _figure(d, group)) is not None}
        finding = base.indicators[d.id].finding if base and d.id in base.indicators else None
        indicators[d.id] = Indicator(d.id, d.topic, d.unit, figures, finding)
    return Benchmark(
        origin="records",
        indicators=indicators,
        lab_types=base.lab_types if base else (),
        findings=base.findings if base else (),
        labs_identified=base.labs_identified if base else None,
        sources=base.sources if base else {},
        participants=base.participants if base else None,
    )
