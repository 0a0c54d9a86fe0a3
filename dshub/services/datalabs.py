"""Use cases of the data-labs page: factsheets per lab, a comparison with one's own lab, and the map.

Reads the loaded lab records (see :mod:`dshub.services.benchmarks`), the user's own datalab profile
(answers handed in by the page, or saved for a workshop team), the municipal boundaries and the CBS data
centres (``data/geo/``), and, with a participant token or a results key, the session's municipalities.
Returns complete view models; the page only draws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from dshub.benchmarks import factsheets as fs
from dshub.benchmarks.content import LAB_TYPES
from dshub.benchmarks.factsheets import Factsheet
from dshub.errors import NotFound
from dshub.geo import Boundaries, boundaries
from dshub.geo.centres import CentresFile, load_data_centres
from dshub.services import benchmarks, maturity, workshops
from dshub.store.db import Database

# --------------------------------------------------------------------------- who is looking


@dataclass(frozen=True)
class Context:
    """What the address says about the reader: their own municipality (an official 2025 name when it is
    one, else as typed for the session) and, in a regional session, all of the session's municipalities."""

    own_municipality: str | None = None
    session_municipalities: tuple[str, ...] = ()
    workshop_title: str | None = None


def _official(name: str | None) -> str | None:
    if not name:
        return None
    found = boundaries().find(name)
    return found.name if found else name


def context(db: Database, token: str | None = None, key: str | None = None) -> Context:
    """From a participant token (``?p=``: the team's municipality) or a results key (``?key=``: a
    municipality's own link names it; any key of a regional session gives its municipalities).

    A token or key that opens nothing raises :class:`NotFound` / :class:`Forbidden` (the page says so
    and goes on without it)."""
    if not token and not key:
        return Context()
    with db.read() as session:
        if token:
            seat = workshops.seat_for_token(session, token, require_open=False)
            workshop = seat.workshop
            places = workshops.municipalities_of(session, workshop.id)
            own = None
            if seat.team is not None and seat.team.municipality_id is not None:
                own = next((p.name for p in places if p.id == seat.team.municipality_id), None)
            if own is None and len(places) == 1:
                own = places[0].name
        else:
            workshop, _, place = maturity.access(session, key)
            places = workshops.municipalities_of(session, workshop.id)
            own = place.name if place is not None else (places[0].name if len(places) == 1 else None)
        names = tuple(p.name for p in places) if len(places) > 1 else ()
        return Context(_official(own), tuple(_official(n) or n for n in names), workshop.title)


def saved_profile(db: Database, token: str | None) -> dict[str, Any]:
    """The profile answers saved for the participant's team (``{}`` without a usable token)."""
    if not token:
        return {}
    try:
        return benchmarks.profile_answers(db, token).answers
    except NotFound:
        return {}


def municipality_names() -> tuple[str, ...]:
    """The 2025 municipalities' official names (for choosing one's own)."""
    return boundaries().names


# --------------------------------------------------------------------------- the map's content


@dataclass(frozen=True)
class Place:
    """A municipality with something to show: its labs (title, type), CBS data centres, session membership."""

    statcode: str
    name: str
    labs: tuple[tuple[str, str], ...] = ()  # (lab title, lab type id)
    centres: tuple[str, ...] = ()  # centre names
    in_session: bool = False

    @property
    def lab_type(self) -> str | None:
        """The type the map colours the municipality by: the first in :data:`LAB_TYPES` order."""
        types = {lab_type for _, lab_type in self.labs}
        return next((lt for lt in LAB_TYPES if lt in types), None)


@dataclass(frozen=True)
class MapData:
    boundaries: Boundaries
    places: tuple[Place, ...]
    centres: CentresFile
    provincial: tuple[str, ...]  # centres without one municipality (listed in the table, not drawn)
    unmapped_labs: tuple[Factsheet, ...]  # labs whose municipality is unknown or not a 2025 municipality

    @property
    def checked(self) -> date:
        return self.centres.checked


def map_data(labs: Sequence[Factsheet], session_municipalities: Sequence[str] = ()) -> MapData:
    known = boundaries()
    centres = load_data_centres()
    by_code: dict[str, dict[str, Any]] = {}

    def entry(statcode: str) -> dict[str, Any]:
        m = known.municipality(statcode)
        return by_code.setdefault(
            statcode, {"statcode": statcode, "name": m.name, "labs": [], "centres": [], "in_session": False}
        )

    unmapped = []
    for lab in labs:
        places = [known.find(name) for name in lab.municipalities]
        if lab.type not in LAB_TYPES or not any(places):
            unmapped.append(lab)
            continue
        for m in places:
            if m is not None:
                entry(m.statcode)["labs"].append((lab.title or "", lab.type))
    provincial = []
    for centre in centres.centres:
        if not centre.municipalities:
            provincial.append(centre.name)
        for place in centre.municipalities:
            entry(place.statcode)["centres"].append(centre.name)
    for name in session_municipalities:
        m = known.find(name)
        if m is not None:
            entry(m.statcode)["in_session"] = True
    mapped = tuple(
        Place(e["statcode"], e["name"], tuple(e["labs"]), tuple(e["centres"]), e["in_session"])
        for e in sorted(by_code.values(), key=lambda e: e["name"].lower().lstrip("'"))
    )
    return MapData(known, mapped, centres, tuple(provincial), tuple(unmapped))


# --------------------------------------------------------------------------- the page's view model


@dataclass(frozen=True)
class DatalabsView:
    """Everything the data-labs page shows.

    ``origin``: ``records`` (loaded lab records: a factsheet per lab), ``profile`` (none loaded: the
    user's own profile) or ``none`` (neither). ``own`` are the factsheets of the reader's own lab: the
    loaded labs in their municipality, else their own profile.
    """

    origin: Literal["records", "profile", "none"]
    factsheets: tuple[Factsheet, ...]
    own: tuple[Factsheet, ...]
    own_municipality: str | None
    session_municipalities: tuple[str, ...]
    map: MapData
    dataset: benchmarks.DatasetInfo | None = None

    def factsheet(self, key: str | None) -> Factsheet | None:
        return next((f for f in self.factsheets + self.own if f.key == key), None)


def datalabs_view(
    db: Database,
    profile_answers: Mapping[str, Any] | None = None,
    own_municipality: str | None = None,
    session_municipalities: Sequence[str] = (),
) -> DatalabsView:
    """Factsheets from the loaded lab records (else the own profile), the own lab, and the map's content."""
    records, dataset = benchmarks.records_in_use(db)
    own_name = _official(own_municipality)
    profile = fs.from_profile(profile_answers or {}, own_name)
    sheets = tuple(sorted((fs.from_record(r) for r in records), key=lambda f: (f.title or "").lower()))
    if sheets:
        origin: Literal["records", "profile", "none"] = "records"
    elif profile is not None:
        origin = "profile"
    else:
        origin = "none"
    own = fs.labs_in(sheets, own_name) or ((profile,) if profile is not None else ())
    on_map = sheets if sheets else tuple(f for f in (profile,) if f is not None and f.municipalities)
    return DatalabsView(
        origin, sheets, own, own_name, tuple(session_municipalities), map_data(on_map, session_municipalities), dataset
    )
