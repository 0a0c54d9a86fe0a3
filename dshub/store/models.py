"""Database tables (SQLAlchemy 2 typed models).

No personal data is stored: a participant is a random token (kept as a hash)
with optional roles; client addresses used for rate limiting are hashed too, with a
server-side key (HMAC, see dshub.services.secrets).
Schema changes go through the Alembic migrations in ``dshub/store/migrations``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# JSONB on PostgreSQL so values can be compared and indexed; JSON text elsewhere.
JsonValue = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TEAM_NAME_MAX = 40
TITLE_MAX = 120


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime; use dshub.store.models.utcnow()")
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JsonValue, list[str]: JsonValue}


class Workshop(Base):
    """An awareness day or a standalone self-assessment (``kind``).

    ``municipality`` is the session's place as shown in headers and reports: the one municipality's
    name, or in a regional session the names of its municipalities (see
    :func:`dshub.services.workshops.place_label`). The list itself is ``workshop_municipality``.
    """

    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="workshop")
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    municipality: Mapped[str] = mapped_column(String(TITLE_MAX))
    event_date: Mapped[date | None] = mapped_column(Date)
    modules: Mapped[list[str]] = mapped_column(default=list)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    facilitator_key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    results_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    teams: Mapped[list[Team]] = relationship(back_populates="workshop", order_by="Team.id")


class Team(Base):
    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("workshop_id", "name_key", name="uq_team_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(TEAM_NAME_MAX))
    # Case-folded name, unique per workshop; a removed team gets a suffix so its name can be reused.
    name_key: Mapped[str] = mapped_column(String(TEAM_NAME_MAX + 20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]
    # The municipality the team comes from (picked on joining in a regional session; the only one otherwise).
    # No ON DELETE action: a municipality row goes only with its whole session (teams first).
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_municipality.id"))

    workshop: Mapped[Workshop] = relationship(back_populates="teams")
    participants: Mapped[list[Participant]] = relationship(back_populates="team")


class WorkshopMunicipality(Base):
    """A municipality taking part in a session, in the facilitator's order (``position`` 0, 1, ...).

    Every session has at least one; a regional session has several. ``results_key_hash`` is the
    hash of this municipality's own read-only results link (its own results and the region's), or
    None until the facilitator makes one.
    """

    __tablename__ = "workshop_municipality"
    __table_args__ = (UniqueConstraint("workshop_id", "position", name="uq_workshop_municipality_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(TITLE_MAX))
    results_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)


class Participant(Base):
    """One device (or person) in a workshop; identified only by a random token."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    roles: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team | None] = relationship(back_populates="participants")


class Answer(Base):
    """The latest answer of one team or one participant to one item of one instrument.

    ``scope`` is ``team:<id>`` or ``participant:<id>``: a non-null column, so the
    unique key works the same on SQLite and PostgreSQL and a repeated submit
    updates the row instead of adding one. Every change is kept in ``answer_history``.
    """

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("workshop_id", "scope", "instrument", "item_id", name="uq_answer_key"),
        Index("ix_answer_workshop_instrument", "workshop_id", "instrument"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JsonValue, nullable=True)
    note: Mapped[str | None] = mapped_column(Text)
    content_version: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    # Where the current value came from: None for a device in the session, "paper" for an answer sheet
    # the facilitator typed in afterwards (dshub.services.paper). Shown in the exports.
    source: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerHistory(Base):
    """Every saved version of an answer, so a later save never silently loses earlier work."""

    __tablename__ = "answer_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int]
    value: Mapped[Any] = mapped_column(JsonValue, nullable=True)
    note: Mapped[str | None] = mapped_column(Text)
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    source: Mapped[str | None] = mapped_column(String(10))  # as Answer.source, for this version
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class RateLimitEvent(Base):
    """A failed attempt (e.g. a wrong join code) by a hashed client bucket."""

    __tablename__ = "rate_limit_event"
    __table_args__ = (Index("ix_rate_limit_bucket_at", "bucket", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class GameSession(Base):
    """The running state of a workshop's game (see dshub.game.state); ``version`` guards concurrent commands."""

    __tablename__ = "game_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), unique=True)
    content_id: Mapped[str] = mapped_column(String(64))
    content_version: Mapped[str] = mapped_column(String(20))
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class BenchmarkDataset(Base):
    """Per-lab benchmark records loaded by an administrator; the newest active set replaces the estimates."""

    __tablename__ = "benchmark_dataset"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    records: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    n_records: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(default=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class LiveTopic(Base):
    """A change counter per workshop and topic, so live screens can tell cheaply whether to redraw.

    Topics: ``game`` (the game's state), ``board`` (what the projector shows: who answered,
    bricks, teams, the pulse) and ``team:<id>`` (one team's answer and its members' choices).
    Every write that changes what a topic shows bumps it in the same transaction; a live
    screen reads the workshop's counters (one indexed read) and redraws only when one it
    shows has moved. See :mod:`dshub.services.live`.
    """

    __tablename__ = "live_topic"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class AppSecret(Base):
    """A server-side secret shared by every app process, made on first use (see :mod:`dshub.services.secrets`)."""

    __tablename__ = "app_secret"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
