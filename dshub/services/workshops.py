"""Use cases for workshops: create, join, lobby, facilitator actions.

Every public function is one user action and runs in one transaction. Secrets
(facilitator key, participant token, results key) are only ever stored hashed.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dshub import security
from dshub.errors import Forbidden, Invalid, NotFound, UserError
from dshub.services import limits, live
from dshub.store.answers import Owner
from dshub.store.db import Database
from dshub.store.models import TEAM_NAME_MAX, TITLE_MAX, Participant, Team, Workshop, WorkshopMunicipality, utcnow
from dshub.store.settings import SCAN_SETTINGS as SCAN_SETTINGS  # re-exported for the create form
from dshub.store.settings import WorkshopSettings, read_settings, validate_settings, write_settings
from dshub.text import normalise

ROLES = ("information_management", "policy", "operations", "management", "communication", "other")
MODULES = ("game", "ethics", "maturity", "benchmark")
KINDS = ("workshop", "assessment")
# The session's ``scan`` setting: everyone answers the quickscan or the full scan, or each team (and each
# person answering alone) chooses (see dshub.services.maturity.set_scan_depth). Without it: quick for a
# workshop, full for a self-assessment. SCAN_SETTINGS (imported above) lives with the settings' model.
VALID_DAYS = 30  # a join code works until this many days after the later of creation and event date
# A regional session lists several municipalities (at most this many); each name in such a list is this long.
# (A session with one municipality keeps the single field's limit, TITLE_MAX, as it always had.)
MUNICIPALITIES_MAX = 20
MUNICIPALITY_NAME_MIN = 2
MUNICIPALITY_NAME_MAX = 60

JOIN_FAILURES_ALLOWED = limits.JOIN_CODE.allowed
# The names of the Dutch municipalities, offered as suggestions on the create form (see its README).
MUNICIPALITY_NAMES = Path(__file__).resolve().parents[2] / "data" / "municipalities" / "gemeenten_2025.txt"

log = logging.getLogger(__name__)

PAGE_JOIN = "join"
PAGE_FACILITATE = "facilitate"
PAGE_RESULTS = "results"


# --------------------------------------------------------------------------- views


@dataclass(frozen=True)
class WorkshopInfo:
    id: int
    code: str
    kind: str
    title: str
    municipality: str
    event_date: date | None
    modules: tuple[str, ...]
    status: str
    expires_at: datetime
    settings: WorkshopSettings

    def __post_init__(self) -> None:
        if not isinstance(self.settings, WorkshopSettings):  # a plain mapping, e.g. built by hand in a test
            object.__setattr__(self, "settings", read_settings(self.settings))

    @classmethod
    def of(cls, w: Workshop) -> WorkshopInfo:
        return cls(
            w.id,
            w.code,
            w.kind,
            w.title,
            w.municipality,
            w.event_date,
            tuple(w.modules or ()),
            w.status,
            w.expires_at,
            read_settings(w.settings),
        )

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class TeamInfo:
    id: int
    name: str
    roles: tuple[str, ...]
    members: int
    municipality: str | None = None  # the name of the municipality the team comes from


@dataclass(frozen=True)
class MunicipalityInfo:
    """One municipality of a session; ``number`` (1, 2, ...) is its place in the facilitator's list."""

    id: int
    number: int
    name: str
    has_results_link: bool = False


@dataclass(frozen=True)
class Lobby:
    workshop: WorkshopInfo
    teams: tuple[TeamInfo, ...]
    live: dict[str, int] | None = None  # the live counters it was read at (topic ``board`` covers teams)
    municipalities: tuple[MunicipalityInfo, ...] = ()

    @property
    def regional(self) -> bool:
        return len(self.municipalities) > 1


@dataclass(frozen=True)
class Links:
    join_url: str
    facilitator_url: str | None = None
    results_url: str | None = None


@dataclass(frozen=True)
class CreatedWorkshop:
    workshop: WorkshopInfo
    facilitator_key: str
    links: Links
    municipalities: tuple[MunicipalityInfo, ...] = ()


