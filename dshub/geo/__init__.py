"""Dutch municipal boundaries (2025) from the repository's own TopoJSON file, no GIS library, no network.

:func:`boundaries` reads ``data/geo/gemeente_2025.topojson`` once (cached) and decodes it into
:class:`Municipality` objects (statcode, name, polygons as lon/lat rings, centroid). :func:`find` looks a
municipality up by statcode or by name, ignoring case, accents, punctuation, the word "gemeente" and a
few well-known other names (Den Haag, Den Bosch). See ``data/geo/README.md`` for provenance and licence.

The decoder follows the TopoJSON format: arcs are quantized and delta-encoded; the top-level transform
(``scale``, ``translate``) turns them into coordinates; a negative arc index ``~i`` means arc ``i``
reversed; consecutive arcs of a ring share their joining point, which is written once.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "geo"
BOUNDARIES_FILE = DATA_DIR / "gemeente_2025.topojson"
OBJECT = "gemeente_2025"
BOUNDARIES_YEAR = 2025

Point = tuple[float, float]  # (longitude, latitude) in degrees
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]  # the outer ring first, then any holes

# Other names people use for a municipality (normalised) -> its official name.
OTHER_NAMES: dict[str, str] = {
    "den haag": "'s-Gravenhage",
    "the hague": "'s-Gravenhage",
    "s gravenhage": "'s-Gravenhage",
    "den bosch": "'s-Hertogenbosch",
    "s hertogenbosch": "'s-Hertogenbosch",
}


class GeoDataError(ValueError):
    """The boundary file or the data-centre file cannot be used; the message says what and how to fix it."""


# --------------------------------------------------------------------------- decoding TopoJSON


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc of ``topology`` as absolute (lon, lat) points (delta decoding plus the transform)."""
    transform = topology.get("transform")
    sx, sy = transform["scale"] if transform else (1.0, 1.0)
    tx, ty = transform["translate"] if transform else (0.0, 0.0)
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            if transform:
                x, y = x + position[0], y + position[1]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        arcs.append(points)
    return arcs


def _ring(indices: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    points: list[Point] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc[1:] if points else arc)  # the joining point is written once
    return tuple(points)


def _polygons(geometry: dict[str, Any], arcs: Sequence[Sequence[Point]]) -> tuple[Polygon, ...]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return (tuple(_ring(r, arcs) for r in geometry["arcs"]),)
    if kind == "MultiPolygon":
        return tuple(tuple(_ring(r, arcs) for r in polygon) for polygon in geometry["arcs"])
    raise GeoDataError(f"geometry {geometry.get('id')!r} is a {kind}; only Polygon and MultiPolygon are used")


def to_geojson(topology: dict[str, Any], name: str) -> dict[str, Any]:
    """The object ``name`` of ``topology`` as a GeoJSON FeatureCollection (ids and properties kept)."""
    arcs = decode_arcs(topology)
    features = []
    for g in topology["objects"][name]["geometries"]:
        polygons = _polygons(g, arcs)
        coords = [[[list(p) for p in ring] for ring in poly] for poly in polygons]
        geometry = (
            {"type": "Polygon", "coordinates": coords[0]}
            if g["type"] == "Polygon"
            else {"type": "MultiPolygon", "coordinates": coords}
        )
        features.append(
            {"type": "Feature", "id": g.get("id"), "properties": dict(g.get("properties") or {}), "geometry": geometry}
        )
    return {"type": "FeatureCollection", "features": features}


# --------------------------------------------------------------------------- municipalities


def _area_centroid(ring: Ring) -> tuple[float, Point]:
    """(absolute area, centroid) of a closed ring, by the shoelace formula (in degrees: fine for markers)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(a) / 2, (cx / (3 * a), cy / (3 * a))


@dataclass(frozen=True)
class Municipality:
    statcode: str
    name: str
    polygons: tuple[Polygon, ...] = field(repr=False)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat)."""
        xs = [p[0] for poly in self.polygons for p in poly[0]]
        ys = [p[1] for poly in self.polygons for p in poly[0]]
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def centroid(self) -> Point:
        """The centre of its largest part (so a marker lands on the mainland, not between islands)."""
        return max((_area_centroid(poly[0]) for poly in self.polygons), key=lambda ac: ac[0])[1]


