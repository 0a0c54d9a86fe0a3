"""Persistence: SQLAlchemy models, engine/transactions, migrations, answer upserts."""

from dshub.store.db import Database, make_engine
from dshub.store.models import Answer, AnswerHistory, Base, Participant, RateLimitEvent, Team, Workshop

__all__ = [
    "Answer",
    "AnswerHistory",
    "Base",
    "Database",
    "Participant",
    "RateLimitEvent",
    "Team",
    "Workshop",
    "make_engine",
]
