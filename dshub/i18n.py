"""User-facing messages in Dutch and English.

Messages live in ``dshub/locales/*.yaml`` (one file per feature, so features do
not edit each other's files). Each file maps a dotted key to ``{nl: ..., en: ...}``.
Texts use ``str.format`` placeholders such as ``{code}``.
"""

from __future__ import annotations

import logging
import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from babel import dates as babel_dates

from dshub.content.base import LANGS

log = logging.getLogger(__name__)
LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANG = "nl"
_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, texts in data.items():
            if key in merged:
                raise ValueError(f"{path.name}: message key {key!r} is defined twice")
            if not isinstance(texts, dict) or set(texts) != set(LANGS):
                raise ValueError(f"{path.name}: message {key!r} needs exactly 'nl' and 'en'")
            merged[key] = texts
    return merged


def normalize_lang(lang: str | None) -> str:
    lang = (lang or "").lower()[:2]
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str, /, **params: object) -> str:
    """Translate ``key`` into ``lang``; a missing key is logged and shown as the key itself."""
    texts = catalog().get(key)
    if texts is None:
        log.warning("missing message key %s", key)
        return key
    text = texts[normalize_lang(lang)]
    return text.format(**params) if params else text


def format_number(value: float | int | None, lang: str, digits: int = 1, *, trim: bool = False) -> str:
    """A number as people read it in ``lang``; '-' when missing.

    ``digits`` decimals, rounded half up (3.25 -> 3.3, as a reader would); in Dutch a decimal
    comma and a thousands dot (1.234,5), in English the other way round. ``trim`` drops
    decimals that say nothing (12 rather than 12.0, 2.5 rather than 2.50).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded) if rounded == 0 else rounded:,f}"  # never "-0,0"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_date(value: date, lang: str) -> str:
    """A date as people write it in ``lang``: "4 december 2026" / "4 December 2026" (Babel's long form)."""
    return babel_dates.format_date(value, format="long", locale=_LOCALES[normalize_lang(lang)])
