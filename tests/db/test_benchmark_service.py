"""Benchmark use cases against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from dshub.benchmarks.overlay import DIMENSIONS
from dshub.benchmarks.peers import EXPORT_COLUMNS
from dshub.config import settings
from dshub.content import load_content
from dshub.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited
from dshub.maturity.content import MaturityModel
from dshub.services import benchmarks, limits, workshops
from dshub.store.answers import save_answer
from dshub.store.models import BenchmarkDataset, RateLimitEvent, Workshop

DATA = Path(__file__).resolve().parents[1] / "data" / "benchmarks"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def profile(content):
    return content.get("datalab_profile")


@pytest.fixture(scope="module")
def model(content) -> MaturityModel:
    return content.get("maturity", MaturityModel)


def _stored(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(BenchmarkDataset))


# --------------------------------------------------------------------------- datasets


def test_a_valid_file_replaces_the_estimates(db):
    before = benchmarks.current_benchmark(db)
    assert before.origin == "survey" and before.n() == 38
    assert before.figure("analysis_predictive").status == "estimate"
    assert benchmarks.current_dataset(db) is None

    result = benchmarks.import_dataset(db, (DATA / "good_comma.csv").read_bytes(), "../secret/good_comma.csv")

    assert result.ok and len(result.records) == 5
    after = benchmarks.current_benchmark(db)
    assert after.origin == "records" and after.n() == 5
    fig = after.figure("analysis_predictive")
    assert (fig.value, fig.n, fig.status) == (2, 4, "imported")
    assert after.labs_identified.value == 48  # published context kept
    dataset = benchmarks.current_dataset(db)
    assert (dataset.filename, dataset.n_records) == ("good_comma.csv", 5)


def test_a_bad_file_stores_nothing_and_reports_every_row(db):
    result = benchmarks.import_dataset(db, (DATA / "bad_values.csv").read_bytes(), "bad_values.csv")
    assert not result.ok and not result.records
    assert {e.row for e in result.errors} == {2, 3, 4, 5, 6, 7, 8}
    assert _stored(db) == 0
    assert benchmarks.current_benchmark(db).origin == "survey"
    empty = benchmarks.import_dataset(db, b"", "empty.csv")
    assert [e.code for e in empty.errors] == ["empty_file"] and _stored(db) == 0


def test_newest_file_wins_and_reset_goes_back_to_the_survey(db):
    benchmarks.import_dataset(db, (DATA / "good_comma.csv").read_bytes(), "first.csv")
    benchmarks.import_dataset(db, (DATA / "good_semicolon_bom.csv").read_bytes(), "second.csv")
    assert benchmarks.current_dataset(db).filename == "second.csv"
    assert benchmarks.deactivate_datasets(db) == 2
    assert benchmarks.current_benchmark(db).origin == "survey"
    assert benchmarks.current_dataset(db) is None
    assert benchmarks.deactivate_datasets(db) == 0
    assert _stored(db) == 2  # kept, only taken out of use


def _store_records(db, records, filename="old.csv"):
    with db.write() as session:
        session.add(BenchmarkDataset(filename=filename, records=records, n_records=len(records or [])))


@pytest.mark.parametrize(
    "records",
    [
        "a record from an older vocabulary",
        "not a list",
        "an empty list",
    ],
)
def test_unusable_stored_records_fall_back_to_the_survey_and_are_logged(db, records, caplog):
    good = benchmarks.import_dataset(db, (DATA / "good_comma.csv").read_bytes(), "good.csv").records
    old = [r.model_dump(mode="json") for r in good]
    old[1]["policy_domains"] = ["astrology"]  # a category that no longer exists
    stored = {"a record from an older vocabulary": old, "not a list": {"lab_id": "x"}, "an empty list": []}[records]
    _store_records(db, stored)

    with caplog.at_level("ERROR", logger="dshub.services.benchmarks"):
        in_use = benchmarks.benchmark_in_use(db)
    assert in_use.benchmark.origin == "survey" and in_use.benchmark.n() == 38
    assert in_use.dataset is None and in_use.unusable.filename == "old.csv"
    assert benchmarks.current_benchmark(db).origin == "survey"
    assert benchmarks.current_dataset(db) is None
    assert any("old.csv" in r.getMessage() and "cannot be used" in r.getMessage() for r in caplog.records)
    assert benchmarks.maturity_overlay(db).label.render("en").endswith("published and estimated survey figures)")
    assert _stored(db) == 2  # nothing is changed or removed

    benchmarks.deactivate_datasets(db)  # a reset clears the notice
    assert benchmarks.benchmark_in_use(db).unusable is None


def test_overlay_bands_follow_the_current_benchmark(db):
    overlay = benchmarks.maturity_overlay(db)
    assert isinstance(overlay, dict) and set(overlay) == set(DIMENSIONS)
    assert all(1 <= b.low <= b.high <= 5 for b in overlay.values())
    assert "our estimate" in overlay.label.render("en")
    assert "onze eigen schatting" in overlay.note.render("nl")
    benchmarks.import_dataset(db, (DATA / "good_comma.csv").read_bytes(), "good.csv")
    assert "loaded lab records, n=5" in benchmarks.maturity_overlay(db).label.render("en")
    assert set(benchmarks.maturity_overlay(db, "independent")) == set(DIMENSIONS)


def test_admin_key(monkeypatch):
    def configure(value):
        if value is None:
            monkeypatch.delenv("DSHUB_ADMIN_KEY", raising=False)
        else:
            monkeypatch.setenv("DSHUB_ADMIN_KEY", value)
        settings.cache_clear()

    try:
        configure(None)
        assert not benchmarks.admin_enabled()
        with pytest.raises(Forbidden, match=re.escape("benchmarks.admin.off")):
            benchmarks.authorize_admin("anything")
        configure("short")
        with pytest.raises(Forbidden, match=re.escape("benchmarks.admin.weak")):
            benchmarks.authorize_admin("short")
        configure("a-long-enough-admin-key")
        for wrong in (None, "", "a-long-enough-admin-kez"):
            with pytest.raises(Forbidden, match=re.escape("benchmarks.admin.wrong")):
                benchmarks.authorize_admin(wrong)
        benchmarks.authorize_admin("a-long-enough-admin-key")
    finally:
        settings.cache_clear()


def test_wrong_admin_keys_are_rate_limited_per_client(db, monkeypatch):
    monkeypatch.setenv("DSHUB_ADMIN_KEY", "a-long-enough-admin-key")
    settings.cache_clear()
    try:
        for _ in range(limits.ADMIN_KEY.allowed):
            with pytest.raises(Forbidden, match=re.escape("benchmarks.admin.wrong")):
                benchmarks.unlock_admin(db, "a-guess-at-the-key-1", "client-a")
        with pytest.raises(RateLimited) as info:  # the right key waits too: no more guesses for a while
            benchmarks.unlock_admin(db, "a-long-enough-admin-key", "client-a")
        assert info.value.params == {"minutes": 15}
        benchmarks.unlock_admin(db, "a-long-enough-admin-key", "client-b")  # another client is not held up
        benchmarks.unlock_admin(db, "a-long-enough-admin-key", "client-b")  # a right key is never counted
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(RateLimitEvent)) == limits.ADMIN_KEY.allowed
    finally:
        settings.cache_clear()


# --------------------------------------------------------------------------- datalab profile


def _save(db, token, profile, question_id, value, expected=None):
    return benchmarks.save_profile_answer(db, token, profile, question_id, value, expected_revision=expected)


def test_profile_answers_are_shared_by_the_team(db, profile):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="http://x")
    a = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1")
    b = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1")
    other = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 2")

    _save(db, a.token, profile, "analysis_types", ["predictive", "voorspellend"])
    _save(db, a.token, profile, "staff_fte", "1,5")
    _save(db, b.token, profile, "year_started", 2018.0)
    _save(db, b.token, profile, "dedicated_staff", "ja")

    seen = benchmarks.profile_answers(db, a.token)
    assert seen.answers == {
        "analysis_types": ["predictive"],
        "staff_fte": 1.5,
        "year_started": 2018,
        "dedicated_staff": True,
    }
    assert (seen.team_name, seen.workshop_title) == ("Tafel 1", "Dag")
    assert benchmarks.profile_answers(db, other.token).answers == {}

    _save(db, b.token, profile, "staff_fte", None)  # cleared
    assert "staff_fte" not in benchmarks.profile_answers(db, a.token).answers


def test_a_stale_profile_save_is_refused_with_the_newer_answer(db, profile):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="http://x")
    a = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1")
    b = workshops.join(db, code=created.workshop.code, new_team_name="Tafel 1")
    assert benchmarks.profile_answers(db, a.token).revisions == {}

    first = _save(db, a.token, profile, "lab_type", "independent", expected=0)
    assert first.revision == 1
    newer = _save(db, b.token, profile, "lab_type", "collaborating", expected=1)  # b saw a's answer
    assert newer.revision == 2
    with pytest.raises(Conflict) as info:  # a still shows revision 1: b's newer answer is not overwritten
        _save(db, a.token, profile, "lab_type", "cbs_data_center", expected=1)
    assert info.value.key == "benchmarks.profile.conflict"
    assert (info.value.current.value, info.value.current.revision) == ("collaborating", 2)
    seen = benchmarks.profile_answers(db, a.token)
    assert seen.answers["lab_type"] == "collaborating" and seen.revisions == {"lab_type": 2}

    _save(db, b.token, profile, "partners", ["none"], expected=0)
    with pytest.raises(Conflict):  # a first answer from a device that saw none, over a teammate's
        _save(db, a.token, profile, "partners", ["cbs"], expected=0)
    assert benchmarks.profile_answers(db, a.token).answers["partners"] == []  # "none": no partners
    assert _save(db, a.token, profile, "lab_type", "collaborating", expected=1).changed is False  # same answer
    assert _save(db, a.token, profile, "lab_type", "cbs_data_center", expected=2).revision == 3
    cleared = _save(db, b.token, profile, "lab_type", None, expected=3)
    assert benchmarks.profile_answers(db, a.token).revisions["lab_type"] == cleared.revision == 4
    assert "lab_type" not in benchmarks.profile_answers(db, a.token).answers


def test_self_assessment_answers_are_per_participant(db, profile):
    created = workshops.create_workshop(
        db, title="Zelfscan", municipality="Dongen", base_url="http://x", kind="assessment"
    )
    a = workshops.join(db, code=created.workshop.code)
    b = workshops.join(db, code=created.workshop.code)
    _save(db, a.token, profile, "lab_type", "independent")
    assert benchmarks.profile_answers(db, a.token).answers == {"lab_type": "independent"}
    assert benchmarks.profile_answers(db, a.token).team_name is None
    assert benchmarks.profile_answers(db, b.token).answers == {}


def test_bad_profile_answers_are_refused(db, profile):
    created = workshops.create_workshop(db, title="Dag", municipality="Dongen", base_url="http://x")
    token = workshops.join(db, code=created.workshop.code, new_team_name="Tafel").token
    with pytest.raises(Invalid, match="unknown_question"):
        _save(db, token, profile, "favourite_colour", "blue")
    with pytest.raises(Invalid, match="invalid_value"):
        _save(db, token, profile, "lab_type", "spaceship")
    with pytest.raises(Invalid, match="out_of_range"):
        _save(db, token, profile, "staff_fte", 250)
    with pytest.raises(NotFound):
        _save(db, "no-such-token", profile, "lab_type", "independent")
    workshops.set_workshop_status(db, created.facilitator_key, "closed")
    with pytest.raises(Forbidden, match="workshop_closed"):
        _save(db, token, profile, "lab_type", "independent")
    assert benchmarks.profile_answers(db, token).answers == {}


# --------------------------------------------------------------------------- peer benchmark


def _assessment(db, model, *, municipality, settings, value=3, complete=True, raw=False):
    """A workshop whose one team answered one item per dimension (all but the last when incomplete).

    ``raw``: the settings are stored in the row as they are, as an old or hand-edited row would hold
    them (the service refuses them)."""
    created = workshops.create_workshop(
        db, title="Dag", municipality=municipality, base_url="http://x", settings=None if raw else settings
    )
    if raw:
        with pytest.raises(Invalid):
            workshops.create_workshop(
                db, title="Dag", municipality=municipality, base_url="http://x", settings=settings
            )
        with db.write() as session:
            session.get(Workshop, created.workshop.id).settings = settings
    team = workshops.join(db, code=created.workshop.code, new_team_name="Tafel").membership.team
    dims = model.dimensions if complete else model.dimensions[:-1]
    with db.write() as session:
        for n, dim in enumerate(dims):
            items = [i for i in model.items if i.dimension == dim.id]
            save_answer(
                session,
                workshop_id=created.workshop.id,
                instrument="maturity",
                item_id=items[0].id,
                value=value,
                content_version=model.version,
                team_id=team.id,
            )
            if n == 0:  # a "don't know" next to a real answer does not count
                save_answer(
                    session,
                    workshop_id=created.workshop.id,
                    instrument="maturity",
                    item_id=items[1].id,
                    value="dk",
                    content_version=model.version,
                    team_id=team.id,
                )
    return created


def test_peer_table_uses_only_completed_opted_in_assessments_and_suppresses_small_groups(db, model):
    assert benchmarks.peer_table(db, model).assessments == 0
    for i in range(5):
        _assessment(
            db,
            model,
            municipality=f"Klein{i}",
            value=2,
            settings={"peer_opt_in": True, "size_class": "small", "lab_type": "none"},
        )
    for i in range(5):
        _assessment(
            db,
            model,
            municipality=f"Midden{i}",
            value=4,
            settings={"peer_opt_in": True, "size_class": "medium", "lab_type": "free text Gemeente X"},
            raw=True,
        )
    _assessment(
        db,
        model,
        municipality="Grootstad",
        value=5,
        settings={"peer_opt_in": True, "size_class": "large", "lab_type": "independent"},
    )
    _assessment(db, model, municipality="Geheimdorp", settings={"size_class": "small"})  # not opted in
    _assessment(
        db, model, municipality="Halfdorp", complete=False, settings={"peer_opt_in": True, "size_class": "small"}
    )  # not completed
    _assessment(db, model, municipality="Stringdorp", settings={"peer_opt_in": "yes"}, raw=True)  # only True opts in

    peers = benchmarks.peer_table(db, model)
    table = peers.table
    assert peers.assessments == 11
    overall = table[(table["grouping"] == "all") & (table["dimension"] == "data")].iloc[0]
    assert overall["n"] == 11 and not overall["suppressed"]
    assert overall["mean"] == pytest.approx((5 * 2 + 5 * 4 + 5) / 11, abs=0.01)

    sizes = table[(table["grouping"] == "size_class") & (table["dimension"] == "data")].set_index("group")
    assert sizes["n"].to_dict() == {"large": 1, "medium": 5, "small": 5}
    assert sizes.loc["large", "suppressed"] and pd.isna(sizes.loc["large", "mean"])
    # the large group is hidden, and one more group so that it cannot be worked out from the total
    assert sizes["suppressed"].sum() == 2
    shown = sizes[~sizes["suppressed"]]
    assert len(shown) == 1 and shown["mean"].iloc[0] in (2.0, 4.0)

    types = table[(table["grouping"] == "lab_type") & (table["dimension"] == "data")].set_index("group")
    assert types["n"].to_dict() == {"independent": 1, "none": 5, "unknown": 5}  # free text became unknown

    csv = peers.csv("en").decode("utf-8-sig")
    assert csv.splitlines()[0] == ",".join(EXPORT_COLUMNS)
    assert peers.csv("nl").decode("utf-8-sig").splitlines()[0] == ";".join(EXPORT_COLUMNS)
    for secret in ("Klein", "Grootstad", "Geheimdorp", "Gemeente X"):
        assert secret not in csv
