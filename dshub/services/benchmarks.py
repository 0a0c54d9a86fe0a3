"""Use cases for the benchmark against the 2019 survey of municipal data labs.

Every public function that touches the database is one user action in one
transaction. The pure feature core is :mod:`dshub.benchmarks`; this module only
stores and reads what it needs:

* per-lab records loaded by an administrator (``benchmark_dataset``): the newest
  active set replaces the survey estimates (:func:`current_benchmark`);
* datalab-profile answers (instrument ``datalab_profile``) of a workshop
  participant, per team (or per participant without a team);
* the maturity answers (instrument ``maturity``) of workshops that opted in to
  the peer benchmark (``settings["peer_opt_in"]``);
* in a regional session, opened with a municipality's own results key: that municipality's maturity
  scores next to the region's, with the n >= 5 rule (:func:`region_comparison`).

Administrator actions (:func:`import_dataset`, :func:`deactivate_datasets`) are
trusted here, as the command line is; the app first checks the key the user
typed with :func:`unlock_admin` (wrong keys are rate-limited per client) and
again with :func:`authorize_admin` before each action.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import PurePath
from typing import Any, cast

import pandas as pd
from pydantic import ValidationError
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from dshub.benchmarks import (
    Band,
    Benchmark,
    DatalabProfile,
    ImportResult,
    LabRecord,
    Message,
    benchmark_from_records,
    import_lab_records,
    load_maturity_mapping,
    load_start_advice,
    load_survey,
    maturity_band,
    normalise_answers,
    overlay_label,
)
from dshub.benchmarks.content import OVERALL
from dshub.benchmarks.overlay import MaturityMapping
from dshub.benchmarks.peers import INPUT_COLUMNS, peer_benchmark, peer_benchmark_csv
from dshub.benchmarks.survey import StartAdvice
from dshub.config import settings
from dshub.errors import Conflict, Forbidden, Invalid
from dshub.maturity.content import MaturityModel
from dshub.maturity.regional import MIN_RESPONDENTS
from dshub.maturity.scoring import score
from dshub.services import limits, maturity, workshops
from dshub.store.answers import Owner, SavedAnswer, participant_scope, save_answer, team_scope
from dshub.store.db import Database
from dshub.store.models import Answer, BenchmarkDataset, Participant, Team, Workshop
from dshub.store.settings import WorkshopSettings, read_settings

log = logging.getLogger(__name__)

INSTRUMENT = "datalab_profile"
ADMIN_KEY_MIN = 16
FILENAME_MAX = 200

# --------------------------------------------------------------------------- data files (read once)


@lru_cache(maxsize=1)
def survey() -> Benchmark:
    """The 2019 survey with its published figures and our estimates (``data/benchmarks/``)."""
    return load_survey()


@lru_cache(maxsize=1)
def start_advice() -> StartAdvice:
    """Start-a-datalab advice: our summary, not the report's list."""
    return load_start_advice()


@lru_cache(maxsize=1)
def maturity_mapping() -> MaturityMapping:
    """Survey indicators -> maturity dimensions, with the reasoning per dimension (our estimate)."""
    return load_maturity_mapping()


# --------------------------------------------------------------------------- the current benchmark


@dataclass(frozen=True)
class DatasetInfo:
    id: int
    filename: str
    n_records: int
    uploaded_at: datetime


def _newest_active(session: Session) -> BenchmarkDataset | None:
    return session.scalars(
        select(BenchmarkDataset)
        .where(BenchmarkDataset.active.is_(True))
        .order_by(BenchmarkDataset.uploaded_at.desc(), BenchmarkDataset.id.desc())
        .limit(1)
    ).first()


@dataclass(frozen=True)
class BenchmarkInUse:
    """The benchmark the pages use, and where it comes from.

    ``dataset`` is the loaded lab records in use (``None``: the survey). ``unusable`` is the
    newest active loaded set when its stored records could no longer be read (e.g. after a
    change of vocabulary): the survey is used instead and the page says so.
    """

    benchmark: Benchmark
    dataset: DatasetInfo | None = None
    unusable: DatasetInfo | None = None


def _stored_records(stored: Any) -> list[LabRecord]:
    if not isinstance(stored, list) or not stored:
        raise ValueError(f"expected a non-empty list of records, got {type(stored).__name__}")
    return [LabRecord.model_validate(r) for r in stored]


