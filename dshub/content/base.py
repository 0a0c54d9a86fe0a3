"""Shared building blocks for content files in ``questionnaires/``.

Every content file is YAML with at least ``id``, ``kind``, ``version`` and a
bilingual ``title``. Feature modules define a subclass of :class:`ContentFile`
for their ``kind`` and register it with :func:`register_kind`; the loader in
:mod:`dshub.content.loader` picks the model by ``kind``.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")

# Stable identifiers: lower case, digits and underscores, starting with a letter.
IDENT_PATTERN = r"^[a-z][a-z0-9_]*$"
VERSION_PATTERN = r"^\d+\.\d+(\.\d+)?$"
URL_PATTERN = r"^https?://\S+$"
Ident = Annotated[str, StringConstraints(pattern=IDENT_PATTERN, max_length=64)]
Version = Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]


class ContentModel(BaseModel):
    """Base for all content models: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(ContentModel):
    """A user-facing text in Dutch and English."""

    nl: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    en: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return self.nl


class ContentFile(ContentModel):
    """Fields every content file has."""

    KIND: ClassVar[str] = ""

    id: Ident
    kind: str
    version: Version
    title: Text
    description: Text | None = None


_KINDS: dict[str, type[ContentFile]] = {}


def register_kind(cls: type[ContentFile]) -> type[ContentFile]:
    """Class decorator: make ``cls`` the model for files whose ``kind`` is ``cls.KIND``."""
    if not cls.KIND:
        raise TypeError(f"{cls.__name__} must set KIND")
    existing = _KINDS.get(cls.KIND)
    if existing is not None and existing is not cls:
        raise TypeError(f"content kind {cls.KIND!r} registered twice")
    _KINDS[cls.KIND] = cls
    return cls


def registered_kinds() -> dict[str, type[ContentFile]]:
    return dict(_KINDS)


#: A place inside a file, as pydantic reports it: keys and list indexes from the top.
Loc = tuple[str | int, ...]


class LocatedProblems(ValueError):
    """Raised by a model validator for problems that each have their own place in the file.

    ``problems`` holds ``(place below the model, what is wrong, how to fix it)``, the shape a
    ``cross_check`` returns. The loader reports each one on its own, with its line; anywhere else
    the exception reads as one message.
    """

    def __init__(self, problems: list[tuple[Loc, str, str]]):
        self.problems = list(problems)
        super().__init__(
            "; ".join((".".join(str(p) for p in loc) + ": " if loc else "") + what for loc, what, _ in self.problems)
        )


def unique_ids(items, what: str) -> None:
    """Raise ValueError naming the first repeated ``id`` in ``items``."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"{what} id {item.id!r} is used more than once; ids must be unique")
        seen.add(item.id)


__all__ = [
    "LANGS",
    "ContentFile",
    "ContentModel",
    "Field",
    "Ident",
    "Lang",
    "Loc",
    "LocatedProblems",
    "Text",
    "Url",
    "Version",
    "register_kind",
    "registered_kinds",
    "unique_ids",
]
