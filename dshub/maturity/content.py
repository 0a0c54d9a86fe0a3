"""Content model for the data-science maturity scan (``kind: maturity_model``).

The file ``questionnaires/maturity.yaml`` describes:

* ``levels``: exactly five maturity levels, numbered 1..5 in order;
* ``areas``: the areas of the model (public value at the centre);
* ``dimensions``: each belongs to one area and has, for every level, a
  ``descriptor`` (what it looks like) and a ``next_step`` (how to reach the next
  level; at level 5 how to stay there);
* ``size_targets``: "good enough" target levels per dimension and municipality
  size class;
* ``items``: the item bank. Every item has exactly five answer ``options``, one
  per level in level order; "don't know" is added by the app. Items marked
  ``quickscan: true`` form the quickscan, all items together the full scan.

Cross-reference checks are collected and reported together in one message so a
facilitator who edits the file sees every problem at once.
"""

from __future__ import annotations

import itertools
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from dshub.content.base import ContentFile, ContentModel, Ident, Text, register_kind

LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
MIN_LEVEL, MAX_LEVEL = LEVELS[0], LEVELS[-1]
Scan = Literal["quick", "full"]
LevelNumber = Annotated[int, Field(ge=MIN_LEVEL, le=MAX_LEVEL)]


class Level(ContentModel):
    """One of the five maturity levels."""

    level: LevelNumber
    id: Ident
    label: Text
    summary: Text


class Area(ContentModel):
    """An area of the model; dimensions belong to exactly one area."""

    id: Ident
    label: Text
    summary: Text


class DimensionLevel(ContentModel):
    """What a dimension looks like at one level, and how to move on."""

    descriptor: Text
    next_step: Text


class Dimension(ContentModel):
    id: Ident
    area: Ident
    label: Text
    short: Text  # short label for chart axes
    summary: Text
    levels: dict[int, DimensionLevel]

    @field_validator("levels")
    @classmethod
    def _all_levels(cls, value: dict[int, DimensionLevel]) -> dict[int, DimensionLevel]:
        missing = [n for n in LEVELS if n not in value]
        extra = sorted(n for n in value if n not in LEVELS)
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing level(s) {', '.join(map(str, missing))}")
            if extra:
                parts.append(f"unknown level(s) {', '.join(map(str, extra))}")
            raise ValueError(
                f"a dimension needs a descriptor and next_step for each of the levels 1, 2, 3, 4 and 5: "
                f"{'; '.join(parts)}; write one entry '1:' to '5:' under 'levels'"
            )
        return dict(sorted(value.items()))


class Item(ContentModel):
    """A question with five answer statements, one per level (level 1 first)."""

    id: Ident
    dimension: Ident
    quickscan: bool = False
    text: Text
    help: Text
    options: list[Text]

    @field_validator("options")
    @classmethod
    def _five_options(cls, value: list[Text]) -> list[Text]:
        if len(value) != len(LEVELS):
            raise ValueError(
                f"an item needs exactly {len(LEVELS)} options, one per level in order 1 to 5, "
                f"but has {len(value)}; add or remove options ('don't know' is added by the app)"
            )
        return value


class SizeClass(ContentModel):
    """A municipality size class; it runs from ``min_inhabitants`` up to the next class."""

    id: Ident
    label: Text
    min_inhabitants: Annotated[int, Field(ge=0)]


class SizeTargets(ContentModel):
    """Suggested "good enough" target level per dimension and size class."""

    text: Text
    classes: list[SizeClass]
    targets: dict[Ident, dict[Ident, int]]


