"""The typed shape of ``Workshop.settings`` (a JSON column): read forgivingly, written strictly.

Every key a workshop's settings may hold is a field of :class:`WorkshopSettings`:

- ``scan``: which maturity scan the session uses (``quick``, ``full`` or ``both``: each team chooses);
- ``size_class``, ``lab_type``, ``peer_opt_in``, ``targets``: the maturity targets and the peer benchmark;
- ``history_links``: ids of earlier workshops whose scans this workshop's trend may show;
- ``programme``: the day's programme, ``{"parts": [{"kind": ..., "at": "HH:MM" | null}], "current": index | null}``;
- ``demo``: the session was made by ``python -m dshub demo``.

Reading (:func:`read_settings`) never fails: a value that does not fit (an old row, a hand edit) is
dropped with a log line and the reader sees the default, as the tolerant readers before this model
did; keys this model does not know are kept. Writing goes through :func:`write_settings`, which
validates strictly (:class:`pydantic.ValidationError` on a value that does not fit) and stores the
normalised JSON shape (:meth:`WorkshopSettings.dump`). Migration 0007 rewrote existing rows into it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import time
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    StrictBool,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)

from dshub.benchmarks.peers import PEER_LAB_TYPES, SIZE_CLASSES

log = logging.getLogger(__name__)

SCAN_SETTINGS: tuple[str, ...] = ("quick", "full", "both")
PROGRAMME_KINDS: tuple[str, ...] = ("welcome", "pulse_start", "game", "ethics", "scan", "results", "pulse_end")
ScanSetting = Literal["quick", "full", "both"]
SizeClass = Literal["small", "medium", "large"]
ProgrammeKind = Literal["welcome", "pulse_start", "game", "ethics", "scan", "results", "pulse_end"]
LabType = Literal["independent", "collaborating", "cbs_data_center", "none", "planned"]
# The vocabularies above are spelled out for the type checker; these must agree with them.
assert SIZE_CLASSES == get_args(SizeClass) and PROGRAMME_KINDS == get_args(ProgrammeKind)
assert SCAN_SETTINGS == get_args(ScanSetting) and PEER_LAB_TYPES == get_args(LabType)

_TOLERANT = {"tolerant": True}


def _tolerant(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("tolerant"))


def _clock(value: Any) -> time | None:
    """A planned time as a wall-clock minute: a ``time`` or ``"HH:MM"`` (seconds are dropped)."""
    if value is None or value == "":
        return None
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, str):
        return time.fromisoformat(value).replace(second=0, microsecond=0, tzinfo=None)
    raise ValueError(f"a planned time is 'HH:MM', not {value!r}")


class ProgrammePart(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: ProgrammeKind
    at: time | None = None  # planned start (stored as "HH:MM")

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: Any, info: ValidationInfo) -> time | None:
        try:
            return _clock(value)
        except ValueError:
            if not _tolerant(info):
                raise
            log.warning("workshop settings: unreadable programme time %r dropped", value)
            return None

    @field_serializer("at")
    def _at_text(self, value: time | None) -> str | None:
        return value.strftime("%H:%M") if value is not None else None


class ProgrammeSetting(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    parts: tuple[ProgrammePart, ...] = ()
    current: StrictInt | None = None  # the open part (index), None before the first is opened

    @field_validator("parts", mode="before")
    @classmethod
    def _parts(cls, value: Any, info: ValidationInfo) -> Any:
        if not _tolerant(info) or not isinstance(value, (list, tuple)):
            return value
        kept = [
            p
            for p in value
            if (isinstance(p, Mapping) and p.get("kind") in PROGRAMME_KINDS) or isinstance(p, ProgrammePart)
        ]
        if len(kept) != len(value):
            log.warning("workshop settings: %d unreadable programme part(s) dropped", len(value) - len(kept))
        return kept

    @field_validator("current", mode="before")
    @classmethod
    def _current(cls, value: Any, info: ValidationInfo) -> Any:
        if _tolerant(info) and value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            log.warning("workshop settings: unreadable open programme part %r dropped", value)
            return None
        return value

    @model_validator(mode="after")
    def _current_in_range(self, info: ValidationInfo) -> ProgrammeSetting:
        if self.current is not None and not 0 <= self.current < len(self.parts):
            if not _tolerant(info):
                raise ValueError(f"current part {self.current} is not one of the {len(self.parts)} parts")
            log.warning("workshop settings: open programme part %r out of range dropped", self.current)
            object.__setattr__(self, "current", None)
        return self


class WorkshopSettings(BaseModel):
    """A workshop's settings. Unknown keys are kept as they are (``extra="allow"``)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    scan: ScanSetting | None = None  # None: the kind's default (quick for a workshop, full for a self-assessment)
    size_class: SizeClass | None = None
    lab_type: LabType | None = None
    peer_opt_in: StrictBool | None = None  # only a real true opts in
    targets: dict[str, StrictInt] | None = None  # dimension id -> level; checked against the model on use
    history_links: tuple[StrictInt, ...] = ()
    programme: ProgrammeSetting | None = None
    demo: StrictBool | None = None

    @field_validator("targets", mode="before")
    @classmethod
    def _targets(cls, value: Any, info: ValidationInfo) -> Any:
        if not _tolerant(info) or not isinstance(value, Mapping):
            return value
        kept = {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)}
        if len(kept) != len(value):
            log.warning("workshop settings: %d unreadable target(s) dropped", len(value) - len(kept))
        return kept

    @field_validator("history_links", mode="before")
    @classmethod
    def _links(cls, value: Any, info: ValidationInfo) -> Any:
        if not _tolerant(info) or not isinstance(value, (list, tuple)):
            return value
        kept = [i for i in value if isinstance(i, int) and not isinstance(i, bool)]
        if len(kept) != len(value):
            log.warning("workshop settings: %d unreadable history link(s) dropped", len(value) - len(kept))
        return kept

    def dump(self) -> dict[str, Any]:
        """The JSON shape stored in the column: unset fields left out, unknown keys kept."""
        return {
            k: v
            for k, v in self.model_dump(mode="json").items()
            if not (k in type(self).model_fields and (v is None or v == []))
        }

    def but(self, **changes: Any) -> WorkshopSettings:
        """A copy with ``changes`` applied, validated strictly."""
        return WorkshopSettings.model_validate({**self.dump(), **_plain(changes)})


