"""Regional sessions on SQLite and PostgreSQL: several municipalities, each team picks its own."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dshub import cli
from dshub.config import settings
from dshub.errors import Invalid
from dshub.services import privacy, workshops
from dshub.store.models import Team, Workshop, WorkshopMunicipality

REGION = ["Dongen", "Tilburg", "Goirle"]


@pytest.fixture
def regional(db):
    return workshops.create_workshop(db, title="Regiodag", municipality=REGION[0], municipalities=REGION[1:],
                                     base_url="https://dshub.test")


def _places(db, workshop_id):
    with db.read() as s:
        return [(m.position, m.name) for m in s.scalars(select(WorkshopMunicipality).where(
            WorkshopMunicipality.workshop_id == workshop_id).order_by(WorkshopMunicipality.position))]


def test_create_with_several_municipalities_stores_them_in_order(db, regional):
    assert [m.name for m in regional.municipalities] == REGION
    assert [m.number for m in regional.municipalities] == [1, 2, 3]
    assert _places(db, regional.workshop.id) == [(0, "Dongen"), (1, "Tilburg"), (2, "Goirle")]
    assert regional.workshop.municipality == "Dongen, Tilburg, Goirle"  # the place shown in headers
    lobby = workshops.facilitator_lobby(db, regional.facilitator_key)
    assert lobby.regional and [m.name for m in lobby.municipalities] == REGION


def test_one_municipality_is_a_session_as_before(db):
    created = workshops.create_workshop(db, title="Dag", municipality="  Dongen ", base_url="http://x")
    assert created.workshop.municipality == "Dongen"
    assert _places(db, created.workshop.id) == [(0, "Dongen")]
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Rood")  # no municipality asked
    assert joined.membership.team.municipality == "Dongen"
    assert not workshops.lookup_code(db, created.workshop.code, "c").regional
    # the single field keeps its old limit (120), longer than a name in a regional list
    long = "Gemeente Dongen, afdeling Informatievoorziening en Dienstverlening aan inwoners"
    assert workshops.create_workshop(db, title="Dag", municipality=long, base_url="http://x").workshop.municipality == long


@pytest.mark.parametrize("first,more,key,params", [
    ("Dongen", ["Tilburg", " dongen "], "error.municipality_duplicate", {"name": "dongen"}),
    ("Dongen", [f"Gemeente {n}" for n in range(20)], "error.municipalities_too_many", {"max": 20, "n": 21}),
    ("Dongen", ["T"], "error.municipality_length", {"name": "T", "min": 2, "max": 60}),
    ("Dongen", ["x" * 61], "error.municipality_length", {"name": "x" * 60 + "…", "min": 2, "max": 60}),
    ("", ["", "  "], "error.field_required", {"field": "municipality"}),
])
def test_bad_municipality_lists_are_refused_with_a_message(db, first, more, key, params):
    with pytest.raises(Invalid) as info:
        workshops.create_workshop(db, title="Dag", municipality=first, municipalities=more, base_url="http://x")
    assert (info.value.key, info.value.params) == (key, params)
    with db.read() as s:
        assert s.scalars(select(Workshop)).first() is None  # nothing half-made


def test_twenty_municipalities_is_the_most_and_the_first_may_come_from_the_list(db):
    names = [f"Gemeente {n}" for n in range(20)]
    created = workshops.create_workshop(db, title="Dag", municipality="", municipalities=names, base_url="http://x")
    assert [m.name for m in created.municipalities] == names
    assert len(created.workshop.municipality) <= 120 and created.workshop.municipality.endswith("…")


def test_a_self_assessment_is_for_one_municipality(db):
    with pytest.raises(Invalid) as info:
        workshops.create_workshop(db, title="Zelfscan", municipality="Dongen", municipalities=["Tilburg"],
                                  kind="assessment", base_url="http://x")
    assert info.value.key == "error.regional_needs_teams"


def test_each_team_picks_its_municipality_on_joining(db, regional):
    code = regional.workshop.code
    dongen, tilburg, _ = regional.municipalities
    public = workshops.lookup_code(db, code, "c")
    assert public.regional and [m.name for m in public.municipalities] == REGION
    with pytest.raises(Invalid) as info:
        workshops.join(db, code=code, new_team_name="Rood")
    assert info.value.key == "error.municipality_required"
    red = workshops.join(db, code=code, new_team_name="Rood", municipality_id=dongen.id)
    assert red.membership.team.municipality == "Dongen"
    # a tablemate joins the same team and names the same municipality
    mate = workshops.join(db, code=code, team_id=red.membership.team.id, municipality_id=dongen.id)
    assert mate.membership.team.id == red.membership.team.id
    # an existing team keeps its municipality: choosing another one is refused with a clear message
    with pytest.raises(Invalid) as info:
        workshops.join(db, code=code, team_id=red.membership.team.id, municipality_id=tilburg.id)
    assert (info.value.key, info.value.params) == ("error.team_other_municipality",
                                                   {"team": "Rood", "municipality": "Dongen"})
    with pytest.raises(Invalid):  # the same name again from another municipality lands in no team
        workshops.join(db, code=code, new_team_name="rood", municipality_id=tilburg.id)
    with pytest.raises(Invalid) as info:  # a municipality of another session
        other = workshops.create_workshop(db, title="x", municipality="Breda", base_url="http://x")
        workshops.join(db, code=code, new_team_name="Blauw", municipality_id=other.municipalities[0].id)
    assert info.value.key == "error.unknown_choice"
    workshops.join(db, code=code, new_team_name="Blauw", municipality_id=tilburg.id)
    lobby = workshops.facilitator_lobby(db, regional.facilitator_key)
    assert [(t.name, t.municipality, t.members) for t in lobby.teams] == [("Rood", "Dongen", 2),
                                                                          ("Blauw", "Tilburg", 1)]
    with db.read() as s:
        assert {t.name: t.municipality_id for t in s.scalars(select(Team))} == {"Rood": dongen.id, "Blauw": tilburg.id}


def test_the_export_gives_each_team_its_municipality_and_delete_removes_them(db, regional):
    code = regional.workshop.code
    workshops.join(db, code=code, new_team_name="Rood", municipality_id=regional.municipalities[2].id)
    document = privacy.export_session(db, code)
    assert [m["name"] for m in document["tables"]["workshop_municipality"]] == REGION
    assert [(t["name"], t["municipality"]) for t in document["tables"]["team"]] == [("Rood", "Goirle")]
    json.dumps(document)
    removed = privacy.delete_session(db, code)
    assert removed["workshop_municipality"] == 3 and removed["team"] == 1
    assert _places(db, regional.workshop.id) == []


def test_cli_creates_a_regional_session(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DSHUB_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    settings.cache_clear()
    try:
        assert cli.main(["workshop", "create", "--title", "Regiodag", "--municipality", "Dongen",
                         "--municipality", " Tilburg ", "--municipality", "Goirle"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["municipalities"] == REGION and out["municipality"] == "Dongen, Tilburg, Goirle"
        assert cli.main(["workshop", "create", "--title", "Dag", "--municipality", "Dongen",
                         "--municipality", "DONGEN", "--lang", "nl"]) == 2
        assert capsys.readouterr().err.strip() == ('De gemeente "DONGEN" staat er twee keer in. '
                                                   "Noem elke gemeente één keer.")
    finally:
        settings.cache_clear()
