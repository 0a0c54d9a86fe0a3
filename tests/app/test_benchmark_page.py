"""AppTests for the benchmark page in Dutch and English, and the benchmark command line.

Covered: the published figures exactly, the estimate label, the profile questionnaire and its
comparison statements (standalone and saved for a team), the peer and import-problem tables as
rendered for the user, and the administrator upload through the real st.file_uploader (AppTest
drives it in Streamlit 1.67): a bad file shows its rows, a good file replaces the estimates,
reset goes back. Not covered here: the upload widget in a real browser.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from dshub.benchmarks import import_lab_records
from dshub.benchmarks.peers import peer_benchmark
from dshub.cli import main
from dshub.config import settings
from dshub.content import load_content
from dshub.maturity.content import MaturityModel
from dshub.services import benchmarks, limits, workshops
from dshub.services.benchmarks import start_advice
from dshub.store.models import BenchmarkDataset
from dshub.ui.benchmark_admin import import_problems
from dshub.ui.benchmarks import peer_rows
from tests.app.conftest import assert_clean, texts

PAGE = "app_pages/benchmark.py"
DATA = Path(__file__).resolve().parents[1] / "data" / "benchmarks"
ADMIN_KEY = "test-admin-key-0123456789"


def shown(at) -> str:
    """Page text with markdown escapes removed (statements are escaped before rendering)."""
    return re.sub(r"\\(.)", r"\1", texts(at))


@pytest.fixture
def admin(db_url, monkeypatch):
    monkeypatch.setenv("DSHUB_ADMIN_KEY", ADMIN_KEY)
    settings.cache_clear()
    yield ADMIN_KEY
    settings.cache_clear()


# --------------------------------------------------------------------------- the survey at a glance


@pytest.mark.parametrize(
    "lang,identified,took_part,estimate,finding",
    [
        ("nl", "Datalabs gevonden", "Deden mee aan het onderzoek", "[schatting]", "Vrijwel elk lab is klein van start"),
        ("en", "Data labs identified", "Took part in the survey", "[estimate]", "Nearly every lab got going"),
    ],
)
def test_published_figures_exactly_with_their_labels(open_page, lang, identified, took_part, estimate, finding):
    at = open_page(PAGE, lang=lang)
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[identified] == "48" and metrics[took_part] == "38" and len(metrics) == 3
    assert list(metrics.values())[2] == "3"
    page = shown(at)
    published = "gepubliceerd (Onderzoek gemeentelijke datalabs" if lang == "nl" else "published (Onderzoek"
    assert page.count(published) >= 3  # under 48, 38 and the three types
    # the per-type split is not published: each of the three types carries the estimate label
    type_lines = [line for line in page.splitlines() if line.startswith("- ") and estimate in line]
    assert len(type_lines) == 3 and ("22" in type_lines[0] and "38" in type_lines[0])
    assert finding in page
    own = "onze eigen samenvatting" if lang == "nl" else "our own summary"  # start advice, labelled ours, once
    assert [i.value for i in at.info if own in i.value] == [start_advice().note.get(lang)]


def html_table(at, name: str) -> pd.DataFrame:
    """The accessible HTML table (dshub.ui.core.table) named ``name``, read back as text cells."""
    found = [e.value for e in at.get("html") if f'aria-label="{html.escape(name)}"' in e.value]
    assert len(found) == 1, f"no single table named {name!r}"
    rows = [
        [html.unescape(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found[0], re.S)
    ]
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_chart_has_a_table_with_the_same_numbers(open_page):
    at = open_page(PAGE, lang="en")
    at.selectbox(key="benchmark_chart_topic").select("analysis").run()
    assert_clean(at)
    table = html_table(at, "Analysis: share of labs (all labs)")
    assert list(table.columns) == ["Indicator", "Labs", "n", "Share (%)", "Source"]
    assert set(table["n"]) == {"38"} and set(table["Source"]) == {"estimate"}
    assert len(table) == 4


@pytest.mark.parametrize(
    "lang,heading,line,basis",
    [
        (
            "en",
            "How we translate the survey into the maturity dimensions (our estimate)",
            r"\*\*Analytics and methods: level \d(\.\d)? to \d(\.\d)? \[our estimate\]\*\*",
            "Based on: Labs doing descriptive analysis, Labs doing diagnostic analysis (explaining)",
        ),
        (
            "nl",
            "Hoe we het onderzoek vertalen naar de volwassenheidsdimensies (onze schatting)",
            r"\*\*Analyse en methoden: niveau \d(,\d)? tot \d(,\d)? \[onze schatting\]\*\*",
            "Gebaseerd op: Labs met beschrijvende analyse, Labs met diagnostische analyse (verklaren)",
        ),
    ],
)
def test_maturity_mapping_reasoning_per_dimension_is_shown_as_our_estimate(open_page, lang, heading, line, basis):
    at = open_page(PAGE, lang=lang)
    assert_clean(at)
    (expander,) = [e for e in at.expander if e.label == heading]
    text = shown(expander)
    assert re.search(line, text)
    assert basis in text
    mapping = benchmarks.maturity_mapping()
    for dim in mapping.dimensions.values():  # every dimension's reasoning, word for word
        assert dim.reasoning.get(lang) in text
    assert ("onze eigen schatting" if lang == "nl" else "our own estimate") in text
    assert text.count("[our estimate]" if lang == "en" else "[onze schatting]") == 9


# --------------------------------------------------------------------------- your datalab profile


def test_profile_answer_gives_comparison_statements_overall_and_per_type(open_page):
    at = open_page(PAGE, lang="en")
    assert "Answer a question above" in texts(at)
    assert "not saved" in texts(at)
    at.selectbox(key="benchmark_profile_lab_type").select("collaborating").run()
    at.multiselect(key="benchmark_profile_analysis_types").select("predictive").run()
    assert_clean(at)
    page = shown(at)
    assert "- You do predictive analysis; estimated share of surveyed labs (all labs) that do: about" in page
    assert re.search(r"- Your type of lab: collaborating data lab; .* of 38 .*\[estimate\]", page)
    per_type = [line for line in page.splitlines() if line.startswith("    - ") and "[estimate]" in line]
    assert len(per_type) >= 3 and any("(**your type of lab**)" in line for line in per_type)


def test_profile_is_saved_for_the_team_and_comes_back(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    token = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 3").token
    at = open_page(PAGE, lang="nl", p=token)
    assert_clean(at)
    assert 'bewaard voor team "Tafel 3" in de sessie "Dag".' in shown(at)  # no "(Dag)" after a title in brackets
    at.multiselect(key="benchmark_profile_partners").select("cbs").run()
    at.number_input(key="benchmark_profile_staff_fte").set_value(1.5).run()
    assert_clean(at)
    assert benchmarks.profile_answers(db, token).answers == {"partners": ["cbs"], "staff_fte": 1.5}

    again = open_page(PAGE, lang="nl", p=token)  # a reload: a new session with only the URL
    assert again.multiselect(key="benchmark_profile_partners").value == ["cbs"]
    assert "Jullie werken samen met het CBS" in shown(again)


def test_no_partners_is_an_explicit_choice_that_excludes_the_others(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    token = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 4").token
    at = open_page(PAGE, lang="en", p=token)
    partners = at.multiselect(key="benchmark_profile_partners")
    assert partners.options[0] == "No partners; we work on our own" and partners.value == []
    assert "You work without external partners" not in shown(at)  # untouched: unanswered, no statement
    at.multiselect(key="benchmark_profile_partners").select("cbs").run()
    at.multiselect(key="benchmark_profile_partners").select("none").run()  # chosen last: "none" stays
    assert_clean(at)
    assert at.multiselect(key="benchmark_profile_partners").value == ["none"]
    assert benchmarks.profile_answers(db, token).answers == {"partners": []}
    page = shown(at)
    assert "- You work without external partners; " in page
    assert "- You do not work with Statistics Netherlands (CBS); " in page

    again = open_page(PAGE, lang="en", p=token)  # a reload shows "none", not an empty (unanswered) box
    assert again.multiselect(key="benchmark_profile_partners").value == ["none"]
    again.multiselect(key="benchmark_profile_partners").select("cbs").run()  # a partner replaces "none"
    assert again.multiselect(key="benchmark_profile_partners").value == ["cbs"]
    assert benchmarks.profile_answers(db, token).answers == {"partners": ["cbs"]}
    again.multiselect(key="benchmark_profile_partners").unselect("cbs").run()  # nothing chosen: unanswered
    assert "partners" not in benchmarks.profile_answers(db, token).answers
    assert "You work with external partners" not in shown(again)
    assert "You work without external partners" not in shown(again)


@pytest.mark.parametrize(
    "lang,notice,mine",
    [
        (
            "en",
            "A teammate has saved a newer answer in the meantime: A lab shared with other municipalities",
            "Your choice (A lab of our own within the municipality) was not saved",
        ),
        (
            "nl",
            "Een teamgenoot heeft intussen een nieuwer antwoord bewaard: Een lab samen met andere gemeenten",
            "Jouw keuze (Een eigen lab binnen onze gemeente) is niet bewaard",
        ),
    ],
)
def test_a_teammates_newer_answer_is_never_silently_overwritten(open_page, db, lang, notice, mine):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    a = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 5").token
    b = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 5").token
    device_a, device_b = open_page(PAGE, lang=lang, p=a), open_page(PAGE, lang=lang, p=b)
    device_b.selectbox(key="benchmark_profile_lab_type").select("collaborating").run()

    device_a.selectbox(key="benchmark_profile_lab_type").select("independent").run()  # a has not seen b's answer
    assert_clean(device_a)
    warnings = [shown_value(w.value) for w in device_a.warning]
    assert len(warnings) == 1 and notice in warnings[0] and mine in warnings[0]
    assert device_a.selectbox(key="benchmark_profile_lab_type").value == "collaborating"  # the newer one shows
    assert benchmarks.profile_answers(db, a).answers == {"lab_type": "collaborating"}

    device_a.selectbox(key="benchmark_profile_lab_type").select("independent").run()  # choosing again saves it
    assert_clean(device_a)
    assert not device_a.warning
    assert benchmarks.profile_answers(db, a).answers == {"lab_type": "independent"}
    device_b.run()  # the teammate's screen follows on its next run
    assert device_b.selectbox(key="benchmark_profile_lab_type").value == "independent"
    assert not device_b.warning


def test_unknown_token_falls_back_to_an_unsaved_profile(open_page):
    at = open_page(PAGE, lang="en", p="stale")
    assert not at.exception
    assert "do not recognise this device" in at.error[0].value
    assert "not saved" in texts(at)


# --------------------------------------------------------------------------- peers and import problems, as rendered


def test_peer_rows_show_n_but_never_statistics_of_small_groups():
    model = load_content().get("maturity", MaturityModel)
    scores = pd.DataFrame(
        [
            {
                "assessment_id": f"a{i}",
                "size_class": "small" if i < 6 else "large",
                "lab_type": None,
                "dimension": "data",
                "score": 3.0,
            }
            for i in range(8)
        ]
    )
    rows = peer_rows(peer_benchmark(scores), model, "en")
    large = rows[rows["Group"] == "large municipalities"].iloc[0]
    assert large["n"] == 2 and pd.isna(large["Mean"]) and "fewer than 5" in large["Note"]
    small = rows[rows["Group"] == "small municipalities"].iloc[0]
    assert small["n"] == 6 and pd.isna(small["Mean"]) and "cannot be worked out" in small["Note"]
    everyone = rows[rows["Grouping"] == "all participants"].iloc[0]
    assert everyone["n"] == 8 and everyone["Mean"] == 3.0 and everyone["Dimension"].startswith("Data:")


def test_import_problems_table_is_in_the_users_language():
    result = import_lab_records((DATA / "bad_values.csv").read_bytes(), "bad_values.csv")
    nl = import_problems(result, "nl")
    assert list(nl.columns) == ["Rij", "Kolom", "Waarde", "Probleem", "Oplossing"]
    assert len(nl) == len(result.errors) == 12
    first = nl.iloc[0]
    assert (first["Rij"], first["Kolom"], first["Waarde"]) == ("2", "type", "colab")
    assert "onbekende waarde" in first["Probleem"] and "collaborating" in first["Oplossing"]
    whole = import_problems(import_lab_records(b"", "x.csv"), "en").iloc[0]
    assert whole["Row"] == "whole file" and "empty" in whole["Problem"]


# --------------------------------------------------------------------------- data management


def test_without_admin_key_the_upload_explains_how_to_enable_it(open_page):
    at = open_page(PAGE, lang="en")
    assert "DSHUB_ADMIN_KEY" in " ".join(i.value for i in at.info)
    assert not at.file_uploader and not at.text_input


def test_admin_uploads_a_bad_file_then_a_good_one_and_resets(open_page, admin, db):
    at = open_page(PAGE, lang="en")
    at.text_input(key="benchmark_admin_key").input("wrong-key")
    at.button(key="benchmark_admin_unlock").click().run()
    assert [e.value for e in at.error] == ["This administrator key is not correct."]
    assert not at.file_uploader

    at.text_input(key="benchmark_admin_key").input(admin)
    at.button(key="benchmark_admin_unlock").click().run()
    assert not at.text_input  # unlocked for this session: the key is not asked again
    at.file_uploader(key="benchmark_upload").upload("bad.csv", (DATA / "bad_values.csv").read_bytes(), "text/csv")
    at.run()
    at.button(key="benchmark_import").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Not imported. Problems found: 12.")
    problems = html_table(at, "Not imported. Problems found: 12")
    assert list(problems["Row"]) == ["2", "3", "3", "4", "4", "4", "5", "5", "5", "6", "7", "8"]
    assert "did you mean 'collaborating'?" in problems["Fix"].iloc[0]
    assert benchmarks.current_dataset(db) is None

    at.file_uploader(key="benchmark_upload").set_value(("good.csv", (DATA / "good_comma.csv").read_bytes(), "text/csv"))
    at.run()
    at.button(key="benchmark_import").click().run()
    assert_clean(at)
    assert [toast.value for toast in at.toast] == ["5 labs read without errors"]  # shown after the reload
    assert benchmarks.current_benchmark(db).origin == "records"
    assert "loaded lab records (n=5)" in texts(at)
    assert 'from "good.csv" (5 labs' in shown(at)
    at.selectbox(key="benchmark_profile_lab_type").select("none").run()  # the published 38 stays the survey's
    page = shown(at)
    assert (
        "- You do not have a data lab (yet); in 2019, 48 municipal data labs were found, 38 of which took "
        "part in the survey [published (Onderzoek gemeentelijke datalabs"
    ) in page
    assert "    - the loaded records describe 5 labs [from loaded lab records (n=5)]" in page
    assert "5 of which" not in page

    at.button(key="benchmark_reset").click().run()
    assert_clean(at)
    assert benchmarks.current_dataset(db) is None
    assert "survey figures" in texts(at)

    at.button(key="benchmark_admin_lock").click().run()
    assert not at.file_uploader and at.text_input(key="benchmark_admin_key")


def test_guessing_the_admin_key_is_rate_limited(open_page, admin):
    at = open_page(PAGE, lang="nl")
    for _ in range(limits.ADMIN_KEY.allowed):
        at.text_input(key="benchmark_admin_key").input("geraden-sleutel")
        at.button(key="benchmark_admin_unlock").click().run()
        assert [e.value for e in at.error] == ["Deze beheerderssleutel klopt niet."]
    at.text_input(key="benchmark_admin_key").input(admin)  # even the right key waits now
    at.button(key="benchmark_admin_unlock").click().run()
    assert [e.value for e in at.error] == [
        "Te vaak een onjuiste sleutel geprobeerd. Wacht 15 minuten en probeer het dan opnieuw."
    ]
    assert not at.file_uploader


@pytest.mark.parametrize(
    "lang,notice",
    [
        ("en", 'The loaded lab records from "broken.csv"'),
        ("nl", 'De geladen labgegevens uit "broken.csv"'),
    ],
)
def test_unusable_stored_records_show_the_survey_with_a_notice_for_everyone(open_page, db, lang, notice, caplog):
    records = [r.model_dump(mode="json") for r in import_lab_records((DATA / "good_comma.csv").read_bytes()).records]
    records[0]["type"] = "retired_lab_type"  # e.g. after a change of vocabulary
    with db.write() as session:
        session.add(BenchmarkDataset(filename="broken.csv", records=records, n_records=len(records)))
    with caplog.at_level("ERROR", logger="dshub.services.benchmarks"):
        at = open_page(PAGE, lang=lang)
    assert_clean(at)
    assert [w.value for w in at.warning if notice in shown_value(w.value)]  # shown to every visitor, no key needed
    assert any("broken.csv" in r.getMessage() for r in caplog.records)
    metrics = {m.label: m.value for m in at.metric}
    assert "38" in metrics.values() and "48" in metrics.values()
    assert ("schatting" if lang == "nl" else "estimate") in texts(at)  # the estimates are back
    assert ("loaded lab records (n=" if lang == "en" else "geladen labgegevens (n=") not in texts(at)
    at.selectbox(key="benchmark_profile_lab_type").select("none").run()
    assert_clean(at)
    assert (
        "38 of which took part in the survey [published"
        if lang == "en"
        else "waarvan er 38 meededen aan het onderzoek [gepubliceerd"
    ) in shown(at)


def shown_value(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


# --------------------------------------------------------------------------- command line


def test_cli_import_reports_bad_rows_and_stores_good_files(db_url, db, capsys):
    assert main(["benchmark", "import", str(DATA / "bad_values.csv"), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Not imported. Problems found: 12")
    assert "- Row 2, column 'type': unknown value 'colab'" in out
    assert benchmarks.current_dataset(db) is None
    assert main(["benchmark", "import", str(DATA / "bad_values.csv")]) == 1  # DSHUB_DEFAULT_LANG unset: Dutch
    assert capsys.readouterr().out.startswith("Niet ingelezen. Gevonden problemen: 12")

    assert main(["benchmark", "import", str(DATA / "good_semicolon_bom.csv"), "--lang", "nl"]) == 0
    assert "ingelezen zonder fouten" in capsys.readouterr().out
    assert benchmarks.current_dataset(db).filename == "good_semicolon_bom.csv"

    assert main(["benchmark", "reset", "--lang", "en"]) == 0
    assert "Loaded files taken out of use: 1." in capsys.readouterr().out
    assert benchmarks.current_benchmark(db).origin == "survey"


@pytest.mark.parametrize(
    "env_lang,args,expected",
    [
        (None, [], "Kan {path} niet lezen: het bestand bestaat niet."),
        ("en", [], "Cannot read {path}: the file does not exist."),
        ("en", ["--lang", "nl"], "Kan {path} niet lezen: het bestand bestaat niet."),
    ],
)
def test_cli_cannot_read_message_is_translated(db_url, monkeypatch, capsys, env_lang, args, expected):
    if env_lang:
        monkeypatch.setenv("DSHUB_DEFAULT_LANG", env_lang)
    settings.cache_clear()
    missing = DATA / "does_not_exist.csv"
    assert main(["benchmark", "import", str(missing), *args]) == 2
    assert capsys.readouterr().err.strip() == expected.format(path=missing)
    assert main(["benchmark", "import", str(DATA), *args]) == 2  # a folder
    assert ("dit is een map" if "Kan" in expected else "this is a folder") in capsys.readouterr().err


def test_the_benchmark_speaks_je_and_jullie_like_the_rest_of_the_app():
    """The day addresses people informally; the benchmark texts used to say u/uw."""
    from dshub.i18n import catalog

    keys = [k for k in catalog() if k.startswith(("benchmarks.", "home.benchmark.")) or k == "join.go.benchmark"]
    formal = {k: catalog()[k]["nl"] for k in keys if re.search(r"\b(u|uw|U|Uw)\b", catalog()[k]["nl"])}
    assert len(keys) > 100 and not formal