@register_kind
class MaturityModel(ContentFile):
    """The maturity model and its item bank."""

    KIND: ClassVar[str] = "maturity_model"

    kind: Literal["maturity_model"]
    notes: Text
    levels: list[Level]
    areas: list[Area]
    dimensions: list[Dimension]
    size_targets: SizeTargets
    items: list[Item]

    # ------------------------------------------------------------------ checks

    @model_validator(mode="after")
    def _check_references(self) -> MaturityModel:
        problems: list[str] = []
        problems += self._level_problems()
        area_ids = [a.id for a in self.areas]
        dim_ids = [d.id for d in self.dimensions]
        problems += _duplicates(area_ids, "area")
        problems += _duplicates(dim_ids, "dimension")
        problems += _duplicates([i.id for i in self.items], "item")

        for n, dim in enumerate(self.dimensions):
            if dim.area not in area_ids:
                problems.append(
                    f"dimensions[{n}] ({dim.id!r}) names unknown area {dim.area!r}; use one of: {', '.join(area_ids)}"
                )
        for area in self.areas:
            if not any(d.area == area.id for d in self.dimensions):
                problems.append(f"area {area.id!r} has no dimensions; add one or remove the area")

        for n, item in enumerate(self.items):
            if item.dimension not in dim_ids:
                problems.append(
                    f"items[{n}] ({item.id!r}) names unknown dimension {item.dimension!r}; "
                    f"use one of: {', '.join(dim_ids)}"
                )
            elif not item.id.startswith(item.dimension + "_"):
                problems.append(
                    f"items[{n}] id {item.id!r} must start with its dimension and an underscore "
                    f"({item.dimension + '_'}...); rename it to keep ids readable and stable"
                )
        for dim in self.dimensions:
            own = [i for i in self.items if i.dimension == dim.id]
            if not own:
                problems.append(f"dimension {dim.id!r} has no items; add at least one item for it")
            elif not any(i.quickscan for i in own):
                problems.append(
                    f"dimension {dim.id!r} has no quickscan item; mark at least one of its items 'quickscan: true'"
                )
        problems += self._size_problems(dim_ids)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _level_problems(self) -> list[str]:
        numbers = [lv.level for lv in self.levels]
        problems = []
        if numbers != list(LEVELS):
            problems.append(
                f"'levels' must list exactly five levels numbered 1, 2, 3, 4, 5 in that order, "
                f"found {numbers or 'none'}"
            )
        problems += _duplicates([lv.id for lv in self.levels], "level")
        return problems

    def _size_problems(self, dim_ids: list[str]) -> list[str]:
        st = self.size_targets
        class_ids = [c.id for c in st.classes]
        problems = _duplicates(class_ids, "size class")
        if not st.classes:
            problems.append("size_targets.classes is empty; add at least one size class")
        else:
            mins = [c.min_inhabitants for c in st.classes]
            if mins[0] != 0 or any(b <= a for a, b in itertools.pairwise(mins)):
                problems.append(
                    "size_targets.classes must start at min_inhabitants 0 and increase strictly, "
                    f"found {mins}; order the classes from small to large"
                )
        for dim_id, per_class in st.targets.items():
            if dim_id not in dim_ids:
                problems.append(
                    f"size_targets.targets names unknown dimension {dim_id!r}; use one of: {', '.join(dim_ids)}"
                )
                continue
            if set(per_class) != set(class_ids):
                problems.append(
                    f"size_targets.targets.{dim_id} must give a level for exactly the size classes "
                    f"{', '.join(class_ids)}, found {', '.join(per_class) or 'none'}"
                )
            for cls_id, level in per_class.items():
                if not MIN_LEVEL <= level <= MAX_LEVEL:
                    problems.append(f"size_targets.targets.{dim_id}.{cls_id} is {level}; a target level must be 1 to 5")
        for dim_id in dim_ids:
            if dim_id not in st.targets:
                problems.append(f"size_targets.targets has no entry for dimension {dim_id!r}; add one")
        return problems

    # ----------------------------------------------------------------- helpers

    def items_for(self, scan: Scan = "full") -> list[Item]:
        """Items of the quickscan (``"quick"``) or the full scan (``"full"``), in file order."""
        if scan == "quick":
            return [i for i in self.items if i.quickscan]
        if scan == "full":
            return list(self.items)
        raise ValueError(f"unknown scan {scan!r}; use 'quick' or 'full'")

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(f"unknown maturity item {item_id!r}")

    def dimension(self, dimension_id: str) -> Dimension:
        """Look a dimension up by id (``KeyError`` if unknown)."""
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(f"unknown maturity dimension {dimension_id!r}")

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(f"unknown maturity area {area_id!r}")

    def dimensions_in(self, area_id: str) -> list[Dimension]:
        return [d for d in self.dimensions if d.area == area_id]

    def level(self, number: int) -> Level:
        """The level with this number (1..5)."""
        if number not in LEVELS:
            raise KeyError(f"unknown maturity level {number!r}; levels are 1 to 5")
        return self.levels[number - 1]

    def level_label(self, number: int, lang: str = "nl") -> str:
        """Translated label of level ``number`` (1..5)."""
        return self.level(number).label.get(lang)

    def descriptor(self, dimension_id: str, number: int) -> DimensionLevel:
        """Descriptor and next step of a dimension at level ``number``."""
        self.level(number)
        return self.dimension(dimension_id).levels[number]

    def item_dimensions(self) -> dict[str, str]:
        """Mapping item id -> dimension id for every item in the bank."""
        return {i.id: i.dimension for i in self.items}

    def dimension_areas(self) -> dict[str, str]:
        """Mapping dimension id -> area id, in dimension order."""
        return {d.id: d.area for d in self.dimensions}

    def size_class(self, class_id: str) -> SizeClass:
        for cls in self.size_targets.classes:
            if cls.id == class_id:
                return cls
        known = ", ".join(c.id for c in self.size_targets.classes)
        raise KeyError(f"unknown size class {class_id!r}; use one of: {known}")

    def size_class_for(self, inhabitants: int) -> SizeClass:
        """The size class a municipality with ``inhabitants`` inhabitants falls into."""
        if inhabitants < 0:
            raise ValueError("the number of inhabitants cannot be negative")
        found = self.size_targets.classes[0]
        for cls in self.size_targets.classes:
            if inhabitants >= cls.min_inhabitants:
                found = cls
        return found

    def suggested_targets(self, class_id: str) -> dict[str, int]:
        """Suggested "good enough" target level per dimension (dimension order) for a size class."""
        self.size_class(class_id)
        return {d.id: self.size_targets.targets[d.id][class_id] for d in self.dimensions}


def _duplicates(ids: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    problems = []
    for ident in ids:
        if ident in seen:
            problems.append(f"{what} id {ident!r} is used more than once; give each {what} its own id")
        seen.add(ident)
    return problems


__all__ = [
    "LEVELS",
    "MAX_LEVEL",
    "MIN_LEVEL",
    "Area",
    "Dimension",
    "DimensionLevel",
    "Item",
    "Level",
    "MaturityModel",
    "Scan",
    "SizeClass",
    "SizeTargets",
]
