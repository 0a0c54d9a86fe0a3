"""The catalogue: the real file, located problems for broken entries, the dummy CSVs and their check."""

import shutil
from pathlib import Path

import pytest
import yaml

from dshub.catalogue import dummy
from dshub.catalogue.content import Catalogue
from dshub.cli import main as cli
from dshub.content import ContentError, load_content

QDIR = Path(__file__).resolve().parents[2] / "questionnaires"
REAL = QDIR / "catalogue.yaml"


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(REAL.read_text(encoding="utf-8"))


def _folder(tmp_path: Path, data: dict, *others: str) -> Path:
    for name in others:
        shutil.copy(QDIR / name, tmp_path / name)
    (tmp_path / "catalogue.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return tmp_path


def _problem(tmp_path, data, *others):
    with pytest.raises(ContentError) as info:
        load_content(_folder(tmp_path, data, *others))
    (problem,) = info.value.problems
    return problem


def test_the_real_catalogue_covers_the_domains_and_keeps_the_case_ids():
    catalogue = load_content().get("catalogue", Catalogue)
    assert len(catalogue.entries) >= 12
    assert {e.domain for e in catalogue.entries} == {"social", "physical", "debt", "safety", "operations"}
    ids = {e.id for e in catalogue.entries}
    assert {
        "wmo_forecast",
        "ses_indication",
        "social_budget_forecast",
        "debt_prevention",
        "domestic_violence_map",
        "energy_dashboard",
        "event_site_selection",
    } <= ids
    hub = [e.id for e in catalogue.entries if "25" in e.origin.en]
    assert hub == ["wmo_forecast", "ses_indication", "social_budget_forecast"]  # only the 2018 instruments


def test_an_unknown_ethics_theme_names_the_place(tmp_path, raw):
    data = yaml.safe_load(yaml.safe_dump(raw))
    data["entries"][1]["ethics_themes"][0] = "feelings"
    problem = _problem(tmp_path, data, "ethics.yaml")
    assert problem.file == "catalogue.yaml" and problem.path == "entries[1].ethics_themes[0]"
    assert "feelings" in problem.what and "privacy" in problem.fix and problem.line


def test_an_unknown_method_names_the_allowed_ones(tmp_path, raw):
    data = yaml.safe_load(yaml.safe_dump(raw))
    data["entries"][0]["method"]["id"] = "magic"
    problem = _problem(tmp_path, data)
    assert problem.path == "entries[0].method.id" and "forecast" in problem.fix


def test_a_column_listed_twice_is_one_located_problem(tmp_path, raw):
    data = yaml.safe_load(yaml.safe_dump(raw))
    data["entries"][2]["dummy"]["columns"][1]["name"] = data["entries"][2]["dummy"]["columns"][0]["name"]
    problem = _problem(tmp_path, data)
    assert problem.path == "entries[2].dummy.columns[1].name" and "twice" in problem.what


def test_a_game_card_naming_an_unknown_entry_is_refused(tmp_path, raw):
    game = yaml.safe_load((QDIR / "game_awareness_day.yaml").read_text(encoding="utf-8"))
    case_round = next(r for r in game["rounds"] if r["type"] == "data_case")
    case_round["cards"][0]["catalogue"] = "festival_somewhere"
    (tmp_path / "game.yaml").write_text(yaml.safe_dump(game, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problem = _problem(tmp_path, raw)
    assert problem.file == "game.yaml" and problem.path.endswith("cards[0].catalogue")
    assert "festival_somewhere" in problem.what and "event_site_selection" in problem.fix


def test_the_game_takes_its_data_case_questions_from_the_catalogue():
    bundle = load_content()
    game, catalogue = bundle.get("game_awareness_day"), bundle.get("catalogue", Catalogue)
    _, card = game.card("case_wmo_forecast")
    assert card.catalogue == "wmo_forecast" and card.question == catalogue.entry("wmo_forecast").question
    _, card = game.card("case_festival")
    assert card.question == catalogue.entry("event_site_selection").question
    assert card.context == catalogue.entry("event_site_selection").challenge


def test_the_generator_is_deterministic_and_the_committed_files_match(tmp_path):
    dummy.write_all(tmp_path)
    for name in dummy.GENERATORS:
        assert (tmp_path / name).read_bytes() == (dummy.DUMMY_DIR / name).read_bytes(), name
    assert dummy.render("wmo_forecast.csv") == dummy.render("wmo_forecast.csv")


def test_every_entry_has_a_generator_and_the_files_match_the_entries():
    catalogue = load_content().get("catalogue", Catalogue)
    assert sorted(e.dummy.file for e in catalogue.entries) == sorted(dummy.GENERATORS)
    assert dummy.check_files(catalogue) == []
    for entry in catalogue.entries:  # every place or id is clearly made up
        text = (dummy.DUMMY_DIR / entry.dummy.file).read_text(encoding="utf-8")
        names = entry.dummy.column_names()
        if {"district", "neighbourhood", "site", "street_segment"} & set(names):
            assert "Voorbeeld" in text, entry.id
        if any(n.endswith("_id") for n in names):
            assert "-0001," in text, entry.id


def test_validate_refuses_a_csv_whose_columns_differ(tmp_path, capsys):
    folder = tmp_path / "csv"
    dummy.write_all(folder)
    path = folder / "wmo_forecast.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0].replace("residents_75_plus", "older_residents") + "".join(lines[1:]), encoding="utf-8")
    (folder / "ses_indication.csv").unlink()
    assert cli(["validate", "--dummy-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "2 content problems" in err
    assert "entries[0].dummy.columns" in err and "older_residents" in err and "residents_75_plus" in err
    assert "ses_indication.csv does not exist" in err and "python -m dshub.catalogue.dummy" in err
    assert cli(["validate"]) == 0


def test_validate_refuses_a_value_of_the_wrong_type(tmp_path, capsys):
    folder = tmp_path / "csv"
    dummy.write_all(folder)
    path = folder / "energy_dashboard.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[3].split(",")
    cells[-1] = "maybe\n"
    lines[3] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    assert cli(["validate", "--dummy-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "energy_dashboard.csv, line 4" in err and "heat_network_nearby" in err


def test_a_legal_fact_the_legal_file_lacks_names_the_place(tmp_path, raw):
    data = yaml.safe_load(yaml.safe_dump(raw))
    data["entries"][0]["datasets"][0]["legal"] = ["gdpr_6_1_e_public_task", "wmo_2051"]
    problem = _problem(tmp_path, data, "legal.yaml")
    assert problem.path == "entries[0].datasets[0].legal[1]" and "wmo_2051" in problem.what
    assert "legal.yaml" in problem.fix


def test_a_dataset_with_personal_data_must_name_its_legal_facts(tmp_path, raw):
    data = yaml.safe_load(yaml.safe_dump(raw))
    dataset = next(d for d in data["entries"][0]["datasets"] if d["personal_data"])
    dataset["legal"] = []
    problem = _problem(tmp_path, data, "legal.yaml")
    assert problem.path.startswith("entries[0].datasets[") and problem.path.endswith("].legal")
    assert "personal data" in problem.what


def test_every_legal_fact_the_catalogue_names_has_sources_and_a_check_date():
    from dshub.legal.content import LegalFacts

    bundle = load_content()
    facts = {f.id: f for f in bundle.get("legal_facts", LegalFacts).facts}
    named = {f for e in bundle.get("catalogue", Catalogue).entries for d in e.datasets for f in d.legal}
    assert named and named <= set(facts)
    assert all(facts[f].instrument == "data_use" and facts[f].sources and facts[f].checked for f in named)


@pytest.mark.parametrize(
    ("lang", "bias", "level"),
    [("nl", "Vooringenomenheid", "Experimenteren"), ("en", "Bias", "Experimenting")],
)
def test_the_entry_view_names_its_themes_and_level_in_the_users_language(lang, bias, level):
    from dshub.ethics.content import EthicsContent
    from dshub.maturity.content import MaturityModel
    from dshub.services import catalogue as service

    bundle = load_content()
    assistants, models = bundle.of_kind(EthicsContent), bundle.of_kind(MaturityModel)
    view = service.entry_view(
        bundle.get("catalogue", Catalogue), "wmo_forecast", assistants=assistants, maturity=models, lang=lang
    )
    titles = {t.id: t.title.get(lang) for a in assistants for t in a.themes}
    assert view.themes == tuple(titles[t] for t in view.entry.ethics_themes)  # every theme by its title, in order
    assert bias in view.themes and "bias" not in view.themes
    assert view.entry.maturity_level == 2 and view.level_label == level


def test_the_entry_view_without_the_other_files_falls_back_to_ids_and_no_level_label():
    from dshub.services import catalogue as service

    view = service.entry_view(load_content().get("catalogue", Catalogue), "wmo_forecast", lang="en")
    assert view.themes == tuple(view.entry.ethics_themes) and view.level_label is None
