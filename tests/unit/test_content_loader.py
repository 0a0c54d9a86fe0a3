"""The loader turns any broken file into one clear message: file, line, path, what, fix."""

from pathlib import Path
from typing import Annotated

import pytest
from pydantic import Field, model_validator

from dshub.content import ContentError, load_content
from dshub.content.base import ContentFile, ContentModel, LocatedProblems, Url, register_kind
from dshub.content.loader import load_yaml_as


class _Source(ContentModel):
    url: Url
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None


@register_kind
class _Sample(ContentFile):
    KIND = "test_sample"
    items: list[str] = []
    source: _Source | None = None


GOOD = """\
id: sample
kind: test_sample
version: 1.0.0
title:
  nl: Voorbeeld
  en: Example
items: [a, b]
"""


def _write(tmp_path: Path, text: str, name="sample.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _problems(tmp_path):
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    return info.value


def test_good_file_loads(tmp_path):
    bundle = load_content(_write(tmp_path, GOOD))
    assert bundle.get("sample").title.get("en") == "Example"


def test_missing_english_is_located(tmp_path):
    err = _problems(_write(tmp_path, GOOD.replace("  en: Example\n", "")))
    (p,) = err.problems
    assert p.file == "sample.yaml" and p.path == "title.en" and p.line == 4
    assert "add the field 'en'" in p.fix
    assert "sample.yaml, line 4, at 'title.en'" in err.message


def test_unknown_field_is_named(tmp_path):
    err = _problems(_write(tmp_path, GOOD + "colour: blue\n"))
    (p,) = err.problems
    assert p.path == "colour" and p.line == 8 and "remove or rename 'colour'" in p.fix


def test_yaml_syntax_error_gives_line(tmp_path):
    err = _problems(_write(tmp_path, GOOD.replace("items: [a, b]", "items: [a, b")))
    (p,) = err.problems
    assert p.line is not None and "YAML syntax error" in p.what


def test_unknown_kind_lists_known_kinds(tmp_path):
    err = _problems(_write(tmp_path, GOOD.replace("test_sample", "sampel")))
    assert "test_sample" in err.problems[0].fix


def test_bad_id_and_version(tmp_path):
    err = _problems(_write(tmp_path, GOOD.replace("id: sample", "id: Sample One").replace("1.0.0", "one")))
    assert {p.path for p in err.problems} == {"id", "version"}
    fixes = {p.path: p.fix for p in err.problems}
    assert "lower-case letters, digits and underscores" in fixes["id"] and "version" not in fixes["id"]
    assert "version number like 1.0" in fixes["version"] and "lower-case" not in fixes["version"]


def test_bad_url_gets_a_url_hint_not_the_id_or_version_hint(tmp_path):
    err = _problems(_write(tmp_path, GOOD + "source:\n  url: www.cbs.nl/data\n"))
    (p,) = err.problems
    assert p.path == "source.url" and p.line == 9
    assert "starts with https://" in p.fix
    assert "lower-case" not in p.fix and "1.0.0" not in p.fix


def test_other_pattern_gets_a_generic_hint_naming_the_pattern(tmp_path):
    err = _problems(_write(tmp_path, GOOD + "source:\n  url: https://cbs.nl\n  code: nl\n"))
    (p,) = err.problems
    assert p.path == "source.code" and "matches the pattern ^[A-Z]{2}$" in p.fix


def test_duplicate_ids_across_files(tmp_path):
    _write(tmp_path, GOOD, "a.yaml")
    err = _problems(_write(tmp_path, GOOD, "b.yaml"))
    assert "already used by a.yaml" in err.problems[0].what


def test_all_broken_files_reported_together(tmp_path):
    _write(tmp_path, "id: [", "a.yaml")
    err = _problems(_write(tmp_path, "just text", "b.yaml"))
    assert [p.file for p in err.problems] == ["a.yaml", "b.yaml"]


def test_empty_folder(tmp_path):
    assert "no content files" in _problems(tmp_path).problems[0].what


def test_shipped_content_is_valid():
    bundle = load_content()
    assert bundle.files, "questionnaires/ should contain content"


# --------------------------------------------------------------------------- every kind of unreadable file


def _one(tmp_path, raw: bytes):
    (tmp_path / "sample.yaml").write_bytes(raw)
    err = _problems(tmp_path)
    (p,) = err.problems
    assert p.file == "sample.yaml" and p.fix
    assert "Traceback" not in err.message
    return p


def test_control_character_is_located_not_a_traceback(tmp_path):
    # yaml.reader.ReaderError is not a MarkedYAMLError: it used to escape as a traceback
    p = _one(tmp_path, GOOD.replace("  en: Example", "  en: Exa\x07mple").encode())
    assert p.line == 6 and "U+0007" in p.what and "control character" in p.what
    assert "delete that character" in p.fix


def test_bad_encoding_is_located(tmp_path):
    p = _one(tmp_path, GOOD.replace("Voorbeeld", "Voorbeeld é").encode("latin-1"))
    assert p.line == 5 and "not UTF-8" in p.what and "0xe9" in p.what
    assert "UTF-8" in p.fix


def test_duplicate_key_is_located(tmp_path):
    p = _one(tmp_path, (GOOD + "items: [c]\n").encode())
    assert p.line == 8 and p.path == "items" and "written twice" in p.what and "line 7" in p.what


def test_duplicate_nested_key_is_located(tmp_path):
    p = _one(tmp_path, GOOD.replace("  en: Example\n", "  en: Example\n  nl: Nog een\n").encode())
    assert p.line == 7 and p.path == "nl" and "first on line 5" in p.what


@pytest.mark.parametrize(
    "text, path",
    [
        (GOOD.replace("items: [a, b]", "items: {a: 1}"), "items"),  # a mapping where a list belongs
        (GOOD.replace("kind: test_sample", "kind: [test_sample]"), "kind"),  # a list where a name belongs
        (GOOD.replace("version: 1.0.0", "version: [1]"), "version"),
    ],
)
def test_wrong_types_are_located(tmp_path, text, path):
    p = _one(tmp_path, text.encode())
    assert p.path == path and p.line is not None


def test_a_file_that_is_only_a_list(tmp_path):
    p = _one(tmp_path, b"- a\n- b\n")
    assert "mapping at the top" in p.what


def test_validate_prints_the_message_not_a_traceback(tmp_path, capsys):
    from dshub import cli

    (tmp_path / "sample.yaml").write_bytes(GOOD.replace("Example", "Ex\x00ample").encode())
    assert cli.main(["validate", "--content-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "sample.yaml, line 6" in err and "U+0000" in err and "Traceback" not in err


class _Part(ContentModel):
    name: str
    size: int

    @model_validator(mode="after")
    def _check(self):
        problems = []
        if self.size > 9:
            problems.append((("size",), f"size {self.size} is too large for {self.name}", "use 9 or less"))
        if self.name.upper() == self.name:
            problems.append(((), "the name is all capitals", "write it in lower case"))
        if problems:
            raise LocatedProblems(problems)
        return self


class _Parts(ContentModel):
    parts: list[_Part]


def test_a_model_check_can_locate_each_problem(tmp_path):
    path = tmp_path / "parts.yaml"
    path.write_text("parts:\n  - name: a\n    size: 1\n  - name: B\n    size: 12\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_yaml_as(path, _Parts)
    first, second = info.value.problems
    assert (first.file, first.path, first.line) == ("parts.yaml", "parts[1].size", 5)
    assert first.what == "size 12 is too large for B" and first.fix == "use 9 or less"
    assert (second.path, second.line, second.fix) == ("parts[1]", 4, "write it in lower case")
    assert (
        "parts.yaml, line 5, at 'parts[1].size': size 12 is too large for B. Fix: use 9 or less" in info.value.message
    )


def test_located_problems_read_as_one_message_outside_the_loader():
    with pytest.raises(ValueError, match=r"size: size 12 is too large for B; the name is all capitals"):
        _Part(name="B", size=12)
