"""User-facing messages in Dutch and English.

Messages live in ``dshub/locales/*.yaml`` (one file per feature, so features do
not edit each other's files). Each file maps a dotted key to ``{nl: ..., en: ...}``.
Texts use ``str.format`` placeholders such as ``{code}``.

A message that depends on a count has one key per CLDR plural category of the languages:
``<key>.one`` and ``<key>.other`` for Dutch and English (``"1 team"`` / ``"{n} teams"``); use
:func:`plural`, which picks the category with Babel's plural rules. Dates, times and numbers shown
to people go through :func:`format_date`, :func:`format_datetime` and :func:`format_number`
(Babel, in the reader's language); machine formats (ISO 8601 in JSON and CSV, stored ``HH:MM``)
are not formatted here.
"""

from __future__ import annotations

import logging
import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from pathlib import Path

import yaml
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

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


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(_LOCALES[normalize_lang(lang)])


def plural_category(count: int | float, lang: str) -> str:
    """The CLDR plural category of ``count`` in ``lang`` (``"one"`` or ``"other"`` in Dutch and English)."""
    return _locale(lang).plural_form(count)


def plural(key: str, lang: str, count: int | float, /, **params: object) -> str:
    """The message ``<key>.<category>`` for ``count`` things, formatted with ``n=count`` and ``params``.

    The category comes from Babel's plural rules for ``lang``; a language's category without its own
    message falls back to ``<key>.other``.
    """
    wanted = f"{key}.{plural_category(count, lang)}"
    return t(wanted if wanted in catalog() else f"{key}.other", lang, **{"n": count, **params})


def format_number(value: float | int | None, lang: str, digits: int = 1, *, trim: bool = False) -> str:
    """A number as people read it in ``lang``; '-' when missing.

    ``digits`` decimals, rounded half up (3.25 -> 3.3, as a reader would); Babel writes it with the
    language's symbols: in Dutch a decimal comma and a thousands dot (1.234,5), in English the other
    way round. ``trim`` drops decimals that say nothing (12 rather than 12.0, 2.5 rather than 2.50).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0,0"
    decimals = "0" * digits if not trim else "#" * digits
    pattern = "#,##0" + (f".{decimals}" if digits > 0 else "")
    return babel_numbers.format_decimal(rounded, format=pattern, locale=_locale(lang), decimal_quantization=True)


def format_date(value: date, lang: str) -> str:
    """A date as people write it in ``lang``: "4 december 2026" / "4 December 2026" (Babel's long form)."""
    if isinstance(value, datetime):
        value = value.date()
    return babel_dates.format_date(value, format="long", locale=_locale(lang))


def format_datetime(value: datetime, lang: str) -> str:
    """A moment as people read it: the long date and the 24-hour time ("4 december 2026 10:30"), plus
    "UTC" when the value is in UTC (the server's time, not the reader's)."""
    text = f"{format_date(value.date(), lang)} {babel_dates.format_time(value, 'HH:mm', locale=_locale(lang))}"
    offset = value.utcoffset()
    return f"{text} UTC" if offset is not None and offset.total_seconds() == 0 else text
