"""Settings, read from the environment first, then ``.streamlit/secrets.toml``.

| setting      | environment variable   | secrets.toml key | default                          |
|--------------|------------------------|------------------|----------------------------------|
| database_url | DSHUB_DATABASE_URL     | database_url     | sqlite:///<repo>/var/dshub.sqlite3 |
| default_lang | DSHUB_DEFAULT_LANG     | default_lang     | nl                               |
| base_url     | DSHUB_BASE_URL         | base_url         | (derived from the browser URL)   |
| content_dir  | DSHUB_CONTENT_DIR      | content_dir      | <repo>/questionnaires            |
| admin_key    | DSHUB_ADMIN_KEY        | admin_key        | (none: admin actions are off)    |
| retention_days | DSHUB_RETENTION_DAYS | retention_days   | (none: sessions are kept until deleted) |
| hash_secret  | DSHUB_HASH_SECRET      | hash_secret      | (none: a key made on first start, kept in the database) |

``retention_days``: ``python -m dshub purge`` deletes every session whose date (the event date, else the
day it was created) is more than this many days ago. A value that is not a whole number of at least 1
is a problem: the CLI refuses to run and the app shows it on every page (a retention period must
never silently turn off).

``hash_secret``: the key for hashing client addresses (rate limits); see dshub/services/secrets.py for
what storing it in the database (the default) protects against and when to set it.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB_PATH = REPO_ROOT / "var" / "dshub.sqlite3"


def _secrets() -> dict:
    for path in (
        Path.cwd() / ".streamlit" / "secrets.toml",
        REPO_ROOT / ".streamlit" / "secrets.toml",
        Path.home() / ".streamlit" / "secrets.toml",
    ):
        if path.is_file():
            with path.open("rb") as fh:
                data = tomllib.load(fh)
            return data.get("dshub", data)
    return {}


@dataclass(frozen=True)
class Settings:
    database_url: str
    default_lang: str
    base_url: str | None
    content_dir: Path
    admin_key: str | None = None
    retention_days: int | None = None
    hash_secret: str | None = None
    # Settings that were given but cannot be used: the CLI refuses to run and the app shows them on
    # every page (instead of a traceback, or silently running without a retention period).
    problems: tuple[str, ...] = ()

    @classmethod
    def load(cls) -> Settings:
        secrets = _secrets()

        def get(name: str) -> str | None:
            value = os.environ.get(f"DSHUB_{name.upper()}") or secrets.get(name)
            return str(value).strip() if value else None

        lang = (get("default_lang") or "nl").lower()
        base = get("base_url")
        problems = []
        retention = get("retention_days")
        if retention is not None and (not re.fullmatch(r"[0-9]{1,6}", retention) or int(retention) < 1):
            problems.append(f"DSHUB_RETENTION_DAYS must be a whole number of days (at least 1), not {retention!r}")
            retention = None
        hash_secret = get("hash_secret")
        if hash_secret is not None and len(hash_secret) < 32:
            problems.append(
                "DSHUB_HASH_SECRET must be at least 32 characters (make one with "
                'python -c "import secrets; print(secrets.token_hex(32))")'
            )
            hash_secret = None
        return cls(
            database_url=get("database_url") or f"sqlite:///{DEFAULT_DB_PATH}",
            default_lang=lang if lang in ("nl", "en") else "nl",
            base_url=base.rstrip("/") if base else None,
            content_dir=Path(get("content_dir") or REPO_ROOT / "questionnaires"),
            admin_key=get("admin_key"),
            retention_days=int(retention) if retention is not None else None,
            hash_secret=hash_secret,
            problems=tuple(problems),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.load()