@dataclass(frozen=True)
class PublicWorkshop:
    """What someone holding the join code may see."""

    workshop: WorkshopInfo
    teams: tuple[TeamInfo, ...]
    municipalities: tuple[MunicipalityInfo, ...] = ()

    @property
    def regional(self) -> bool:
        """Several municipalities: each team says which one it comes from when it joins."""
        return len(self.municipalities) > 1


@dataclass(frozen=True)
class Membership:
    """Who a participant token belongs to."""

    participant_id: int
    workshop: WorkshopInfo
    team: TeamInfo | None
    roles: tuple[str, ...]
    team_removed: bool = False
    live: Mapping[str, int] = field(default_factory=dict)  # the change counters this was read at


@dataclass(frozen=True)
class Joined:
    token: str
    membership: Membership


# --------------------------------------------------------------------------- input checks

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_text(raw: str | None, *, field: str, max_len: int, required: bool = True) -> str:
    """Normalise a short user text: NFC, no lone surrogates or control characters (a line break or tab
    becomes a space), single spaces, length-checked. See :mod:`dshub.text`."""
    text = normalise(_CONTROL.sub(" ", raw or ""))
    text = " ".join(text.split())
    if required and not text:
        raise Invalid("error.field_required", field=field)
    if len(text) > max_len:
        raise Invalid("error.field_too_long", field=field, max=max_len)
    return text


def clean_municipalities(first: str | None, more: Iterable[str] | None = ()) -> list[str]:
    """The session's municipalities from the first (or only) name and any more, in that order.

    Each name is normalised like any short text (trimmed, single spaces); empty entries are left out.
    One name keeps the single field's rules (required, at most TITLE_MAX characters). Several names
    (a regional session) must be 1 to MUNICIPALITIES_MAX, each MUNICIPALITY_NAME_MIN to
    MUNICIPALITY_NAME_MAX characters, and none twice (case does not matter).
    """
    if isinstance(more, str):
        more = [more]
    names = [
        clean_text(raw, field="municipality", max_len=sys.maxsize, required=False) for raw in [first, *(more or ())]
    ]
    names = [n for n in names if n]
    if not names:
        raise Invalid("error.field_required", field="municipality")
    if len(names) == 1:
        if len(names[0]) > TITLE_MAX:
            raise Invalid("error.field_too_long", field="municipality", max=TITLE_MAX)
        return names
    if len(names) > MUNICIPALITIES_MAX:
        raise Invalid("error.municipalities_too_many", max=MUNICIPALITIES_MAX, n=len(names))
    seen: set[str] = set()
    for name in names:
        if not MUNICIPALITY_NAME_MIN <= len(name) <= MUNICIPALITY_NAME_MAX:
            raise Invalid(
                "error.municipality_length",
                name=name[:MUNICIPALITY_NAME_MAX] + "…" if len(name) > MUNICIPALITY_NAME_MAX else name,
                min=MUNICIPALITY_NAME_MIN,
                max=MUNICIPALITY_NAME_MAX,
            )
        if name.casefold() in seen:
            raise Invalid("error.municipality_duplicate", name=name)
        seen.add(name.casefold())
    return names


@lru_cache(maxsize=1)
def municipality_suggestions() -> tuple[str, ...]:
    """The Dutch municipalities' names for the create form's suggestions (empty when the file is missing:
    any name can still be typed)."""
    try:
        text = MUNICIPALITY_NAMES.read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("municipality names not available (%s): the create form offers no suggestions", exc)
        return ()
    return tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def place_label(names: Iterable[str]) -> str:
    """The session's place as headers and reports show it (``workshop.municipality``): the one name, or
    the names of a regional session joined by commas (cut with "…" past TITLE_MAX characters)."""
    label = ", ".join(names)
    return label if len(label) <= TITLE_MAX else label[: TITLE_MAX - 1].rstrip(", ") + "…"


def _check_choices(values, allowed, field: str) -> list[str]:
    values = list(dict.fromkeys(values or ()))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise Invalid("error.unknown_choice", field=field, value=", ".join(unknown))
    return values


