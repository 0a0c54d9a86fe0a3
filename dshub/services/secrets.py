"""The key for hashing low-entropy values (client addresses, rate-limit buckets).

An IPv4 address has only 2^32 values: an unkeyed SHA-256 of it is reversed by trying them all in
well under a second. Buckets are therefore hashed with HMAC-SHA-256 under a server-side key
(:func:`dshub.security.keyed_hash`).

Where the key comes from, in this order:

1. ``DSHUB_HASH_SECRET`` (at least 32 characters), when set. Give every app process the same value
   (compose file, systemd unit or secrets manager). Kept outside the database, so a copy of the
   database alone - a backup, a dump handed to a supplier - gives no address back.
2. Otherwise a random 256-bit key made on first use and kept in the ``app_secret`` table. Every app
   process behind nginx reads the same row, so it works for several processes and servers without
   any set-up. What it protects against, honestly: anyone who sees hashed buckets without the
   ``app_secret`` row (a log line, an export of one table, a query result). It does *not* protect
   against someone holding a full copy of the database, who has the key as well; use
   ``DSHUB_HASH_SECRET`` when that matters. Failed attempts are erased after half an hour either way.

Changing or losing the key only resets the rate-limit counts in flight; nothing else depends on it.
"""

from __future__ import annotations

import secrets as _random
import threading

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dshub.config import settings
from dshub.store.db import Database
from dshub.store.models import AppSecret

CLIENT_HASH = "client_hash"

_cache: dict[tuple[str, str], bytes] = {}
_lock = threading.Lock()


def client_hash_key(db: Database) -> bytes:
    """The key for :func:`dshub.security.keyed_hash` of client buckets (cached per process)."""
    configured = settings().hash_secret
    if configured:
        return configured.encode("utf-8")
    cache_key = (db.url, CLIENT_HASH)
    with _lock:
        if cache_key not in _cache:
            _cache[cache_key] = _stored_secret(db, CLIENT_HASH).encode("ascii")
        return _cache[cache_key]


def _stored_secret(db: Database, name: str) -> str:
    """The named secret from the database; made (once, whichever process comes first) if missing."""
    with db.read() as session:
        value = session.scalar(select(AppSecret.value).where(AppSecret.name == name))
    if value:
        return value
    try:
        with db.write() as session:
            session.add(AppSecret(name=name, value=_random.token_hex(32)))
    except IntegrityError:  # another process made it at the same moment: use theirs
        pass
    with db.read() as session:
        value = session.scalar(select(AppSecret.value).where(AppSecret.name == name))
    assert value, f"app secret {name!r} was stored just now and secrets are never deleted"
    return value


def forget_cached() -> None:
    """For tests: read the key again on next use."""
    with _lock:
        _cache.clear()
