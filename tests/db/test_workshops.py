"""Workshop use cases against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from dshub import security
from dshub.errors import Forbidden, Invalid, NotFound, RateLimited
from dshub.services import limits, workshops
from dshub.store.models import RateLimitEvent, Workshop, utcnow


@pytest.fixture
def created(db):
    return workshops.create_workshop(
        db, title="Data Awareness Dag", municipality="Dongen", base_url="https://dshub.example.nl/"
    )


def test_create_returns_code_links_and_stores_only_the_key_hash(db, created):
    ws = created.workshop
    assert security.normalize_code(ws.code) == ws.code
    assert created.links.join_url == f"https://dshub.example.nl/join?code={ws.code}"
    assert created.links.facilitator_url == f"https://dshub.example.nl/facilitate?key={created.facilitator_key}"
    with db.read() as s:
        row = s.get(Workshop, ws.id)
        assert row.facilitator_key_hash == security.hash_key(created.facilitator_key)
        assert created.facilitator_key not in str(row.__dict__)


def test_bad_create_input_is_refused_with_a_key(db):
    with pytest.raises(Invalid) as info:
        workshops.create_workshop(db, title="x" * 121, municipality="Dongen", base_url="http://x")
    assert info.value.key == "error.field_too_long" and info.value.params == {"field": "title", "max": 120}
    with pytest.raises(Invalid):
        workshops.create_workshop(db, title="Dag", municipality=" ", base_url="http://x")
    with pytest.raises(Invalid):
        workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="http://x", modules=["poker"])
    with pytest.raises(Invalid) as info:
        workshops.create_workshop(
            db, title="Dag", municipality="Dongen", base_url="http://x", settings={"scan": "medium"}
        )
    assert info.value.key == "error.unknown_choice" and info.value.params == {"field": "scan", "value": "medium"}


def test_teams_join_and_appear_in_the_lobby_with_roles(db, created):
    code = created.workshop.code.lower()
    a = workshops.join(db, code=code, new_team_name="  Tafel   1 ", roles=["policy", "management"])
    b = workshops.join(db, code=code, team_id=a.membership.team.id, roles=["communication"])
    workshops.join(db, code=code, new_team_name="Tafel 2", roles=[])
    lobby = workshops.facilitator_lobby(db, created.facilitator_key)
    assert [(t.name, t.members) for t in lobby.teams] == [("Tafel 1", 2), ("Tafel 2", 1)]
    assert lobby.teams[0].roles == ("policy", "management", "communication")
    assert b.membership.team.id == a.membership.team.id
    assert b.token != a.token


def test_same_team_name_lands_in_same_team(db, created):
    a = workshops.join(db, code=created.workshop.code, new_team_name="Blauw")
    b = workshops.join(db, code=created.workshop.code, new_team_name="BLAUW")
    assert a.membership.team.id == b.membership.team.id


def test_team_name_is_length_limited_and_kept_as_plain_text(db, created):
    with pytest.raises(Invalid):
        workshops.join(db, code=created.workshop.code, new_team_name="x" * 41)
    joined = workshops.join(db, code=created.workshop.code, new_team_name="<b>[x](javascript:alert(1))</b>\x00")
    assert joined.membership.team.name == "<b>[x](javascript:alert(1))</b>"  # stored verbatim, rendered escaped


def test_token_resumes_membership(db, created):
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Rood", roles=["operations"])
    again = workshops.membership(db, joined.token)
    assert again.team.name == "Rood" and again.roles == ("operations",)
    with pytest.raises(NotFound):
        workshops.membership(db, "not-a-token")


def test_switching_team_keeps_the_same_participant(db, created):
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Rood")
    moved = workshops.join(db, code=created.workshop.code, new_team_name="Groen", token=joined.token)
    assert moved.token == joined.token
    assert moved.membership.participant_id == joined.membership.participant_id
    assert moved.membership.team.name == "Groen"


def test_facilitator_rename_remove_close_reopen(db, created):
    key = created.facilitator_key
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Rood")
    other = workshops.join(db, code=created.workshop.code, new_team_name="Geel")
    team_id = joined.membership.team.id
    with pytest.raises(Invalid):
        workshops.rename_team(db, key, team_id, "geel")
    assert workshops.rename_team(db, key, team_id, "Oranje").name == "Oranje"
    workshops.remove_team(db, key, other.membership.team.id)
    assert [t.name for t in workshops.facilitator_lobby(db, key).teams] == ["Oranje"]
    assert workshops.membership(db, other.token).team_removed
    workshops.join(db, code=created.workshop.code, new_team_name="Geel")  # the name is free again
    workshops.set_workshop_status(db, key, "closed")
    with pytest.raises(Forbidden) as info:
        workshops.lookup_code(db, created.workshop.code, "client")
    assert info.value.key == "error.workshop_closed"
    with pytest.raises(Forbidden):
        workshops.membership(db, joined.token)
    workshops.set_workshop_status(db, key, "open")
    assert workshops.lookup_code(db, created.workshop.code, "client").workshop.is_open


def test_facilitator_actions_need_the_key(db, created):
    joined = workshops.join(db, code=created.workshop.code, new_team_name="Rood")
    for key in (None, "", "wrong", joined.token):
        with pytest.raises(Forbidden):
            workshops.remove_team(db, key, joined.membership.team.id)
    other = workshops.create_workshop(db, title="Andere", municipality="Tilburg", base_url="http://x")
    with pytest.raises(NotFound):  # a key for another workshop cannot touch this team
        workshops.remove_team(db, other.facilitator_key, joined.membership.team.id)


def test_expired_code(db, created):
    with db.write() as s:
        s.execute(update(Workshop).values(expires_at=utcnow() - timedelta(minutes=1)))
    with pytest.raises(Forbidden) as info:
        workshops.lookup_code(db, created.workshop.code, "client")
    assert info.value.key == "error.code_expired"


def test_join_code_guessing_is_rate_limited_per_client(db, created):
    for _ in range(workshops.JOIN_FAILURES_ALLOWED):
        with pytest.raises(NotFound):
            workshops.lookup_code(db, "AAAAAA", "guesser")
    with pytest.raises(RateLimited):  # even the right code is refused for a while
        workshops.lookup_code(db, created.workshop.code, "guesser")
    assert workshops.lookup_code(db, created.workshop.code, "someone-else").workshop.code == created.workshop.code


def test_old_failures_of_every_limit_are_pruned(db):
    with db.write() as session:
        for name in ("admin:old-client", "joinaddr:old-room", "join:recent-tab"):
            session.add(RateLimitEvent(bucket=name, at=utcnow() - limits.KEEP_EVENTS - timedelta(minutes=1)))
        session.add(RateLimitEvent(bucket="admin:recent", at=utcnow() - timedelta(minutes=1)))
    with pytest.raises(NotFound):
        workshops.lookup_code(db, "AAAAAA", "guesser")
    with db.read() as session:
        left = sorted(session.scalars(select(RateLimitEvent.bucket)))
    assert left == ["admin:recent", "join:guesser"]


def test_join_limits_are_tight_per_session_and_wide_per_address():
    assert (limits.JOIN_CODE.allowed, limits.JOIN_CODE.window) == (10, timedelta(minutes=10))
    assert limits.JOIN_CODE_ADDRESS.window == limits.JOIN_CODE.window
    assert limits.JOIN_CODE_ADDRESS.allowed >= 10 * limits.JOIN_CODE.allowed


def test_one_guesser_behind_a_shared_address_does_not_lock_out_the_room(db, created):
    code = created.workshop.code
    for _ in range(limits.JOIN_CODE.allowed):
        with pytest.raises(NotFound):
            workshops.lookup_code(db, "AAAAAA", "guessing-tab", "town-hall-proxy")
    with pytest.raises(RateLimited):  # the guessing session itself is stopped, even with the right code
        workshops.lookup_code(db, code, "guessing-tab", "town-hall-proxy")
    # everyone else on the same municipal network still gets in
    assert workshops.lookup_code(db, code, "colleague-tab", "town-hall-proxy").workshop.code == code


def test_a_room_full_of_typos_is_not_locked_out(db, created):
    code = created.workshop.code
    for table in range(20):  # 20 tables, each mistypes the code three times on one shared address
        for _ in range(3):
            with pytest.raises(NotFound):
                workshops.lookup_code(db, "AAAAAA", f"table-{table}", "town-hall-proxy")
        assert workshops.lookup_code(db, code, f"table-{table}", "town-hall-proxy").workshop.code == code


def test_a_client_opening_fresh_sessions_is_stopped_by_the_address_limit(db, created):
    code = created.workshop.code
    for attempt in range(limits.JOIN_CODE_ADDRESS.allowed):  # a new session (a reload) for every guess
        with pytest.raises(NotFound):
            workshops.lookup_code(db, "AAAAAA", f"fresh-session-{attempt}", "scripted-address")
    with pytest.raises(RateLimited) as info:
        workshops.lookup_code(db, code, "yet-another-session", "scripted-address")
    assert info.value.key == "error.rate_limited" and info.value.params == {"minutes": 10}
    assert workshops.lookup_code(db, code, "yet-another-session", "other-address").workshop.code == code


def test_assessment_respondents_have_no_team(db):
    created = workshops.create_workshop(
        db, title="Zelfscan", municipality="Dongen", base_url="http://x", kind="assessment", modules=["maturity"]
    )
    joined = workshops.join(db, code=created.workshop.code, roles=["policy"])
    assert joined.membership.team is None and joined.membership.roles == ("policy",)