def build_links(
    base_url: str,
    code: str,
    facilitator_key: str | None = None,
    results_key: str | None = None,
    lang: str | None = None,
) -> Links:
    """The session's shareable links; ``lang`` (left out for the default language) keeps the
    reader's language when the link is opened elsewhere."""
    base = base_url.rstrip("/")

    def url(page: str, **query: str) -> str:
        return f"{base}/{page}?{urlencode(({'lang': lang} if lang else {}) | query)}"

    return Links(
        join_url=url(PAGE_JOIN, code=code),
        facilitator_url=url(PAGE_FACILITATE, key=facilitator_key) if facilitator_key else None,
        results_url=url(PAGE_RESULTS, key=results_key) if results_key else None,
    )


# --------------------------------------------------------------------------- helpers


def municipalities_of(session: Session, workshop_id: int) -> tuple[WorkshopMunicipality, ...]:
    """The session's municipalities in the facilitator's order (inside the caller's transaction)."""
    return tuple(
        session.scalars(
            select(WorkshopMunicipality)
            .where(WorkshopMunicipality.workshop_id == workshop_id)
            .order_by(WorkshopMunicipality.position)
        ).all()
    )


def municipality_infos(session: Session, workshop_id: int) -> tuple[MunicipalityInfo, ...]:
    """The session's municipalities as screens show them, in order (inside the caller's transaction)."""
    return tuple(
        MunicipalityInfo(m.id, m.position + 1, m.name, m.results_key_hash is not None)
        for m in municipalities_of(session, workshop_id)
    )


def _team_infos(session: Session, workshop_id: int) -> tuple[TeamInfo, ...]:
    teams = session.execute(
        select(Team.id, Team.name, WorkshopMunicipality.name.label("municipality"))
        .outerjoin(WorkshopMunicipality, WorkshopMunicipality.id == Team.municipality_id)
        .where(Team.workshop_id == workshop_id, Team.removed_at.is_(None))
        .order_by(Team.id)
    ).all()
    people = session.execute(
        select(Participant.team_id, Participant.roles).where(Participant.workshop_id == workshop_id)
    ).all()
    roles: dict[int, set[str]] = {}
    members: dict[int, int] = {}
    for team_id, prole in people:
        if team_id is None:
            continue
        roles.setdefault(team_id, set()).update(prole or ())
        members[team_id] = members.get(team_id, 0) + 1
    return tuple(
        TeamInfo(
            t.id, t.name, tuple(r for r in ROLES if r in roles.get(t.id, ())), members.get(t.id, 0), t.municipality
        )
        for t in teams
    )


def workshop_for_facilitator(session: Session, key: str | None, *, lock: bool = False) -> Workshop:
    """The workshop a facilitator key opens (inside the caller's transaction), or Forbidden."""
    if not key:
        raise Forbidden("error.facilitator_key_missing")
    stmt = select(Workshop).where(Workshop.facilitator_key_hash == security.hash_key(key))
    workshop = session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()
    if workshop is None:
        raise Forbidden("error.facilitator_key_wrong")
    return workshop


