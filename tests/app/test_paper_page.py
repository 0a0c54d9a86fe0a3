"""The paper fallback in the app: the sheets button on the facilitator page and the entry form."""

from __future__ import annotations

from sqlalchemy import select

from dshub.content import load_content
from dshub.reports import paper as sheet
from dshub.services import paper, workshops
from dshub.store.models import Answer, Team
from tests.app.conftest import assert_clean, texts


def _session(db):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="https://dshub.test")
    team = workshops.join(db, code=created.workshop.code, new_team_name="Tafel Zeven").membership.team
    return created, team


def test_the_facilitator_page_offers_the_sheets_built_on_click(open_page, db):
    created, _team = _session(db)
    at = open_page("app_pages/facilitate.py", lang="en", key=created.facilitator_key)
    assert_clean(at)
    button = next(b.proto for b in at.get("download_button") if b.proto.id.endswith("-paper_sheets"))
    assert button.label == "Answer sheets (PDF)" and button.deferred_file_id and button.ignore_rerun


def test_the_qr_link_without_key_asks_for_the_facilitator_link(open_page, db):
    created, team = _session(db)
    at = open_page("app_pages/paper.py", code=created.workshop.code, team=str(team.id))
    assert_clean(at)
    assert "De QR-code op het blad bevat geen sleutel" in texts(at)
    at.text_input(key="paper_key_input").input(f"https://dshub.test/facilitate?key={created.facilitator_key}")
    at.button(key="paper_key_submit").click().run()
    assert_clean(at)
    assert at.query_params["key"] == [created.facilitator_key] or at.query_params["key"] == created.facilitator_key
    assert at.radio(
        key=f"paper_scan_{paper.entry_view(db, load_content(), created.facilitator_key).layout.scan_questions[0].item_id}"
    )


def test_typing_in_a_sheet_through_the_form(open_page, db):
    created, team = _session(db)
    key = created.facilitator_key
    layout = paper.entry_view(db, load_content(), key).layout
    single = next(q for q in layout.game_questions() if q.kind == sheet.SINGLE)
    estimate = next(q for q in layout.game_questions() if q.kind == sheet.ESTIMATE)
    s1, p1 = layout.scan_questions[0], layout.pulse[0]
    at = open_page("app_pages/paper.py", lang="en", key=key, team=str(team.id))
    assert_clean(at)
    # Bad input first: a clear message, nothing stored, nothing typed lost.
    at.radio(key=f"paper_game_{single.card_id}").set_value(single.choice("C").id)
    at.text_input(key=f"paper_game_{estimate.card_id}").input("lots")
    at.radio(key=f"paper_scan_{s1.item_id}").set_value(4)
    at.radio(key=f"paper_pulse_after_{p1.statement_id}").set_value(5)
    at.button(key="paper_submit").click().run()
    assert not at.exception
    assert any(estimate.number in e.value and "not a number" in e.value for e in at.error)
    assert at.text_input(key=f"paper_game_{estimate.card_id}").value == "lots"
    with db.read() as s:
        assert s.scalars(select(Answer).where(Answer.team_id == team.id)).all() == []
    # Fixed, saved; saved again: nothing changes.
    at.text_input(key=f"paper_game_{estimate.card_id}").input("3,5")
    at.button(key="paper_submit").click().run()
    assert_clean(at)
    assert "Saved: 4 answers new or changed, 0 unchanged." in texts(at)
    at.button(key="paper_submit").click().run()
    assert_clean(at)
    assert "Saved: 0 answers new or changed, 4 unchanged." in texts(at)
    with db.read() as s:
        rows = {(r.instrument, r.item_id): r for r in s.scalars(select(Answer).where(Answer.team_id == team.id))}
    assert rows[("game", single.card_id)].value == {"options": [single.choice("C").id]}
    assert rows[("game", estimate.card_id)].value == {"value": 3.5}
    assert rows[("maturity", s1.item_id)].value == 4
    assert rows[("pulse", f"{p1.statement_id}@after")].value == {"score": 5}
    assert {r.source for r in rows.values()} == {"paper"} and {r.revision for r in rows.values()} == {1}


def test_a_new_teams_sheet_in_a_regional_session_asks_for_its_municipality(open_page, db):
    created = workshops.create_workshop(
        db, title="Regiodag", municipality="Breda", municipalities=["Zundert"], base_url="https://dshub.test"
    )
    key = created.facilitator_key
    s1 = paper.entry_view(db, load_content(), key).layout.scan_questions[0]
    at = open_page("app_pages/paper.py", lang="en", key=key, team=sheet.NEW_TEAM)
    assert_clean(at)
    at.text_input(key="paper_new_team_name").input("Tafel Zundert")
    at.radio(key=f"paper_scan_{s1.item_id}").set_value(2)
    at.button(key="paper_submit").click().run()
    assert not at.exception
    assert any("Choose the municipality your team comes from" in e.value for e in at.error)
    assert at.text_input(key="paper_new_team_name").value == "Tafel Zundert"  # nothing typed is lost
    zundert = next(m.id for m in created.municipalities if m.name == "Zundert")
    at.selectbox(key="paper_municipality").set_value(zundert)
    at.button(key="paper_submit").click().run()
    assert_clean(at)
    with db.read() as s:
        team = s.scalars(select(Team).where(Team.workshop_id == created.workshop.id)).one()
        assert (team.name, team.municipality_id) == ("Tafel Zundert", zundert)
    assert at.query_params["team"] in (str(team.id), [str(team.id)])  # from now on the sheet is that team's
