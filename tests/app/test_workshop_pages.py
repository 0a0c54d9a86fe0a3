"""AppTests for the start, facilitate and join pages, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dshub.errors import NotFound
from dshub.services import limits, workshops
from dshub.ui.core import plain
from tests.app.conftest import assert_clean, texts

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang,expected", [("nl", "Welkom"), ("en", "Welcome")])
def test_home_renders_in_both_languages(open_page, lang, expected):
    at = open_page(lang=lang)
    assert_clean(at)
    assert expected in at.title[0].value
    assert at.radio(key="lang_switch").value == lang


def test_language_switch_changes_the_page(open_page):
    at = open_page()
    at.radio(key="lang_switch").set_value("en").run()
    assert "Welcome" in at.title[0].value
    at.switch_page("app_pages/join.py").run()
    assert at.title[0].value == "Join"


def test_the_language_lives_in_the_address(open_page):
    """A reload or a shared link keeps English: the switch writes ?lang=, and it stays on page changes."""
    at = open_page()
    assert "lang" not in at.query_params  # Dutch, the default, keeps links short
    at.radio(key="lang_switch").set_value("en").run()
    assert at.query_params["lang"] == "en"
    at.switch_page("app_pages/join.py").run()  # navigation drops the query; the app writes it back
    assert at.query_params["lang"] == "en"
    assert at.title[0].value == "Join"
    at.radio(key="lang_switch").set_value("nl").run()
    assert at.query_params["lang"] == "nl"
    assert at.title[0].value == "Meedoen"


def test_lang_query_parameter_sets_the_language(db_url):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    assert "Welcome" in at.title[0].value


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_facilitator_creates_a_session(open_page, db, lang):
    at = open_page("app_pages/facilitate.py", lang=lang)
    assert_clean(at)
    at.text_input(key="create_municipality").input("Dongen")
    at.button(key="create_submit").click().run()
    assert_clean(at)
    key = at.query_params["key"]
    lobby = workshops.facilitator_lobby(db, key)
    page = texts(at)
    assert lobby.workshop.code in page
    carried = "lang=en&" if lang == "en" else ""  # Dutch is the default: short links without it
    assert f"https://dshub.test/join?{carried}code={lobby.workshop.code}" in page
    assert f"https://dshub.test/facilitate?{carried}key={key}" in page
    assert "Dongen" in page


@pytest.mark.parametrize("choice", [None, "both"])  # None: the default, as before
def test_the_facilitator_chooses_the_scan_or_lets_each_team_choose(open_page, db, choice):
    at = open_page("app_pages/facilitate.py", lang="en")
    radio = at.radio(key="create_scan")
    assert radio.options == ["Quick scan (about 5 minutes)", "Full scan (about 20 minutes)", "Both (each team chooses)"]
    if choice:
        radio.set_value(choice)
    assert radio.value == (choice or "quick")
    at.text_input(key="create_municipality").input("Dongen")
    at.button(key="create_submit").click().run()
    assert_clean(at)
    assert workshops.facilitator_lobby(db, at.query_params["key"]).workshop.settings.dump() == {
        "scan": choice or "quick"
    }


def test_create_with_empty_municipality_shows_a_message_not_a_traceback(open_page):
    at = open_page("app_pages/facilitate.py", lang="en")
    at.button(key="create_submit").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ['Please fill in "municipality".']
    assert "key" not in at.query_params


def test_facilitator_link_reopens_lobby_and_manages_teams(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    workshops.join(db, code=created.workshop.code, new_team_name="**Rood**", roles=["policy"])
    at = open_page("app_pages/facilitate.py", lang="en", key=created.facilitator_key)
    assert_clean(at)
    page = texts(at)
    assert r"\*\*Rood\*\*" in page  # markdown shown literally
    assert "Policy" in page
    at.text_input(key="manage_new_name").input("Blauw")
    at.button(key="manage_rename").click().run()
    assert_clean(at)
    assert [t.name for t in workshops.facilitator_lobby(db, created.facilitator_key).teams] == ["Blauw"]
    at.button(key="workshop_status_toggle").click().run()
    assert not workshops.facilitator_lobby(db, created.facilitator_key).workshop.is_open


def test_wrong_facilitator_key_gives_a_clear_message(open_page):
    at = open_page("app_pages/facilitate.py", lang="en", key="nonsense")
    assert not at.exception
    assert "facilitator link is not valid" in at.error[0].value


def test_join_via_query_parameter_and_stay_after_reload(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    at = open_page("app_pages/join.py", lang="en", code=created.workshop.code.lower())
    assert_clean(at)
    assert "You are joining: Dag — Dongen" in texts(at)  # no brackets: titles often carry their own
    at.text_input(key="join_new_team").input("Tafel 3")
    at.multiselect(key="join_roles").select("policy").select("communication")
    at.button(key="join_submit").click().run()
    assert_clean(at)
    token = at.query_params["p"]
    assert 'You are in team "Tafel 3".' in texts(at)
    # a reload: a new session with only the URL
    again = open_page("app_pages/join.py", lang="en", p=token, code=created.workshop.code)
    assert_clean(again)
    assert 'You are in team "Tafel 3".' in texts(again)
    assert "Policy, Communication" in texts(again)


@pytest.mark.parametrize("lang,expected", [("nl", "Kies een of meer"), ("en", "Choose one or more")])
def test_multiselects_speak_the_page_language_and_offer_no_select_all(open_page, db, lang, expected):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    join = open_page("app_pages/join.py", lang=lang, code=created.workshop.code)
    facilitate = open_page("app_pages/facilitate.py", lang=lang)
    for widget in (join.multiselect(key="join_roles"), facilitate.multiselect(key="create_modules")):
        assert widget.proto.placeholder == expected
        assert not widget.proto.select_all  # one click must not give a team every role


@pytest.mark.parametrize("lang,expected", [("nl", "Deze code kennen we niet"), ("en", "We do not know this code")])
def test_unknown_code_message_in_both_languages(open_page, lang, expected):
    at = open_page("app_pages/join.py", lang=lang, code="AAAAAA")
    assert not at.exception
    assert expected in at.error[0].value


def test_join_code_form(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    at = open_page("app_pages/join.py", lang="en")
    at.text_input(key="join_code").input(created.workshop.code)
    at.button(key="join_code_submit").click().run()
    assert_clean(at)
    assert at.query_params["code"] == created.workshop.code


def test_unknown_token_falls_back_to_code_entry(open_page):
    at = open_page("app_pages/join.py", lang="en", p="stale-token")
    assert not at.exception
    assert "do not recognise this device" in at.error[0].value
    assert at.text_input(key="join_code")


def test_self_assessment_from_the_home_card_and_a_respondent_joins(open_page, db):
    at = open_page("app_pages/facilitate.py", lang="en", kind="assessment")
    assert at.radio(key="create_kind").value == "assessment"
    at.text_input(key="create_municipality").input("Baarle-Nassau")
    at.radio(key="create_scan").set_value("full")
    at.button(key="create_submit").click().run()
    assert_clean(at)
    lobby = workshops.facilitator_lobby(db, at.query_params["key"])
    assert lobby.workshop.kind == "assessment" and lobby.workshop.settings.dump() == {"scan": "full"}
    respondent = open_page("app_pages/join.py", lang="en", code=lobby.workshop.code)
    assert "join_team" not in [r.key for r in respondent.radio]  # no teams in a self-assessment
    respondent.multiselect(key="join_roles").select("management")
    respondent.button(key="join_submit").click().run()
    assert_clean(respondent)
    assert "You are taking part as a respondent." in texts(respondent)
    assert workshops.membership(db, respondent.query_params["p"]).roles == ("management",)


# --------------------------------------------------------------------------- rate limits per session and address


def test_a_guessing_tab_is_stopped_but_the_rest_of_the_room_joins(open_page, db, monkeypatch):
    """Everyone behind one municipal proxy shares an address; only the guessing session is refused."""
    import dshub.ui.core

    monkeypatch.setattr(dshub.ui.core, "address_bucket", lambda: "town-hall-proxy")
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    guesser = open_page("app_pages/join.py", lang="en")
    for _ in range(limits.JOIN_CODE.allowed):
        guesser.text_input(key="join_code").input("AAAAAA")
        guesser.button(key="join_code_submit").click().run()
        assert "We do not know this code" in guesser.error[0].value
    guesser.text_input(key="join_code").input(created.workshop.code)
    guesser.button(key="join_code_submit").click().run()
    assert not guesser.exception
    assert "Too many wrong codes" in guesser.error[0].value
    colleague = open_page("app_pages/join.py", lang="en")  # another device in the same room
    colleague.text_input(key="join_code").input(created.workshop.code)
    colleague.button(key="join_code_submit").click().run()
    assert_clean(colleague)
    assert colleague.query_params["code"] == created.workshop.code


def test_a_wrong_code_in_the_link_offers_the_code_field(open_page):
    at = open_page("app_pages/join.py", lang="en", code="AAAAAA")
    assert "We do not know this code" in at.error[0].value
    assert at.text_input(key="join_code")
    assert "code" not in at.query_params


# --------------------------------------------------------------------------- user text is shown literally

MARKDOWN_NAME = "**x** [a](http://e)"


def test_team_names_in_the_join_choice_are_plain_text(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    workshops.join(db, code=created.workshop.code, new_team_name=MARKDOWN_NAME)
    at = open_page("app_pages/join.py", lang="en", code=created.workshop.code)
    assert_clean(at)
    options = at.radio(key="join_team").options
    assert plain(MARKDOWN_NAME) in options and MARKDOWN_NAME not in options


def test_user_text_in_error_messages_is_plain_text(open_page, db):
    created = workshops.create_workshop(db, title=MARKDOWN_NAME, municipality="Dongen", base_url="https://dshub.test")
    workshops.join(db, code=created.workshop.code, new_team_name=MARKDOWN_NAME)
    workshops.join(db, code=created.workshop.code, new_team_name="Rood")
    manage = open_page("app_pages/facilitate.py", lang="en", key=created.facilitator_key)
    manage.selectbox(key="manage_team").set_value(
        next(t.id for t in workshops.facilitator_lobby(db, created.facilitator_key).teams if t.name == "Rood")
    )
    manage.text_input(key="manage_new_name").input(MARKDOWN_NAME)
    manage.button(key="manage_rename").click().run()
    assert not manage.exception
    assert manage.error[0].value == f'There already is a team called "{plain(MARKDOWN_NAME)}".'
    workshops.set_workshop_status(db, created.facilitator_key, "closed")
    at = open_page("app_pages/join.py", lang="en", code=created.workshop.code)
    assert at.error[0].value == f'The session "{plain(MARKDOWN_NAME)}" has been closed by the facilitator.'


def test_rename_toast_shows_the_team_name_as_plain_text(open_page, db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    workshops.join(db, code=created.workshop.code, new_team_name="Rood")
    at = open_page("app_pages/facilitate.py", lang="en", key=created.facilitator_key)
    at.text_input(key="manage_new_name").input(MARKDOWN_NAME)
    at.button(key="manage_rename").click().run()
    assert_clean(at)
    # app.py's frame shows the queued message as a toast (markdown) on the rerun after the action
    assert [toast.value for toast in at.toast] == [f'The team is now called "{plain(MARKDOWN_NAME)}".']


def test_show_user_error_escapes_every_text_parameter_but_not_numbers():
    from unittest import mock

    from dshub.errors import Invalid
    from dshub.ui import core

    with mock.patch.object(core, "lang", return_value="en"), mock.patch.object(core.st, "error") as error:
        core.show_user_error(Invalid("error.unknown_choice", field="roles", value="[a](http://e)"))
        core.show_user_error(Invalid("error.field_too_long", field="team_name", max=40))
    assert error.call_args_list[0].args[0] == 'Unknown choice for "roles": \\[a\\]\\(http\\://e\\).'
    assert "40" in error.call_args_list[1].args[0]


# --------------------------------------------------------------------------- every page, both languages

PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py"))


def test_every_page_is_covered_by_the_smoke_test():
    assert "app_pages/join.py" in PAGES and len(PAGES) >= 10


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_both_languages(open_page, page):
    """Opened bare (no code, key or token), every page renders without a traceback, in each language."""
    seen = {}
    for lang in ("nl", "en"):
        at = open_page(page, lang=lang)
        assert not at.exception, (page, lang, [e.value for e in at.exception])
        seen[lang] = texts(at)
    assert seen["nl"] != seen["en"], f"{page} shows the same text in Dutch and English"


@pytest.mark.parametrize(
    "lang, wrong, deleted",
    [
        ("nl", "niet de code van deze sessie", "De sessie is verwijderd"),
        ("en", "not this session's code", "The session has been deleted"),
    ],
)
def test_facilitator_exports_and_deletes_the_session_behind_the_typed_code(open_page, db, lang, wrong, deleted):
    from dshub.services import privacy

    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    other = workshops.create_workshop(db, title="Andere", municipality="Breda", base_url="https://dshub.test")
    code = created.workshop.code
    workshops.join(db, code=code, new_team_name="Rood")
    at = open_page("app_pages/facilitate.py", lang=lang, key=created.facilitator_key)
    assert_clean(at)
    assert [b.proto.label for b in at.get("download_button") if "privacy_export" in b.proto.id]
    from dshub.ui.workshop import export_json  # what the download button gives when clicked

    document = json.loads(export_json(db, created.facilitator_key, "https://dshub.test"))
    assert document["code"] == code and [t["name"] for t in document["tables"]["team"]] == ["Rood"]
    at.text_input(key="privacy_delete_code").input("ZZZZZZ")
    at.button(key="privacy_delete").click().run()
    assert not at.exception
    assert wrong in at.error[0].value
    assert privacy.export_session(db, code)["tables"]["team"]  # nothing deleted
    at.text_input(key="privacy_delete_code").input(code.lower())
    at.button(key="privacy_delete").click().run()
    assert_clean(at)
    assert any(deleted in t.value for t in at.toast)
    assert "key" not in at.query_params  # back to the create form
    assert at.text_input(key="create_municipality")
    with pytest.raises(NotFound):
        privacy.export_session(db, code)
    assert privacy.export_session(db, other.workshop.code)["code"] == other.workshop.code
