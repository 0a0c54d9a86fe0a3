"""Load and validate every content file in ``questionnaires/``.

A broken file never produces a traceback for the user: :class:`ContentError`
carries one readable message that names the file, the path inside it (with
the line number), what is wrong and how to fix it.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from dshub.content.base import IDENT_PATTERN, VERSION_PATTERN, ContentFile, registered_kinds

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
        return item  # type: ignore[return-value]

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


def read_yaml(path: Path, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file into data plus its node tree (for line numbers), or raise :class:`ContentError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(name, "", None, "the file does not exist", f"restore {path}")]) from None
    except UnicodeDecodeError:
        raise ContentError([Problem(name, "", None, "the file is not UTF-8 text", "save the file as UTF-8")]) from None
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ContentError(
            [Problem(name, "", mark.line + 1 if mark else None, f"YAML syntax error: {exc.problem}",
                     "check indentation, colons and quotes around this line")]
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
        raise ContentError([Problem(name, "", None, "the file does not contain a mapping at the top",
                                    "start the file with 'id:', 'kind:', 'version:' and 'title:'")])
    kinds = registered_kinds()
    kind = data.get("kind")
    if kind not in kinds:
        known = ", ".join(sorted(kinds)) or "(none registered)"
        raise ContentError([Problem(name, "kind", _line_for(root, ("kind",)),
                                    f"unknown or missing kind {kind!r}", f"use one of: {known}")])
    return validate_as(kinds[kind], data, root, name)


def load_content(directory: Path | None = None) -> ContentBundle:
    """Load every ``*.yaml`` below ``directory``; collect all problems into one :class:`ContentError`."""
    directory = Path(directory or DEFAULT_DIR)
    bundle = ContentBundle()
    problems: list[Problem] = []
    files = sorted(p for p in directory.rglob("*.y*ml") if p.is_file())
    if not files:
        raise ContentError([Problem(str(directory), "", None, "no content files found",
                                    "put the questionnaire YAML files in this folder")])
    for path in files:
        try:
            item = load_file(path, directory)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if item.id in bundle.files:
            other = bundle.sources[item.id].relative_to(directory)
            problems.append(Problem(str(path.relative_to(directory)), "id", None,
                                    f"id {item.id!r} is already used by {other}", "give each file its own id"))
            continue
        bundle.files[item.id] = item
        bundle.sources[item.id] = path
    if not problems:
        problems = _cross_problems(bundle, directory)
    if problems:
        raise ContentError(problems)
    return bundle


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
