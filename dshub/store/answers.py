"""Idempotent answer writes: one row per (workshop, scope, instrument, item).

``save_answer`` works the same on SQLite and PostgreSQL and under concurrent
submits: the row is created with ``INSERT .. ON CONFLICT DO NOTHING`` and then
updated under a row lock, so no submit is lost or duplicated. Saving the same
value again changes nothing. Every real change is kept in ``answer_history``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dshub.errors import Conflict
from dshub.store.models import Answer, AnswerHistory, utcnow
from dshub.text import normalise, normalise_value


def team_scope(team_id: int) -> str:
    return f"team:{team_id}"


def participant_scope(participant_id: int) -> str:
    return f"participant:{participant_id}"


@dataclass(frozen=True)
class SavedAnswer:
    id: int
    revision: int
    changed: bool
    value: Any
    note: str | None


class Owner(TypedDict, total=False):
    """Whose answer ``save_answer`` stores, as keyword arguments: give exactly one of the two."""

    team_id: int
    participant_id: int


def save_answer(
    session: Session,
    *,
    workshop_id: int,
    instrument: str,
    item_id: str,
    value: Any,
    content_version: str,
    team_id: int | None = None,
    participant_id: int | None = None,
    note: str | None = None,
    saved_by: int | None = None,
    expected_revision: int | None = None,
    source: str | None = None,
) -> SavedAnswer:
    """Create or update one answer. Exactly one of ``team_id`` / ``participant_id`` is the owner.

    With ``expected_revision`` (the revision the user's screen showed), a save
    over a newer revision raises :class:`Conflict` carrying the newer answer and
    changes nothing.

    ``source`` says where the value came from (None: a device in the session; ``"paper"``: an answer
    sheet typed in afterwards). It is stored with a new value and its history row; saving the value
    the answer already has changes nothing, its source included (the value was there first).
    """
    if team_id is not None and participant_id is None:
        scope = team_scope(team_id)
    elif participant_id is not None and team_id is None:
        scope = participant_scope(participant_id)
    else:
        raise ValueError("give exactly one of team_id or participant_id")
    # User text in answers and notes is stored normalised (NFC, no lone surrogates or control characters
    # but newline and tab), whichever service it came through: see dshub.text.
    value = normalise_value(value)
    note = normalise(note, multiline=True) if note is not None else None
    now = utcnow()
    row = dict(
        workshop_id=workshop_id,
        scope=scope,
        team_id=team_id,
        participant_id=participant_id,
        instrument=instrument,
        item_id=item_id,
        value=value,
        note=note,
        content_version=content_version,
        revision=1,
        saved_by=saved_by,
        source=source,
        created_at=now,
        updated_at=now,
    )
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(Answer)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["workshop_id", "scope", "instrument", "item_id"])
        .returning(Answer.id)
    )
    new_id = session.execute(stmt).scalar_one_or_none()
    if new_id is not None:
        session.add(
            AnswerHistory(
                answer_id=new_id, revision=1, value=value, note=note, saved_by=saved_by, source=source, saved_at=now
            )
        )
        return SavedAnswer(new_id, 1, True, value, note)

    existing = session.execute(
        select(Answer)
        .where(
            Answer.workshop_id == workshop_id,
            Answer.scope == scope,
            Answer.instrument == instrument,
            Answer.item_id == item_id,
        )
        .with_for_update()
    ).scalar_one()
    if existing.value == value and (existing.note or None) == (note or None):
        return SavedAnswer(existing.id, existing.revision, False, existing.value, existing.note)
    if expected_revision is not None and expected_revision != existing.revision:
        raise Conflict(current=SavedAnswer(existing.id, existing.revision, False, existing.value, existing.note))
    existing.value = value
    existing.note = note
    existing.content_version = content_version
    existing.revision += 1
    existing.saved_by = saved_by
    existing.source = source
    existing.updated_at = now
    session.add(
        AnswerHistory(
            answer_id=existing.id,
            revision=existing.revision,
            value=value,
            note=note,
            saved_by=saved_by,
            source=source,
            saved_at=now,
        )
    )
    session.flush()
    return SavedAnswer(existing.id, existing.revision, True, value, note)
