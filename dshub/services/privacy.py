"""Data rights per session: export everything a session holds, delete it, purge old sessions.

A session (a workshop or a self-assessment) owns rows in these tables, listed in
:data:`SESSION_TABLES` (``tests/db/test_privacy.py`` walks the SQLAlchemy metadata and fails when a
table that references a workshop, team, participant or answer is missing here):

- ``workshop``: title, municipality, date, modules, settings (targets, links to earlier sessions, ...)
- ``workshop_municipality``: the municipalities taking part (several in a regional session), each with
  the hash of its own read-only results link
- ``team`` (with the municipality it comes from), ``participant`` (a random token, kept only as a hash,
  and optional roles)
- ``answer`` and ``answer_history`` (every instrument: game, pulse, ethics, maturity, benchmark profile,
  with notes and every earlier version)
- ``game_session`` (the game's state and its event log), ``live_topic`` (change counters)

Not per session: ``rate_limit_event`` (hashed client buckets of failed attempts, pruned by
:mod:`dshub.services.limits` once older than half an hour) and ``benchmark_dataset`` (an administrator's lab
records).

Every public function is one action in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dshub.errors import Invalid, NotFound
from dshub.services import workshops
from dshub.store.db import Database
from dshub.store.models import (
    Answer,
    AnswerHistory,
    GameSession,
    LiveTopic,
    Participant,
    Team,
    Workshop,
    WorkshopMunicipality,
    utcnow,
)

EXPORT_FORMAT = "dshub-session-export/1"

# Children first: the order rows are deleted in.
SESSION_TABLES = (
    "answer_history",
    "answer",
    "game_session",
    "live_topic",
    "participant",
    "team",
    "workshop_municipality",
    "workshop",
)

# Secrets are stored only as hashes; the export says so instead of giving the hash.
_HASHED = {"facilitator_key_hash": "facilitator_key", "results_key_hash": "results_key", "token_hash": "token"}
HASHED_NOTE = "stored only as a one-way hash: the key itself cannot be given back"


def _where(model, workshop_id: int):
    """The rows of ``model`` that belong to the workshop (as a select)."""
    if model is Workshop:
        return select(Workshop).where(Workshop.id == workshop_id)
    if model is AnswerHistory:
        return select(AnswerHistory).where(
            AnswerHistory.answer_id.in_(select(Answer.id).where(Answer.workshop_id == workshop_id))
        )
    return select(model).where(model.workshop_id == workshop_id)


_MODELS = {
    m.__tablename__: m
    for m in (Workshop, WorkshopMunicipality, Team, Participant, Answer, AnswerHistory, GameSession, LiveTopic)
}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _row(obj) -> dict[str, Any]:
    out = {}
    for column in obj.__table__.columns:
        value = getattr(obj, column.key)
        if column.name in _HASHED:
            out[_HASHED[column.name]] = HASHED_NOTE if value else None
        else:
            out[column.name] = _plain(value)
    return out


def _order(model):
    return [c for c in model.__table__.primary_key.columns]


def _export(session: Session, workshop: Workshop, base_url: str | None) -> dict[str, Any]:
    tables = {}
    for name in reversed(SESSION_TABLES):
        model = _MODELS[name]
        rows = session.scalars(_where(model, workshop.id).order_by(*_order(model))).all()
        tables[name] = [_row(r) for r in rows]
    names = {m["id"]: m["name"] for m in tables["workshop_municipality"]}
    for team in tables["team"]:  # each team with the name of its municipality, not only its row id
        team["municipality"] = names.get(team["municipality_id"])
    links = {
        "join_url": workshops.build_links(base_url, workshop.code).join_url if base_url else None,
        "join_code": workshop.code,
        "facilitator_link": HASHED_NOTE,
        "results_link": HASHED_NOTE if workshop.results_key_hash else None,
        "municipality_results_links": HASHED_NOTE
        if any(m["results_key"] for m in tables["workshop_municipality"])
        else None,
        "participant_links": HASHED_NOTE,
    }
    return {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        "code": workshop.code,
        "links": links,
        "tables": tables,
        "not_included": {
            "rate_limit_event": "not linked to a session: hashed client buckets of failed code attempts, "
            "erased after half an hour",
            "benchmark_dataset": "not linked to a session: lab records loaded by an administrator",
        },
    }


def _counts(session: Session, workshop_id: int) -> dict[str, int]:
    return {
        name: session.scalar(select(func.count()).select_from(_where(_MODELS[name], workshop_id).subquery())) or 0
        for name in SESSION_TABLES
    }


def _delete(session: Session, workshop: Workshop) -> dict[str, int]:
    counts = _counts(session, workshop.id)
    wid = workshop.id
    answer_ids = select(Answer.id).where(Answer.workshop_id == wid)
    session.execute(delete(AnswerHistory).where(AnswerHistory.answer_id.in_(answer_ids)))
    session.execute(delete(Answer).where(Answer.workshop_id == wid))
    session.execute(delete(GameSession).where(GameSession.workshop_id == wid))
    session.execute(delete(LiveTopic).where(LiveTopic.workshop_id == wid))
    session.execute(delete(Participant).where(Participant.workshop_id == wid))
    session.execute(delete(Team).where(Team.workshop_id == wid))
    session.execute(delete(WorkshopMunicipality).where(WorkshopMunicipality.workshop_id == wid))
    session.execute(delete(Workshop).where(Workshop.id == wid))
    session.expunge_all()
    return counts


def _by_code(session: Session, code: str | None, *, lock: bool = False) -> Workshop:
    stmt = select(Workshop).where(Workshop.code == (code or "").strip().upper())
    workshop = session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()
    if workshop is None:
        raise NotFound("error.code_unknown")
    return workshop


# --------------------------------------------------------------------------- administrator (CLI)


def export_session(db: Database, code: str, base_url: str | None = None) -> dict[str, Any]:
    """Everything the session with this join code holds, as one JSON-ready document."""
    with db.read() as session:
        return _export(session, _by_code(session, code), base_url)


def delete_session(db: Database, code: str) -> dict[str, int]:
    """Remove the session and everything it holds; returns the rows removed per table."""
    with db.write() as session:
        return _delete(session, _by_code(session, code, lock=True))


def session_date(workshop: Workshop) -> date:
    """The date retention counts from: the event date, else the day it was created."""
    return workshop.event_date or workshop.created_at.date()


def purge(
    db: Database, retention_days: int, *, dry_run: bool = False, today: date | None = None
) -> dict[str, dict[str, int]]:
    """Delete (or with ``dry_run`` only list) every session whose date is more than ``retention_days``
    days ago; returns {join code: rows per table}. One transaction for the whole purge."""
    if retention_days < 1:
        raise Invalid("privacy.error.retention_days")
    cutoff = (today or utcnow().date()) - timedelta(days=retention_days)
    result = {}
    with db.write() as session:
        for workshop in session.scalars(select(Workshop).order_by(Workshop.id)).all():
            if session_date(workshop) >= cutoff:
                continue
            if dry_run:
                result[workshop.code] = _counts(session, workshop.id)
            else:
                result[workshop.code] = _delete(session, workshop)
    return result


# --------------------------------------------------------------------------- facilitator (app)


def export_for_facilitator(db: Database, key: str | None, base_url: str | None = None) -> dict[str, Any]:
    with db.read() as session:
        return _export(session, workshops.workshop_for_facilitator(session, key), base_url)


def delete_for_facilitator(db: Database, key: str | None, typed_code: str | None) -> dict[str, int]:
    """Delete the facilitator's session after they typed its join code (case and spaces do not matter)."""
    with db.write() as session:
        workshop = workshops.workshop_for_facilitator(session, key, lock=True)
        if "".join((typed_code or "").split()).upper() != workshop.code:
            raise Invalid("privacy.error.code_mismatch")
        return _delete(session, workshop)


__all__ = [
    "EXPORT_FORMAT",
    "HASHED_NOTE",
    "SESSION_TABLES",
    "delete_for_facilitator",
    "delete_session",
    "export_for_facilitator",
    "export_session",
    "purge",
    "session_date",
]