def benchmark_in_use(db: Database) -> BenchmarkInUse:
    """The newest active loaded lab records as a benchmark, else the survey (published + estimates).

    Stored records were validated on import; they are validated again, so a hand-edited row or
    a record from an older vocabulary cannot slip in. If that fails, the survey is used, the
    problem is logged and :attr:`BenchmarkInUse.unusable` names the set (nothing is changed).
    """
    with db.read() as session:
        row = _newest_active(session)
        if row is None:
            return BenchmarkInUse(survey())
        info = DatasetInfo(row.id, row.filename, row.n_records, row.uploaded_at)
        stored = row.records
    try:
        records = _stored_records(stored)
    except (ValidationError, TypeError, ValueError) as exc:
        log.error(
            "loaded benchmark lab records (dataset %s, %r) cannot be used; using the survey figures: %s",
            info.id,
            info.filename,
            exc,
        )
        return BenchmarkInUse(survey(), unusable=info)
    return BenchmarkInUse(benchmark_from_records(records, base=survey()), dataset=info)


def records_in_use(db: Database) -> tuple[tuple[LabRecord, ...], DatasetInfo | None]:
    """The newest active loaded lab records and their set, or ``((), None)`` when none are loaded or the
    stored ones can no longer be read (as :func:`benchmark_in_use`, which logs and reports that case)."""
    with db.read() as session:
        row = _newest_active(session)
        if row is None:
            return (), None
        info = DatasetInfo(row.id, row.filename, row.n_records, row.uploaded_at)
        stored = row.records
    try:
        return tuple(_stored_records(stored)), info
    except (ValidationError, TypeError, ValueError):
        return (), None


def current_benchmark(db: Database) -> Benchmark:
    """The benchmark in use: loaded lab records when usable, else the survey (see :func:`benchmark_in_use`)."""
    return benchmark_in_use(db).benchmark


def current_dataset(db: Database) -> DatasetInfo | None:
    """The loaded lab records in use, or ``None`` when the survey figures are used."""
    return benchmark_in_use(db).dataset


def _clean_filename(filename: str | None) -> str:
    name = " ".join(PurePath(filename or "").name.split())
    return name[:FILENAME_MAX] or "upload"


def import_dataset(db: Database, data: bytes | str, filename: str) -> ImportResult:
    """Validate a lab-records file; store it (as the newest active set) only when it has no errors.

    The result lists every problem (row, column, value, fix) when the file is refused.
    """
    result = import_lab_records(data, filename)
    if result.ok:
        with db.write() as session:
            session.add(
                BenchmarkDataset(
                    filename=_clean_filename(filename),
                    records=[r.model_dump(mode="json") for r in result.records],
                    n_records=len(result.records),
                )
            )
    return result


def deactivate_datasets(db: Database) -> int:
    """Go back to the survey estimates: no loaded records are used any more (they are kept)."""
    with db.write() as session:
        return cast(
            "CursorResult[Any]",
            session.execute(  # an UPDATE gives a CursorResult (rowcount)
                update(BenchmarkDataset).where(BenchmarkDataset.active.is_(True)).values(active=False)
            ),
        ).rowcount


def admin_enabled() -> bool:
    return bool(settings().admin_key)


def authorize_admin(key: str | None) -> None:
    """Refuse (Forbidden) unless ``key`` is the configured ``DSHUB_ADMIN_KEY``."""
    configured = settings().admin_key
    if not configured:
        raise Forbidden("benchmarks.admin.off")
    if len(configured) < ADMIN_KEY_MIN:
        raise Forbidden("benchmarks.admin.weak", min=ADMIN_KEY_MIN)
    if not key or not hmac.compare_digest(key.encode("utf-8", errors="surrogatepass"), configured.encode("utf-8")):
        raise Forbidden("benchmarks.admin.wrong")


def unlock_admin(db: Database, key: str | None, client_bucket: str) -> None:
    """Check a typed administrator key; wrong keys count against ``client_bucket`` (rate-limited)."""
    failure: Forbidden | None = None
    with db.write() as session:
        limits.refuse_if_limited(session, limits.ADMIN_KEY, client_bucket)
        try:
            authorize_admin(key)
        except Forbidden as exc:
            if exc.key == "benchmarks.admin.wrong":
                limits.record_failure(session, limits.ADMIN_KEY, client_bucket)
            failure = exc
    if failure is not None:
        raise failure  # raised after commit, so the failed attempt is recorded


# --------------------------------------------------------------------------- maturity overlay


class Overlay(dict[str, Band]):
    """Benchmark band per maturity dimension (a plain ``dict[str, Band]``) with its legend.

    ``label`` is the legend text ("our estimate, based on ..."), ``note`` the
    explanation that the mapping is our estimate; both are translatable messages.
    """

    note = Message("benchmarks.overlay.note")

    def __init__(self, bands: Mapping[str, Band], label: Message):
        super().__init__(bands)
        self.label = label


def overlay_for(benchmark: Benchmark, scope: str = OVERALL) -> Overlay:
    """Bands per maturity dimension for ``benchmark`` (our estimate; see the mapping file)."""
    bands = maturity_band(benchmark, maturity_mapping(), scope)
    return Overlay(bands, overlay_label(benchmark, bands))


