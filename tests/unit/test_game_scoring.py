"""Scoring per round type, team answers from members, tallies, ties and the pulse."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dshub.content import load_content
from dshub.game.content import Band, EstimateCard, GameContent
from dshub.game.scoring import (
    Adjustment,
    InvalidAnswer,
    answer_distribution,
    estimate_bricks,
    estimate_guesses,
    normalise_answer,
    normalise_pulse_answer,
    pulse_summary,
    revealed_card_ids,
    score_answer,
    tally,
    team_answer_from_members,
)
from dshub.game.state import Lock, Next, OpenQuestion, Reveal, StartGame, apply, new_game
from dshub.i18n import catalog

REAL = Path(__file__).resolve().parents[2] / "questionnaires" / "game_awareness_day.yaml"


@pytest.fixture(scope="module")
def game() -> GameContent:
    # the whole folder: the data cases take their questions from the catalogue when it loads
    return load_content(REAL.parent).get("game_awareness_day", GameContent)


def card(game, card_id):
    return game.card(card_id)[1]


def invalid(card_, value) -> str:
    with pytest.raises(InvalidAnswer) as info:
        normalise_answer(card_, value)
    assert info.value.key in catalog()
    return info.value.key


# --------------------------------------------------------------------------- quiz


def test_single_choice_quiz(game):
    q = card(game, "quiz_key_register")
    assert score_answer(q, {"options": ["brp"]}) == q.bricks == 2
    assert score_answer(q, {"options": ["wmo_admin"]}) == 0
    assert invalid(q, {"options": ["brp", "wmo_admin"]}) == "game.answer.one_option"
    assert invalid(q, {"options": []}) == "game.answer.empty"
    assert invalid(q, {"options": ["nope"]}) == "game.answer.unknown_option"
    assert invalid(q, {"option": "brp"}) == "game.answer.empty"
    assert invalid(q, "brp") == "game.answer.bad_shape"
    assert invalid(q, {"options": "brp"}) == "game.answer.bad_shape"


def test_multiple_choice_quiz_penalises_wrong_ticks_but_never_below_zero(game):
    q = card(game, "quiz_personal_data")  # correct: licence_plate, home_address; 2 per hit, 1 per miss
    assert score_answer(q, {"options": ["licence_plate", "home_address"]}) == 4
    assert score_answer(q, {"options": ["licence_plate"]}) == 2
    assert score_answer(q, {"options": ["licence_plate", "home_address", "district_income"]}) == 3
    assert score_answer(q, {"options": ["district_income", "street_lights"]}) == 0
    ticking_everything = {"options": [o.id for o in q.options]}
    assert score_answer(q, ticking_everything) < score_answer(q, {"options": ["licence_plate", "home_address"]})


def test_answers_are_normalised_to_card_order_without_repeats(game):
    q = card(game, "quiz_personal_data")
    assert normalise_answer(q, {"options": ["home_address", "licence_plate", "home_address"]}) == {
        "options": ["licence_plate", "home_address"]
    }


# --------------------------------------------------------------------------- look closer


def test_look_closer_scores_chosen_flaws_and_keeps_text(game):
    c = card(game, "lc_truncated_axis")
    assert score_answer(c, {"options": ["axis_not_zero"]}) == 2
    assert score_answer(c, {"options": ["axis_not_zero", "nothing_wrong"]}) == 1
    assert score_answer(c, {"options": ["years_shuffled"]}) == 0
    text_only = normalise_answer(c, {"options": [], "text": "  de as   begint\nbij 7 "})
    assert text_only == {"options": [], "text": "de as begint bij 7"}
    assert score_answer(c, text_only) == 0  # free text is for the facilitator to award
    assert invalid(c, {"options": [], "text": "x" * 281}) == "game.answer.too_long"


# --------------------------------------------------------------------------- estimate


def test_estimate_scores_by_log_ratio_bands(game):
    e = card(game, "est_municipalities")  # 342; bands 1.1 -> 3, 1.25 -> 2, 2.0 -> 1
    assert estimate_bricks(e, 342) == 3
    assert estimate_bricks(e, 342 * 1.1) == 3  # edge of the band counts
    assert estimate_bricks(e, 342 / 1.1) == 3  # symmetric: too low is as far as too high
    assert estimate_bricks(e, 380) == 2
    assert estimate_bricks(e, 300) == 2
    assert estimate_bricks(e, 500) == 1
    assert estimate_bricks(e, 171) == 1
    assert estimate_bricks(e, 170) == 0
    assert estimate_bricks(e, 10_000) == 0
    assert score_answer(e, {"value": 48}) == 0
    assert score_answer(card(game, "est_datalabs"), {"value": 50}) == 3


def test_estimate_closer_never_earns_less(game):
    e = card(game, "est_datalabs")
    guesses = [48 * 1.03**k for k in range(0, 40)]
    bricks = [estimate_bricks(e, g) for g in guesses]
    assert bricks == sorted(bricks, reverse=True)


def test_estimate_with_custom_bands():
    e = EstimateCard.model_validate(
        {
            "id": "e",
            "question": {"nl": "q", "en": "q"},
            "answer": 100,
            "unit": {"nl": "u", "en": "u"},
            "source": {"text": {"nl": "s", "en": "s"}},
            "reveal": {"nl": "r", "en": "r"},
            "bands": [{"within": 1.5, "bricks": 5}],
        }
    )
    assert e.bands == (Band(within=1.5, bricks=5),)
    assert estimate_bricks(e, 140) == 5 and estimate_bricks(e, 160) == 0


def test_estimate_input_checks(game):
    e = card(game, "est_municipalities")
    assert invalid(e, {"value": "342"}) == "game.answer.not_a_number"
    assert invalid(e, {"value": True}) == "game.answer.not_a_number"
    assert invalid(e, {"value": math.inf}) == "game.answer.not_a_number"
    assert invalid(e, {"value": 0}) == "game.answer.not_positive"
    assert normalise_answer(e, {"value": 342}) == {"value": 342.0}
    assert estimate_bricks(e, -5) == 0


# --------------------------------------------------------------------------- data case


def test_data_case_key(game):
    c = card(game, "case_festival")  # useful +2, with_care +1, not_useful 0, no_need -2
    best = ["ds_cbs_neighbourhoods", "ds_topography", "ds_public_transport", "ds_soil", "ds_parking"]
    assert score_answer(c, {"datasets": best}) == 10
    assert score_answer(c, {"datasets": ["ds_nuisance_reports"]}) == 1
    assert score_answer(c, {"datasets": ["ds_weather"]}) == 0
    assert score_answer(c, {"datasets": ["ds_cbs_neighbourhoods", "ds_population_register"]}) == 0
    # sensitive data without need costs bricks, also below zero for the case
    assert score_answer(c, {"datasets": ["ds_population_register", "ds_debt_support"]}) == -4


def test_data_case_input_checks(game):
    c = card(game, "case_festival")
    assert invalid(c, {"datasets": ["ds_wmo_provisions"]}) == "game.answer.unknown_dataset"  # not in this deck
    assert invalid(c, {"datasets": []}) == "game.answer.empty"
    with pytest.raises(InvalidAnswer) as info:
        normalise_answer(c, {"datasets": c.deck[:6]})
    assert info.value.key == "game.answer.too_many" and info.value.params == {"max": 5}


# --------------------------------------------------------------------------- dilemma


def test_dilemma_is_scored_by_the_facilitator_only(game):
    d = card(game, "dilemma_debt_model")
    assert score_answer(d, {"vote": "adjust", "argument": "Geen nationaliteit gebruiken."}) is None
    assert normalise_answer(d, {"vote": "stop", "argument": " Te \n riskant "}) == {
        "vote": "stop",
        "argument": "Te riskant",
    }
    assert invalid(d, {"vote": "maybe", "argument": "x"}) == "game.answer.bad_vote"
    assert invalid(d, {"vote": "go", "argument": "   "}) == "game.answer.no_argument"
    assert invalid(d, {"vote": "go"}) == "game.answer.no_argument"


def test_dilemma_awards_are_capped(game):
    teams = ["a", "b", "c"]
    awards = {"dilemma_debt_model": {"a": 3, "b": 9, "c": -2}}
    r = tally(game, teams, {}, awards=awards)
    assert r.by_card["dilemma_debt_model"] == {"a": 3, "b": 3, "c": 0}
    with pytest.raises(ValueError, match="awards are for dilemma cards"):
        tally(game, teams, {}, awards={"quiz_cbs": {"a": 2}})


# --------------------------------------------------------------------------- team answers


def test_confirmation_wins_over_the_majority():
    members = {"ann": {"options": ["a"]}, "bob": {"options": ["a"]}, "cas": {"options": ["b"]}, "dee": None}
    ta = team_answer_from_members(members, confirmed={"options": ["b"]}, confirmed_by="cas")
    assert ta.value == {"options": ["b"]} and ta.confirmed and ta.confirmed_by == "cas"
    assert [(g.value, g.members) for g in ta.groups] == [
        ({"options": ["a"]}, ("ann", "bob")),
        ({"options": ["b"]}, ("cas",)),
    ]
    assert ta.undecided == ("dee",) and not ta.unanimous


def test_no_confirmation_means_no_answer_even_when_unanimous():
    members = {"ann": {"vote": "go", "argument": "x"}, "bob": {"argument": "x", "vote": "go"}}
    ta = team_answer_from_members(members, confirmed_by="ann")
    assert ta.value is None and not ta.confirmed and ta.confirmed_by is None
    assert ta.unanimous and len(ta.groups) == 1 and ta.groups[0].members == ("ann", "bob")


def test_team_answer_without_members():
    ta = team_answer_from_members({})
    assert ta.groups == () and ta.undecided == () and ta.value is None and not ta.unanimous


# --------------------------------------------------------------------------- tally and leaderboard


def test_tally_counts_only_revealed_cards(game):
    state = new_game(game.card_counts())
    for command in (StartGame(), OpenQuestion(), Lock(), Reveal(), Next(), Lock()):
        state = apply(state, command)
    assert revealed_card_ids(state, game) == ["lc_truncated_axis"]
    answers = {
        "lc_truncated_axis": {"a": {"options": ["axis_not_zero"]}, "b": {"options": ["nothing_wrong"]}},
        "lc_missing_base": {"a": {"options": ["no_counts"]}, "b": {"options": ["no_counts"]}},  # locked, not revealed
    }
    r = tally(game, ["a", "b"], answers, revealed=revealed_card_ids(state, game))
    assert r.by_round == {"round_look_closer": {"a": 2, "b": 0}}
    assert r.totals == {"a": game.start_bricks + 2, "b": game.start_bricks}
    full = tally(game, ["a", "b"], answers)
    assert full.by_round["round_look_closer"] == {"a": 4, "b": 2}


def test_tally_sums_rounds_adjustments_and_reports_invalid_answers(game):
    answers = {
        "quiz_key_register": {
            "a": {"options": ["brp"]},
            "b": {"options": ["gone_option"]},
            "ghost": {"options": ["brp"]},
        },
        "est_datalabs": {"a": {"value": 48}, "b": {"value": 40}, "c": None},
        "case_wmo_forecast": {"c": {"datasets": ["ds_population_register"]}},
    }
    adjustments = [
        Adjustment("b", 2, card_id="quiz_key_register", reason="key was unclear"),
        Adjustment("c", 1, reason="best debrief question"),
        Adjustment("nobody", 5),
    ]
    r = tally(game, ["a", "b", "c"], answers, adjustments=adjustments)
    assert r.by_card["quiz_key_register"] == {"a": 2, "b": 2, "c": 0}
    assert r.by_card["est_datalabs"] == {"a": 3, "b": 2, "c": 0}
    assert r.by_round["round_quiz"]["a"] == 2 and r.by_round["round_estimate"]["b"] == 2
    assert r.by_round["round_data_case"]["c"] == -2
    assert r.general == {"a": 0, "b": 0, "c": 1}
    start = game.start_bricks
    assert r.totals == {"a": start + 5, "b": start + 4, "c": start - 1}
    assert r.invalid == (("quiz_key_register", "b", "game.answer.unknown_option"),)
    assert list(r.by_round) == [rnd.id for rnd in game.rounds]
    with pytest.raises(ValueError, match="unknown card"):
        tally(game, ["a"], {}, adjustments=[Adjustment("a", 1, card_id="nope")])


def test_a_correction_for_a_card_counts_only_once_the_card_is_revealed(game):
    adjustments = [Adjustment("a", 3, card_id="quiz_key_register"), Adjustment("a", -1)]
    hidden = tally(game, ["a"], {}, adjustments=adjustments, revealed=[])
    assert hidden.totals == {"a": game.start_bricks - 1} and "quiz_key_register" not in hidden.by_card
    shown = tally(game, ["a"], {}, adjustments=adjustments, revealed=["quiz_key_register"])
    assert shown.by_card["quiz_key_register"] == {"a": 3} and shown.totals == {"a": game.start_bricks + 2}


def _results_with_totals(game, totals: dict[str, int]):
    adjustments = [Adjustment(team, bricks) for team, bricks in totals.items()]
    return tally(game, list(totals), {}, adjustments=adjustments, revealed=[])


def test_ties_share_a_rank_and_the_next_rank_skips(game):
    r = _results_with_totals(game, {"red": 5, "blue": 8, "green": 8, "gold": 3, "grey": 1})
    board = [(s.rank, s.team) for s in r.leaderboard()]
    assert board == [(1, "blue"), (1, "green"), (3, "red"), (4, "gold"), (5, "grey")]
    assert [s.team for s in r.podium()] == ["blue", "green", "red"]


def test_a_tie_for_third_puts_everyone_tied_on_the_podium(game):
    r = _results_with_totals(game, {"a": 9, "b": 7, "c": 4, "d": 4, "e": 4})
    assert [(s.rank, s.team) for s in r.podium()] == [(1, "a"), (2, "b"), (3, "c"), (3, "d"), (3, "e")]


def test_all_teams_tied(game):
    r = _results_with_totals(game, {"a": 0, "b": 0, "c": 0})
    assert [s.rank for s in r.leaderboard()] == [1, 1, 1]
    assert r.totals["a"] == game.start_bricks


# --------------------------------------------------------------------------- distributions and pulse


def test_answer_distribution(game):
    q = card(game, "quiz_personal_data")
    dist = answer_distribution(
        q,
        {
            "a": {"options": ["licence_plate"]},
            "b": {"options": ["licence_plate", "home_address"]},
            "c": None,
            "d": {"options": ["bogus"]},
        },
    )
    assert dist == {"licence_plate": ["a", "b"], "home_address": ["b"], "district_income": [], "street_lights": []}
    votes = answer_distribution(card(game, "dilemma_debt_model"), {"a": {"vote": "stop", "argument": "x"}})
    assert votes == {"go": [], "adjust": [], "stop": ["a"]}
    assert estimate_guesses(card(game, "est_datalabs"), {"a": {"value": 40}, "b": None}) == {"a": 40.0}
    with pytest.raises(TypeError):
        answer_distribution(card(game, "est_datalabs"), {})


def test_pulse(game):
    assert normalise_pulse_answer({"score": 4}) == {"score": 4}
    for bad in ({"score": 0}, {"score": 6}, {"score": "3"}, {"score": True}, None):
        with pytest.raises(InvalidAnswer) as info:
            normalise_pulse_answer(bad)
        assert info.value.key == "game.answer.bad_score"
    ids = [s.id for s in game.pulse.statements]
    rows = pulse_summary(game.pulse, {ids[0]: [2, 3, 4], ids[1]: [1]}, {ids[0]: [4, 4, 5, 3], ids[2]: [5]})
    assert [r.statement_id for r in rows] == ids
    assert rows[0].n_before == 3 and rows[0].mean_before == 3 and rows[0].mean_after == 4 and rows[0].change == 1
    assert rows[1].mean_after is None and rows[1].change is None
    assert rows[2].n_before == 0 and rows[2].mean_after == 5
