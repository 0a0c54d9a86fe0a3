"""AppTests for regional sessions: the create form with several municipalities, the join page's
municipality, the facilitator's links per municipality, and the results page with the n >= 5 rule."""

from __future__ import annotations

import pytest

from dshub.content import load_content
from dshub.i18n import t
from dshub.maturity.content import MaturityModel
from dshub.reports import maturity as reports
from dshub.services import maturity, workshops
from dshub.ui.core import plain
from tests.app.conftest import assert_clean, html_tables, texts

MODEL = load_content().get("maturity", MaturityModel)
REGION = ["Dongen", "Tilburg", "Goirle"]


@pytest.fixture
def regional(db):
    return workshops.create_workshop(
        db, title="Regiodag", municipality=REGION[0], municipalities=REGION[1:], base_url="https://dshub.test"
    )


def _teams(db, created, number: int, teams: int, level: int) -> None:
    place = created.municipalities[number - 1]
    for n in range(teams):
        joined = workshops.join(
            db, code=created.workshop.code, new_team_name=f"{place.name} {n}", municipality_id=place.id
        )
        for item in MODEL.items_for("quick"):
            maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=item.id, value=level)


@pytest.fixture
def answered(db, regional):
    _teams(db, regional, 1, 5, 2)  # Dongen: 5 teams, shown to others
    _teams(db, regional, 2, 4, 4)  # Tilburg: 4 teams, hidden from others
    _teams(db, regional, 3, 1, 3)  # Goirle: 1 team
    return regional


# --------------------------------------------------------------------------- create form


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_facilitator_creates_a_regional_session(open_page, db, lang):
    at = open_page("app_pages/facilitate.py", lang=lang)
    more = at.multiselect(key="create_municipalities")
    assert {"Tilburg", "'s-Hertogenbosch", "Súdwest-Fryslân"} <= set(more.options)  # the Dutch municipalities
    at.text_input(key="create_municipality").input("Dongen")
    more.set_value(["Tilburg", "Baarle-Nassau", "Nieuwdorp aan Zee"])  # the last one typed: not in the list
    at.button(key="create_submit").click().run()
    assert_clean(at)
    lobby = workshops.facilitator_lobby(db, at.query_params["key"])
    assert [m.name for m in lobby.municipalities] == ["Dongen", "Tilburg", "Baarle-Nassau", "Nieuwdorp aan Zee"]
    assert plain("Dongen, Tilburg, Baarle-Nassau, Nieuwdorp aan Zee") in texts(at)  # the header, shown literally
    # the facilitator page offers a read-only results link per municipality
    assert [b.key for b in at.button if b.key.startswith("results_link_")] == [f"results_link_{n}" for n in range(1, 5)]


def test_a_session_of_one_municipality_is_created_as_before(open_page, db):
    at = open_page("app_pages/facilitate.py", lang="en")
    at.text_input(key="create_municipality").input("Dongen")
    at.button(key="create_submit").click().run()
    assert_clean(at)
    lobby = workshops.facilitator_lobby(db, at.query_params["key"])
    assert [m.name for m in lobby.municipalities] == ["Dongen"] and not lobby.regional
    assert not [b.key for b in at.button if b.key.startswith("results_link_")]


@pytest.mark.parametrize(
    "first,more,message",
    [
        ("Dongen", ["dongen "], 'The municipality "dongen" is listed twice. Name each municipality once.'),
        ("Dongen", ["X"], 'The municipality name "X" must be 2 to 60 characters long.'),
        ("", [], 'Please fill in "municipality".'),
    ],
)
def test_a_bad_municipality_list_gives_a_message_not_a_traceback(open_page, first, more, message):
    at = open_page("app_pages/facilitate.py", lang="en")
    at.text_input(key="create_municipality").input(first)
    at.multiselect(key="create_municipalities").set_value(more)
    at.button(key="create_submit").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [message]
    assert "key" not in at.query_params


def test_the_facilitator_makes_a_link_per_municipality_that_opens_its_results(open_page, db, answered):
    at = open_page("app_pages/facilitate.py", lang="en", key=answered.facilitator_key)
    assert_clean(at)
    at.button(key="results_link_2").click().run()
    assert_clean(at)
    url = next(c.value for c in at.code if "/results?" in c.value)
    assert url.startswith("https://dshub.test/results?lang=en&key=")
    assert at.button(key="results_link_2").label == "Create a new read-only link"  # one exists now
    results = open_page("app_pages/results.py", lang="en", key=url.split("key=")[1])
    assert_clean(results)
    page = texts(results)
    assert "This is the read-only link of Tilburg" in page and "Tilburg — Regiodag" in page
    assert results.selectbox(key="results_group").options == ["Tilburg", "Region (all municipalities)"]