def maturity_overlay(db: Database, scope: str = OVERALL) -> Overlay:
    """Bands for the maturity radar, from the current benchmark (our estimate; see the mapping file)."""
    return overlay_for(current_benchmark(db), scope)


# --------------------------------------------------------------------------- datalab profile


@dataclass(frozen=True)
class SavedProfile:
    """A workshop participant's (or team's) profile answers: question id -> value.

    ``revisions`` holds the saved revision of every question ever answered (also of
    cleared ones); pass it back as ``expected_revision`` when saving.
    """

    answers: dict[str, Any]
    workshop_title: str
    team_name: str | None
    revisions: dict[str, int] = field(default_factory=dict)


def _owner(session: Session, token: str | None) -> tuple[Participant, Workshop, Team | None]:
    seat = workshops.seat_for_token(session, token, require_open=False)
    return seat.participant, seat.workshop, seat.team


def _scope_of(participant: Participant, team: Team | None) -> str:
    return team_scope(team.id) if team is not None else participant_scope(participant.id)


def profile_answers(db: Database, token: str | None) -> SavedProfile:
    """The saved profile of the participant's team (or of the participant when not in a team)."""
    with db.read() as session:
        participant, workshop, team = _owner(session, token)
        rows = session.execute(
            select(Answer.item_id, Answer.value, Answer.revision).where(
                Answer.workshop_id == workshop.id,
                Answer.instrument == INSTRUMENT,
                Answer.scope == _scope_of(participant, team),
            )
        ).all()
        return SavedProfile(
            {item: value for item, value, _ in rows if value is not None},
            workshop.title,
            team.name if team is not None else None,
            {item: rev for item, _, rev in rows},
        )


def _clean_value(profile: DatalabProfile, question_id: str, value: Any) -> Any:
    """The value as stored (JSON): ``None`` clears the answer; anything unusable is Invalid."""
    try:
        question = profile.question(question_id)
    except KeyError:
        raise Invalid("benchmarks.profile.unknown_question", question=question_id) from None
    if value is None:
        return None
    clean = normalise_answers({question_id: value}).get(question_id)
    if clean is None:
        raise Invalid("benchmarks.profile.invalid_value", value=str(value)[:40])
    if question.answer == "number":
        if (question.min is not None and clean < question.min) or (question.max is not None and clean > question.max):
            raise Invalid("benchmarks.profile.out_of_range", value=clean, min=question.min, max=question.max)
        return int(clean) if float(clean).is_integer() else clean
    return list(clean) if isinstance(clean, tuple) else clean


def save_profile_answer(
    db: Database,
    token: str | None,
    profile: DatalabProfile,
    question_id: str,
    value: Any,
    *,
    expected_revision: int | None,
) -> SavedAnswer:
    """Save one profile answer for the participant's team (or the participant); ``None`` clears it.

    ``expected_revision`` is the revision this device showed (0: none yet). When a teammate
    saved a newer answer meanwhile, nothing is written and :class:`Conflict` carries the newer
    answer (``current``: a :class:`SavedAnswer`). ``None`` saves unconditionally.
    """
    clean = _clean_value(profile, question_id, value)
    with db.write() as session:
        participant, workshop, team = _owner(session, token)
        if workshop.status != "open":
            raise Forbidden("error.workshop_closed", title=workshop.title)
        owner: Owner = {"team_id": team.id} if team is not None else {"participant_id": participant.id}
        try:
            return save_answer(
                session,
                workshop_id=workshop.id,
                instrument=INSTRUMENT,
                item_id=question_id,
                value=clean,
                content_version=profile.version,
                saved_by=participant.id,
                expected_revision=expected_revision,
                **owner,
            )
        except Conflict as exc:
            raise Conflict("benchmarks.profile.conflict", current=exc.current) from None


# --------------------------------------------------------------------------- peer benchmark


@dataclass(frozen=True)
class PeerBenchmark:
    """Peer statistics (columns of :data:`dshub.benchmarks.peers.EXPORT_COLUMNS`) over ``assessments``."""

    table: pd.DataFrame
    assessments: int

    def csv(self, lang: str = "nl") -> bytes:
        """The anonymised export: groups, dimensions, n and statistics only (suppressed ones empty),
        as a CSV file in ``lang`` (Dutch ``;`` and decimal comma, English ``,`` and point)."""
        return peer_benchmark_csv(self.table, lang)


