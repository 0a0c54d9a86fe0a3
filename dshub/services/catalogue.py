"""Use cases for the catalogue page: the filtered list with its filter options, one entry, start ethics.

Pure reads of the content (no database), except :func:`start_ethics`, which sets a team's ethics
project through :func:`dshub.services.ethics.start_case` (one transaction, idempotent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dshub.catalogue.content import DOMAINS, METHODS, Catalogue, Entry
from dshub.catalogue.dummy import DUMMY_DIR
from dshub.errors import NotFound
from dshub.ethics.content import EthicsContent
from dshub.ethics.routing_view import fact_view
from dshub.legal.content import LegalFacts
from dshub.maturity.content import MaturityModel
from dshub.services import ethics
from dshub.store.db import Database

ANY = "any"
PERSONAL_CHOICES: tuple[str, ...] = (ANY, "yes", "no")
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Option:
    """A filter choice and how many entries it would show (with the other filters as they are)."""

    value: str | int
    count: int


@dataclass(frozen=True)
class Filters:
    domain: str = ANY
    method: str = ANY
    level: int | None = None  # entries that need at most this maturity level
    personal: str = ANY  # "yes": needs personal data, "no": none

    def keep(self, entry: Entry, *, skip: str = "") -> bool:
        return (
            (skip == "domain" or self.domain == ANY or entry.domain == self.domain)
            and (skip == "method" or self.method == ANY or entry.method.id == self.method)
            and (skip == "level" or self.level is None or entry.maturity_level <= self.level)
            and (skip == "personal" or self.personal == ANY or entry.personal_data == (self.personal == "yes"))
        )


@dataclass(frozen=True)
class CatalogueList:
    entries: tuple[Entry, ...]
    total: int
    domains: tuple[Option, ...]
    methods: tuple[Option, ...]
    levels: tuple[Option, ...]
    personal: tuple[Option, ...]


@dataclass(frozen=True)
class EntryView:
    """One entry as its page shows it; the labels taken from other content files are in the user's language."""

    entry: Entry
    csv: bytes | None  # None: the dummy file is missing (the page says so; validate names it)
    csv_name: str
    legal: tuple[dict[str, Any], ...] = ()  # the legal facts its datasets rest on (routing_view.fact_view)
    themes: tuple[str, ...] = ()  # the titles of its ethics themes, in file order (the id if no assistant has it)
    level_label: str | None = None  # the maturity model's name for its level (None: no model names it)


def _clean(filters: Filters) -> Filters:
    """Unknown values (an old link, a hand-edited address) count as 'any'."""
    return Filters(
        domain=filters.domain if filters.domain in DOMAINS else ANY,
        method=filters.method if filters.method in METHODS else ANY,
        level=filters.level if filters.level in LEVELS else None,
        personal=filters.personal if filters.personal in PERSONAL_CHOICES else ANY,
    )


def list_entries(catalogue: Catalogue, filters: Filters = Filters()) -> CatalogueList:
    """The entries that pass every filter, in file order, plus per filter the choices with their counts."""
    f = _clean(filters)
    entries = catalogue.entries

    def options(skip: str, values, test) -> tuple[Option, ...]:
        pool = [e for e in entries if f.keep(e, skip=skip)]
        return (Option(ANY, len(pool)),) + tuple(Option(v, sum(1 for e in pool if test(e, v))) for v in values)

    return CatalogueList(
        entries=tuple(e for e in entries if f.keep(e)),
        total=len(entries),
        domains=options(
            "domain", [d for d in DOMAINS if any(e.domain == d for e in entries)], lambda e, v: e.domain == v
        ),
        methods=options(
            "method", [m for m in METHODS if any(e.method.id == m for e in entries)], lambda e, v: e.method.id == v
        ),
        levels=options("level", LEVELS, lambda e, v: e.maturity_level <= v),
        personal=options("personal", ("yes", "no"), lambda e, v: e.personal_data == (v == "yes")),
    )


def entry_view(
    catalogue: Catalogue,
    entry_id: str | None,
    dummy_dir: Path = DUMMY_DIR,
    *,
    legal: Sequence[LegalFacts] = (),
    assistants: Sequence[EthicsContent] = (),
    maturity: Sequence[MaturityModel] = (),
    lang: str = "nl",
) -> EntryView:
    """One entry with its dummy CSV and, in ``lang``: from ``legal`` the legal facts its datasets rest on,
    from ``assistants`` the titles of its ethics themes and from ``maturity`` the label of its maturity level."""
    entry = catalogue.entry(entry_id or "")
    if entry is None:
        raise NotFound("catalogue.error.unknown_entry", entry=(entry_id or "")[:64])
    path = dummy_dir / entry.dummy.file
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    by_id = {fact.id: fact for facts in legal for fact in facts.facts}
    named = dict.fromkeys(f for d in entry.datasets for f in d.legal if f in by_id)  # in order, once each
    titles = {theme.id: theme.title.get(lang) for assistant in assistants for theme in assistant.themes}
    level_label = next(
        (lv.label.get(lang) for model in maturity for lv in model.levels if lv.level == entry.maturity_level), None
    )
    return EntryView(
        entry,
        data,
        entry.dummy.file,
        tuple(fact_view(by_id[f], lang) for f in named),
        themes=tuple(titles.get(t, t) for t in entry.ethics_themes),
        level_label=level_label,
    )


def start_ethics(
    db: Database, content: EthicsContent, catalogue: Catalogue, token: str | None, entry_id: str
) -> ethics.CaseStarted:
    """Start the ethics assistant on this entry for the user's team (see :func:`ethics.start_case`)."""
    return ethics.start_case(db, content, catalogue.ethics_cases(), token, entry_id)
