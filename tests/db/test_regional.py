"""Regional sessions on SQLite and PostgreSQL: several municipalities, each team picks its own; results per
municipality and for the region with the n >= 5 rule; each municipality's own read-only link."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dshub import cli
from dshub.config import settings
from dshub.content import load_content
from dshub.errors import Forbidden, Invalid, NotFound
from dshub.maturity.content import MaturityModel
from dshub.services import maturity, privacy, workshops
from dshub.store.models import Team, Workshop, WorkshopMunicipality

REGION = ["Dongen", "Tilburg", "Goirle"]
MODEL = load_content().get("maturity", MaturityModel)
QUICK = MODEL.items_for("quick")


@pytest.fixture
def regional(db):
    return workshops.create_workshop(
        db, title="Regiodag", municipality=REGION[0], municipalities=REGION[1:], base_url="https://dshub.test"
    )


def _places(db, workshop_id):
    with db.read() as s:
        return [
            (m.position, m.name)
            for m in s.scalars(
                select(WorkshopMunicipality)
                .where(WorkshopMunicipality.workshop_id == workshop_id)
                .order_by(WorkshopMunicipality.position)
            )
        ]


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
    assert (
        workshops.create_workshop(db, title="Dag", municipality=long, base_url="http://x").workshop.municipality == long
    )


@pytest.mark.parametrize(
    "first,more,key,params",
    [
        ("Dongen", ["Tilburg", " dongen "], "error.municipality_duplicate", {"name": "dongen"}),
        ("Dongen", [f"Gemeente {n}" for n in range(20)], "error.municipalities_too_many", {"max": 20, "n": 21}),
        ("Dongen", ["T"], "error.municipality_length", {"name": "T", "min": 2, "max": 60}),
        ("Dongen", ["x" * 61], "error.municipality_length", {"name": "x" * 60 + "…", "min": 2, "max": 60}),
        ("", ["", "  "], "error.field_required", {"field": "municipality"}),
    ],
)
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
        workshops.create_workshop(
            db,
            title="Zelfscan",
            municipality="Dongen",
            municipalities=["Tilburg"],
            kind="assessment",
            base_url="http://x",
        )
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
    assert (info.value.key, info.value.params) == (
        "error.team_other_municipality",
        {"team": "Rood", "municipality": "Dongen"},
    )
    with pytest.raises(Invalid):  # the same name again from another municipality lands in no team
        workshops.join(db, code=code, new_team_name="rood", municipality_id=tilburg.id)
    with pytest.raises(Invalid) as info:  # a municipality of another session
        other = workshops.create_workshop(db, title="x", municipality="Breda", base_url="http://x")
        workshops.join(db, code=code, new_team_name="Blauw", municipality_id=other.municipalities[0].id)
    assert info.value.key == "error.unknown_choice"
    workshops.join(db, code=code, new_team_name="Blauw", municipality_id=tilburg.id)
    lobby = workshops.facilitator_lobby(db, regional.facilitator_key)
    assert [(t.name, t.municipality, t.members) for t in lobby.teams] == [
        ("Rood", "Dongen", 2),
        ("Blauw", "Tilburg", 1),
    ]
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
        assert (
            cli.main(
                [
                    "workshop",
                    "create",
                    "--title",
                    "Regiodag",
                    "--municipality",
                    "Dongen",
                    "--municipality",
                    " Tilburg ",
                    "--municipality",
                    "Goirle",
                ]
            )
            == 0
        )
        out = json.loads(capsys.readouterr().out)
        assert out["municipalities"] == REGION and out["municipality"] == "Dongen, Tilburg, Goirle"
        assert (
            cli.main(
                [
                    "workshop",
                    "create",
                    "--title",
                    "Dag",
                    "--municipality",
                    "Dongen",
                    "--municipality",
                    "DONGEN",
                    "--lang",
                    "nl",
                ]
            )
            == 2
        )
        assert capsys.readouterr().err.strip() == (
            'De gemeente "DONGEN" staat er twee keer in. Noem elke gemeente één keer.'
        )
    finally:
        settings.cache_clear()


# --------------------------------------------------------------------------- results per municipality


def answer_as_teams(db, created, number: int, teams: int, level: int) -> list[str]:
    """``teams`` teams of municipality ``number`` answer the quickscan with ``level``; returns their tokens."""
    place = created.municipalities[number - 1]
    tokens = []
    for n in range(teams):
        joined = workshops.join(
            db, code=created.workshop.code, new_team_name=f"{place.name} {n}", municipality_id=place.id
        )
        for item in QUICK:
            maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=item.id, value=level)
        tokens.append(joined.token)
    return tokens


def _key(url: str) -> str:
    return url.split("key=")[1]


@pytest.fixture
def answered(db, regional):
    answer_as_teams(db, regional, 1, 5, 2)  # Dongen: 5 teams at level 2
    answer_as_teams(db, regional, 2, 4, 4)  # Tilburg: 4 teams at level 4
    answer_as_teams(db, regional, 3, 1, 3)  # Goirle: 1 team at level 3
    return regional


def _means(dash) -> set[float]:
    return set(dash.result.dimensions["mean"].round(2))


def test_the_facilitator_sees_the_region_and_each_municipality_from_five(db, answered):
    dash = maturity.dashboard(db, MODEL, answered.facilitator_key)
    regional = dash.regional
    assert regional.selected == "region" and dash.shown
    assert [(g.id, g.name, g.respondents, g.visible, g.reason) for g in regional.groups] == [
        ("region", None, 10, True, None),
        ("m1", "Dongen", 5, True, None),
        ("m2", "Tilburg", 4, False, "below_min"),
        ("m3", "Goirle", 1, False, "below_min"),
    ]
    assert _means(dash) == {round((5 * 2 + 4 * 4 + 3) / 10, 2)}
    assert set(dash.result.dimensions["n"]) == {10}
    assert _means(maturity.dashboard(db, MODEL, answered.facilitator_key, group="m1")) == {2.0}
    hidden = maturity.dashboard(db, MODEL, answered.facilitator_key, group="m2")
    assert not hidden.shown and hidden.result.dimensions.empty and hidden.result.items.empty
    assert hidden.respondents == {"teams": 4, "individuals": 0}
    assert hidden.role_gaps.means.empty and hidden.history.empty
    # the session's read-only link reads like the facilitator (others), without the tools
    shared = maturity.dashboard(
        db, MODEL, _key(maturity.create_results_link(db, answered.facilitator_key, "http://x")), group="m2"
    )
    assert not shared.access.can_edit and not shared.shown


def test_each_municipality_link_shows_only_its_own_results_and_the_region(db, answered):
    links = [
        maturity.create_municipality_link(db, answered.facilitator_key, n, "https://dshub.test", "en")
        for n in (1, 2, 3)
    ]
    assert [(link.number, link.name) for link in links] == [(1, "Dongen"), (2, "Tilburg"), (3, "Goirle")]
    assert links[0].url.startswith("https://dshub.test/results?lang=en&key=")
    assert len({_key(link.url) for link in links}) == 3
    tilburg = maturity.dashboard(db, MODEL, _key(links[1].url))
    assert not tilburg.access.can_edit and tilburg.access.municipality == "Tilburg"
    # its own results, although it has fewer than 5: it is not "others" to itself
    assert [(g.id, g.visible, g.own) for g in tilburg.regional.groups] == [("m2", True, True), ("region", True, False)]
    assert tilburg.regional.selected == "m2" and _means(tilburg) == {4.0}
    # asking for another municipality gives its own page: it never sees Dongen on its own
    assert maturity.dashboard(db, MODEL, _key(links[1].url), group="m1").regional.selected == "m2"
    assert _means(maturity.dashboard(db, MODEL, _key(links[1].url), group="region")) == {2.9}
    # Dongen (5 of 10): the rest of the region is 5, so it sees the region too
    dongen = maturity.dashboard(db, MODEL, _key(links[0].url), group="region")
    assert dongen.shown and [g.id for g in dongen.regional.groups] == ["m1", "region"]
    # a new link for Tilburg replaces its earlier one
    again = maturity.create_municipality_link(db, answered.facilitator_key, 2, "https://dshub.test")
    with pytest.raises(Forbidden):
        maturity.dashboard(db, MODEL, _key(links[1].url))
    assert maturity.dashboard(db, MODEL, _key(again.url)).access.municipality == "Tilburg"
    with pytest.raises(NotFound):
        maturity.create_municipality_link(db, answered.facilitator_key, 4, "https://dshub.test")
    with pytest.raises(Forbidden):
        maturity.create_municipality_link(db, "not the key", 1, "https://dshub.test")


def test_a_region_under_five_is_hidden_from_everyone(db, regional):
    answer_as_teams(db, regional, 1, 2, 3)
    answer_as_teams(db, regional, 2, 2, 3)
    dash = maturity.dashboard(db, MODEL, regional.facilitator_key)
    assert not dash.shown and dash.regional.current.reason == "below_min" and dash.regional.current.respondents == 4
    assert not any(g.visible for g in dash.regional.groups)
    own = maturity.dashboard(
        db,
        MODEL,
        _key(maturity.create_municipality_link(db, regional.facilitator_key, 1, "http://x").url),
        group="region",
    )
    assert not own.shown and own.result.dimensions.empty


def test_a_region_the_municipality_could_subtract_itself_from_is_hidden_from_it(db, regional):
    answer_as_teams(db, regional, 1, 6, 2)
    answer_as_teams(db, regional, 2, 3, 4)
    link = maturity.create_municipality_link(db, regional.facilitator_key, 1, "http://x")
    dash = maturity.dashboard(db, MODEL, _key(link.url), group="region")
    assert not dash.shown and dash.regional.current.reason == "rest_below_min"
    # and the facilitator does not see Dongen on its own: region minus Dongen would be Tilburg's 3
    groups = {g.id: g for g in maturity.dashboard(db, MODEL, regional.facilitator_key).regional.groups}
    assert groups["region"].visible and not groups["m1"].visible and groups["m1"].reason == "complementary"


def test_the_rule_counts_the_respondents_of_the_view_shown(db, regional):
    # Dongen: 1 team, and 5 people answering for themselves (members of that team)
    team_token = answer_as_teams(db, regional, 1, 1, 3)[0]
    team_id = workshops.membership(db, team_token).team.id
    for n in range(5):
        person = workshops.join(
            db,
            code=regional.workshop.code,
            team_id=team_id,
            municipality_id=regional.municipalities[0].id,
            roles=["policy" if n % 2 else "operations"],
        )
        for item in QUICK:
            maturity.save_scan_answer(db, MODEL, person.token, mode="individual", item_id=item.id, value=1 + n % 5)
    by_view = {
        view: maturity.dashboard(db, MODEL, regional.facilitator_key, view=view, group="m1").regional.current
        for view in maturity.VIEWS
    }
    assert {v: (g.respondents, g.visible) for v, g in by_view.items()} == {
        "teams": (1, False),
        "individuals": (5, True),
        "all": (6, True),
    }
    assert by_view["teams"].teams == 1 and by_view["teams"].individuals == 5
    # roles are compared only on the municipality's own link, for that municipality
    assert maturity.dashboard(db, MODEL, regional.facilitator_key, view="individuals", group="m1").role_gaps.means.empty
    link = maturity.create_municipality_link(db, regional.facilitator_key, 1, "http://x")
    own = maturity.dashboard(db, MODEL, _key(link.url))
    assert own.regional.roles_shown and set(own.role_gaps.means["role"]) == {"policy", "operations"}


def test_a_removed_team_does_not_count_for_its_municipality(db, regional):
    tokens = answer_as_teams(db, regional, 1, 5, 3)
    workshops.remove_team(db, regional.facilitator_key, workshops.membership(db, tokens[0]).team.id)
    dash = maturity.dashboard(db, MODEL, regional.facilitator_key, group="m1")
    assert dash.regional.current.respondents == 4 and not dash.shown


def test_the_benchmark_compares_a_municipality_with_its_region(db, answered):
    from dshub.services import benchmarks

    link = maturity.create_municipality_link(db, answered.facilitator_key, 2, "http://x")
    comp = benchmarks.region_comparison(db, MODEL, _key(link.url))
    assert comp.municipality == "Tilburg" and comp.own.visible and comp.region.visible
    assert set(comp.rows["own_mean"]) == {4.0} and set(comp.rows["own_n"]) == {4}
    assert set(comp.rows["region_mean"].round(2)) == {2.9} and set(comp.rows["region_n"]) == {10}
    with pytest.raises(Forbidden) as info:
        benchmarks.region_comparison(db, MODEL, answered.facilitator_key)
    assert info.value.key == "benchmarks.region.needs_municipality_link"


def test_the_facilitator_gets_each_team_with_its_municipality(db, regional):
    from dshub.reports import maturity as reports

    answer_as_teams(db, regional, 2, 1, 3)
    workshops.join(db, code=regional.workshop.code, new_team_name="Laat", municipality_id=regional.municipalities[2].id)
    dash = maturity.dashboard(db, MODEL, regional.facilitator_key)
    assert [(t.name, t.municipality, t.answered) for t in dash.teams] == [
        ("Tilburg 0", "Tilburg", True),
        ("Laat", "Goirle", False),
    ]
    frame = reports.teams_table(dash, "nl")
    assert frame.to_dict("records") == [
        {"Team": "Tilburg 0", "Gemeente": "Tilburg", "Scan ingevuld": "ja"},
        {"Team": "Laat", "Gemeente": "Goirle", "Scan ingevuld": "nee"},
    ]
    link = maturity.create_municipality_link(db, regional.facilitator_key, 2, "http://x")
    assert maturity.dashboard(db, MODEL, _key(link.url)).teams == ()  # not through a read-only link
