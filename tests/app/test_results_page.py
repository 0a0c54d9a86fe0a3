"""AppTests for the management dashboard: access by key, read-only link, targets, empty workshop."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from dshub.content import load_content
from dshub.i18n import t
from dshub.maturity.content import MaturityModel
from dshub.services import maturity, workshops
from tests.app.conftest import assert_clean, html_tables, texts
from tests.support.pdf import page_texts

MODEL = load_content().get("maturity", MaturityModel)


@pytest.fixture
def answered(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    for name, level in (("Noord", 2), ("Zuid", 4)):
        joined = workshops.join(db, code=created.workshop.code, new_team_name=name)
        for item in MODEL.items_for("quick"):
            maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=item.id, value=level)
    return created


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dashboard_for_the_facilitator(open_page, answered, lang):
    at = open_page("app_pages/results.py", lang=lang, key=answered.facilitator_key)
    assert_clean(at)
    page = texts(at)
    assert "Dongen" in page
    assert {
        "nl": "Antwoorden van 2 teams en 0 individuele deelnemers.",
        "en": "Answers from 2 teams and 0 individual participants.",
    }[lang] in page
    overall = {"nl": r"over alle dimensies is \d,\d\.", "en": r"over all dimensions is \d\.\d\."}[lang]
    assert re.search(overall, page)  # the overall figure with the language's decimal mark
    assert at.button(key="results_link_create")  # facilitator tools present
    assert len(at.get("plotly_chart")) >= 1
    tables = html_tables(at)
    assert len(tables) >= 2  # text alternatives: scores and next steps
    assert all("<th>" in t or "<th " in t for t in tables)


def test_read_only_link_shows_results_but_no_tools(open_page, db, answered):
    url = maturity.create_results_link(db, answered.facilitator_key, "https://dshub.test")
    key = url.split("key=")[1]
    assert key != answered.facilitator_key
    at = open_page("app_pages/results.py", lang="en", key=key)
    assert_clean(at)
    assert "read-only link" in texts(at)
    assert "results_link_create" not in [b.key for b in at.button]
    assert len(at.slider) == 0  # no target editing


def test_targets_are_saved_and_validated(open_page, db, answered):
    at = open_page("app_pages/results.py", lang="en", key=answered.facilitator_key)
    dim = MODEL.dimensions[0].id
    at.slider(key=f"target_{dim}").set_value(5)
    at.button(key="targets_save").click().run()
    assert_clean(at)
    dash = maturity.dashboard(db, MODEL, answered.facilitator_key)
    assert dash.targets[dim] == 5
    with pytest.raises(Exception) as info:
        maturity.set_targets(db, MODEL, answered.facilitator_key, targets={dim: 7})
    assert getattr(info.value, "key", "") == "maturity.error.target_out_of_range"


def test_empty_workshop_gives_a_sensible_page(open_page, db):
    created = workshops.create_workshop(db, title="Leeg", municipality="Baarle", base_url="https://dshub.test")
    at = open_page("app_pages/results.py", lang="en", key=created.facilitator_key)
    assert_clean(at)
    assert "no answers" in texts(at).lower()


def test_wrong_key(open_page):
    at = open_page("app_pages/results.py", lang="en", key="nope")
    assert not at.exception
    assert "not valid" in at.error[0].value


def test_text_alternative_tables_have_a_caption_and_escape_content(open_page, answered):
    at = open_page("app_pages/results.py", lang="en", key=answered.facilitator_key)
    tables = html_tables(at)
    assert all("<caption>" in t for t in tables)
    assert all('tabindex="0"' in t and 'role="region"' in t for t in tables)


def test_facilitator_opts_in_to_the_peer_benchmark(open_page, db, answered):
    at = open_page("app_pages/results.py", lang="en", key=answered.facilitator_key)
    at.selectbox(key="targets_lab_type").set_value("collaborating")
    at.checkbox(key="targets_peer_opt_in").check()
    at.button(key="targets_save").click().run()
    assert_clean(at)
    settings = workshops.facilitator_lobby(db, answered.facilitator_key).workshop.settings
    assert settings.peer_opt_in is True and settings.lab_type == "collaborating"
    with pytest.raises(Exception) as info:
        maturity.set_targets(db, MODEL, answered.facilitator_key, targets={}, lab_type="Gemeente Dongen")
    assert getattr(info.value, "key", "") == "error.unknown_choice"


def _downloads(at) -> dict[str, str]:
    """Download buttons on the page: key -> label."""
    return {e.proto.id.rsplit("-", 1)[-1]: e.proto.label for e in at.get("download_button")}


def _tables(at) -> list[str]:
    return html_tables(at)


def test_view_selector_shows_the_view_in_use(open_page, db, answered):
    at = open_page("app_pages/results.py", lang="en", key=answered.facilitator_key)
    assert at.radio(key="results_view").value == "teams"
    at.radio(key="results_view").set_value("individuals").run()
    assert_clean(at)
    assert at.radio(key="results_view").value == "individuals"
    assessment = workshops.create_workshop(
        db, title="Zelfscan", municipality="Baarle", kind="assessment", base_url="https://dshub.test"
    )
    at = open_page("app_pages/results.py", lang="en", key=assessment.facilitator_key)
    assert at.radio(key="results_view").value == "individuals"  # a self-assessment has no teams


def test_charts_have_alt_text_and_the_benchmark_note(open_page, answered):
    at = open_page("app_pages/results.py", lang="nl", key=answered.facilitator_key)
    charts = at.get("plotly_chart")
    assert charts and all(c.proto.alt for c in charts)
    assert "Hoogste gemiddelde" in charts[0].proto.alt and "Ten opzichte van Datalabs 2019" in charts[0].proto.alt
    assert "onze eigen schatting" in texts(at)  # the overlay note under the radar
    scores = next(t for t in _tables(at) if "Scores per dimensie" in t)
    assert "Vergelijking laag (onze schatting)" in scores


def test_disagreement_view_lists_the_questions_that_differ(open_page, answered):
    at = open_page("app_pages/results.py", lang="en", key=answered.facilitator_key)
    assert_clean(at)
    table = next(t for t in _tables(at) if "<caption>Where opinions differ</caption>" in t)
    first = MODEL.items_for("quick")[0]
    assert first.text.en in html.unescape(table)
    assert f"<td>2 {MODEL.level_label(2, 'en')}</td>" in table and f"<td>4 {MODEL.level_label(4, 'en')}</td>" in table
    assert table.count("</tr>") == len(MODEL.items_for("quick")) + 1  # header + every item: 2 against 4


def test_roles_are_compared_on_individual_answers_with_role_names(open_page, db, answered):
    for role in ("policy", "policy", "information_management", "information_management"):
        person = workshops.join(db, code=answered.workshop.code, new_team_name="Noord", roles=[role])
        for item in MODEL.items_for("quick"):
            maturity.save_scan_answer(
                db, MODEL, person.token, mode="individual", item_id=item.id, value=1 if role == "policy" else 5
            )
    at = open_page("app_pages/results.py", lang="nl", key=answered.facilitator_key)  # the default teams view
    assert_clean(at)
    roles = next(t for t in _tables(at) if "<caption>Verschillen tussen rollen</caption>" in t)
    assert "<th>Beleid</th>" in roles and "<th>Informatievoorziening</th>" in roles
    assert "information_management" not in texts(at) + roles
    assert "Rollen verschillen het meest" in texts(at)


def test_downloads_are_built_in_the_run_and_a_failure_is_a_translated_message(open_page, answered, monkeypatch):
    at = open_page("app_pages/results.py", lang="nl", key=answered.facilitator_key)
    # the cheap CSV and JSON at once, the others on request
    assert set(_downloads(at)) == {"download_csv", "results_download_json"}
    assert {"prepare_pdf", "prepare_html", "prepare_png", "prepare_xlsx"} <= {b.key for b in at.button}
    at.button(key="prepare_html").click().run()
    assert_clean(at)
    assert _downloads(at)["download_html"] == "Download: Rapport (HTML)"
    assert "prepare_html" not in [b.key for b in at.button]
    at.run()  # any later run offers to prepare it again, so a downloaded file is never stale
    assert set(_downloads(at)) == {"download_csv", "results_download_json"} and at.button(key="prepare_html")
    from dshub.reports import maturity as reports

    def broken(*args, **kwargs):
        raise RuntimeError("kaleido is gone")

    monkeypatch.setattr(reports, "png_bytes", broken)
    at.button(key="prepare_png").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("results.download.failed", "nl")]
    assert at.button(key="prepare_png")  # try again


@pytest.mark.parametrize(
    "lang, pdf_label, json_label",
    [
        ("nl", "Download: Rapport (PDF)", "Alle resultaten (JSON)"),
        ("en", "Download: Report (PDF)", "All results (JSON)"),
    ],
)
def test_the_report_as_pdf_and_all_results_as_json(open_page, db, answered, lang, pdf_label, json_label, monkeypatch):
    from dshub.reports import maturity as reports

    made = []
    real = reports.pdf_report

    def spy(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(reports, "pdf_report", spy)
    at = open_page("app_pages/results.py", lang=lang, key=answered.facilitator_key)
    assert_clean(at)
    assert _downloads(at)["results_download_json"] == json_label
    assert not made  # the PDF is made only when asked for
    at.button(key="prepare_pdf").click().run()
    assert_clean(at)
    assert _downloads(at)["results_download_pdf"] == pdf_label and len(made) == 1
    first = page_texts(made[0])[0]
    assert "Dongen" in first and {"nl": "pagina 1 van", "en": "page 1 of"}[lang] in first
    assert "prepare_pdf" not in [b.key for b in at.button]
    at.run()
    assert "results_download_pdf" not in _downloads(at) and at.button(key="prepare_pdf")


def test_a_pdf_that_cannot_be_made_gives_a_translated_message(open_page, answered, monkeypatch):
    from dshub.reports import maturity as reports

    def no_pango(*args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(reports, "pdf_report", no_pango)
    at = open_page("app_pages/results.py", lang="en", key=answered.facilitator_key)
    at.button(key="prepare_pdf").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("results.download.failed", "en")]
    assert at.button(key="prepare_pdf") and "results_download_pdf" not in _downloads(at)


def test_facilitator_links_an_earlier_session_for_the_trend(open_page, db, answered):
    earlier = workshops.create_workshop(
        db, title="Vorig jaar", municipality="Dongen", base_url="https://dshub.test", event_date=date(2025, 3, 1)
    )
    joined = workshops.join(db, code=earlier.workshop.code, new_team_name="Oud")
    for item in MODEL.items_for("quick"):
        maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=item.id, value=1)
    at = open_page("app_pages/results.py", lang="en", key=answered.facilitator_key)
    assert "Development over time" not in texts(at)  # same name, but not linked
    at.text_input(key="history_key").input(earlier.links.facilitator_url)
    at.button(key="history_link").click().run()
    assert_clean(at)
    assert "Development over time" in [s.value for s in at.subheader]
    assert "Vorig jaar" in texts(at)
    at.button(key=f"history_unlink_{earlier.workshop.id}").click().run()
    assert_clean(at)
    assert "Development over time" not in [s.value for s in at.subheader]


def test_dutch_texts_read_naturally(open_page, answered):
    at = open_page("app_pages/results.py", lang="nl", key=answered.facilitator_key)
    assert_clean(at)
    page = texts(at)
    steps = next(t for t in _tables(at) if "<caption>" + t_("results.next_steps.caption") in t)
    assert re.search(r"<td>\d,\d</td>", steps) and not re.search(r"<td>\d\.\d</td>", steps)  # 3,0 not 3.0
    assert "<caption>Volgende stappen</caption>" not in "".join(_tables(at))  # the heading is not repeated
    assert "Gebaseerd op" not in page  # the header already says who answered
    assert "(s)" not in page and "vraag/vragen" not in page
    charts = at.get("plotly_chart")
    radar = charts[0].proto.alt
    assert re.search(r"met \d,\d \(niveau \d, [A-Z]", radar)  # not "(3,3, 3 Verbreden)"
    assert "Gebaseerd op" not in radar
    assert charts and all(c.proto.theme != "streamlit" for c in charts)  # our own dark, large text


def test_counts_use_singular_forms(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Goirle", base_url="https://dshub.test")
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Enig")
    for item in MODEL.items_for("quick"):
        maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=item.id, value=3)
    person = workshops.join(db, code=created.workshop.code, new_team_name="Enig", roles=["policy"])
    maturity.save_scan_answer(
        db, MODEL, person.token, mode="individual", item_id=MODEL.items_for("quick")[0].id, value=2
    )
    for lang, expected in (
        ("nl", "Antwoorden van 1 team en 1 individuele deelnemer."),
        ("en", "Answers from 1 team and 1 individual participant."),
    ):
        at = open_page("app_pages/results.py", lang=lang, key=created.facilitator_key)
        assert_clean(at)
        assert expected in texts(at)


def t_(key: str) -> str:
    return t(key, "nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_teams_on_different_scans_are_named_on_the_dashboard(open_page, db, lang):
    created = workshops.create_workshop(
        db, title="Dag", municipality="Dongen", base_url="https://dshub.test", settings={"scan": "both"}
    )
    for name, scan in (("Noord", "quick"), ("Zuid", "full")):
        joined = workshops.join(db, code=created.workshop.code, new_team_name=name)
        maturity.set_scan_depth(db, MODEL, joined.token, mode="team", scan=scan)
        for item in MODEL.items_for(scan):
            maturity.save_scan_answer(db, MODEL, joined.token, mode="team", item_id=item.id, value=3)
    at = open_page("app_pages/results.py", lang=lang, key=created.facilitator_key)
    assert_clean(at)
    note = t("maturity.note.mixed_scans", lang, quick=1, full=1)
    assert note in [i.value for i in at.info]
