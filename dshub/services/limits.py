"""Rate limits on guessing: failed attempts per client, counted in the database.

Every app server shares the count (it lives in ``rate_limit_event``), so guessing
does not get easier when the load is spread over several servers. A client is a
hashed identifier (see ``dshub.ui.core``), never personal data.

Join codes are limited twice: tightly per browser session (one guesser is stopped
quickly) and loosely per network address. Behind a proxy or on a municipal network
a whole room shares one address; the wide address limit means a room full of typos
does not lock everyone out, while a script that keeps opening fresh sessions from one
address is still stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dshub.errors import RateLimited
from dshub.store.models import RateLimitEvent, utcnow


@dataclass(frozen=True)
class Limit:
    """At most ``allowed`` failures per client within ``window``; ``message`` is the i18n key shown."""

    name: str
    allowed: int
    window: timedelta
    message: str

    def bucket(self, client: str) -> str:
        return f"{self.name}:{client}"[:80]


JOIN_CODE = Limit("join", 10, timedelta(minutes=10), "error.rate_limited")  # per browser session
JOIN_CODE_ADDRESS = Limit("joinaddr", 100, timedelta(minutes=10), "error.rate_limited")  # per network address
ADMIN_KEY = Limit("admin", 5, timedelta(minutes=15), "error.rate_limited_key")
KEEP_EVENTS = 2 * max(limit.window for limit in (JOIN_CODE, JOIN_CODE_ADDRESS, ADMIN_KEY))


def refuse_if_limited(session: Session, limit: Limit, client: str) -> None:
    """Raise :class:`RateLimited` if ``client`` used up its failures for ``limit``."""
    since = utcnow() - limit.window
    failures = (
        session.scalar(
            select(func.count())
            .select_from(RateLimitEvent)
            .where(RateLimitEvent.bucket == limit.bucket(client), RateLimitEvent.at >= since)
        )
        or 0
    )  # count() is never NULL: `or 0` is for the type
    if failures >= limit.allowed:
        raise RateLimited(limit.message, minutes=int(limit.window.total_seconds() // 60))


def record_failure(session: Session, limit: Limit, client: str) -> None:
    """Count a failed attempt. Events older than any limit looks back are pruned here (for every
    limit), so the table never grows without bound and no hashed client id is kept for long."""
    session.add(RateLimitEvent(bucket=limit.bucket(client)))
    session.execute(delete(RateLimitEvent).where(RateLimitEvent.at < utcnow() - KEEP_EVENTS))
