"""Every service entry point that takes user text stores it normalised (property tests).

NFC, no lone surrogates (they cannot be stored: UnicodeEncodeError), no control characters
(newline and tab stay in multi-line text). Text a service refuses gets a UserError, never a crash.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dshub.catalogue.content import ethics_cases
from dshub.content import load_content
from dshub.errors import UserError
from dshub.ethics.content import EthicsContent
from dshub.maturity.content import MaturityModel
from dshub.services import benchmarks, ethics, maturity, workshops
from dshub.store.db import Database
from dshub.store.migrate import upgrade
from dshub.store.models import Answer, AnswerHistory, Team, Workshop
from dshub.text import normalise, normalise_value

BUNDLE = load_content()
ETHICS = BUNDLE.get("ethics", EthicsContent)
CASES = ethics_cases(BUNDLE)
MODEL = BUNDLE.get("maturity", MaturityModel)

HOSTILE = st.sampled_from(
    [
        "\ud800",
        "\udfff",
        "\x00",
        "\x07",
        "\x1b",
        "\x7f",
        "\x85",
        "\r",
        "\n",
        "\t",
        "e",
        "\u0301",
        "\u00e9",
        "A",
        " ",
        "\u200b",
        "\U0001f600",
    ]
)
TEXT = st.text(alphabet=st.one_of(st.characters(), HOSTILE), max_size=30)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('text') / 'text.sqlite3'}"
    upgrade(url)
    database = Database(url)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def seat(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="http://x")
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Rood")
    return {
        "key": created.facilitator_key,
        "code": created.workshop.code,
        "token": joined.token,
        "team": joined.membership.team.id,
        "id": created.workshop.id,
    }


def clean(text: str, multiline: bool) -> bool:
    allowed = "\n\t" if multiline else ""
    return (
        unicodedata.is_normalized("NFC", text)
        and not any("\ud800" <= ch <= "\udfff" for ch in text)
        and not any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)
    )


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


@given(raw=TEXT)
def test_normalise_is_clean_and_idempotent(raw):
    for multiline in (False, True):
        once = normalise(raw, multiline=multiline)
        assert clean(once, multiline) and normalise(once, multiline=multiline) == once
    assert normalise_value({raw: [raw]}) == {normalise(raw, multiline=True): [normalise(raw, multiline=True)]}


def test_the_property_can_fail():
    assert not clean("e\u0301", False) and not clean("a\x07", True) and not clean("\ud800", True)


@FAST
@given(title=TEXT, municipality=TEXT)
def test_create_workshop(db, title, municipality):
    try:
        created = workshops.create_workshop(db, title=title, municipality=municipality, base_url="http://x")
    except UserError:
        return
    with db.read() as s:
        row = s.get(Workshop, created.workshop.id)
        assert clean(row.title, False) and clean(row.municipality, False)


@FAST
@given(name=TEXT)
def test_join_with_a_new_team_and_rename_it(db, seat, name):
    try:
        joined = workshops.join(db, code=seat["code"], new_team_name=name)
    except UserError:
        return
    with db.read() as s:
        assert clean(s.get(Team, joined.membership.team.id).name, False)
    try:
        workshops.rename_team(db, seat["key"], joined.membership.team.id, name + "x")
    except UserError:
        return
    with db.read() as s:
        assert clean(s.get(Team, joined.membership.team.id).name, False)


@FAST
@given(secret=TEXT)
def test_tokens_and_keys_are_refused_cleanly(db, secret):
    for call in (
        lambda: workshops.membership(db, secret),
        lambda: workshops.facilitator_lobby(db, secret),
        lambda: maturity.dashboard(db, MODEL, secret),
        lambda: benchmarks.authorize_admin(secret),
        lambda: workshops.lookup_code(db, secret, "bucket"),
    ):
        try:
            call()
        except UserError:
            pass


def _stored_strings(db, seat):
    with db.read() as s:
        rows = s.scalars(select(Answer).where(Answer.workshop_id == seat["id"])).all()
        hist = s.scalars(select(AnswerHistory).where(AnswerHistory.answer_id.in_([r.id for r in rows]))).all()
        for r in [*rows, *hist]:
            yield from strings(r.value)
            if r.note is not None:
                yield r.note


@FAST
@given(note=TEXT)
def test_scan_note(db, seat, note):
    item = MODEL.items[0].id if hasattr(MODEL, "items") else next(iter(MODEL.all_items())).id
    try:
        maturity.save_scan_answer(db, MODEL, seat["token"], mode="team", item_id=item, value=3, note=note)
    except UserError:
        return
    assert all(clean(text, True) for text in _stored_strings(db, seat))


@FAST
@given(note=TEXT, title=TEXT, description=TEXT)
def test_ethics_note_and_project(db, seat, note, title, description):
    qid = "personal_data"
    try:
        ethics.save_question(db, ETHICS, seat["token"], qid, "yes", note=note, expected=None)
    except UserError:
        pass
    sheet = ethics.team_sheet(db, ETHICS, seat["token"])
    try:
        ethics.save_project(
            db,
            ETHICS,
            CASES,
            seat["token"],
            title=title,
            description=description,
            case_id=None,
            roles=[],
            expected={"project": sheet.revision("project"), "roles": sheet.revision("roles")},
        )
    except UserError:
        pass
    assert all(clean(text, True) for text in _stored_strings(db, seat))
