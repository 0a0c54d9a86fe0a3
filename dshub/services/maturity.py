"""Use cases for the maturity scan: answering (team or individual), results access, targets, dashboard data.

Answers are stored with instrument ``maturity``: value 1..5 for a level, ``"dk"``
for "don't know", an optional evidence note, and the content version. A team's
answer is one shared record (last save wins; every earlier version stays in the
history); a member may also answer for themselves. Both are kept apart.

Which scan (quickscan or full scan) an owner answers: the session's ``scan`` setting
(:data:`~dshub.store.settings.SCAN_SETTINGS`) is ``"quick"`` or ``"full"`` for
everyone, or ``"both"``: then each owner (a team, or a person answering for
themselves) chooses, starting at the quickscan (see :func:`set_scan_depth`). The
choice is one more answer record of that owner (instrument ``maturity_scan``, item
``depth``), so it has the owner's scope, history and idempotent save like any
answer, and needs no schema change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from dshub import security
from dshub.benchmarks.peers import PEER_LAB_TYPES
from dshub.errors import Forbidden, Invalid, NotFound
from dshub.maturity import regional as regional_rule
from dshub.maturity.content import MaturityModel, Scan
from dshub.maturity.scoring import (
    MaturityResult,
    Note,
    RadarRows,
    RoleGaps,
    TargetError,
    radar_rows,
    score,
    stored_targets,
    suggested_targets,
    target_gaps,
    validate_targets,
)
from dshub.services import live
from dshub.services.workshops import (
    Seat,
    WorkshopInfo,
    build_links,
    clean_text,
    municipalities_of,
    seat_for_token,
    workshop_for_facilitator,
)
from dshub.store.answers import Owner, participant_scope, save_answer, team_scope
from dshub.store.db import Database
from dshub.store.models import Answer, Participant, Team, Workshop, WorkshopMunicipality
from dshub.store.settings import WorkshopSettings, read_settings, write_settings

INSTRUMENT = "maturity"
# An owner's own choice of scan in a session that allows both (value "quick" or "full").
DEPTH_INSTRUMENT = "maturity_scan"
DEPTH_ITEM = "depth"
SCANS: tuple[Scan, ...] = ("quick", "full")
ScanSetting = Literal["quick", "full", "both"]
DONT_KNOW = "dk"
NOTE_MAX = 500
SIZE_CLASSES = ("small", "medium", "large")
# A role is compared only when at least this many people answered in it, so nobody's own answers show.
ROLE_MIN_RESPONDENTS = 2
Mode = Literal["team", "individual"]
View = Literal["teams", "individuals", "all"]
VIEWS: tuple[View, ...] = ("teams", "individuals", "all")


# --------------------------------------------------------------------------- answering


@dataclass(frozen=True)
class StoredAnswer:
    value: int | str
    note: str | None
    revision: int


@dataclass(frozen=True)
class ScanSheet:
    """What one device needs to show the scan: who answers, which items, what is saved.

    ``scan`` is the scan this owner answers (its own choice when the session allows both);
    ``can_choose`` says whether the owner may choose. ``answers`` holds every saved answer
    of the owner, also those outside its current scan (kept after going back to the quickscan).
    """

    workshop: WorkshopInfo
    scan: Scan
    mode: Mode
    team_name: str | None
    answers: dict[str, StoredAnswer]
    topic: str = ""  # the live topic of these answers (and of the choice of scan): a screen redraws when it moves
    live: dict[str, int] | None = None  # the workshop's live counters this sheet was read at
    can_choose: bool = False


def scan_setting(workshop: Workshop | WorkshopInfo) -> ScanSetting:
    """What the session allows: ``"quick"``, ``"full"`` or ``"both"`` (each team chooses).

    Sessions without the setting (or with a value we do not know) keep their default:
    the quickscan for a workshop, the full scan for a self-assessment.
    """
    return _setting(workshop.kind, workshop.settings)


def _setting(kind: str, settings: WorkshopSettings | Mapping[str, Any] | None) -> ScanSetting:
    default: ScanSetting = "full" if kind == "assessment" else "quick"
    return read_settings(settings).scan or default


def scan_of(workshop: Workshop | WorkshopInfo) -> Scan:
    """The scan an owner answers until it chooses: the session's scan; the quickscan when the session
    allows both (moving on to the full scan later loses nothing)."""
    setting = scan_setting(workshop)
    return "quick" if setting == "both" else setting


def _stored_depth(value: Any) -> Scan | None:
    return value if value in SCANS else None


def _depth(session, workshop: Workshop, scope: str) -> Scan:
    """The scan the owner ``scope`` answers now (one indexed read, only when the session allows both)."""
    if scan_setting(workshop) != "both":
        return scan_of(workshop)
    value = session.scalars(
        select(Answer.value).where(
            Answer.workshop_id == workshop.id,
            Answer.scope == scope,
            Answer.instrument == DEPTH_INSTRUMENT,
            Answer.item_id == DEPTH_ITEM,
        )
    ).one_or_none()
    return _stored_depth(value) or scan_of(workshop)


def _owner(seat: Seat, mode: Mode) -> tuple[str, Owner]:
    if mode == "team":
        if seat.team is None:
            raise Invalid("maturity.error.no_team")
        return team_scope(seat.team.id), {"team_id": seat.team.id}
    return participant_scope(seat.participant.id), {"participant_id": seat.participant.id}


def scan_sheet(db: Database, token: str | None, mode: Mode) -> ScanSheet:
    with db.read() as session:
        seat = seat_for_token(session, token)
        if mode == "team" and seat.team is None:
            mode = "individual"
        scope, _ = _owner(seat, mode)
        counters = live.read(session, seat.workshop.id)  # before the answers they guard
        rows = session.execute(
            select(Answer.item_id, Answer.value, Answer.note, Answer.revision).where(
                Answer.workshop_id == seat.workshop.id, Answer.scope == scope, Answer.instrument == INSTRUMENT
            )
        ).all()
        return ScanSheet(
            WorkshopInfo.of(seat.workshop),
            _depth(session, seat.workshop, scope),
            mode,
            seat.team.name if seat.team else None,
            {r.item_id: StoredAnswer(r.value, r.note, r.revision) for r in rows},
            live.scan(scope),
            counters,
            can_choose=scan_setting(seat.workshop) == "both",
        )


def set_scan_depth(db: Database, model: MaturityModel, token: str | None, *, mode: Mode, scan: str | None) -> Scan:
    """Choose the quickscan or the full scan for one owner: the team (``mode="team"``) or the person
    answering for themselves. Only in a session that allows both; returns the scan now chosen.

    Every answer stays where it is; only which questions are asked changes. Quickscan questions are
    part of the full scan, so moving on to the full scan keeps every answer and adds the other
    questions. Going back to the quickscan is allowed too (a team that picked the full scan by mistake
    or runs out of time can still finish the short one): the answers to questions outside the
    quickscan are never deleted; they are not shown and not counted in the results while the owner is
    on the quickscan, and are shown and counted again when it moves on to the full scan once more.

    Choosing the scan already chosen writes nothing. A change moves the owner's live topic, so the
    other devices of the team follow.
    """
    if scan not in SCANS:
        raise Invalid("error.unknown_choice", field="scan", value=str(scan))
    with db.write() as session:
        seat = seat_for_token(session, token)
        if scan_setting(seat.workshop) != "both":
            raise Invalid("maturity.error.scan_fixed")
        scope, owner = _owner(seat, mode)
        saved = save_answer(
            session,
            workshop_id=seat.workshop.id,
            instrument=DEPTH_INSTRUMENT,
            item_id=DEPTH_ITEM,
            value=scan,
            content_version=model.version,
            saved_by=seat.participant.id,
            **owner,
        )
        if saved.changed:
            live.bump(session, seat.workshop.id, live.scan(scope))
        return scan


def save_scan_answer(
    db: Database,
    model: MaturityModel,
    token: str | None,
    *,
    mode: Mode,
    item_id: str,
    value: int | str | None,
    note: str | None = None,
) -> StoredAnswer:
    """Save one answer as it is given. ``value`` None keeps the current value (note-only save).

    The question must be part of the owner's scan: a device may still show the full scan just after a
    teammate went back to the quickscan, and such a save is refused with a message. (A save that
    commits in the same instant as the switch may still land; it is then kept like any other answer
    outside the quickscan: stored, not counted until the owner is back on the full scan.)
    """
    try:
        item = model.item(item_id)
    except KeyError:
        raise Invalid("maturity.error.unknown_item", item=item_id) from None
    if value is not None and value != DONT_KNOW and value not in (1, 2, 3, 4, 5):
        raise Invalid("maturity.error.bad_value")
    note = clean_text(note, field="note", max_len=NOTE_MAX, required=False) or None
    with db.write() as session:
        seat = seat_for_token(session, token)
        workshop, participant = seat.workshop, seat.participant
        scope, owner = _owner(seat, mode)
        if not item.quickscan and _depth(session, workshop, scope) == "quick":
            raise Invalid("maturity.error.item_not_in_scan")
        if value is None:
            current = session.scalars(
                select(Answer.value).where(
                    Answer.workshop_id == workshop.id,
                    Answer.scope == scope,
                    Answer.instrument == INSTRUMENT,
                    Answer.item_id == item_id,
                )
            ).one_or_none()
            if current is None:
                raise Invalid("maturity.error.note_without_answer")
            value = current
        saved = save_answer(
            session,
            workshop_id=workshop.id,
            instrument=INSTRUMENT,
            item_id=item_id,
            value=value,
            note=note,
            content_version=model.version,
            saved_by=participant.id,
            **owner,
        )
        live.bump(session, workshop.id, live.scan(scope))
        return StoredAnswer(saved.value, saved.note, saved.revision)


@dataclass(frozen=True)
class DimensionProgress:
    dimension: str
    answered: int
    total: int


def progress(model: MaturityModel, scan: Scan, answers: dict[str, Any]) -> list[DimensionProgress]:
    """Per dimension: how many of the scan's items have an answer (don't know counts as answered)."""
    out = []
    for dim in model.dimensions:
        items = [i.id for i in model.items_for(scan) if i.dimension == dim.id]
        out.append(DimensionProgress(dim.id, sum(1 for i in items if i in answers), len(items)))
    return out


# --------------------------------------------------------------------------- results access


@dataclass(frozen=True)
class ResultsAccess:
    workshop: WorkshopInfo
    can_edit: bool  # True for the facilitator key, False for the read-only results key
    # A municipality's own read-only link (a regional session): that municipality's name, else None.
    municipality: str | None = None


def access(session, key: str | None) -> tuple[Workshop, bool, WorkshopMunicipality | None]:
    """What a results key opens (inside the caller's transaction): the workshop, whether the key may
    change settings (the facilitator's), and the municipality when it is one municipality's own link.

    Keys: the facilitator key, the session's read-only results key, or a municipality's results key.
    """
    if not key:
        raise Forbidden("maturity.error.results_key_missing")
    digest = security.hash_key(key)
    workshop = session.scalars(select(Workshop).where(Workshop.facilitator_key_hash == digest)).one_or_none()
    if workshop is not None:
        return workshop, True, None
    workshop = session.scalars(select(Workshop).where(Workshop.results_key_hash == digest)).one_or_none()
    if workshop is not None:
        return workshop, False, None
    place = session.scalars(
        select(WorkshopMunicipality).where(WorkshopMunicipality.results_key_hash == digest)
    ).one_or_none()
    if place is None:
        raise Forbidden("maturity.error.results_key_wrong")
    return session.get(Workshop, place.workshop_id), False, place


@dataclass(frozen=True)
class MunicipalityLink:
    """A municipality's own read-only results link (its results and the region's)."""

    number: int
    name: str
    url: str


def create_municipality_link(
    db: Database, facilitator_key: str | None, number: int, base_url: str, lang: str | None = None
) -> MunicipalityLink:
    """A new read-only results link for municipality ``number`` (1, 2, ... in the session's list).

    It shows that municipality's own results and the region's (see :mod:`dshub.maturity.regional`).
    Its key is stored only as a hash, so a new link replaces the municipality's earlier one.
    """
    key = security.new_key()
    with db.write() as session:
        workshop = workshop_for_facilitator(session, facilitator_key)
        place = (
            session.scalars(
                select(WorkshopMunicipality).where(
                    WorkshopMunicipality.workshop_id == workshop.id, WorkshopMunicipality.position == number - 1
                )
            ).one_or_none()
            if isinstance(number, int)
            else None
        )
        if place is None:
            raise NotFound("maturity.error.municipality_unknown")
        place.results_key_hash = security.hash_key(key)
        code, name = workshop.code, place.name
    url = build_links(base_url, code, results_key=key, lang=lang).results_url
    assert url is not None  # build_links gives a results URL whenever it is given a results key
    return MunicipalityLink(number, name, url)


def create_results_link(db: Database, facilitator_key: str | None, base_url: str, lang: str | None = None) -> str:
    """A new read-only results link for management (its own key; an earlier link stops working)."""
    key = security.new_key()
    with db.write() as session:
        workshop = workshop_for_facilitator(session, facilitator_key)
        workshop.results_key_hash = security.hash_key(key)
        code = workshop.code
    url = build_links(base_url, code, results_key=key, lang=lang).results_url
    assert url is not None  # build_links gives a results URL whenever it is given a results key
    return url


def set_targets(
    db: Database,
    model: MaturityModel,
    facilitator_key: str | None,
    *,
    targets: dict[str, Any],
    size_class: str | None = None,
    lab_type: str | None = None,
    peer_opt_in: bool | None = None,
) -> dict[str, int]:
    """Targets per dimension plus the municipality's size class, its kind of datalab and whether its
    completed scan may count (anonymously) in the peer benchmark."""
    try:
        clean = validate_targets(targets, model)
    except TargetError as exc:
        raise Invalid(exc.key, **exc.params) from None
    if size_class is not None and size_class not in SIZE_CLASSES:
        raise Invalid("error.unknown_choice", field="size_class", value=size_class)
    if lab_type is not None and lab_type not in PEER_LAB_TYPES:
        raise Invalid("error.unknown_choice", field="lab_type", value=lab_type)
    with db.write() as session:
        workshop = workshop_for_facilitator(session, facilitator_key, lock=True)
        changes: dict[str, Any] = {"targets": clean}
        if size_class:
            changes["size_class"] = size_class
        if lab_type:
            changes["lab_type"] = lab_type
        if peer_opt_in is not None:
            changes["peer_opt_in"] = bool(peer_opt_in)
        write_settings(workshop, read_settings(workshop.settings).but(**changes))
    return clean


# --------------------------------------------------------------------------- history links
#
# The trend shows only sessions that were deliberately put together: a facilitator links an earlier
# session by giving that session's facilitator or results link (proof of access to its results). A
# session with the same municipality name is not enough, since anyone can create one.


@dataclass(frozen=True)
class LinkedWorkshop:
    id: int
    municipality: str
    title: str
    event_date: date | None

    @classmethod
    def of(cls, w: Workshop) -> LinkedWorkshop:
        return cls(w.id, w.municipality, w.title, w.event_date)


def _key_from(text: str | None) -> str | None:
    """The key itself, or the ``key`` parameter of a pasted facilitator or results link."""
    text = (text or "").strip()
    if "key=" in text:
        keys = parse_qs(urlsplit(text).query).get("key")
        return keys[0] if keys else None
    return text or None


def _linked_ids(workshop: Workshop) -> list[int]:
    return list(read_settings(workshop.settings).history_links)


def _history_workshops(session, workshop: Workshop) -> list[Workshop]:
    """This workshop and every workshop reachable over its links (a linked one may have links of its own)."""
    found = {workshop.id: workshop}
    todo = _linked_ids(workshop)
    while todo:
        new = [i for i in dict.fromkeys(todo) if i not in found]
        if not new:
            break
        rows = session.scalars(select(Workshop).where(Workshop.id.in_(new))).all()
        found.update({w.id: w for w in rows})
        todo = [i for w in rows for i in _linked_ids(w)]
    return list(found.values())


def link_history(db: Database, facilitator_key: str | None, earlier_key: str | None) -> LinkedWorkshop:
    """Let this workshop's trend include an earlier workshop whose facilitator or results link is given."""
    with db.write() as session:
        workshop = workshop_for_facilitator(session, facilitator_key, lock=True)
        key = _key_from(earlier_key)
        if not key:
            raise Invalid("maturity.error.link_key_missing")
        digest = security.hash_key(key)
        earlier = session.scalars(
            select(Workshop).where(or_(Workshop.facilitator_key_hash == digest, Workshop.results_key_hash == digest))
        ).one_or_none()
        if earlier is None:
            raise Forbidden("maturity.error.link_key_wrong")
        if earlier.id == workshop.id:
            raise Invalid("maturity.error.link_self")
        links = list(dict.fromkeys([*_linked_ids(workshop), earlier.id]))
        write_settings(workshop, read_settings(workshop.settings).but(history_links=links))
        return LinkedWorkshop.of(earlier)


def unlink_history(db: Database, facilitator_key: str | None, workshop_id: int) -> None:
    """Stop showing a linked workshop in this workshop's trend."""
    with db.write() as session:
        workshop = workshop_for_facilitator(session, facilitator_key, lock=True)
        links = [i for i in _linked_ids(workshop) if i != workshop_id]
        write_settings(workshop, read_settings(workshop.settings).but(history_links=links))


# --------------------------------------------------------------------------- regional sessions
#
# A regional session's results are given per municipality and for the region (every municipality
# together). Who may see which group follows the n >= 5 rule in dshub.maturity.regional.

REGION = regional_rule.REGION


def municipality_group(number: int) -> str:
    """The group id of municipality ``number`` (1, 2, ... in the session's list)."""
    return f"m{number}"


@dataclass(frozen=True)
class GroupSummary:
    """One group of a regional session's results, as far as the reader may know it.

    ``respondents`` counts what the rule counts (see :data:`dshub.maturity.regional.MIN_RESPONDENTS`);
    ``teams`` and ``individuals`` are the teams and people with any scan answer (the page's counts).
    ``visible`` False: its results are not shown to this reader, ``reason`` says why.
    """

    id: str
    name: str | None  # the municipality's name; None for the region
    respondents: int
    teams: int
    individuals: int
    visible: bool
    reason: str | None = None
    own: bool = False  # the municipality whose own link is open


@dataclass(frozen=True)
class Regional:
    """The groups of a regional session's results the reader may know about, and the one shown.

    Read through the facilitator's key or the session's read-only link: the region, then every
    municipality. Through a municipality's own link: that municipality, then the region.
    """

    municipalities: tuple[str, ...]  # every municipality of the session, in the facilitator's order
    groups: tuple[GroupSummary, ...]
    selected: str
    own: str | None = None
    min_respondents: int = regional_rule.MIN_RESPONDENTS

    @property
    def current(self) -> GroupSummary:
        return next(g for g in self.groups if g.id == self.selected)

    @property
    def roles_shown(self) -> bool:
        """Differences between roles are small groups within one municipality: only it sees its own."""
        return self.own is not None and self.selected == self.own


@dataclass(frozen=True)
class TeamRow:
    """A team of a regional session with its municipality (for the facilitator's Excel download)."""

    name: str
    municipality: str | None
    answered: bool  # the team saved at least one scan answer


# --------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class Dashboard:
    access: ResultsAccess
    view: View
    result: MaturityResult
    targets: dict[str, int]
    suggested: dict[str, int]
    gaps: pd.DataFrame
    history: pd.DataFrame
    respondents: dict[str, int]  # teams and individual participants with answers
    # Perception gap by role, always from individual answers (team records have no role), whatever the view.
    role_gaps: RoleGaps
    linked: tuple[LinkedWorkshop, ...]  # earlier workshops linked directly to this one (for the trend)
    target_notes: tuple[Note, ...]  # saved targets that were left out (see scoring.stored_targets)
    # A regional session (several municipalities): its groups, and which one ``result`` is about.
    regional: Regional | None = None
    # A regional session read with the facilitator key: every team with its municipality.
    teams: tuple[TeamRow, ...] = ()
    # Respondents (in the view) with answers typed in from a paper sheet, per dimension; see paper_counts.
    from_paper: dict[str, int] = field(default_factory=dict)
    # The radar's rows (this group, latest round, one per dimension), sliced once for the page's figure,
    # table and summary and for the report; None only in a dashboard built by hand.
    radar: RadarRows | None = None

    @property
    def radar_data(self) -> RadarRows | pd.DataFrame:
        """What the radar functions take: the rows sliced once, else the dimension statistics."""
        return self.radar if self.radar is not None else self.result.dimensions

    @property
    def group(self) -> str:
        return str(self.access.workshop.id)

    @property
    def shown(self) -> bool:
        """False when the group asked for may not be shown to this reader: ``result`` is then empty."""
        return self.regional is None or self.regional.current.visible

    @property
    def notes(self) -> tuple[Note, ...]:
        """Everything the reader should know about the input: ignored answers, ignored targets, answers
        typed in from paper."""
        paper = self.respondents.get("from_paper", 0)
        return (
            self.result.notes + self.target_notes + ((Note("maturity.note.from_paper", {"n": paper}),) if paper else ())
        )


def _role_of(roles: list[str] | None) -> str | None:
    roles = list(roles or ())
    return roles[0] if len(roles) == 1 else None


def _counted(stmt):
    """Leave out the team records of teams the facilitator removed (their answers stay stored)."""
    return stmt.outerjoin(Team, Team.id == Answer.team_id).where(
        or_(Answer.team_id.is_(None), Team.removed_at.is_(None))
    )


def _own_scans(session, workshop_ids: list[int]) -> tuple[set[int], dict[tuple[int, str], Scan]]:
    """The workshops that let each team choose its scan, and there per (workshop, scope) the scan the
    owner chose (an owner that never chose answers the quickscan)."""
    both = {
        w
        for w, kind, settings in session.execute(
            select(Workshop.id, Workshop.kind, Workshop.settings).where(Workshop.id.in_(workshop_ids))
        ).all()
        if _setting(kind, settings) == "both"
    }
    if not both:
        return both, {}
    chosen = session.execute(
        select(Answer.workshop_id, Answer.scope, Answer.value).where(
            Answer.workshop_id.in_(both), Answer.instrument == DEPTH_INSTRUMENT, Answer.item_id == DEPTH_ITEM
        )
    ).all()
    return both, {(r.workshop_id, r.scope): _stored_depth(r.value) or "quick" for r in chosen}


PAPER = "paper"  # Answer.source of an answer typed in from a paper sheet (dshub.services.paper)


def paper_counts(session, workshop_id: int, model: MaturityModel, view: View) -> tuple[dict[str, int], int]:
    """Respondents in ``view`` whose scan answers were (partly) typed in from a paper sheet: per dimension,
    and in all (removed teams left out, like everywhere in the results)."""
    stmt = _counted(
        select(Answer.scope, Answer.item_id).where(
            Answer.workshop_id == workshop_id, Answer.instrument == INSTRUMENT, Answer.source == PAPER
        )
    )
    if view == "teams":
        stmt = stmt.where(Answer.team_id.is_not(None))
    elif view == "individuals":
        stmt = stmt.where(Answer.participant_id.is_not(None))
    dims = model.item_dimensions()
    per_dim: dict[str, set[str]] = {}
    scopes: set[str] = set()
    for scope, item_id in session.execute(stmt).all():
        if item_id in dims:
            per_dim.setdefault(dims[item_id], set()).add(scope)
            scopes.add(scope)
    return {d: len(s) for d, s in per_dim.items()}, len(scopes)


def answers_frame(
    session, workshop_ids: list[int], view: View, *, series: bool = False, by_municipality: bool = False
) -> pd.DataFrame:
    """Maturity answers as the scoring input frame (see dshub.maturity.scoring).

    Team records of teams the facilitator removed are left out. With ``series`` all workshops form one
    group and each workshop's date becomes its ``assessed_at`` (the input for the trend). In a workshop
    that lets each team choose its scan, every row carries its owner's scan (column ``scan``), so each
    team is scored on the questions of its own scan; elsewhere ``scan`` is empty and the workshop's
    scan applies to everyone, as it always did.

    With ``by_municipality`` every row also says which municipality it counts for (column
    ``municipality``: the id of the team's municipality; for a person answering alone, their team's)
    and whose answers it is (column ``owner``: ``"team"`` or ``"participant"``).
    """
    member_team = aliased(Team)
    stmt = _counted(
        select(
            Answer.workshop_id,
            Answer.scope,
            Answer.item_id,
            Answer.value,
            Answer.participant_id,
            Participant.roles,
            Workshop.event_date,
            Workshop.created_at,
            func.coalesce(Team.municipality_id, member_team.municipality_id).label("municipality"),
        )
        .join(Workshop, Workshop.id == Answer.workshop_id)
        .outerjoin(Participant, Participant.id == Answer.participant_id)
        .outerjoin(member_team, member_team.id == Participant.team_id)
        .where(Answer.workshop_id.in_(workshop_ids), Answer.instrument == INSTRUMENT)
    )
    if view == "teams":
        stmt = stmt.where(Answer.team_id.is_not(None))
    elif view == "individuals":
        stmt = stmt.where(Answer.participant_id.is_not(None))
    rows = session.execute(stmt).all()
    frame = pd.DataFrame(
        {
            "respondent": [f"{r.workshop_id}/{r.scope}" for r in rows],
            "group": ["series" if series else str(r.workshop_id) for r in rows],
            "role": [_role_of(r.roles) if r.participant_id else None for r in rows],
            "item_id": [r.item_id for r in rows],
            "value": pd.array([r.value if isinstance(r.value, int) else None for r in rows], dtype="Int64"),
        }
    )
    both, chosen = _own_scans(session, workshop_ids)
    frame["scan"] = [chosen.get((r.workshop_id, r.scope), "quick") if r.workshop_id in both else None for r in rows]
    if series:
        frame["assessed_at"] = [(r.event_date or r.created_at.date()).isoformat() for r in rows]
    if by_municipality:
        frame["municipality"] = pd.array([r.municipality for r in rows], dtype="Int64")
        frame["owner"] = ["participant" if r.participant_id else "team" for r in rows]
    return frame


@dataclass(frozen=True)
class _RegionalAnswers:
    """A regional session's answers in one view, with the groups the reader may know about."""

    regional: Regional
    rows: dict[str, pd.DataFrame]  # group id -> the answers in the view (visible groups only)
    individuals: dict[str, pd.DataFrame]  # group id -> the individual answers (for the role comparison)


def regional_answers(
    session,
    workshop: Workshop,
    places: tuple[WorkshopMunicipality, ...],
    model: MaturityModel,
    view: View,
    viewer: WorkshopMunicipality | None = None,
    selected: str | None = None,
) -> _RegionalAnswers:
    """Group a regional session's answers per municipality and for the region, and apply the n >= 5 rule
    (:func:`dshub.maturity.regional.visibility`) for the reader: ``viewer`` is the municipality whose own
    link is open, or None (the facilitator, the session's read-only link).

    Answers that count for no municipality of the session (a person answering alone without a team)
    are left out of every group. Only visible groups get their rows; a hidden group's answers never
    leave this function.
    """
    frame = answers_frame(session, [workshop.id], "all", by_municipality=True)
    ids = {p.id: municipality_group(p.position + 1) for p in places}
    frame["place"] = frame["municipality"].map(ids).astype("object")
    frame = frame[frame["place"].notna()]
    in_view = frame if view == "all" else frame[frame["owner"] == ("team" if view == "teams" else "participant")]
    known = in_view[in_view["item_id"].isin({i.id for i in model.items})]
    counts = {g: int(known.loc[known["place"] == g, "respondent"].nunique()) for g in ids.values()}
    own = ids[viewer.id] if viewer is not None else None
    rule = regional_rule.visibility(counts, own)

    def owners(rows: pd.DataFrame, kind: str) -> int:
        return int(rows.loc[rows["owner"] == kind, "respondent"].nunique())

    def summary(group: str, name: str | None) -> GroupSummary:
        rows = frame if group == REGION else frame[frame["place"] == group]
        shown = rule[group]
        return GroupSummary(
            group,
            name,
            shown.respondents,
            owners(rows, "team"),
            owners(rows, "participant"),
            shown.visible,
            shown.reason,
            own=group == own,
        )

    municipalities = [summary(ids[p.id], p.name) for p in places if own is None or ids[p.id] == own]
    region = summary(REGION, None)
    groups = (*municipalities, region) if own is not None else (region, *municipalities)
    chosen = selected if selected in {g.id for g in groups} else (own or REGION)
    rows = {g.id: (in_view if g.id == REGION else in_view[in_view["place"] == g.id]) for g in groups if g.visible}
    individuals = {}
    if own is not None and own in rows:
        individuals[own] = frame[(frame["place"] == own) & (frame["owner"] == "participant")]
    return _RegionalAnswers(Regional(tuple(p.name for p in places), groups, chosen, own), rows, individuals)


def dashboard(
    db: Database, model: MaturityModel, key: str | None, view: View | None = None, group: str | None = None
) -> Dashboard:
    """Everything the results page shows, read in one transaction.

    A regional session (several municipalities) shows one group at a time: ``group`` is the region
    (``"region"``) or a municipality (``"m1"``, ``"m2"``, ...; see :func:`municipality_group`); an
    unknown or missing one gives the reader's default (the facilitator and the session's read-only link:
    the region; a municipality's own link: that municipality). What each reader may see follows the
    n >= 5 rule (:mod:`dshub.maturity.regional`): a group that may not be shown comes back with
    ``shown`` False and an empty result. Roles are compared only on a municipality's own link, for that
    municipality; the trend over linked sessions is left out.

    Mixed scans: when the session lets each team choose, each team (and each person answering for
    themselves) is scored on the questions of its own scan (see :func:`answers_frame` and the scoring
    rule "Own scan"). Every answer is a level 1..5 and the quickscan questions are part of the full scan,
    so a dimension score means the same at either scan; the full scan measures it with more questions.
    The session's figures therefore take every team with one equal weight, and a note says how many
    answered each scan. Sessions with one scan for everyone are scored exactly as before.
    """
    with db.read() as session:
        workshop, can_edit, place = access(session, key)
        info = WorkshopInfo.of(workshop)
        view = view if view in VIEWS else ("individuals" if workshop.kind == "assessment" else "teams")
        places = municipalities_of(session, workshop.id)
        if len(places) > 1:
            return _regional_dashboard(session, model, workshop, info, can_edit, places, place, view, group)
        teams, individuals = session.execute(
            _counted(
                select(
                    func.count(func.distinct(Answer.team_id)), func.count(func.distinct(Answer.participant_id))
                ).where(Answer.workshop_id == workshop.id, Answer.instrument == INSTRUMENT)
            )
        ).one()
        result = score(
            answers_frame(session, [workshop.id], view),
            model,
            scan=scan_of(workshop),
            min_role_respondents=ROLE_MIN_RESPONDENTS,
        )
        role_gaps = result.role_gaps
        if view == "teams":  # team records carry no role: compare roles on the individual answers
            role_gaps = score(
                answers_frame(session, [workshop.id], "individuals"),
                model,
                scan=scan_of(workshop),
                min_role_respondents=ROLE_MIN_RESPONDENTS,
            ).role_gaps
        # History: only this workshop and the earlier ones linked to it (see link_history).
        series = _history_workshops(session, workshop)
        history = pd.DataFrame()
        if len(series) > 1:
            history = score(answers_frame(session, [w.id for w in series], view, series=True), model).history
        linked_ids = set(_linked_ids(workshop))
        linked = tuple(LinkedWorkshop.of(w) for w in series if w.id in linked_ids)
        from_paper, paper_respondents = paper_counts(session, workshop.id, model, view)
    targets, suggested, target_notes = _targets(model, info)
    gaps = target_gaps(result.dimensions, targets, model)
    return Dashboard(
        ResultsAccess(info, can_edit),
        view,
        result,
        targets,
        suggested,
        gaps,
        history,
        {"teams": teams, "individuals": individuals, "from_paper": paper_respondents},
        role_gaps,
        linked,
        target_notes,
        from_paper=from_paper,
        radar=radar_rows(result.dimensions, model, str(info.id)),
    )


def _targets(model: MaturityModel, info: WorkshopInfo) -> tuple[dict[str, int], dict[str, int], tuple[Note, ...]]:
    settings = info.settings
    suggested = suggested_targets(model, settings.size_class or "medium")
    targets, target_notes = stored_targets(settings.targets or suggested, model)
    return targets, suggested, target_notes


def _regional_dashboard(
    session,
    model: MaturityModel,
    workshop: Workshop,
    info: WorkshopInfo,
    can_edit: bool,
    places: tuple[WorkshopMunicipality, ...],
    place: WorkshopMunicipality | None,
    view: View,
    group: str | None,
) -> Dashboard:
    """The dashboard of one group of a regional session (see :func:`dashboard`)."""
    grouped = regional_answers(session, workshop, places, model, view, place, group)
    regional = grouped.regional
    current = regional.current
    scan = scan_of(workshop)
    # A group not shown to this reader is scored on nothing: none of its answers goes into the view.
    result = score(grouped.rows.get(current.id), model, scan=scan, min_role_respondents=ROLE_MIN_RESPONDENTS)
    role_gaps = score(None, model).role_gaps
    if regional.roles_shown:
        role_gaps = score(
            grouped.individuals.get(current.id), model, scan=scan, min_role_respondents=ROLE_MIN_RESPONDENTS
        ).role_gaps
    linked_ids = set(_linked_ids(workshop))
    linked = tuple(LinkedWorkshop.of(w) for w in _history_workshops(session, workshop) if w.id in linked_ids)
    teams = _team_rows(session, workshop.id) if can_edit else ()
    targets, suggested, target_notes = _targets(model, info)
    gaps = target_gaps(result.dimensions, targets, model)
    return Dashboard(
        ResultsAccess(info, can_edit, place.name if place is not None else None),
        view,
        result,
        targets,
        suggested,
        gaps,
        pd.DataFrame(),
        {"teams": current.teams, "individuals": current.individuals},
        role_gaps,
        linked,
        target_notes,
        regional,
        teams,
        radar=radar_rows(result.dimensions, model, str(info.id)),
    )


def _team_rows(session, workshop_id: int) -> tuple[TeamRow, ...]:
    answered = set(
        session.scalars(
            select(Answer.team_id)
            .where(Answer.workshop_id == workshop_id, Answer.instrument == INSTRUMENT, Answer.team_id.is_not(None))
            .distinct()
        )
    )
    rows = session.execute(
        select(Team.id, Team.name, WorkshopMunicipality.name.label("municipality"))
        .outerjoin(WorkshopMunicipality, WorkshopMunicipality.id == Team.municipality_id)
        .where(Team.workshop_id == workshop_id, Team.removed_at.is_(None))
        .order_by(Team.id)
    ).all()
    return tuple(TeamRow(r.name, r.municipality, r.id in answered) for r in rows)
