"""The CBS Urban / Rural / Provincial Data Centres (``data/geo/cbs_data_centres.yaml``), checked on load.

Every centre names its source (its own, or ``list``: the CBS page that lists the centres); municipalities
must be 2025 municipalities with their right statcode, so each centre lands on the map where the file
says. ``python -m dshub validate`` runs :func:`load_data_centres` too.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from dshub.geo import DATA_DIR, GeoDataError, boundaries

CENTRES_FILE = DATA_DIR / "cbs_data_centres.yaml"
CentreKind = Literal["urban", "rural", "provincial"]
CENTRE_KINDS: tuple[str, ...] = ("urban", "rural", "provincial")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    title: str
    url: str
    says: str | None = None  # what the source states, in our words


class Place(_Model):
    name: str
    statcode: str


class Centre(_Model):
    id: str
    name: str
    kind: CentreKind
    municipalities: tuple[Place, ...] = ()
    province: str | None = None
    opened: int | None = None
    source: Source | Literal["list"]
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Centre:
        if self.kind == "provincial" and not self.province:
            raise ValueError(f"centre {self.id!r} is provincial; add its 'province'")
        if self.kind != "provincial" and not self.municipalities:
            raise ValueError(f"centre {self.id!r} has no municipalities; add at least one (name and statcode)")
        if self.opened is not None and not 2010 <= self.opened <= date.today().year:
            raise ValueError(f"centre {self.id!r}: 'opened' {self.opened} is not a plausible year")
        return self


class CentresFile(_Model):
    checked: date
    list_source: Source
    centres: tuple[Centre, ...]

    @model_validator(mode="after")
    def _unique(self) -> CentresFile:
        ids = [c.id for c in self.centres]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"duplicate centre id(s): {', '.join(doubles)}")
        return self

    def source_of(self, centre: Centre) -> Source:
        return self.list_source if centre.source == "list" else centre.source


def parse_data_centres(text: str, name: str = CENTRES_FILE.name) -> CentresFile:
    """Validate the file's text; :class:`GeoDataError` names the problem and the fix."""
    try:
        raw = yaml.safe_load(text)
        parsed = CentresFile.model_validate(raw)
    except yaml.YAMLError as exc:
        raise GeoDataError(f"{name}: not valid YAML ({exc})") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'file'}: {e['msg']}" for e in exc.errors())
        raise GeoDataError(f"{name}: {problems}. Fix the entries named (see data/geo/README.md)") from None
    known = boundaries()
    for centre in parsed.centres:
        for place in centre.municipalities:
            m = known.by_statcode(place.statcode)
            if m is None:
                raise GeoDataError(
                    f"{name}: centre {centre.id!r}: statcode {place.statcode} is not a "
                    f"{known.year} municipality; use the code from gemeente_{known.year}.topojson"
                )
            if m.name != place.name:
                raise GeoDataError(
                    f"{name}: centre {centre.id!r}: {place.statcode} is {m.name!r}, not "
                    f"{place.name!r}; correct the name or the code"
                )
    return parsed


@lru_cache(maxsize=1)
def load_data_centres(path: Path | None = None) -> CentresFile:
    path = path or CENTRES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GeoDataError(f"{path.name}: cannot be read ({exc})") from None
    return parse_data_centres(text, path.name)