def _team_in(session: Session, workshop: Workshop, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None or team.workshop_id != workshop.id or team.removed_at is not None:
        raise NotFound("error.team_not_found")
    return team


def _check_joinable(workshop: Workshop) -> None:
    if workshop.status != "open":
        raise Forbidden("error.workshop_closed", title=workshop.title)
    if workshop.expires_at < utcnow():
        raise Forbidden("error.code_expired")


def _name_key(name: str) -> str:
    return name.casefold()


def new_team(session: Session, workshop: Workshop, raw_name: str, municipality_id: int | None = None) -> Team:
    """The team called ``raw_name`` in ``workshop``, created if there is none yet (inside the caller's
    transaction; the same name twice, or at the same moment, gives the same team)."""
    name = clean_text(raw_name, field="team_name", max_len=TEAM_NAME_MAX)
    existing = session.scalars(
        select(Team).where(Team.workshop_id == workshop.id, Team.name_key == _name_key(name))
    ).one_or_none()
    if existing is not None:
        return existing  # joining "Team Blue" twice lands in the same team: idempotent
    team = Team(workshop_id=workshop.id, name=name, name_key=_name_key(name), municipality_id=municipality_id)
    try:
        with session.begin_nested():
            session.add(team)
    except IntegrityError:  # created concurrently by a tablemate: use theirs
        team = session.scalars(
            select(Team).where(Team.workshop_id == workshop.id, Team.name_key == _name_key(name))
        ).one()
    return team


def _membership(session: Session, participant: Participant) -> Membership:
    counters = live.read(session, participant.workshop_id)  # before the data they guard
    workshop = session.get_one(Workshop, participant.workshop_id)
    team_info = None
    removed = False
    if participant.team_id is not None:
        team = session.get_one(Team, participant.team_id)
        if team.removed_at is None:
            team_info = next((t for t in _team_infos(session, workshop.id) if t.id == team.id), None)
        else:
            removed = True
    return Membership(
        participant.id, WorkshopInfo.of(workshop), team_info, tuple(participant.roles or ()), removed, counters
    )


# --------------------------------------------------------------------------- facilitator use cases


def create_workshop(
    db: Database,
    *,
    title: str,
    municipality: str | None,
    base_url: str,
    municipalities: Iterable[str] | None = (),
    event_date: date | None = None,
    modules: list[str] | tuple[str, ...] = MODULES,
    kind: str = "workshop",
    settings: WorkshopSettings | Mapping[str, Any] | None = None,
) -> CreatedWorkshop:
    title = clean_text(title, field="title", max_len=TITLE_MAX)
    names = clean_municipalities(municipality, municipalities)
    modules = _check_choices(modules, MODULES, "modules")
    if not modules:
        raise Invalid("error.modules_required")
    if kind not in KINDS:
        raise Invalid("error.unknown_choice", field="kind", value=kind)
    if kind != "workshop" and len(names) > 1:
        raise Invalid("error.regional_needs_teams")
    try:
        checked = validate_settings(settings)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "settings"
        raise Invalid("error.unknown_choice", field=field, value=str(error.get("input"))) from None
    key = security.new_key()
    now = utcnow()
    start = max(now.date(), event_date or now.date())
    expires = datetime.combine(start + timedelta(days=VALID_DAYS), datetime.min.time(), tzinfo=now.tzinfo)
    for _attempt in range(10):
        try:
            with db.write() as session:
                workshop = Workshop(
                    code=security.new_join_code(),
                    kind=kind,
                    title=title,
                    municipality=place_label(names),
                    event_date=event_date,
                    modules=modules,
                    facilitator_key_hash=security.hash_key(key),
                    expires_at=expires,
                    created_at=now,
                )
                write_settings(workshop, checked)
                session.add(workshop)
                session.flush()
                session.add_all(
                    WorkshopMunicipality(workshop_id=workshop.id, position=n, name=name) for n, name in enumerate(names)
                )
                session.flush()
                info = WorkshopInfo.of(workshop)
                places = municipality_infos(session, workshop.id)
            return CreatedWorkshop(info, key, build_links(base_url, info.code, key), places)
        except IntegrityError:  # join code already taken (1 in ~190 million): draw again
            continue
    raise UserError("error.generic")  # pragma: no cover


def facilitator_lobby(db: Database, key: str | None) -> Lobby:
    with db.read() as session:
        workshop = workshop_for_facilitator(session, key)
        counters = live.read(session, workshop.id)
        return Lobby(
            WorkshopInfo.of(workshop),
            _team_infos(session, workshop.id),
            counters,
            municipality_infos(session, workshop.id),
        )


def rename_team(db: Database, key: str | None, team_id: int, new_name: str) -> TeamInfo:
    name = clean_text(new_name, field="team_name", max_len=TEAM_NAME_MAX)
    with db.write() as session:
        workshop = workshop_for_facilitator(session, key)
        team = _team_in(session, workshop, team_id)
        clash = session.scalars(
            select(Team.id).where(Team.workshop_id == workshop.id, Team.name_key == _name_key(name), Team.id != team.id)
        ).first()
        if clash is not None:
            raise Invalid("error.team_name_taken", name=name)
        team.name, team.name_key = name, _name_key(name)
        session.flush()
        live.bump(session, workshop.id, live.BOARD, live.team(team.id))
        return next(t for t in _team_infos(session, workshop.id) if t.id == team.id)


def remove_team(db: Database, key: str | None, team_id: int) -> None:
    """Hide a team from the workshop. Its answers are kept; its members are asked to pick another team."""
    with db.write() as session:
        workshop = workshop_for_facilitator(session, key)
        team = _team_in(session, workshop, team_id)
        team.removed_at = utcnow()
        team.name_key = f"{team.name_key}#removed{team.id}"
        live.bump(session, workshop.id, live.BOARD, live.team(team.id))


def set_workshop_status(db: Database, key: str | None, status: str) -> WorkshopInfo:
    """Close the workshop (no more joining or answering) or reopen it (valid for another 30 days)."""
    if status not in ("open", "closed"):
        raise Invalid("error.unknown_choice", field="status", value=status)
    with db.write() as session:
        workshop = workshop_for_facilitator(session, key, lock=True)
        now = utcnow()
        workshop.status = status
        if status == "closed":
            workshop.closed_at = now
        else:
            workshop.closed_at = None
            workshop.expires_at = max(workshop.expires_at, now + timedelta(days=VALID_DAYS))
        session.flush()
        live.bump(session, workshop.id, live.GAME, live.BOARD)  # live screens show the closed session
        return WorkshopInfo.of(workshop)


# --------------------------------------------------------------------------- participant use cases


def lookup_code(
    db: Database, raw_code: str | None, client_bucket: str, address_bucket: str | None = None
) -> PublicWorkshop:
    """Find the workshop for a join code.

    Wrong codes count against ``client_bucket`` (a hashed browser-session id, tight limit) and, when given,
    ``address_bucket`` (a hashed network address, wide limit, so one shared address never locks a room out).
    """
    checks = [(limits.JOIN_CODE, client_bucket)]
    if address_bucket:
        checks.append((limits.JOIN_CODE_ADDRESS, address_bucket))
    # A read: a room of devices looking up the same valid code never waits on a write lock. Only a
    # failure is written down, in its own short write transaction.
    with db.read() as session:
        for limit, bucket in checks:
            limits.refuse_if_limited(session, limit, bucket)
        code = security.normalize_code(raw_code)
        workshop = session.scalars(select(Workshop).where(Workshop.code == code)).one_or_none() if code else None
        if workshop is not None:
            _check_joinable(workshop)
            return PublicWorkshop(
                WorkshopInfo.of(workshop), _team_infos(session, workshop.id), municipality_infos(session, workshop.id)
            )
    with db.write() as session:
        for limit, bucket in checks:
            limits.record_failure(session, limit, bucket)
    raise NotFound("error.code_unknown")  # raised after commit, so the failed attempt is recorded


def join(
    db: Database,
    *,
    code: str | None,
    roles: list[str] | tuple[str, ...] = (),
    team_id: int | None = None,
    new_team_name: str | None = None,
    token: str | None = None,
    municipality_id: int | None = None,
) -> Joined:
    """Join (or switch to) a team. Passing the participant's existing ``token`` moves that participant.

    The team and its municipality follow :func:`team_for` (in a regional session ``municipality_id``
    is required).
    """
    roles = _check_choices(roles, ROLES, "roles")
    code = security.normalize_code(code)
    with db.write() as session:
        workshop = session.scalars(select(Workshop).where(Workshop.code == code)).one_or_none() if code else None
        if workshop is None:
            raise NotFound("error.code_unknown")
        _check_joinable(workshop)
        if workshop.kind == "workshop":
            team_ref: int | None = team_for(
                session, workshop, team_id=team_id, new_team_name=new_team_name, municipality_id=municipality_id
            ).id
        else:
            team_ref = None  # self-assessment: respondents answer individually
        participant = None
        if token:
            participant = session.scalars(
                select(Participant).where(Participant.token_hash == security.hash_key(token))
            ).one_or_none()
            if participant is not None and participant.workshop_id != workshop.id:
                participant = None
        if participant is None:
            token = security.new_key()
            participant = Participant(workshop_id=workshop.id, token_hash=security.hash_key(token))
            session.add(participant)
        moved_from = participant.team_id
        participant.team_id = team_ref
        participant.roles = roles
        participant.last_seen_at = utcnow()
        session.flush()
        live.bump(session, workshop.id, live.BOARD, *(live.team(t) for t in (moved_from, team_ref) if t is not None))
        assert token is not None  # the participant was found by its token, or is new with a new one
        return Joined(token, _membership(session, participant))


def team_for(
    session: Session,
    workshop: Workshop,
    *,
    team_id: int | None = None,
    new_team_name: str | None = None,
    municipality_id: int | None = None,
) -> Team:
    """The team someone joins or a paper sheet is typed in for (inside the caller's transaction): the team
    ``team_id``, or the one called ``new_team_name`` (created if there is none yet, see :func:`new_team`).

    In a regional session (several municipalities) ``municipality_id`` is required: a new team comes
    from that municipality, and an existing team must be from it (a team's municipality does not change
    by joining). With one municipality it may be left out: every team comes from that one.
    """
    places = municipalities_of(session, workshop.id)
    place = _chosen_municipality(places, municipality_id)
    if team_id is not None:
        team = _team_in(session, workshop, team_id)
    elif new_team_name and new_team_name.strip():
        team = new_team(session, workshop, new_team_name, place.id if place else None)
    else:
        raise Invalid("error.team_required")
    if len(places) > 1 and place is not None and team.municipality_id != place.id:  # place: set when several
        theirs = next((p.name for p in places if p.id == team.municipality_id), None)
        raise Invalid("error.team_other_municipality", team=team.name, municipality=theirs or "?")
    if team.municipality_id is None and place is not None:
        team.municipality_id = place.id  # a team from before the session knew its municipalities
    return team


def _chosen_municipality(
    places: tuple[WorkshopMunicipality, ...], municipality_id: int | None
) -> WorkshopMunicipality | None:
    """The municipality a joining team comes from: the one chosen (required when there are several)."""
    if len(places) <= 1:
        return places[0] if places else None
    if municipality_id is None:
        raise Invalid("error.municipality_required")
    place = next((p for p in places if p.id == municipality_id), None)
    if place is None:
        raise Invalid("error.unknown_choice", field="municipality", value=str(municipality_id))
    return place


def participant_for_token(session: Session, token: str | None) -> Participant:
    """The participant a token belongs to (inside the caller's transaction), or NotFound."""
    participant = None
    if token:
        participant = session.scalars(
            select(Participant).where(Participant.token_hash == security.hash_key(token))
        ).one_or_none()
    if participant is None:
        raise NotFound("error.token_unknown")
    return participant


@dataclass(frozen=True)
class Seat:
    """Where a participant token sits (inside the caller's transaction): participant, workshop, team."""

    participant: Participant
    workshop: Workshop
    team: Team | None

    @property
    def owner(self) -> Owner:
        """``save_answer`` owner arguments: the team's shared record, or the participant's own."""
        return {"team_id": self.team.id} if self.team is not None else {"participant_id": self.participant.id}


def seat_for_token(
    session: Session, token: str | None, *, require_open: bool = True, removed_team_key: str = "join.team_removed"
) -> Seat:
    """Resolve a token; refuse a closed session (unless ``require_open`` is False) or a removed team.

    One statement for all three (every live screen's rerun starts here)."""
    row = (
        session.execute(
            select(Participant, Workshop, Team)
            .join(Workshop, Workshop.id == Participant.workshop_id)
            .outerjoin(Team, Team.id == Participant.team_id)
            .where(Participant.token_hash == security.hash_key(token))
        ).one_or_none()
        if token
        else None
    )
    if row is None:
        raise NotFound("error.token_unknown")
    participant, workshop, team = row
    if require_open and workshop.status != "open":
        raise Forbidden("error.workshop_closed", title=workshop.title)
    if team is not None and team.removed_at is not None:
        raise Forbidden(removed_team_key)
    return Seat(participant, workshop, team)


def membership(db: Database, token: str | None) -> Membership:
    """Resolve a participant token (from the URL) after a reload or reconnect."""
    with db.read() as session:
        result = _membership(session, participant_for_token(session, token))
    if not result.workshop.is_open:
        raise Forbidden("error.workshop_closed", title=result.workshop.title)
    return result


def update_roles(db: Database, token: str, roles: list[str]) -> Membership:
    roles = _check_choices(roles, ROLES, "roles")
    with db.write() as session:
        participant = participant_for_token(session, token)
        participant.roles = roles
        session.flush()
        live.bump(session, participant.workshop_id, live.BOARD)  # the lobby shows each team's roles
        return _membership(session, participant)
