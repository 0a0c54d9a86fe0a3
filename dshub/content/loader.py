"""Load and validate every content file in ``questionnaires/``.

A broken file never produces a traceback for the user: :class:`ContentError`
carries one readable message that names the file, the path inside it (with
the line number), what is wrong and how to fix it.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from dshub.content.base import IDENT_PATTERN, VERSION_PATTERN, ContentFile, LocatedProblems, registered_kinds

log = logging.getLogger(__name__)

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "questionnaires"

T = TypeVar("T", bound=ContentFile)
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    line: int | None
    what: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.line:
            where += f", line {self.line}"
        if self.path:
            where += f", at '{self.path}'"
        return f"{where}: {self.what}. Fix: {self.fix}"


class ContentError(Exception):
    """One or more problems in content files, rendered as a single message."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.message)

    @property
    def message(self) -> str:
        n = len(self.problems)
        head = "Content problem" if n == 1 else f"{n} content problems"
        return head + ":\n" + "\n".join(f"- {p}" for p in self.problems)


@dataclass
class ContentBundle:
    """All validated content, by id."""

    files: dict[str, ContentFile] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def get(self, content_id: str, kind: type[T] | None = None) -> T:
        item = self.files[content_id]
        if kind is not None and not isinstance(item, kind):
            raise KeyError(f"{content_id!r} is a {item.kind}, not a {kind.KIND}")
        return item  # type: ignore[return-value]  # without `kind` the caller vouches for T (no check to narrow on)

    def of_kind(self, kind: type[T]) -> list[T]:
        return [f for f in self.files.values() if isinstance(f, kind)]


def import_kind_modules() -> None:
    """Import ``dshub.<feature>.content`` for every feature package, registering its kinds."""
    import dshub

    for mod in pkgutil.iter_modules(dshub.__path__):
        if mod.ispkg and mod.name not in {"content", "ui"}:
            try:
                importlib.import_module(f"dshub.{mod.name}.content")
            except ModuleNotFoundError as exc:
                if exc.name != f"dshub.{mod.name}.content":
                    raise


# --------------------------------------------------------------------------- errors

_FIXES = {
    "missing": "add the field '{name}'",
    "extra_forbidden": "remove or rename '{name}'; it is not a known field here (check the spelling)",
    "greater_than": "use a larger number",
    "less_than": "use a smaller number",
    "string_too_short": "write a non-empty text",
    "string_too_long": "shorten the text",
    "string_type": "put a text here (quote it if it looks like a number or yes/no)",
    "int_parsing": "put a whole number here",
    "int_type": "put a whole number here",
    "float_parsing": "put a number here",
    "bool_parsing": "use true or false",
    "literal_error": "use one of the allowed values",
    "enum": "use one of the allowed values",
    "list_type": "put a list here (lines starting with '- ')",
    "dict_type": "put a mapping here (lines with 'key: value')",
    "model_type": "put a mapping here (lines with 'key: value')",
    "too_short": "add more entries",
    "too_long": "remove entries",
    "value_error": "correct the value as described",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
    "date_type": "write a date like 2026-12-04 (year-month-day)",
    "date_parsing": "write a date like 2026-12-04 (year-month-day)",
    "date_from_datetime_parsing": "write a date like 2026-12-04 (year-month-day)",
    "date_from_datetime_inexact": "write only the date, like 2026-12-04, without a time",
}


# A pattern mismatch is fixed differently per kind of value: the hint follows the pattern (and the field name).
_PATTERN_FIXES = {
    IDENT_PATTERN: "use only lower-case letters, digits and underscores, starting with a letter (like 'data_lab')",
    VERSION_PATTERN: "write a version number like 1.0 or 1.0.0",
}
_URL_FIX = "write a full web address that starts with https:// and has no spaces"


def _pattern_fix(pattern: str | None, name: str) -> str:
    if pattern in _PATTERN_FIXES:
        return _PATTERN_FIXES[pattern]
    if (pattern and "://" in pattern) or name.lower() in {"url", "link", "href"} or name.lower().endswith("_url"):
        return _URL_FIX
    if pattern:
        return f"write a value that matches the pattern {pattern}"
    return "correct the value"