def _assessment_scores(
    answers: pd.DataFrame, settings_by_group: Mapping[str, WorkshopSettings], model: MaturityModel
) -> pd.DataFrame:
    """Peer input (:data:`~dshub.benchmarks.peers.INPUT_COLUMNS`): one row per completed assessment and dimension.

    An assessment is a workshop (the scoring ``group``); its score per dimension is
    the workshop's mean over its teams (or respondents). It counts as completed when
    every dimension of the model has a score. Size classes or lab types outside the
    vocabulary become "unknown" (the settings' model drops them on read), so free text never reaches the export.
    """
    dims = score(answers, model).dimensions.dropna(subset=["mean"])
    scored = dims.groupby("group")["dimension"].nunique()
    dims = dims[dims["group"].isin(scored.index[scored == len(model.dimensions)])]
    meta = [settings_by_group[g] for g in dims["group"]]
    return pd.DataFrame(
        {
            "assessment_id": dims["group"].to_numpy(),
            "size_class": [m.size_class for m in meta],
            "lab_type": [m.lab_type for m in meta],
            "dimension": dims["dimension"].to_numpy(),
            "score": dims["mean"].to_numpy(dtype=float),
        },
        columns=list(INPUT_COLUMNS),
    )


def peer_table(db: Database, model: MaturityModel) -> PeerBenchmark:
    """Peer benchmark over the completed maturity assessments of workshops that opted in.

    Team answers count for a workshop, individual answers for a self-assessment (as on
    the dashboard). Groups with fewer than five assessments show only n (see
    :mod:`dshub.benchmarks.peers`).
    """
    with db.read() as session:
        rows = [(w, read_settings(w.settings)) for w in session.scalars(select(Workshop))]
        opted = [w for w, settings in rows if settings.peer_opt_in is True]
        settings_by_group = {str(w.id): settings for w, settings in rows if settings.peer_opt_in is True}
        answers = pd.concat(
            [
                maturity.answers_frame(session, [w.id for w in opted if w.kind == "workshop"], "teams"),
                maturity.answers_frame(session, [w.id for w in opted if w.kind != "workshop"], "individuals"),
            ],
            ignore_index=True,
        )
    scores = _assessment_scores(answers, settings_by_group, model)
    return PeerBenchmark(peer_benchmark(scores), scores["assessment_id"].nunique())


# --------------------------------------------------------------------------- a municipality and its region


@dataclass(frozen=True)
class RegionComparison:
    """A municipality of a regional session next to its region, per maturity dimension.

    ``rows``: one per dimension of the model with ``dimension``, ``own_mean``, ``own_n``, ``region_mean``
    and ``region_n`` (the region's columns are empty when the region may not be shown to this
    municipality; ``region.reason`` says why). The municipality always sees its own scores.
    """

    municipality: str
    municipalities: tuple[str, ...]  # every municipality of the region
    view: str
    own: maturity.GroupSummary
    region: maturity.GroupSummary
    rows: pd.DataFrame
    min_respondents: int = MIN_RESPONDENTS


def region_comparison(db: Database, model: MaturityModel, key: str | None) -> RegionComparison:
    """The maturity scores of the municipality whose own results key is given, next to its region's.

    Only a municipality's own read-only link (made on the facilitator page of a regional session) opens
    it; the region follows the n >= 5 rule for that municipality (:mod:`dshub.maturity.regional`). The
    view is the results page's default: teams (a self-assessment cannot be regional).
    """
    with db.read() as session:
        workshop, _, place = maturity.access(session, key)
        places = workshops.municipalities_of(session, workshop.id)
        if place is None or len(places) < 2:
            raise Forbidden("benchmarks.region.needs_municipality_link")
        view: maturity.View = "individuals" if workshop.kind == "assessment" else "teams"
        grouped = maturity.regional_answers(session, workshop, places, model, view, place)
        scan = maturity.scan_of(workshop)
    regional = grouped.regional
    own = next(g for g in regional.groups if g.own)
    region = next(g for g in regional.groups if g.id == maturity.REGION)

    def means(group: maturity.GroupSummary) -> pd.DataFrame:
        dims = score(grouped.rows.get(group.id), model, scan=scan).dimensions
        return dims.set_index("dimension")

    mine, theirs = means(own), means(region)

    def cell(frame: pd.DataFrame, dim: str, column: str):
        value = frame[column].get(dim) if dim in frame.index else None
        return None if value is None or pd.isna(value) else value

    rows = pd.DataFrame(
        [
            {
                "dimension": dim.id,
                "own_mean": cell(mine, dim.id, "mean"),
                "own_n": cell(mine, dim.id, "n"),
                "region_mean": cell(theirs, dim.id, "mean"),
                "region_n": cell(theirs, dim.id, "n"),
            }
            for dim in model.dimensions
        ]
    )
    return RegionComparison(own.name or "", regional.municipalities, view, own, region, rows, regional.min_respondents)
