"""Maturity service and reports against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from sqlalchemy import select

from dshub.content import load_content
from dshub.errors import Forbidden, Invalid
from dshub.i18n import t
from dshub.maturity.content import MaturityModel
from dshub.reports import csvfile
from dshub.reports import maturity as reports
from dshub.services import live, maturity, workshops
from dshub.store.answers import save_answer
from dshub.store.models import Answer, Workshop

MODEL = load_content().get("maturity", MaturityModel)
QUICK = MODEL.items_for("quick")
EXTRA = [i for i in MODEL.items if not i.quickscan]  # in the full scan only


def _workshop(db, municipality="Dongen", **kw):
    return workshops.create_workshop(db, title="Dag", municipality=municipality, base_url="https://x", **kw)


def _team(db, created, name, level, roles=()):
    joined = workshops.join(db, code=created.workshop.code, new_team_name=name, roles=list(roles))
    for item in QUICK:
        maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=item.id, value=level)
    return joined


def test_two_teams_give_mean_and_spread(db):
    created = _workshop(db)
    _team(db, created, "Noord", 2)
    _team(db, created, "Zuid", 4)
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    dims = dash.result.dimensions.set_index("dimension")
    assert dash.respondents == {"teams": 2, "individuals": 0, "from_paper": 0}
    assert set(dims["mean"].round(6)) == {3.0}
    assert set(dims["min"]) == {2.0} and set(dims["max"]) == {4.0}
    assert dims["disagreement"].all()  # two levels apart


def test_individual_answers_are_a_separate_view_with_roles(db):
    created = _workshop(db)
    team = _team(db, created, "Noord", 3)
    for role, level in (("policy", 1), ("policy", 1), ("operations", 5), ("operations", 5), ("other", 2)):
        person = workshops.join(db, code=created.workshop.code, team_id=team.membership.team.id, roles=[role])
        for item in QUICK:
            maturity.save_scan_answer(db, MODEL, person.token, mode="individual", item_id=item.id, value=level)
    teams = maturity.dashboard(db, MODEL, created.facilitator_key, "teams")
    people = maturity.dashboard(db, MODEL, created.facilitator_key, "individuals")
    assert set(teams.result.dimensions["mean"]) == {3.0}
    assert set(people.result.dimensions["mean"].round(6)) == {2.8}
    means = people.result.role_gaps.means
    assert "other" not in set(means["role"])  # a role held by one person is never shown on its own
    gaps = people.result.role_gaps.gaps
    assert set(gaps["gap"].round(6)) == {4.0}
    assert set(gaps["high_role"]) == {"operations"}


def test_dont_know_is_stored_and_excluded(db):
    created = _workshop(db)
    joined = workshops.join(db, code=created.workshop.code, new_team_name="A")
    unknown_dim = QUICK[0].dimension
    for item in QUICK:
        value = "dk" if item.dimension == unknown_dim else 4
        maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=item.id, value=value)
    assert maturity.scan_sheet(db, joined.token, "team").answers[QUICK[0].id].value == "dk"
    dims = maturity.dashboard(db, MODEL, created.facilitator_key).result.dimensions.set_index("dimension")
    assert pd.isna(dims.loc[unknown_dim, "mean"])
    assert set(dims.drop(index=unknown_dim)["mean"]) == {4.0}


def test_bad_input_is_refused_with_keys(db):
    created = _workshop(db)
    joined = workshops.join(db, code=created.workshop.code, new_team_name="A")
    for kwargs, key in (
        ({"item_id": "nope", "value": 3}, "maturity.error.unknown_item"),
        ({"item_id": QUICK[0].id, "value": 6}, "maturity.error.bad_value"),
        ({"item_id": QUICK[0].id, "value": None, "note": "x"}, "maturity.error.note_without_answer"),
    ):
        with pytest.raises(Invalid) as info:
            maturity.save_scan_answer(db, MODEL, joined.token, mode="team", **kwargs)
        assert info.value.key == key


def test_answers_to_removed_items_are_ignored_with_a_note(db):
    created = _workshop(db)
    joined = _team(db, created, "A", 3)
    with db.write() as s:  # an answer saved under an older content version, to an item that no longer exists
        save_answer(
            s,
            workshop_id=created.workshop.id,
            team_id=joined.membership.team.id,
            instrument="maturity",
            item_id="removed_item_1",
            value=5,
            content_version="0.9",
        )
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    assert set(dash.result.dimensions["mean"]) == {3.0}
    assert any(n.key == "maturity.note.ignored_items" for n in dash.result.notes)


def test_results_link_is_read_only_and_separate(db):
    created = _workshop(db)
    url = maturity.create_results_link(db, created.facilitator_key, "https://x")
    key = url.split("key=")[1]
    dash = maturity.dashboard(db, MODEL, key)
    assert not dash.access.can_edit
    with pytest.raises(Forbidden):  # the results key cannot do facilitator actions
        maturity.set_targets(db, MODEL, key, targets={})
    newer = maturity.create_results_link(db, created.facilitator_key, "https://x").split("key=")[1]
    with pytest.raises(Forbidden):
        maturity.dashboard(db, MODEL, key)
    assert maturity.dashboard(db, MODEL, newer)


def test_targets_default_to_size_suggestion_and_gaps_are_prioritised(db):
    created = _workshop(db)
    _team(db, created, "A", 2)
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    assert dash.targets == maturity.suggested_targets(MODEL, "medium")
    maturity.set_targets(
        db, MODEL, created.facilitator_key, targets={d.id: 5 for d in MODEL.dimensions}, size_class="small"
    )
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    assert set(dash.targets.values()) == {5}
    assert set(dash.gaps["gap"].round(6)) == {3.0}


def test_history_shows_only_linked_sessions_not_everyone_with_the_same_name(db):
    first = _workshop(db, municipality="Dongen")
    _team(db, first, "A", 2)
    stranger = _workshop(db, municipality="dongen", event_date=pd.Timestamp("2027-01-01").date())
    _team(db, stranger, "A", 5)  # anyone can create a session called Dongen: never in our trend
    second = _workshop(db, municipality="Dongen", event_date=pd.Timestamp("2027-06-01").date())
    _team(db, second, "A", 3)
    assert maturity.dashboard(db, MODEL, second.facilitator_key).history.empty

    linked = maturity.link_history(db, second.facilitator_key, first.links.facilitator_url)  # a pasted link works
    assert (linked.id, linked.municipality) == (first.workshop.id, "Dongen")
    dash = maturity.dashboard(db, MODEL, second.facilitator_key)
    assert dash.history["assessed_at"].nunique() == 2
    assert set(dash.history["mean"]) == {2.0, 3.0}  # 5.0 (the stranger) is not there
    assert [w.id for w in dash.linked] == [first.workshop.id]
    # The stranger's own dashboard does not see ours either: links go one way, by proof of a key.
    assert maturity.dashboard(db, MODEL, stranger.facilitator_key).history.empty

    maturity.unlink_history(db, second.facilitator_key, first.workshop.id)
    assert maturity.dashboard(db, MODEL, second.facilitator_key).history.empty


def test_history_link_by_results_key_reaches_earlier_links_too(db):
    first, second, third = (
        _workshop(db, event_date=pd.Timestamp(d).date()) for d in ("2025-01-01", "2026-01-01", "2027-01-01")
    )
    for created, level in ((first, 1), (second, 2), (third, 4)):
        _team(db, created, "A", level)
    maturity.link_history(db, second.facilitator_key, first.facilitator_key)
    results_key = maturity.create_results_link(db, second.facilitator_key, "https://x").split("key=")[1]
    maturity.link_history(db, third.facilitator_key, results_key)
    history = maturity.dashboard(db, MODEL, third.facilitator_key).history
    assert sorted(set(history["mean"])) == [1.0, 2.0, 4.0]  # second's own link to first comes along


def test_history_link_is_refused_without_a_valid_key(db):
    first = _workshop(db)
    second = _workshop(db)
    for bad, error, key in (
        ("", Invalid, "maturity.error.link_key_missing"),
        ("https://x/results?key=nope", Forbidden, "maturity.error.link_key_wrong"),
        (second.facilitator_key, Invalid, "maturity.error.link_self"),
    ):
        with pytest.raises(error) as info:
            maturity.link_history(db, second.facilitator_key, bad)
        assert info.value.key == key
    results_key = maturity.create_results_link(db, second.facilitator_key, "https://x").split("key=")[1]
    with pytest.raises(Forbidden):  # the read-only key cannot link anything
        maturity.link_history(db, results_key, first.facilitator_key)


def test_stored_target_for_a_removed_dimension_does_not_break_the_dashboard(db):
    created = _workshop(db)
    _team(db, created, "A", 2)
    dim = MODEL.dimensions[0].id
    with db.write() as s:  # targets saved under an older content version / edited by hand
        workshop = s.get(Workshop, created.workshop.id)
        workshop.settings = {**workshop.settings, "targets": {dim: 4, "old_dimension": 3, MODEL.dimensions[1].id: 8}}
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    assert dash.targets == {dim: 4}
    assert [n.key for n in dash.notes] == ["maturity.note.targets_unknown_dimensions", "maturity.note.target_ignored"]


def test_target_out_of_range_message_names_the_dimension(db):
    created = _workshop(db)
    dim = MODEL.dimensions[0]
    with pytest.raises(Invalid) as info:
        maturity.set_targets(db, MODEL, created.facilitator_key, targets={dim.id: 7})
    assert dim.label.nl in t(info.value.key, "nl", **info.value.params)


def test_removed_teams_do_not_count(db):
    created = _workshop(db)
    _team(db, created, "Noord", 2)
    gone = _team(db, created, "Test", 5)
    workshops.remove_team(db, created.facilitator_key, gone.membership.team.id)
    dash = maturity.dashboard(db, MODEL, created.facilitator_key, "all")
    assert dash.respondents["teams"] == 1
    assert set(dash.result.dimensions["mean"]) == {2.0}


def test_role_gaps_come_from_individual_answers_in_the_teams_view(db):
    created = _workshop(db)
    team = _team(db, created, "Noord", 3)
    for role, level in (("policy", 1), ("policy", 1), ("operations", 5), ("operations", 5)):
        person = workshops.join(db, code=created.workshop.code, team_id=team.membership.team.id, roles=[role])
        for item in QUICK:
            maturity.save_scan_answer(db, MODEL, person.token, mode="individual", item_id=item.id, value=level)
    dash = maturity.dashboard(db, MODEL, created.facilitator_key, "teams")
    assert set(dash.result.dimensions["mean"]) == {3.0}  # the scores are the teams'
    assert set(dash.role_gaps.means["role"]) == {"policy", "operations"}
    assert set(dash.role_gaps.gaps["gap"].round(6)) == {4.0}


def test_reports_are_self_contained_and_parse_back(db):
    created = _workshop(db)
    _team(db, created, "<b>Noord</b>", 2)
    _team(db, created, "Zuid", 4)
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    from dshub.charts import maturity as charts

    # The service slices the radar's rows once: this session, one row per dimension in model order.
    assert dash.radar is not None and dash.radar.group == dash.group
    assert list(dash.radar.rows.index) == [d.id for d in MODEL.dimensions]
    fig = charts.radar_figure(dash.radar_data, MODEL, "en", targets=dash.targets)
    flagged = charts.disagreement_table(dash.result.items, MODEL, "en", group=dash.group)
    figures = [
        reports.ReportFigure("Radar", fig, "radar summary", note="Our own estimate"),
        reports.ReportFigure(
            "Where opinions differ",
            charts.disagreement_figure(dash.result.items, MODEL, "en"),
            "disagreement summary",
            table=flagged,
        ),
    ]
    html = reports.html_report(dash, MODEL, "en", figures=figures)
    assert html.startswith("<!doctype html>") and "lang='en'" in html
    assert "<script src=" not in html.replace('<script src="data:', "")  # no external scripts
    assert "Plotly" in html and "Next steps" in html
    assert html.count("<figure>") == 2 and "<figcaption>disagreement summary</figcaption>" in html
    assert "Our own estimate" in html and html.count("Plotly.newPlot") == 2
    assert MODEL.items_for("quick")[0].text.en.split()[0] in html  # the flagged questions' table
    overall = html.split("for information only")[1]
    assert re.findall(r"<th>([^<]+)</th>", overall) == [
        "Respondents",
        "Average over all dimensions",
        "Level",
        "Dimensions with a score",
        "Share of questions answered",
    ]
    scores = reports.scores_table(dash, MODEL, "en")
    assert (
        len(pd.read_csv(io.BytesIO(csvfile.frame_to_csv(scores, "nl")), sep=";", decimal=",", encoding="utf-8-sig"))
        == 9
    )
    sheets = pd.read_excel(io.BytesIO(reports.excel_bytes({"Scores": scores})), sheet_name=None)
    assert list(sheets) == ["Scores"] and len(sheets["Scores"]) == 9


def test_radar_png_export(db):
    created = _workshop(db)
    _team(db, created, "Noord", 3)
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    from dshub.charts import maturity as charts

    png = reports.png_bytes(charts.radar_figure(dash.result.dimensions, MODEL, "nl", group=dash.group))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


# --------------------------------------------------------------------------- scan per team


def _counter(db, sheet) -> int:
    """The live counter of the sheet's topic now (a teammate's screen redraws when it moved past its own)."""
    with db.read() as session:
        return live.read(session, sheet.workshop.id).get(sheet.topic, 0)


def _choices(db, workshop_id) -> list[tuple]:
    with db.read() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(Answer.scope, Answer.value, Answer.revision)
                .where(Answer.workshop_id == workshop_id, Answer.instrument == maturity.DEPTH_INSTRUMENT)
                .order_by(Answer.scope)
            ).all()
        ]


@pytest.mark.parametrize(
    ("kind", "settings", "scan"),
    [
        ("workshop", {"scan": "quick"}, "quick"),
        ("workshop", {"scan": "full"}, "full"),
        ("workshop", None, "quick"),
        ("assessment", None, "full"),  # sessions from before the setting
        ("workshop", {"scan": "medium"}, "quick"),  # a value we do not know (edited by hand): the default
    ],
)
def test_sessions_with_one_scan_keep_it_for_everyone(db, kind, settings, scan):
    created = _workshop(db, kind=kind)
    if settings is not None:  # stored directly, as an old or hand-edited row would be
        with db.write() as s:
            s.get(Workshop, created.workshop.id).settings = settings
    team = kind == "workshop"
    joined = workshops.join(db, code=created.workshop.code, **({"new_team_name": "A"} if team else {}))
    mode = "team" if team else "individual"
    sheet = maturity.scan_sheet(db, joined.token, mode)
    assert (sheet.scan, sheet.can_choose) == (scan, False)
    with pytest.raises(Invalid) as info:
        maturity.set_scan_depth(db, MODEL, joined.token, mode=mode, scan="full" if scan == "quick" else "quick")
    assert info.value.key == "maturity.error.scan_fixed"
    items = MODEL.items_for(scan)
    for item in items:
        maturity.save_scan_answer(db, MODEL, joined.token, mode=mode, item_id=item.id, value=3)
    if scan == "quick":
        with pytest.raises(Invalid) as info:
            maturity.save_scan_answer(db, MODEL, joined.token, mode=mode, item_id=EXTRA[0].id, value=3)
        assert info.value.key == "maturity.error.item_not_in_scan"
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    assert (dash.result.dimensions["coverage"] == 1.0).all()
    assert dash.result.dimensions["asked"].sum() == len(items)
    assert not dash.notes


def test_each_team_chooses_and_the_choice_is_shared_by_its_devices(db):
    created = _workshop(db, settings={"scan": "both"})
    first = workshops.join(db, code=created.workshop.code, new_team_name="Noord")
    mate = workshops.join(db, code=created.workshop.code, team_id=first.membership.team.id)
    other = workshops.join(db, code=created.workshop.code, new_team_name="Zuid")
    sheet = maturity.scan_sheet(db, mate.token, "team")
    assert (sheet.scan, sheet.can_choose) == ("quick", True)  # everyone starts at the quickscan
    assert _choices(db, created.workshop.id) == []  # nothing is stored before a choice
    assert maturity.set_scan_depth(db, MODEL, first.token, mode="team", scan="full") == "full"
    moved = maturity.scan_sheet(db, mate.token, "team")
    assert moved.scan == "full"  # the teammate's device reads the team's choice from the database
    assert moved.topic == sheet.topic and _counter(db, moved) > sheet.live.get(sheet.topic, 0)
    # Choosing again what is chosen writes nothing: no new revision, no redraw for the team.
    before = _counter(db, moved)
    maturity.set_scan_depth(db, MODEL, mate.token, mode="team", scan="full")
    assert _counter(db, moved) == before
    assert _choices(db, created.workshop.id) == [(f"team:{first.membership.team.id}", "full", 1)]
    # Another team, and a member answering for themselves, have choices of their own.
    assert maturity.scan_sheet(db, other.token, "team").scan == "quick"
    assert maturity.scan_sheet(db, mate.token, "individual").scan == "quick"
    maturity.set_scan_depth(db, MODEL, mate.token, mode="individual", scan="full")
    assert maturity.scan_sheet(db, mate.token, "individual").scan == "full"
    assert maturity.scan_sheet(db, other.token, "team").scan == "quick"


def test_a_respondent_without_a_team_chooses_for_themselves(db):
    created = _workshop(db, kind="assessment", settings={"scan": "both"})
    person = workshops.join(db, code=created.workshop.code)
    assert maturity.scan_sheet(db, person.token, "team").mode == "individual"
    with pytest.raises(Invalid) as info:  # there is no team to choose for
        maturity.set_scan_depth(db, MODEL, person.token, mode="team", scan="full")
    assert info.value.key == "maturity.error.no_team"
    maturity.set_scan_depth(db, MODEL, person.token, mode="individual", scan="full")
    sheet = maturity.scan_sheet(db, person.token, "individual")
    assert (sheet.scan, sheet.can_choose) == ("full", True)
    assert sum(p.total for p in maturity.progress(MODEL, sheet.scan, sheet.answers)) == len(MODEL.items)


def test_an_unknown_scan_is_refused_with_a_message(db):
    created = _workshop(db, settings={"scan": "both"})
    joined = workshops.join(db, code=created.workshop.code, new_team_name="A")
    for bad in ("medium", "", None, "both"):
        with pytest.raises(Invalid) as info:
            maturity.set_scan_depth(db, MODEL, joined.token, mode="team", scan=bad)
        assert info.value.key == "error.unknown_choice" and info.value.params["field"] == "scan"
    assert maturity.scan_sheet(db, joined.token, "team").scan == "quick"


def test_quick_to_full_keeps_every_answer_and_back_to_quick_deletes_none(db):
    created = _workshop(db, settings={"scan": "both"})
    joined = _team(db, created, "Noord", 4)  # the whole quickscan
    sheet = maturity.scan_sheet(db, joined.token, "team")
    assert sum(p.answered for p in maturity.progress(MODEL, sheet.scan, sheet.answers)) == len(QUICK)
    with pytest.raises(Invalid) as info:  # not asked on the quickscan
        maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=EXTRA[0].id, value=1)
    assert info.value.key == "maturity.error.item_not_in_scan"

    maturity.set_scan_depth(db, MODEL, joined.token, mode="team", scan="full")
    sheet = maturity.scan_sheet(db, joined.token, "team")
    done = maturity.progress(MODEL, sheet.scan, sheet.answers)
    assert (sum(p.answered for p in done), sum(p.total for p in done)) == (len(QUICK), len(MODEL.items))
    assert {i.id for i in QUICK} <= set(sheet.answers)
    maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=EXTRA[0].id, value=1)
    extra_dim = EXTRA[0].dimension
    dims = maturity.dashboard(db, MODEL, created.facilitator_key).result.dimensions.set_index("dimension")
    quick_in_dim = sum(1 for i in QUICK if i.dimension == extra_dim)
    assert dims.loc[extra_dim, "mean"] == pytest.approx((4 * quick_in_dim + 1) / (quick_in_dim + 1))

    maturity.set_scan_depth(db, MODEL, joined.token, mode="team", scan="quick")  # back: nothing is deleted
    sheet = maturity.scan_sheet(db, joined.token, "team")
    assert sheet.scan == "quick" and sheet.answers[EXTRA[0].id].value == 1
    done = maturity.progress(MODEL, sheet.scan, sheet.answers)
    assert (sum(p.answered for p in done), sum(p.total for p in done)) == (len(QUICK), len(QUICK))
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    assert set(dash.result.dimensions["mean"]) == {4.0}  # the kept answer does not count on the quickscan
    assert [(n.key, n.params) for n in dash.notes] == [("maturity.note.outside_scan", {"count": 1})]

    maturity.set_scan_depth(db, MODEL, joined.token, mode="team", scan="full")  # and counts again on the full scan
    dims = maturity.dashboard(db, MODEL, created.facilitator_key).result.dimensions.set_index("dimension")
    assert dims.loc[extra_dim, "mean"] == pytest.approx((4 * quick_in_dim + 1) / (quick_in_dim + 1))


def test_teams_on_different_scans_are_each_scored_on_their_own(db):
    created = _workshop(db, settings={"scan": "both"})
    quick = _team(db, created, "Noord", 4)  # stays on the quickscan
    full = workshops.join(db, code=created.workshop.code, new_team_name="Zuid")
    maturity.set_scan_depth(db, MODEL, full.token, mode="team", scan="full")
    for item in MODEL.items:
        maturity.save_scan_answer(
            db, MODEL, full.token, mode="team", item_id=item.id, value=2 if item.quickscan else "dk"
        )
    dash = maturity.dashboard(db, MODEL, created.facilitator_key)
    dims = dash.result.dimensions
    assert set(dims["mean"]) == {3.0} and set(dims["n"]) == {2}  # each team weighs once
    per_team = dash.result.respondents.set_index(["respondent", "dimension"])
    dim = QUICK[0].dimension
    quick_team = f"{created.workshop.id}/team:{quick.membership.team.id}"
    assert per_team.loc[(quick_team, dim), "asked"] == sum(1 for i in QUICK if i.dimension == dim)
    assert per_team.loc[(quick_team, dim), "coverage"] == 1.0
    full_team = f"{created.workshop.id}/team:{full.membership.team.id}"
    assert per_team.loc[(full_team, dim), "asked"] == sum(1 for i in MODEL.items if i.dimension == dim)
    assert per_team.loc[(full_team, dim), "dont_know"] == sum(1 for i in EXTRA if i.dimension == dim)
    assert [(n.key, n.params) for n in dash.notes] == [("maturity.note.mixed_scans", {"quick": 1, "full": 1})]
