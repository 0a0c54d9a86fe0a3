"""Join codes, secret keys and their hashes.

Join codes are short and meant to be typed from a projector: six characters
from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
Secret keys (facilitator, results, participant tokens) carry 192 random bits
and are stored only as a SHA-256 hash: they are long random strings, so a
fast hash is appropriate (nothing to brute-force), and lookup by hash is exact.
Low-entropy values (client addresses) are hashed with a key instead: :func:`keyed_hash`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3467"
CODE_LENGTH = 6
KEY_BYTES = 24  # 192 bits


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str | None) -> str | None:
    """Upper-case and drop spaces and dashes. None if it cannot be a code."""
    if not raw:
        return None
    code = "".join(ch for ch in raw.upper() if ch not in " -_\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def hash_key(key: str) -> str:
    # surrogatepass: a pasted key with a lone surrogate is simply a key that matches nothing
    return hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()


def keyed_hash(secret: bytes, value: str) -> str:
    """HMAC-SHA-256 of a low-entropy value (a client address, a bucket id) under a server-side key,
    so the stored hash cannot be reversed by trying every address. See :mod:`dshub.services.secrets`."""
    if not secret:
        raise ValueError("keyed_hash needs a non-empty key")
    return hmac.new(secret, value.encode("utf-8", errors="surrogatepass"), hashlib.sha256).hexdigest()[:32]


def key_matches(key: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(key), stored_hash)