def _plain(changes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.model_dump(mode="json") if isinstance(v, BaseModel) else v for k, v in changes.items()}


def read_settings(raw: Any) -> WorkshopSettings:
    """The settings stored in a row, read forgivingly: each value that does not fit is dropped (logged)."""
    if isinstance(raw, WorkshopSettings):
        return raw
    if raw is None:
        return WorkshopSettings()
    if not isinstance(raw, Mapping):
        log.warning("workshop settings: not a mapping (%s), read as empty", type(raw).__name__)
        return WorkshopSettings()
    data = {str(k): v for k, v in raw.items()}
    while True:
        try:
            return WorkshopSettings.model_validate(data, context=_TOLERANT)
        except ValidationError as exc:
            bad = {e["loc"][0] for e in exc.errors() if e["loc"] and e["loc"][0] in data}
            if not bad:  # cannot happen: every error is in a field; never loop, never crash
                log.warning("workshop settings: unreadable (%s), read as empty", exc.error_count())
                return WorkshopSettings()
            for key in sorted(map(str, bad)):
                log.warning("workshop settings: unreadable %r dropped: %r", key, data[key])
                del data[key]


def validate_settings(value: WorkshopSettings | Mapping[str, Any] | None) -> WorkshopSettings:
    """Strict: raises :class:`pydantic.ValidationError` when a value does not fit."""
    if isinstance(value, WorkshopSettings):
        return WorkshopSettings.model_validate(value.dump())
    return WorkshopSettings.model_validate(dict(value or {}))


def write_settings(workshop: Any, value: WorkshopSettings | Mapping[str, Any] | None) -> WorkshopSettings:
    """Validate ``value`` strictly and store it on ``workshop`` (a :class:`~dshub.store.models.Workshop`)
    in its normalised JSON shape. The one way settings are written."""
    settings = validate_settings(value)
    workshop.settings = settings.dump()
    return settings


def normalise(raw: Any) -> dict[str, Any]:
    """The normalised JSON shape of a stored value (what migration 0007 writes); idempotent."""
    return read_settings(raw).dump()