# --------------------------------------------------------------------------- join page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_team_picks_its_municipality_on_joining(open_page, db, regional, lang):
    at = open_page("app_pages/join.py", lang=lang, code=regional.workshop.code)
    assert_clean(at)
    place = at.selectbox(key="join_municipality")
    assert place.options == REGION and place.value is None
    at.text_input(key="join_new_team").input("Rood")
    at.button(key="join_submit").click().run()  # no municipality chosen
    assert not at.exception
    assert [e.value for e in at.error] == [t("error.municipality_required", lang)]
    assert "p" not in at.query_params
    at.selectbox(key="join_municipality").select(regional.municipalities[1].id)  # Tilburg
    at.button(key="join_submit").click().run()
    assert_clean(at)
    member = workshops.membership(db, at.query_params["p"])
    assert member.team.name == "Rood" and member.team.municipality == "Tilburg"
    assert "Regiodag — Tilburg" in texts(at)  # the team's own municipality in the header


def test_joining_an_existing_team_of_another_municipality_is_refused(open_page, db, regional):
    workshops.join(db, code=regional.workshop.code, new_team_name="Rood", municipality_id=regional.municipalities[0].id)
    at = open_page("app_pages/join.py", lang="en", code=regional.workshop.code)
    team = at.radio(key="join_team")
    assert team.options[0] == plain("Rood (Dongen)")  # each team with its municipality (a team name is shown literally)
    team.set_value(workshops.facilitator_lobby(db, regional.facilitator_key).teams[0].id)
    at.selectbox(key="join_municipality").select(regional.municipalities[2].id)  # Goirle
    at.button(key="join_submit").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        'Team "Rood" belongs to Dongen. Choose that municipality, or create a new team for yours.'
    ]


