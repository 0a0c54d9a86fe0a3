"""Use cases for the maturity scan: answering (team or individual), results access, targets, dashboard data.

Answers are stored with instrument ``maturity``: value 1..5 for a level, ``"dk"``
for "don't know", an optional evidence note, and the content version. A team's
answer is one shared record (last save wins; every earlier version stays in the
history); a member may also answer for themselves. Both are kept apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
from sqlalchemy import func, select

from dshub import security
from dshub.benchmarks.peers import PEER_LAB_TYPES
from dshub.errors import Forbidden, Invalid
from dshub.maturity.content import MaturityModel, Scan
from dshub.maturity.scoring import (
    MaturityResult,
    TargetError,
    score,
    suggested_targets,
    target_gaps,
    validate_targets,
)
from dshub.services.workshops import (
    WorkshopInfo,
    build_links,
    clean_text,
    Seat,
    seat_for_token,
    workshop_for_facilitator,
)
from dshub.store.answers import participant_scope, save_answer, team_scope
from dshub.store.db import Database
from dshub.store.models import Answer, Participant, Workshop

INSTRUMENT = "maturity"
DONT_KNOW = "dk"
NOTE_MAX = 500
SIZE_CLASSES = ("small", "medium", "large")
# A role is compared only when at least this many people answered in it, so nobody's own answers show.
ROLE_MIN_RESPONDENTS = 2
Mode = Literal["team", "individual"]
View = Literal["teams", "individuals", "all"]


# --------------------------------------------------------------------------- answering


@dataclass(frozen=True)
class StoredAnswer:
    value: int | str
    note: str | None
    revision: int


@dataclass(frozen=True)
class ScanSheet:
    """What one device needs to show the scan: who answers, which items, what is saved."""

    workshop: WorkshopInfo
    scan: Scan
    mode: Mode
    team_name: str | None
    answers: dict[str, StoredAnswer]


def scan_of(workshop: Workshop | WorkshopInfo) -> Scan:
    default = "full" if workshop.kind == "assessment" else "quick"
    scan = (workshop.settings or {}).get("scan", default)
    return scan if scan in ("quick", "full") else default


def _owner(seat: Seat, mode: Mode) -> tuple[str, dict[str, int]]:
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
        rows = session.execute(select(Answer.item_id, Answer.value, Answer.note, Answer.revision).where(
            Answer.workshop_id == seat.workshop.id, Answer.scope == scope, Answer.instrument == INSTRUMENT)).all()
        return ScanSheet(WorkshopInfo.of(seat.workshop), scan_of(seat.workshop), mode,
                         seat.team.name if seat.team else None,
                         {r.item_id: StoredAnswer(r.value, r.note, r.revision) for r in rows})


def save_scan_answer(db: Database, model: MaturityModel, token: str | None, *, mode: Mode, item_id: str,
                     value: int | str | None, note: str | None = None) -> StoredAnswer:
    """Save one answer as it is given. ``value`` None keeps the current value (note-only save)."""
    try:
        model.item(item_id)
    except KeyError:
        raise Invalid("maturity.error.unknown_item", item=item_id) from None
    if value is not None and value != DONT_KNOW and value not in (1, 2, 3, 4, 5):
        raise Invalid("maturity.error.bad_value")
    note = clean_text(note, field="note", max_len=NOTE_MAX, required=False) or None
    with db.write() as session:
        seat = seat_for_token(session, token)
        workshop, participant = seat.workshop, seat.participant
        scope, owner = _owner(seat, mode)
        if value is None:
            current = session.scalars(select(Answer.value).where(
                Answer.workshop_id == workshop.id, Answer.scope == scope, Answer.instrument == INSTRUMENT,
                Answer.item_id == item_id)).one_or_none()
            if current is None:
                raise Invalid("maturity.error.note_without_answer")
            value = current
        saved = save_answer(session, workshop_id=workshop.id, instrument=INSTRUMENT, item_id=item_id, value=value,
                            note=note, content_version=model.version, saved_by=participant.id, **owner)
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


def _access(session, key: str | None) -> tuple[Workshop, bool]:
    if not key:
        raise Forbidden("maturity.error.results_key_missing")
    digest = security.hash_key(key)
    workshop = session.scalars(select(Workshop).where(Workshop.facilitator_key_hash == digest)).one_or_none()
    if workshop is not None:
        return workshop, True
    workshop = session.scalars(select(Workshop).where(Workshop.results_key_hash == digest)).one_or_none()
    if workshop is None:
        raise Forbidden("maturity.error.results_key_wrong")
    return workshop, False


def create_results_link(db: Database, facilitator_key: str | None, base_url: str) -> str:
    """A new read-only results link for management (its own key; an earlier link stops working)."""
    key = security.new_key()
    with db.write() as session:
        workshop = workshop_for_facilitator(session, facilitator_key)
        workshop.results_key_hash = security.hash_key(key)
        code = workshop.code
    return build_links(base_url, code, results_key=key).results_url


def set_targets(db: Database, model: MaturityModel, facilitator_key: str | None, *,
                targets: dict[str, Any], size_class: str | None = None, lab_type: str | None = None,
                peer_opt_in: bool | None = None) -> dict[str, int]:
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
        settings = dict(workshop.settings or {})
        settings["targets"] = clean
        if size_class:
            settings["size_class"] = size_class
        if lab_type:
            settings["lab_type"] = lab_type
        if peer_opt_in is not None:
            settings["peer_opt_in"] = bool(peer_opt_in)
        workshop.settings = settings
    return clean


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
    respondents: dict[str, int] = field(default_factory=dict)

    @property
    def group(self) -> str:
        return str(self.access.workshop.id)


def _role_of(roles: list[str] | None) -> str | None:
    roles = list(roles or ())
    return roles[0] if len(roles) == 1 else None


def answers_frame(session, workshop_ids: list[int], view: View, *, group_by: str = "workshop") -> pd.DataFrame:
    """Maturity answers as the scoring input frame (see dshub.maturity.scoring)."""
    stmt = (
        select(Answer.workshop_id, Answer.scope, Answer.item_id, Answer.value, Answer.participant_id,
               Participant.roles, Workshop.municipality, Workshop.event_date, Workshop.created_at)
        .join(Workshop, Workshop.id == Answer.workshop_id)
        .outerjoin(Participant, Participant.id == Answer.participant_id)
        .where(Answer.workshop_id.in_(workshop_ids), Answer.instrument == INSTRUMENT)
    )
    if view == "teams":
        stmt = stmt.where(Answer.team_id.is_not(None))
    elif view == "individuals":
        stmt = stmt.where(Answer.participant_id.is_not(None))
    rows = session.execute(stmt).all()
    frame = pd.DataFrame({
        "respondent": [f"{r.workshop_id}/{r.scope}" for r in rows],
        "group": [str(r.workshop_id) if group_by == "workshop" else r.municipality.casefold() for r in rows],
        "role": [_role_of(r.roles) if r.participant_id else None for r in rows],
        "item_id": [r.item_id for r in rows],
        "value": pd.array([r.value if isinstance(r.value, int) else None for r in rows], dtype="Int64"),
    })
    if group_by == "municipality":
        frame["assessed_at"] = [(r.event_date or r.created_at.date()).isoformat() for r in rows]
    return frame


def dashboard(db: Database, model: MaturityModel, key: str | None, view: View | None = None) -> Dashboard:
    with db.read() as session:
        workshop, can_edit = _access(session, key)
        info = WorkshopInfo.of(workshop)
        view = view or ("individuals" if workshop.kind == "assessment" else "teams")
        teams, individuals = session.execute(
            select(func.count(func.distinct(Answer.team_id)), func.count(func.distinct(Answer.participant_id)))
            .where(Answer.workshop_id == workshop.id, Answer.instrument == INSTRUMENT)).one()
        result = score(answers_frame(session, [workshop.id], view), model, scan=scan_of(workshop),
                       min_role_respondents=ROLE_MIN_RESPONDENTS)
        # History: this municipality's assessments over time (other sessions of the same municipality).
        same_place = session.scalars(select(Workshop.id).where(
            func.lower(Workshop.municipality) == workshop.municipality.lower())).all()
        history = pd.DataFrame()
        if len(same_place) > 1:
            history = score(answers_frame(session, list(same_place), view, group_by="municipality"), model).history
    settings = info.settings
    size_class = settings.get("size_class") if settings.get("size_class") in SIZE_CLASSES else "medium"
    suggested = suggested_targets(model, size_class)
    targets = validate_targets(settings.get("targets") or suggested, model)
    gaps = target_gaps(result.dimensions, targets, model)
    return Dashboard(ResultsAccess(info, can_edit), view, result, targets, suggested, gaps, history,
                     {"teams": teams, "individuals": individuals})

