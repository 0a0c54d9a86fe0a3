"""Normalising user text before it is stored.

Every service entry point that takes user text passes it through here (short fields through
:func:`dshub.services.workshops.clean_text`, answers and notes through
:func:`dshub.store.answers.save_answer`, which calls :func:`normalise_value`):

- lone surrogates (``\\ud800``: not a character, cannot be encoded as UTF-8 and so cannot be stored)
  are removed;
- control characters (Unicode category Cc, C0 and C1) are removed, except newline and tab in
  multi-line text; ``\\r\\n`` and ``\\r`` become ``\\n``;
- the result is in Unicode normal form NFC, so the same word typed on two devices compares equal.

Normalising is idempotent: ``normalise(normalise(x)) == normalise(x)``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_SURROGATES = re.compile("[\ud800-\udfff]")
_KEEP_MULTILINE = frozenset("\n\t")


def normalise(raw: str | None, *, multiline: bool = False) -> str:
    text = _SURROGATES.sub("", raw or "")
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    keep = _KEEP_MULTILINE if multiline else frozenset()
    text = "".join(ch for ch in text if ch in keep or unicodedata.category(ch) != "Cc")
    return unicodedata.normalize("NFC", text)


def normalise_value(value: Any) -> Any:
    """Every string inside a JSON-like value (keys too), as multi-line text."""
    if isinstance(value, str):
        return normalise(value, multiline=True)
    if isinstance(value, dict):
        return {
            (normalise(k, multiline=True) if isinstance(k, str) else k): normalise_value(v) for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [normalise_value(v) for v in value]
    return value
