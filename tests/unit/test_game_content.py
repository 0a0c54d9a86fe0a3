"""The game file loads through the shared loader; broken variants give clear, located errors."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from dshub.content import ContentError, load_content
from dshub.game.content import (
    DataCaseCard,
    DataCaseRound,
    DilemmaRound,
    EstimateRound,
    GameContent,
    LookCloserRound,
    QuizRound,
)

REAL = Path(__file__).resolve().parents[2] / "questionnaires" / "game_awareness_day.yaml"
CATALOGUE = REAL.with_name("catalogue.yaml")  # the data cases take their questions from it


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(REAL.read_text(encoding="utf-8"))


def _load_dict(tmp_path: Path, data: dict) -> GameContent:
    shutil.copy(CATALOGUE, tmp_path / CATALOGUE.name)
    (tmp_path / "game.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_content(tmp_path).get("game_awareness_day", GameContent)


def _problem(tmp_path: Path, data: dict):
    with pytest.raises(ContentError) as info:
        _load_dict(tmp_path, data)
    (problem,) = info.value.problems
    return problem


def _round(data: dict, round_type: str) -> dict:
    return next(r for r in data["rounds"] if r["type"] == round_type)


# --------------------------------------------------------------------------- the real file


def test_real_file_loads_through_load_content(tmp_path):
    shutil.copy(REAL, tmp_path / REAL.name)
    shutil.copy(CATALOGUE, tmp_path / CATALOGUE.name)
    game = load_content(tmp_path).get("game_awareness_day", GameContent)
    assert game.kind == "game"
    types = [type(r) for r in game.rounds]
    assert types == [LookCloserRound, QuizRound, EstimateRound, DataCaseRound, DilemmaRound]
    assert 3 <= len(game.pulse.statements) <= 5
    assert game.bricks.nl == "blokjes" and game.bricks.en == "bricks"
    for rnd in game.rounds:
        assert rnd.lesson.nl and rnd.lesson.en and rnd.minutes > 0 and rnd.cards


def test_real_file_wording_after_the_review(raw):
    text = REAL.read_text(encoding="utf-8")
    assert "terechtkan" not in text and "bij wie ik terecht kan" in text
    locales = yaml.safe_load((REAL.parents[1] / "dshub" / "locales" / "game.yaml").read_text(encoding="utf-8"))
    look = _round(raw, "look_closer")["title"]  # the round is called what its type is called, in both languages
    assert look == locales["game.round_type.look_closer"] == {"nl": "Kijk nog eens", "en": "Look closer"}


def test_real_file_covers_every_flaw_and_the_brief_figures(raw, tmp_path):
    game = _load_dict(tmp_path, raw)
    flaws = {card.chart.flaw.type for card in game.round("round_look_closer").cards}
    assert flaws == {"truncated_axis", "missing_base", "wrong_average", "simpson_split"}
    estimates = {card.id: card for card in game.round("round_estimate").cards}
    assert estimates["est_municipalities"].answer == 342
    assert estimates["est_datalabs"].answer == 48
    assert all(card.source is not None for card in estimates.values())


def test_real_file_quiz_covers_the_required_topics(raw):
    quiz = _round(raw, "quiz")
    assert {c["id"] for c in quiz["cards"]} == {
        "quiz_key_register",
        "quiz_personal_data",
        "quiz_open_data",
        "quiz_cbs",
        "quiz_algorithm",
    }


def test_data_case_keys_reward_useful_and_cost_unneeded_personal_data(raw, tmp_path):
    game = _load_dict(tmp_path, raw)
    for card in game.round("round_data_case").cards:
        assert isinstance(card, DataCaseCard)
        verdicts = card.verdicts()
        assert "useful" in verdicts.values() and "no_need" in verdicts.values()
        for dataset_id, verdict in verdicts.items():
            if verdict == "no_need":
                assert game.dataset(dataset_id).personal_data != "none"


def test_lookups(raw, tmp_path):
    game = _load_dict(tmp_path, raw)
    rnd, card = game.card("est_datalabs")
    assert rnd.id == "round_estimate" and card.answer == 48
    assert game.card_counts()["round_look_closer"] == 4
    assert game.total_minutes() == sum(r["minutes"] for r in raw["rounds"])
    with pytest.raises(KeyError):
        game.card("nope")


# --------------------------------------------------------------------------- broken variants


def test_unknown_round_type_names_the_allowed_types_and_line(raw, tmp_path):
    text = REAL.read_text(encoding="utf-8").replace("    type: quiz\n", "    type: quizz\n", 1)
    (tmp_path / "game.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    (p,) = info.value.problems
    assert "unknown round type 'quizz'" in p.what
    assert "look_closer, quiz, estimate, data_case, dilemma" in p.what
    assert p.path == "rounds[1]"
    expected_line = text.splitlines().index("  - id: round_quiz") + 1
    assert p.line == expected_line


def test_round_without_type(raw, tmp_path):
    data = copy.deepcopy(raw)
    del data["rounds"][0]["type"]
    p = _problem(tmp_path, data)
    assert "has no 'type'" in p.what and p.path == "rounds[0]"


def test_errors_inside_a_round_keep_an_exact_path(raw, tmp_path):
    data = copy.deepcopy(raw)
    del _round(data, "quiz")["cards"][0]["question"]["en"]
    p = _problem(tmp_path, data)
    assert p.path == "rounds[1].cards[0].question.en"
    assert "add the field 'en'" in p.fix


def test_key_naming_unknown_option(raw, tmp_path):
    data = copy.deepcopy(raw)
    _round(data, "quiz")["cards"][0]["correct"] = ["bpr"]
    p = _problem(tmp_path, data)
    assert "'correct' names option 'bpr'" in p.what and "not one of this card's options" in p.what
    assert p.path == "rounds[1].cards[0]"


def test_single_choice_with_two_correct_options(raw, tmp_path):
    data = copy.deepcopy(raw)
    _round(data, "quiz")["cards"][0]["correct"] = ["brp", "wmo_admin"]
    assert "needs exactly one option under 'correct'" in _problem(tmp_path, data).what


def test_all_options_correct_is_refused(raw, tmp_path):
    data = copy.deepcopy(raw)
    card = _round(data, "quiz")["cards"][1]
    card["correct"] = [o["id"] for o in card["options"]]
    assert "ticking everything wins" in _problem(tmp_path, data).what


def test_duplicate_option_id(raw, tmp_path):
    data = copy.deepcopy(raw)
    options = _round(data, "quiz")["cards"][0]["options"]
    options[1]["id"] = options[0]["id"]
    assert "used more than once" in _problem(tmp_path, data).what


def test_duplicate_ids_across_the_game(raw, tmp_path):
    data = copy.deepcopy(raw)
    _round(data, "estimate")["cards"][0]["id"] = "quiz_cbs"
    p = _problem(tmp_path, data)
    assert "'quiz_cbs' is used for a card and again for a card" in p.what and "rename one" in p.what


def test_duplicate_round_id(raw, tmp_path):
    data = copy.deepcopy(raw)
    data["rounds"][1]["id"] = data["rounds"][0]["id"]
    assert "'round_look_closer' is used for a round and again for a round" in _problem(tmp_path, data).what


def test_estimate_without_source(raw, tmp_path):
    data = copy.deepcopy(raw)
    del _round(data, "estimate")["cards"][0]["source"]
    p = _problem(tmp_path, data)
    assert "estimate 'est_municipalities' has no source" in p.what and "add 'source:'" in p.what


def test_estimate_answer_must_be_positive(raw, tmp_path):
    data = copy.deepcopy(raw)
    _round(data, "estimate")["cards"][0]["answer"] = 0
    assert "must be a number above zero" in _problem(tmp_path, data).what


def test_estimate_bands_must_widen(raw, tmp_path):
    data = copy.deepcopy(raw)
    _round(data, "estimate")["cards"][0]["bands"] = [{"within": 2, "bricks": 1}, {"within": 1.1, "bricks": 3}]
    assert "order 'bands' from narrow to wide" in _problem(tmp_path, data).what


def test_data_case_key_names_a_card_outside_the_deck(raw, tmp_path):
    data = copy.deepcopy(raw)
    _round(data, "data_case")["cards"][0]["key"][0]["dataset"] = "ds_unknown"
    p = _problem(tmp_path, data)
    assert "judges dataset 'ds_unknown', which is not in this case's 'deck'" in p.what


def test_data_case_deck_card_without_key(raw, tmp_path):
    data = copy.deepcopy(raw)
    card = _round(data, "data_case")["cards"][0]
    card["key"] = card["key"][1:]
    assert "is in the deck but not in the key" in _problem(tmp_path, data).what


def test_data_case_deck_names_an_undefined_dataset(raw, tmp_path):
    data = copy.deepcopy(raw)
    card = _round(data, "data_case")["cards"][0]
    card["deck"][0] = "ds_typo"
    card["key"][0]["dataset"] = "ds_typo"
    p = _problem(tmp_path, data)
    assert "names dataset 'ds_typo', which is not under 'datasets'" in p.what and "case 'case_festival'" in p.what


def test_no_need_verdict_requires_personal_data(raw, tmp_path):
    data = copy.deepcopy(raw)
    entry = next(k for k in _round(data, "data_case")["cards"][0]["key"] if k["dataset"] == "ds_weather")
    entry["verdict"] = "no_need"
    p = _problem(tmp_path, data)
    assert "holds no personal data; use 'not_useful'" in p.what


def test_unknown_verdict_lists_allowed_values(raw, tmp_path):
    data = copy.deepcopy(raw)
    _round(data, "data_case")["cards"][0]["key"][0]["verdict"] = "great"
    p = _problem(tmp_path, data)
    assert p.path == "rounds[3].cards[0].key[0].verdict" and "'useful'" in p.fix


def test_unknown_flaw_type(raw, tmp_path):
    data = copy.deepcopy(raw)
    data["rounds"][0]["cards"][0]["chart"]["flaw"] = {"type": "3d_pie"}
    p = _problem(tmp_path, data)
    assert "unknown flaw type '3d_pie'" in p.what and "truncated_axis" in p.what
    assert p.path == "rounds[0].cards[0].chart.flaw"


def test_truncated_axis_must_actually_cut(raw, tmp_path):
    data = copy.deepcopy(raw)
    data["rounds"][0]["cards"][0]["chart"]["flaw"]["axis_start"] = 0
    assert "does not cut the axis" in _problem(tmp_path, data).what


def test_missing_base_needs_bases(raw, tmp_path):
    data = copy.deepcopy(raw)
    del data["rounds"][0]["cards"][1]["chart"]["points"][0]["base"]
    assert "add 'base:' to Centrum" in _problem(tmp_path, data).what


def test_wrong_average_needs_skew(raw, tmp_path):
    data = copy.deepcopy(raw)
    data["rounds"][0]["cards"][2]["chart"]["points"][-1]["y"] = 20
    assert "almost equal" in _problem(tmp_path, data).what


def test_simpson_split_must_reverse(raw, tmp_path):
    data = copy.deepcopy(raw)
    points = data["rounds"][0]["cards"][3]["chart"]["points"]
    points[0]["y"] = 85  # West simple now below East simple (90): no full reversal any more
    assert "does not reverse" in _problem(tmp_path, data).what


def test_pulse_needs_three_to_five_statements(raw, tmp_path):
    data = copy.deepcopy(raw)
    data["pulse"]["statements"] = data["pulse"]["statements"][:2]
    p = _problem(tmp_path, data)
    assert p.path == "pulse.statements" and p.fix == "add more entries"


def test_unknown_field_on_a_card(raw, tmp_path):
    data = copy.deepcopy(raw)
    data["rounds"][4]["cards"][0]["answer"] = "go"
    p = _problem(tmp_path, data)
    assert p.path == "rounds[4].cards[0].answer" and "remove or rename 'answer'" in p.fix


def test_facilitator_can_add_a_round(raw, tmp_path):
    data = copy.deepcopy(raw)
    data["rounds"].append(
        {
            "id": "round_local_quiz",
            "type": "quiz",
            "minutes": 5,
            "title": {"nl": "Onze gemeente", "en": "Our municipality"},
            "intro": {"nl": "Eén vraag.", "en": "One question."},
            "lesson": {"nl": "Ken je eigen cijfers.", "en": "Know your own figures."},
            "cards": [
                {
                    "id": "quiz_local",
                    "question": {"nl": "Waar?", "en": "Where?"},
                    "options": [
                        {"id": "a", "text": {"nl": "Hier", "en": "Here"}},
                        {"id": "b", "text": {"nl": "Daar", "en": "There"}},
                    ],
                    "correct": ["a"],
                    "reveal": {"nl": "Hier.", "en": "Here."},
                }
            ],
        }
    )
    game = _load_dict(tmp_path, data)
    assert game.rounds[-1].id == "round_local_quiz" and game.card_counts()["round_local_quiz"] == 1


def test_dilemma_ethics_themes_exist_in_the_ethics_assistant(raw):
    bundle = load_content(REAL.parent)  # the whole folder: the cross-file check passes
    game = bundle.get("game_awareness_day", GameContent)
    used = {theme for card in _round(raw, "dilemma")["cards"] for theme in card.get("ethics_themes", [])}
    assert used and game.ethics_theme_ids("dilemma_debt_model")
    assert game.ethics_theme_ids("quiz_cbs") == []


def test_a_misspelt_ethics_theme_is_a_located_error(raw, tmp_path):
    shutil.copy(REAL.parent / "ethics.yaml", tmp_path / "ethics.yaml")
    data = copy.deepcopy(raw)
    dilemma_round = next(i for i, r in enumerate(data["rounds"]) if r["type"] == "dilemma")
    data["rounds"][dilemma_round]["cards"][0]["ethics_themes"] = ["privacy", "privasy"]
    p = _problem(tmp_path, data)
    assert p.file == "game.yaml" and p.line is not None
    assert p.path == f"rounds[{dilemma_round}].cards[0].ethics_themes[1]"
    assert "names ethics theme 'privasy', which the ethics assistant (ethics) does not have" in p.what
    assert "privacy" in p.fix and "fix the spelling" in p.fix
    lines = (tmp_path / "game.yaml").read_text(encoding="utf-8").splitlines()
    assert "ethics_themes" in lines[p.line - 1] or "privasy" in lines[p.line - 1]


def test_without_an_ethics_assistant_the_themes_are_not_checked(raw, tmp_path):
    data = copy.deepcopy(raw)
    dilemma_round = next(i for i, r in enumerate(data["rounds"]) if r["type"] == "dilemma")
    data["rounds"][dilemma_round]["cards"][0]["ethics_themes"] = ["anything"]
    assert _load_dict(tmp_path, data).ethics_theme_ids(data["rounds"][dilemma_round]["cards"][0]["id"]) == ["anything"]


def test_sources_name_their_publisher_and_reveals_make_no_claims_about_what_others_choose(raw):
    estimates = {c["id"]: c for c in _round(raw, "estimate")["cards"]}
    municipalities = estimates["est_municipalities"]["source"]
    assert "CBS" in municipalities["text"]["nl"] and "CBS" in municipalities["text"]["en"]
    assert municipalities["url"].startswith("https://www.cbs.nl/")
    hub = estimates["est_hub_municipalities"]
    assert "2018" in hub["question"]["en"] and "built" in hub["question"]["en"]  # built in 2018, shared with 25
    for card in _round(raw, "dilemma")["cards"]:
        for claim in ("Veel gemeenten", "De meeste teams", "Many municipalities", "Most teams"):
            assert claim not in card["reveal"]["nl"] + card["reveal"]["en"]