@dataclass(frozen=True)
class Boundaries:
    year: int
    municipalities: tuple[Municipality, ...]

    _by_code: dict[str, Municipality] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, Municipality] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_code", {m.statcode: m for m in self.municipalities})
        object.__setattr__(self, "_by_name", {normalise_name(m.name): m for m in self.municipalities})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.municipalities)

    def by_statcode(self, statcode: str) -> Municipality | None:
        return self._by_code.get((statcode or "").strip().upper())

    def municipality(self, statcode: str) -> Municipality:
        """:meth:`by_statcode` for a code that must be in these boundaries: KeyError if it is not."""
        found = self.by_statcode(statcode)
        if found is None:
            raise KeyError(f"no municipality {statcode!r} in the {self.year} boundaries")
        return found

    def find(self, name_or_code: str | None) -> Municipality | None:
        """The municipality with this statcode (``GM0014``) or name (any case or accents; Den Haag too)."""
        if not name_or_code or not name_or_code.strip():
            return None
        text = name_or_code.strip()
        if re.fullmatch(r"(?i)gm\d{4}", text):
            return self.by_statcode(text)
        key = normalise_name(text)
        found = self._by_name.get(key)
        if found is None and key in OTHER_NAMES:
            found = self._by_name.get(normalise_name(OTHER_NAMES[key]))
        return found

    def suggest(self, name: str) -> str:
        """The closest official name to a misspelt one ("" when nothing is close)."""
        import difflib

        keys = list(self._by_name)
        guess = difflib.get_close_matches(normalise_name(name), keys, n=1, cutoff=0.75)
        return self._by_name[guess[0]].name if guess else ""


def normalise_name(name: str) -> str:
    """Lower case, no accents, no punctuation, no leading "gemeente": 'Súdwest-Fryslân' -> 'sudwest fryslan'."""
    text = unicodedata.normalize("NFKD", name.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^gemeente ", "", text)


def parse_boundaries(topology: dict[str, Any], name: str = OBJECT, year: int = BOUNDARIES_YEAR) -> Boundaries:
    """Decode a TopoJSON topology whose geometries carry ``statcode`` and ``statnaam`` properties."""
    if topology.get("type") != "Topology" or name not in topology.get("objects", {}):
        raise GeoDataError(f"expected a TopoJSON Topology with the object {name!r}")
    arcs = decode_arcs(topology)
    out = []
    for g in topology["objects"][name]["geometries"]:
        props = g.get("properties") or {}
        code, label = props.get("statcode") or g.get("id"), props.get("statnaam")
        if not code or not label:
            raise GeoDataError(f"geometry {g.get('id')!r} has no statcode or statnaam")
        out.append(Municipality(str(code), str(label), _polygons(g, arcs)))
    return Boundaries(year, tuple(sorted(out, key=lambda m: m.statcode)))


@lru_cache(maxsize=1)
def boundaries() -> Boundaries:
    """The 2025 municipalities from ``data/geo/gemeente_2025.topojson`` (read once)."""
    try:
        topology = json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeoDataError(
            f"{BOUNDARIES_FILE.name}: cannot be read ({exc}); restore it from data/geo (see its README)"
        ) from exc
    return parse_boundaries(topology)


def find(name_or_code: str | None) -> Municipality | None:
    """Shortcut for ``boundaries().find(...)``."""
    return boundaries().find(name_or_code)


# --------------------------------------------------------------------------- projection (for drawing)


def mercator_y(lat: float) -> float:
    """Web-Mercator northing in degree-like units, so x = longitude and y share one scale."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def rings_xy(polygons: Iterable[Polygon]) -> tuple[list[float | None], list[float | None]]:
    """Every ring of ``polygons`` projected (lon, mercator y), separated by ``None`` (plotly's gap)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for poly in polygons:
        for ring in poly:
            xs.extend(round(p[0], 4) for p in ring)
            ys.extend(round(mercator_y(p[1]), 4) for p in ring)
            xs.append(None)
            ys.append(None)
    return xs, ys
