"""A demo workshop with a few teams, so a fresh install has something to look at.

Idempotent: running it again finds the same workshop (by its fixed join code)
and its teams; only the facilitator key and the read-only results key are
renewed, because keys are stored as hashes and cannot be shown twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from dshub import security
from dshub.maturity.content import MaturityModel
from dshub.services import maturity, workshops
from dshub.store.db import Database
from dshub.store.models import Workshop, utcnow

DEMO_CODE = "DEMDAG"
DEMO_TEAMS = (
    ("Tafel Noord", ("information_management", "policy")),
    ("Tafel Oost", ("operations", "management")),
    ("Tafel Zuid", ("communication", "policy", "other")),
)


# Quickscan levels per demo team, cycling over the items: enough spread to make the dashboard talk.
DEMO_LEVELS = {"Tafel Noord": (2, 3, 2, 1, 3), "Tafel Oost": (3, 4, 3, 2, 4), "Tafel Zuid": (2, 2, 4, 2, 3)}


@dataclass(frozen=True)
class Demo:
    created: bool
    code: str
    links: workshops.Links
    results_url: str


def load_demo(db: Database, base_url: str, model: MaturityModel | None = None) -> Demo:
    key = security.new_key()
    results_key = security.new_key()  # management's read-only link: it cannot change targets or teams
    created = False
    with db.write() as session:
        workshop = session.scalars(select(Workshop).where(Workshop.code == DEMO_CODE)).one_or_none()
        if workshop is None:
            created = True
            workshop = Workshop(
                code=DEMO_CODE,
                kind="workshop",
                title="Data Awareness Dag (demo)",
                municipality="Voorbeeldstad",
                event_date=utcnow().date(),
                modules=list(workshops.MODULES),
                settings={"size_class": "medium", "demo": True},
                facilitator_key_hash="pending",
                expires_at=utcnow(),
            )
            session.add(workshop)
        workshop.facilitator_key_hash = security.hash_key(key)
        workshop.results_key_hash = security.hash_key(results_key)
        workshop.status = "open"
        workshop.expires_at = max(workshop.expires_at, utcnow() + timedelta(days=workshops.VALID_DAYS))
    for name, roles in DEMO_TEAMS:
        # Only a new team gets a member (and answers), so running the demo again adds nothing.
        lobby = workshops.facilitator_lobby(db, key)
        if any(t.name == name for t in lobby.teams):
            continue
        joined = workshops.join(db, code=DEMO_CODE, new_team_name=name, roles=list(roles))
        if model is not None:
            levels = DEMO_LEVELS[name]
            for i, item in enumerate(model.items_for("quick")):
                maturity.save_scan_answer(
                    db, model, joined.token, mode="team", item_id=item.id, value=levels[i % len(levels)]
                )
    links = workshops.build_links(base_url, DEMO_CODE, key, results_key)
    assert links.results_url is not None  # build_links gives a results URL whenever it is given a results key
    return Demo(created, DEMO_CODE, links, links.results_url)