def _format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _line_for(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Follow ``loc`` through the composed YAML tree; return the line (1-based) of the deepest key found."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if pair is None:
                return line  # a missing field: point at its parent
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _problems_from_validation(file: str, exc: ValidationError, root: yaml.Node | None) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        located = (err.get("ctx") or {}).get("error")
        if err["type"] == "value_error" and isinstance(located, LocatedProblems):
            for sub, what, fix in located.problems:  # a model check that knows where each problem is
                full = loc + tuple(sub)
                problems.append(Problem(file, _format_loc(full), _line_for(root, full), what, fix))
            continue
        name = str(loc[-1]) if loc else ""
        msg = err["msg"]
        if err["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        fix = _FIXES.get(err["type"], "correct the value").format(name=name)
        if err["type"] == "string_pattern_mismatch":
            fix = _pattern_fix((err.get("ctx") or {}).get("pattern"), name)
        if err["type"] == "literal_error":
            fix = msg[0].lower() + msg[1:]
        problems.append(Problem(file, _format_loc(loc), _line_for(root, loc), msg, fix))
    return problems


# --------------------------------------------------------------------------- loading


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, but a key written twice in one mapping is an error (PyYAML keeps the last one
    silently, so half an edit would vanish without a word)."""


def _no_duplicate_keys(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # a list or mapping as a key: the model check reports it
            continue
        if first is not None:
            raise _DuplicateKey(key, first, key_node.start_mark.line + 1)
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


class _DuplicateKey(Exception):
    def __init__(self, key: Any, first: int, line: int):
        self.key, self.first, self.line = key, first, line


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, max(index, 0)) + 1


def read_yaml(path: Path, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file into data plus its node tree (for line numbers), or raise :class:`ContentError`.

    Every way a file can be unreadable ends here as one located problem: a missing or unreadable file,
    bytes that are not UTF-8, characters YAML does not allow (control characters), syntax errors and a
    key written twice in one mapping.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError([Problem(name, "", None, "the file does not exist", f"restore {path}")]) from None
    except OSError as exc:
        raise ContentError(
            [
                Problem(
                    name,
                    "",
                    None,
                    f"the file cannot be read ({exc.strerror or exc})",
                    "check that the file exists and may be read by the app",
                )
            ]
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line: int | None = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            [
                Problem(
                    name,
                    "",
                    line,
                    f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read)",
                    "save the file as UTF-8 (in most editors: 'Save with encoding')",
                )
            ]
        ) from None
    try:
        return yaml.load(text, Loader=_StrictLoader), yaml.compose(text, Loader=yaml.SafeLoader)
    except _DuplicateKey as exc:
        raise ContentError(
            [
                Problem(
                    name,
                    str(exc.key),
                    exc.line,
                    f"the key '{exc.key}' is written twice in the same place (first on line {exc.first})",
                    "keep one of the two; merge what each says",
                )
            ]
        ) from None
    except yaml.reader.ReaderError as exc:  # not a MarkedYAMLError: a character YAML does not allow
        line = _line_at(text, exc.position) if isinstance(exc.position, int) else None
        char = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
        raise ContentError(
            [
                Problem(
                    name,
                    "",
                    line,
                    f"the file contains a character that is not allowed (U+{char:04X}, an invisible control character)",
                    "delete that character (retype the line if you cannot see it)",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ContentError(
            [
                Problem(
                    name,
                    "",
                    mark.line + 1 if mark else None,
                    f"YAML syntax error: {exc.problem}",
                    "check indentation, colons and quotes around this line",
                )
            ]
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise ContentError(
            [
                Problem(
                    name,
                    "",
                    None,
                    f"the file cannot be read as YAML ({type(exc).__name__})",
                    "check the file's syntax against another file in this folder",
                )
            ]
        ) from None


def validate_as(model: type[M], data: Any, root: yaml.Node | None, name: str) -> M:
    """Validate parsed YAML with a pydantic model; errors become one located :class:`ContentError`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(_problems_from_validation(name, exc, root)) from None


def load_yaml_as(path: Path, model: type[M], name: str | None = None) -> M:
    """Read and validate any YAML data file (content or data/) with located errors."""
    data, root = read_yaml(path, name or path.name)
    return validate_as(model, data, root, name or path.name)


def load_file(path: Path, base: Path | None = None) -> ContentFile:
    """Parse and validate one content file, or raise :class:`ContentError`."""
    import_kind_modules()
    name = str(path.relative_to(base)) if base else path.name
    data, root = read_yaml(path, name)
    if not isinstance(data, dict):
        raise ContentError(
            [
                Problem(
                    name,
                    "",
                    None,
                    "the file does not contain a mapping at the top",
                    "start the file with 'id:', 'kind:', 'version:' and 'title:'",
                )
            ]
        )
    kinds = registered_kinds()
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in kinds:
        known = ", ".join(sorted(kinds)) or "(none registered)"
        raise ContentError(
            [
                Problem(
                    name,
                    "kind",
                    _line_for(root, ("kind",)),
                    f"unknown or missing kind {kind!r}",
                    f"use one of: {known}",
                )
            ]
        )
    return validate_as(kinds[kind], data, root, name)


def load_content(directory: Path | None = None) -> ContentBundle:
    """Load every ``*.yaml`` below ``directory``; collect all problems into one :class:`ContentError`."""
    directory = Path(directory or DEFAULT_DIR)
    bundle = ContentBundle()
    problems: list[Problem] = []
    files = sorted(p for p in directory.rglob("*.y*ml") if p.is_file())
    if not files:
        raise ContentError(
            [
                Problem(
                    str(directory),
                    "",
                    None,
                    "no content files found",
                    "put the questionnaire YAML files in this folder",
                )
            ]
        )
    for path in files:
        try:
            item = load_file(path, directory)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        except Exception as exc:  # a check that did not expect this shape: still one message, no traceback
            problems.append(_unexpected(str(path.relative_to(directory)), exc))
            continue
        if item.id in bundle.files:
            other = bundle.sources[item.id].relative_to(directory)
            problems.append(
                Problem(
                    str(path.relative_to(directory)),
                    "id",
                    None,
                    f"id {item.id!r} is already used by {other}",
                    "give each file its own id",
                )
            )
            continue
        bundle.files[item.id] = item
        bundle.sources[item.id] = path
    if not problems:
        try:
            problems = _cross_problems(bundle, directory)
            if not problems:
                _resolve(bundle)
        except Exception as exc:
            problems = [_unexpected(str(directory), exc)]
    if problems:
        raise ContentError(problems)
    return bundle


def _resolve(bundle: ContentBundle) -> None:
    """Files that draw on other files (a game's data case on a catalogue entry) get them filled in.

    Runs only after every cross check passed, so each reference is known to exist.
    """
    for content_id, item in list(bundle.files.items()):
        resolve = getattr(item, "resolve", None)
        if resolve is not None:
            bundle.files[content_id] = resolve(bundle)


def _unexpected(name: str, exc: Exception) -> Problem:
    log.exception("content check failed unexpectedly in %s", name)
    return Problem(
        name,
        "",
        None,
        f"a value has a shape the checks did not expect ({type(exc).__name__}: {exc})",
        "compare the file with the examples in questionnaires/ (lists, mappings and texts in their place)",
    )


def _cross_problems(bundle: ContentBundle, directory: Path) -> list[Problem]:
    """Problems between files: every file whose model has ``cross_check(bundle)`` checks its references."""
    problems: list[Problem] = []
    for content_id, item in bundle.files.items():
        check = getattr(item, "cross_check", None)
        found = check(bundle) if check is not None else []
        if not found:
            continue
        path = bundle.sources[content_id]
        name = str(path.relative_to(directory))
        _, root = read_yaml(path, name)
        for loc, what, fix in found:
            problems.append(Problem(name, _format_loc(loc), _line_for(root, loc), what, fix))
    return problems