def test_a_session_of_one_municipality_asks_for_no_municipality(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    at = open_page("app_pages/join.py", lang="en", code=created.workshop.code)
    assert "join_municipality" not in [s.key for s in at.selectbox]
    at.text_input(key="join_new_team").input("Rood")
    at.button(key="join_submit").click().run()
    assert_clean(at)
    assert workshops.membership(db, at.query_params["p"]).team.municipality == "Dongen"


# --------------------------------------------------------------------------- results page


def test_the_facilitator_sees_the_region_and_municipalities_from_five(open_page, answered):
    at = open_page("app_pages/results.py", lang="en", key=answered.facilitator_key)
    assert_clean(at)
    group = at.selectbox(key="results_group")
    assert group.value == "region"
    assert group.options == ["Region (all municipalities)", "Dongen", "Tilburg (not shown)", "Goirle (not shown)"]
    page = texts(at)
    assert "Region Dongen, Tilburg, Goirle — Regiodag" in page
    assert "Answers from 10 teams and 0 individual participants." in page
    overview = next(h for h in html_tables(at) if "<caption>Respondents per municipality</caption>" in h)
    assert "<td>Tilburg</td>" in overview and "no: fewer than 5 respondents" in overview
    assert len(at.get("plotly_chart")) >= 1 and at.get("download_button")
    # roles are not compared in front of others in a regional session
    assert t("results.roles.regional", "en") in [i.value for i in at.info]

    at.selectbox(key="results_group").select("m2").run()  # Tilburg: 4 respondents
    assert_clean(at)
    assert not at.get("plotly_chart") and not at.get("download_button")
    warning = [w.value for w in at.warning]
    assert len(warning) == 1 and "fewer than 5 respondents (4)" in warning[0]
    assert "Tilburg sees its own results through its own read-only link." in warning[0]
    assert "Tilburg — Regiodag" in texts(at)

    at.selectbox(key="results_group").select("m1").run()  # Dongen: 5 respondents
    assert_clean(at)
    assert at.get("plotly_chart") and not at.warning
    scores = next(h for h in html_tables(at) if "<caption>Scores per dimension</caption>" in h)
    assert "<th>Municipality or region</th>" in scores and "<td>Dongen</td>" in scores


def test_downloads_name_the_municipality(open_page, db, answered):
    at = open_page("app_pages/results.py", lang="nl", key=answered.facilitator_key)
    at.selectbox(key="results_group").select("m1").run()
    assert_clean(at)
    assert [d.proto.label for d in at.get("download_button")] == ["Scores (CSV)", "Alle resultaten (JSON)"]
    at.button(key="prepare_xlsx").click().run()
    assert_clean(at)
    assert "Download: Scores (Excel)" in [d.proto.label for d in at.get("download_button")]
    dash = maturity.dashboard(db, MODEL, answered.facilitator_key, group="m1")
    assert reports.file_slug(dash, "nl") == f"dshub-{answered.workshop.code}-dongen"
    frame = reports.scores_table(dash, MODEL, "nl")
    assert set(frame["Gemeente of regio"]) == {"Dongen"}
    html = reports.html_report(dash, MODEL, "nl", figures=[])
    assert "<strong>Dongen</strong>" in html and "Respondenten per gemeente" in html
    assert "<td>Tilburg</td>" in html and "nee: minder dan 5 respondenten" in html


def test_a_municipality_link_shows_its_own_results_under_five_and_the_region(open_page, db, answered):
    link = maturity.create_municipality_link(db, answered.facilitator_key, 2, "https://dshub.test")
    at = open_page("app_pages/results.py", lang="nl", key=link.url.split("key=")[1])
    assert_clean(at)
    assert at.selectbox(key="results_group").options == ["Tilburg", "Regio (alle gemeenten)"]
    assert at.selectbox(key="results_group").value == "m2"
    assert at.get("plotly_chart") and not at.warning  # its own 4 respondents: shown to itself
    assert "results_link_create" not in [b.key for b in at.button] and not at.slider  # read-only
    roles = [i.value for i in at.info]
    assert t("results.roles.regional", "nl") not in roles  # its own roles may be compared
    assert any(link.label == "Vergelijken met de regio (benchmark)" for link in at.get("page_link"))
    at.selectbox(key="results_group").select("region").run()
    assert_clean(at)
    assert at.get("plotly_chart")
    overview = next(h for h in html_tables(at) if "Respondenten per gemeente" in h)
    assert "Dongen" not in overview and "Goirle" not in overview  # nothing of the other municipalities


def test_a_region_under_five_is_not_shown(open_page, db, regional):
    _teams(db, regional, 1, 2, 3)
    _teams(db, regional, 2, 2, 3)
    at = open_page("app_pages/results.py", lang="en", key=regional.facilitator_key)
    assert_clean(at)
    assert not at.get("plotly_chart")
    assert "The results of the region are not shown: fewer than 5 respondents (4)." in at.warning[0].value


# --------------------------------------------------------------------------- benchmark page


def _region_table(at) -> str:
    return next(h for h in html_tables(at) if "en de regio per dimensie" in h or "and the region per dimension" in h)


def test_the_benchmark_page_puts_a_municipality_next_to_the_region(open_page, db, answered):
    link = maturity.create_municipality_link(db, answered.facilitator_key, 1, "https://dshub.test")
    at = open_page("app_pages/benchmark.py", lang="nl", key=link.url.split("key=")[1])
    assert_clean(at)
    assert "Dongen en de regio" in [h.value for h in at.header]
    table = _region_table(at)
    assert "<th>Dongen: score</th>" in table and "<th>Regio (alle gemeenten): score</th>" in table
    assert "<td>2,0</td><td>5</td><td>2,9</td><td>10</td>" in table.replace("\n", "").replace(" ", "")
    assert plain("Dongen scoort hoger dan de regio op 0, lager op 9 en gelijk op 0 van de dimensies.") in texts(at)
    assert "Tilburg" not in table and "Goirle" not in table


def test_the_benchmark_page_hides_a_region_the_municipality_could_subtract_itself_from(open_page, db, regional):
    _teams(db, regional, 1, 6, 2)
    _teams(db, regional, 2, 3, 4)
    link = maturity.create_municipality_link(db, regional.facilitator_key, 1, "https://dshub.test")
    at = open_page("app_pages/benchmark.py", lang="en", key=link.url.split("key=")[1])
    assert_clean(at)
    assert "without your own answers the region has fewer than 5 respondents" in at.warning[0].value
    table = _region_table(at)
    assert "<td>2.0</td><td>6</td><td>–</td><td>–</td>" in table.replace("\n", "").replace(" ", "")


def test_the_region_comparison_needs_a_municipality_link(open_page, answered):
    at = open_page("app_pages/benchmark.py", lang="en", key=answered.facilitator_key)
    assert not at.exception
    assert [e.value for e in at.error] == [t("benchmarks.region.needs_municipality_link", "en")]
    assert at.tabs  # the rest of the page is there as always
