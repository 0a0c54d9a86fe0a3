"""The maturity model loads through the shared loader; broken variants give clear errors."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest
import yaml

from dshub.content import ContentError, load_content
from dshub.maturity.content import LEVELS, MaturityModel

REAL = Path(__file__).resolve().parents[2] / "questionnaires" / "maturity.yaml"

AREAS = {"public_value", "change", "organisation", "methods"}
DIMENSION_AREAS = {
    "strategy_value": "public_value",
    "ethics_law": "public_value",
    "leadership_change": "change",
    "people_skills": "change",
    "governance": "organisation",
    "technology": "organisation",
    "collaboration": "organisation",
    "data": "methods",
    "analytics": "methods",
}
LEVEL_IDS = ["agenda", "experiment", "broaden", "embed", "transform"]


@pytest.fixture(scope="module")
def model() -> MaturityModel:
    return load_content().get("maturity", MaturityModel)


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(REAL.read_text(encoding="utf-8"))


def _load(tmp_path: Path, data: dict) -> MaturityModel:
    (tmp_path / "maturity.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_content(tmp_path).get("maturity", MaturityModel)


def _error(tmp_path: Path, data: dict) -> str:
    with pytest.raises(ContentError) as info:
        _load(tmp_path, data)
    assert all(p.file == "maturity.yaml" for p in info.value.problems)
    return str(info.value)


# --------------------------------------------------------------------------- the real file


def test_real_file_has_the_fixed_structure(model: MaturityModel) -> None:
    assert model.kind == "maturity_model"
    assert {a.id for a in model.areas} == AREAS
    assert model.dimension_areas() == DIMENSION_AREAS
    assert [lv.level for lv in model.levels] == list(LEVELS)
    assert [lv.id for lv in model.levels] == LEVEL_IDS
    assert model.notes.nl and model.notes.en
    assert "Moore" in model.notes.en and "Berenschot" in model.notes.en and "Data Orchard" in model.notes.en


def test_every_dimension_has_descriptor_and_next_step_for_every_level(model: MaturityModel) -> None:
    for dim in model.dimensions:
        assert list(dim.levels) == list(LEVELS)
        for lv in LEVELS:
            texts = dim.levels[lv]
            assert texts.descriptor.nl != texts.descriptor.en
            assert texts.next_step.nl != texts.next_step.en
        # Descriptors of one dimension differ from level to level.
        assert len({dim.levels[lv].descriptor.en for lv in LEVELS}) == len(LEVELS)


def test_item_bank_size_and_quickscan(model: MaturityModel) -> None:
    per_dim = Counter(i.dimension for i in model.items)
    quick = Counter(i.dimension for i in model.items_for("quick"))
    assert 36 <= len(model.items) <= 45
    assert set(per_dim) == set(DIMENSION_AREAS)
    assert all(4 <= n <= 5 for n in per_dim.values()), per_dim
    assert all(1 <= quick[d] <= 2 for d in DIMENSION_AREAS), quick
    assert 9 <= len(model.items_for("quick")) <= 15  # about five minutes
    assert model.items_for("full") == list(model.items)


def test_items_have_five_distinct_options_and_prefixed_ids(model: MaturityModel) -> None:
    ids = [i.id for i in model.items]
    assert len(ids) == len(set(ids))
    for item in model.items:
        assert item.id.startswith(item.dimension + "_")
        assert len(item.options) == 5
        assert len({o.nl for o in item.options}) == 5 and len({o.en for o in item.options}) == 5
        assert item.text.nl.endswith("?") and item.text.en.endswith("?")
        assert item.help.nl and item.help.en


def test_size_targets_are_modest_for_small_municipalities(model: MaturityModel) -> None:
    small = model.suggested_targets("small")
    large = model.suggested_targets("large")
    assert list(small) == list(DIMENSION_AREAS)
    assert small["analytics"] <= 3
    assert all(small[d] <= large[d] for d in small)
    assert all(1 <= v <= 5 for cls in ("small", "medium", "large") for v in model.suggested_targets(cls).values())
    assert model.size_targets.text.nl and model.size_targets.text.en


@pytest.mark.parametrize(
    ("inhabitants", "expected"),
    [(0, "small"), (24_999, "small"), (25_000, "medium"), (100_000, "medium"), (100_001, "large"), (900_000, "large")],
)
def test_size_class_boundaries(model: MaturityModel, inhabitants: int, expected: str) -> None:
    assert model.size_class_for(inhabitants).id == expected


def test_helpers(model: MaturityModel) -> None:
    assert model.dimension("data").area == "methods"
    assert model.level_label(1, "nl") == "Agenderen"
    assert model.level_label(3, "en") == "Broadening"
    assert model.descriptor("analytics", 2).descriptor.en
    assert model.item("data_quality").dimension == "data"
    assert [d.id for d in model.dimensions_in("methods")] == ["data", "analytics"]
    with pytest.raises(KeyError):
        model.dimension("nope")
    with pytest.raises(KeyError):
        model.level(6)
    with pytest.raises(KeyError):
        model.size_class("huge")
    with pytest.raises(ValueError):
        model.items_for("medium")  # type: ignore[arg-type]  # on purpose: an unknown scan
    with pytest.raises(ValueError):
        model.size_class_for(-1)


# --------------------------------------------------------------------------- broken variants


def test_the_raw_copy_loads(tmp_path: Path, raw: dict) -> None:
    assert len(_load(tmp_path, copy.deepcopy(raw)).items) == len(raw["items"])


def test_four_levels(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["levels"].pop()
    assert "exactly five levels numbered 1, 2, 3, 4, 5" in _error(tmp_path, data)


def test_levels_out_of_order(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["levels"][0], data["levels"][1] = data["levels"][1], data["levels"][0]
    assert "found [2, 1, 3, 4, 5]" in _error(tmp_path, data)


def test_dimension_missing_a_level_text(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    del data["dimensions"][7]["levels"][3]
    msg = _error(tmp_path, data)
    assert "missing level(s) 3" in msg and "dimensions[7].levels" in msg


def test_dimension_level_without_next_step(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    del data["dimensions"][0]["levels"][5]["next_step"]
    msg = _error(tmp_path, data)
    assert "dimensions[0].levels[5].next_step" in msg and "add the field 'next_step'" in msg


def test_item_with_unknown_dimension(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["items"][3]["dimension"] = "dat"
    msg = _error(tmp_path, data)
    assert "unknown dimension 'dat'" in msg and "use one of: strategy_value" in msg


def test_dimension_with_unknown_area(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["dimensions"][0]["area"] = "value"
    assert "names unknown area 'value'" in _error(tmp_path, data)


def test_dimension_without_quickscan_item(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    for item in data["items"]:
        if item["dimension"] == "governance":
            item["quickscan"] = False
    assert "dimension 'governance' has no quickscan item" in _error(tmp_path, data)


def test_duplicate_item_id(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["items"][1]["id"] = data["items"][0]["id"]
    assert f"item id {data['items'][0]['id']!r} is used more than once" in _error(tmp_path, data)


def test_item_id_without_dimension_prefix(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["items"][0]["id"] = "goals"
    assert "must start with its dimension" in _error(tmp_path, data)


def test_item_with_four_options_points_at_the_line(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["items"][2]["options"].pop()
    with pytest.raises(ContentError) as info:
        _load(tmp_path, data)
    (problem,) = info.value.problems
    assert problem.path == "items[2].options"
    assert "exactly 5 options" in problem.what and "but has 4" in problem.what
    assert problem.line is not None and problem.line > 1


def test_size_target_out_of_range(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["size_targets"]["targets"]["analytics"]["small"] = 6
    assert "size_targets.targets.analytics.small is 6; a target level must be 1 to 5" in _error(tmp_path, data)


def test_size_target_for_unknown_dimension_and_missing_dimension(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["size_targets"]["targets"]["analysis"] = data["size_targets"]["targets"].pop("analytics")
    msg = _error(tmp_path, data)
    assert "unknown dimension 'analysis'" in msg
    assert "no entry for dimension 'analytics'" in msg


def test_size_target_missing_a_class(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    del data["size_targets"]["targets"]["data"]["medium"]
    assert "exactly the size classes small, medium, large" in _error(tmp_path, data)


def test_several_problems_are_reported_together(tmp_path: Path, raw: dict) -> None:
    data = copy.deepcopy(raw)
    data["items"][0]["dimension"] = "nope"
    data["size_targets"]["targets"]["data"]["small"] = 0
    msg = _error(tmp_path, data)
    assert "unknown dimension 'nope'" in msg and "data.small is 0" in msg
