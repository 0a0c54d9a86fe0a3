"""Use cases for the ethical data assistant: one team's shared record, saving it safely, the overview.

Storage: generic answers with instrument ``ethics``, one shared record per team
(team scope; a participant without a team, as in a self-assessment session, has
a record of their own). ``item_id`` is the question id for an answer (the note
goes in the answer's note), and a reserved id for everything else:

``_project``  ``{title, description, case_id}``
``_roles``    role ids present at the table (content roles)
``_values``   ``[{value_id, judgement, note}, ...]``
``_decision`` ``{outcome, motivation[, dismissed]}`` (dismissed: raised actions left off the list)
``_actions``  ``[{text, owner_role, due, source, done}, ...]``
``_loaded``   ``{from_version, set_aside}`` after a saved record was loaded back
``_not_kept`` ``[{item_id, label, text, value, on}, ...]`` versions a team chose not to keep after a conflict

Every save passes the revision the user's screen showed (``expected``; 0 when
it showed nothing yet). A save over newer work raises :class:`Conflict`
carrying the newer :class:`Stored` item and changes nothing, so the page can
show both versions side by side. Every earlier version stays in ``answer_history``.

Standalone use (a project team on its own, coming back later) reuses a
session of kind ``workshop`` with only the ``ethics`` module and one team: the
facilitate page creates it, the team's bookmarked ``?p=`` link brings them back,
and the JSON report can be loaded into any later session. See docs/ethics.md.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypedDict

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dshub.content.base import Text
from dshub.errors import Conflict, Forbidden, Invalid
from dshub.ethics.content import EthicsCases, EthicsContent, Question
from dshub.ethics.logic import (
    MAX_NOT_KEPT,
    MAX_NOT_KEPT_TEXT,
    MAX_NOTE,
    MAX_SHORT,
    AnswerError,
    Decision,
    DecisionInputError,
    EthicsRecord,
    FieldError,
    NotKept,
    Progress,
    ProjectInfo,
    RecordComparison,
    RecordError,
    SetAside,
    Signal,
    TeamStatus,
    ValueJudgement,
    compare_records,
    make_decision,
    normalize_answer,
    progress,
    signals,
    suggested_actions,
    team_status,
    validate_decision,
    validate_project,
    validate_values,
    visible_questions,
)
from dshub.ethics.report import (
    html_from_data,
    json_from_data,
    markdown_from_data,
    report_data,
    report_filename,
    report_pdf,
)
from dshub.ethics.routing_view import routing_items
from dshub.i18n import t
from dshub.legal.content import LegalFacts
from dshub.reports import pdf
from dshub.services import live
from dshub.services.workshops import (
    WorkshopInfo,
    seat_for_token,
    workshop_for_facilitator,
)
from dshub.store.answers import Owner, SavedAnswer, participant_scope, save_answer, team_scope
from dshub.store.db import Database
from dshub.store.models import Answer, Participant, Team, Workshop
from dshub.text import normalise

INSTRUMENT = "ethics"
PROJECT = "_project"
ROLES = "_roles"
VALUES = "_values"
DECISION = "_decision"
ACTIONS = "_actions"
LOADED = "_loaded"
NOT_KEPT = "_not_kept"
RESERVED = (PROJECT, ROLES, VALUES, DECISION, ACTIONS, LOADED, NOT_KEPT)
MAX_UPLOAD_BYTES = 2_000_000


class InputProblems(Invalid):
    """Several input problems at once (decision, values, project, a record file); ``problems`` for the UI.

    ``names`` turns ids in a problem's ``value`` parameter into their names (the core reports value ids).
    """

    def __init__(self, problems: Sequence[FieldError], names: Mapping[str, Text] | None = None):
        super().__init__("ethics.page.error.input")
        self.problems = list(problems)
        self.names = dict(names or {})

    def messages(self, lang: str) -> list[str]:
        out = []
        for p in self.problems:
            value = p.params.get("value")
            name = self.names.get(value) if isinstance(value, str) else None
            params = p.params | {"value": name.get(lang)} if name is not None else p.params
            out.append(FieldError(p.field, p.key, params).message(lang))
        return out


@dataclass(frozen=True)
class Stored:
    """One saved item of a team's record, with the revision to pass back when saving over it."""

    item_id: str
    value: Any
    note: str | None
    revision: int


@dataclass(frozen=True)
class EthicsSheet:
    """What one device needs to show a team's record."""

    workshop: WorkshopInfo
    team_name: str | None
    record: EthicsRecord
    stored: dict[str, Stored]
    topic: str = ""  # the live topic of this record: a screen redraws when it moves
    live: dict[str, int] | None = None  # the workshop's live counters this sheet was read at

    def revision(self, item_id: str) -> int:
        """The revision to pass as ``expected`` (0: nothing saved yet)."""
        item = self.stored.get(item_id)
        return item.revision if item is not None else 0

    @property
    def started(self) -> bool:
        return any(s.value is not None or s.note for s in self.stored.values())


@dataclass(frozen=True)
class LoadedRecord:
    answers: int
    set_aside: tuple[SetAside, ...]
    from_version: str | None


@dataclass(frozen=True)
class TeamProgress:
    scope: str
    team_id: int | None
    name: str | None  # None: a participant without a team
    project_title: str
    case_id: str | None
    status: TeamStatus
    action_list: int
    outcome: str | None


@dataclass(frozen=True)
class EthicsOverview:
    workshop: WorkshopInfo
    teams: tuple[TeamProgress, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Owner:
    workshop: Workshop
    scope: str
    kwargs: Owner
    team: Team | None
    participant_id: int


def _owner(session: Session, token: str | None) -> _Owner:
    seat = seat_for_token(session, token, removed_team_key="ethics.page.error.team_removed")
    scope = team_scope(seat.team.id) if seat.team is not None else participant_scope(seat.participant.id)
    return _Owner(seat.workshop, scope, seat.owner, seat.team, seat.participant.id)


def _stored(session: Session, workshop_id: int, scope: str) -> dict[str, Stored]:
    rows = session.execute(
        select(Answer.item_id, Answer.value, Answer.note, Answer.revision).where(
            Answer.workshop_id == workshop_id, Answer.scope == scope, Answer.instrument == INSTRUMENT
        )
    ).all()
    return {r.item_id: Stored(r.item_id, r.value, r.note, r.revision) for r in rows}


def _local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def _first_saved(session: Session, workshop_id: int, scope: str) -> date | None:
    """The day the team's record was first saved (server time): the report's date when the session has none."""
    first = session.scalar(
        select(func.min(Answer.created_at)).where(
            Answer.workshop_id == workshop_id, Answer.scope == scope, Answer.instrument == INSTRUMENT
        )
    )
    return _local_date(first)


def _value(stored: Mapping[str, Stored], item_id: str, default: Any = None) -> Any:
    item = stored.get(item_id)
    return default if item is None or item.value is None else item.value


def _build_record(
    content: EthicsContent,
    stored: Mapping[str, Stored],
    *,
    session_date: date | None,
    default_roles: Iterable[str] = (),
) -> EthicsRecord:
    """The record a team's saved items add up to (items the content no longer knows are set aside).

    ``session_date``: the session's event date, else the day the record was first saved; today only
    while nothing is saved yet.
    """
    known_roles = {r.id for r in content.roles}
    answers = {k: s.value for k, s in stored.items() if k not in RESERVED and s.value is not None}
    notes = {k: s.note for k, s in stored.items() if k not in RESERVED and s.note}
    decision = None
    if _value(stored, DECISION):
        decision = Decision(**_value(stored, DECISION), actions=_value(stored, ACTIONS, []))
    loaded = _value(stored, LOADED, {})
    record = EthicsRecord(
        content_id=content.id,
        content_version=content.version,
        project=ProjectInfo(**_value(stored, PROJECT, {})),
        session_date=session_date or date.today(),
        roles_present=_value(stored, ROLES, [r for r in default_roles if r in known_roles]),
        answers=answers,
        notes=notes,
        values=_value(stored, VALUES, []),
        decision=decision,
        set_aside=loaded.get("set_aside", []),
        not_kept=_value(stored, NOT_KEPT, []),
    )
    record = record.migrated(content)
    return record.model_copy(update={"loaded_from_version": loaded.get("from_version")})


def _team_roles(session: Session, team: Team | None) -> list[str]:
    if team is None:
        return []
    roles: list[str] = []
    for prole in session.scalars(select(Participant.roles).where(Participant.team_id == team.id)):
        roles += [r for r in prole or () if r not in roles]
    return roles


def _save(
    session: Session,
    owner: _Owner,
    content: EthicsContent,
    item_id: str,
    value: Any,
    note: str | None = None,
    expected: int | None = None,
) -> Stored:
    """Save one item. ``expected`` is the revision the screen showed (0: none); a stale one raises
    Conflict with the newer item and writes nothing. ``None`` saves unconditionally (loading a record)."""
    try:
        saved = save_answer(
            session,
            workshop_id=owner.workshop.id,
            instrument=INSTRUMENT,
            item_id=item_id,
            value=value,
            note=note,
            content_version=content.version,
            saved_by=owner.participant_id,
            expected_revision=expected,
            **owner.kwargs,
        )
    except Conflict as exc:
        current = exc.current
        assert isinstance(current, SavedAnswer)  # save_answer's Conflict always carries the newer SavedAnswer
        raise Conflict(
            "ethics.page.conflict", current=Stored(item_id, current.value, current.note, current.revision)
        ) from None
    live.bump(session, owner.workshop.id, live.ethics(owner.scope))
    return Stored(item_id, saved.value, saved.note, saved.revision)


def _clean_note(note: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise Invalid("ethics.error.too_long", max=MAX_NOTE)
    return note or None


# --------------------------------------------------------------------------- reading


def team_sheet(db: Database, content: EthicsContent, token: str | None) -> EthicsSheet:
    with db.read() as session:
        owner = _owner(session, token)
        counters = live.read(session, owner.workshop.id)  # before the record they guard
        stored = _stored(session, owner.workshop.id, owner.scope)
        first = _first_saved(session, owner.workshop.id, owner.scope)
        record = _build_record(
            content,
            stored,
            session_date=owner.workshop.event_date or first,
            default_roles=_team_roles(session, owner.team),
        )
        return EthicsSheet(
            WorkshopInfo.of(owner.workshop),
            owner.team.name if owner.team else None,
            record,
            stored,
            live.ethics(owner.scope),
            counters,
        )


def record_for(db: Database, content: EthicsContent, token: str | None) -> EthicsRecord:
    """The team's record as one archivable unit (for the report)."""
    return team_sheet(db, content, token).record


# --------------------------------------------------------------------------- saving


def save_question(
    db: Database,
    content: EthicsContent,
    token: str | None,
    question_id: str,
    value: Any,
    *,
    note: str | None = None,
    expected: int | None,
) -> Stored:
    """Save one answer (and its note) as it is given; ``value`` None clears the answer."""
    if question_id in RESERVED or not content.has_question(question_id):
        raise Invalid("ethics.error.unknown_question", question=question_id)
    try:
        canonical = normalize_answer(content.question(question_id), value)
    except AnswerError as exc:
        raise Invalid(exc.key, **exc.params) from None
    note = _clean_note(note)
    with db.write() as session:
        return _save(session, _owner(session, token), content, question_id, canonical, note, expected)


def save_project(
    db: Database,
    content: EthicsContent,
    cases: EthicsCases,
    token: str | None,
    *,
    title: str,
    description: str,
    case_id: str | None,
    roles: Sequence[str],
    expected: Mapping[str, int],
) -> dict[str, Stored]:
    """Save the project (own, or a ready case) and the roles present, together."""
    # Normalised as every stored text is (dshub.text): a lone surrogate from a broken paste is dropped,
    # not refused by the model with a raw validation error.
    title, description = normalise(title).strip(), normalise(description, multiline=True).strip()
    problems = validate_project(title, description, case_id or None, cases)
    known = [r.id for r in content.roles]
    problems += [FieldError("roles", "ethics.page.error.role_unknown", {"role": r}) for r in roles if r not in known]
    if problems:
        raise InputProblems(problems)
    project = ProjectInfo(title=title, description=description, case_id=case_id or None).model_dump()
    with db.write() as session:
        owner = _owner(session, token)
        return {
            PROJECT: _save(session, owner, content, PROJECT, project, None, expected.get(PROJECT, 0)),
            ROLES: _save(session, owner, content, ROLES, list(dict.fromkeys(roles)), None, expected.get(ROLES, 0)),
        }


@dataclass(frozen=True)
class CaseStarted:
    """What :func:`start_case` did: ``changed`` False when the team already worked on this case;
    ``replaced`` True when it had another project (its own, or another case) before."""

    case_id: str
    changed: bool
    replaced: bool


def start_case(
    db: Database, content: EthicsContent, cases: EthicsCases, token: str | None, case_id: str
) -> CaseStarted:
    """Set the team's ethics project to the ready case ``case_id`` (a catalogue entry), in one transaction.

    Idempotent: a team already on this case is left as it is (no new revision). Refused without a team
    (``ethics.error.team_required``) or when the session does not include the ethics assistant
    (``ethics.error.module_off``). The roles present are kept. A project of the team's own (a title or
    a description typed in) is moved to the record's "not kept" list, so it is never lost.
    """
    if cases.case(case_id) is None:
        raise Invalid("ethics.error.case_unknown", case=case_id[:64])
    with db.write() as session:
        owner = _owner(session, token)
        if owner.team is None:
            raise Forbidden("ethics.error.team_required")
        if INSTRUMENT not in (owner.workshop.modules or ()):
            raise Forbidden("ethics.error.module_off", title=owner.workshop.title)
        current = _stored(session, owner.workshop.id, owner.scope).get(PROJECT)
        before = ProjectInfo(**(current.value or {})) if current is not None else ProjectInfo()
        if before.case_id == case_id:
            return CaseStarted(case_id, changed=False, replaced=False)
        if before.title.strip() or before.description.strip():
            # The team's own project goes to the record's "not kept" list (same transaction): not lost.
            _keep_aside(
                session,
                owner,
                content,
                NotKept(
                    item_id=PROJECT,
                    label=t("ethics.report.project", "nl"),
                    text="\n".join(x for x in (before.title, before.description) if x.strip())[:MAX_NOT_KEPT_TEXT],
                    value=before.model_dump(),
                    on=date.today(),
                ),
            )
        project = ProjectInfo(title="", description="", case_id=case_id).model_dump()
        _save(session, owner, content, PROJECT, project, None, current.revision if current is not None else 0)
        return CaseStarted(case_id, changed=True, replaced=bool(before.case_id or before.title.strip()))


def save_values(
    db: Database,
    content: EthicsContent,
    token: str | None,
    judgements: Sequence[ValueJudgement | Mapping[str, Any]],
    *,
    expected: int | None,
) -> Stored:
    """Save the core values and their judgement (a judgement may still be open)."""
    problems = validate_values(content, judgements, require_judgement=False)
    if problems:
        raise InputProblems(problems, {v.id: v.name for v in content.values})
    clean = [(j if isinstance(j, ValueJudgement) else ValueJudgement(**j)).model_dump() for j in judgements]
    with db.write() as session:
        return _save(session, _owner(session, token), content, VALUES, clean, None, expected)


def _keep_aside(session: Session, owner: _Owner, content: EthicsContent, item: NotKept) -> None:
    """Append ``item`` to the record's "not kept" list (inside the caller's transaction; Conflict when
    another device appended since it was read)."""
    current = _stored(session, owner.workshop.id, owner.scope).get(NOT_KEPT)
    kept = list(current.value or []) if current is not None else []
    kept = (kept + [item.model_dump(mode="json")])[-MAX_NOT_KEPT:]  # older ones stay in answer_history
    _save(session, owner, content, NOT_KEPT, kept, None, current.revision if current else 0)


def set_aside_version(
    db: Database,
    content: EthicsContent,
    token: str | None,
    *,
    item_id: str,
    label: str,
    text: str,
    value: Any = None,
    today: date | None = None,
) -> NotKept:
    """Keep the version a team chose not to keep after a conflict, so nothing is silently lost.

    It is added to the record's ``not_kept`` list (shown on the report step and in the report) and
    never counts as an answer.
    """
    if item_id not in (PROJECT, VALUES, DECISION) and not content.has_question(item_id):
        raise Invalid("ethics.error.unknown_question", question=item_id)
    try:
        item = NotKept(
            item_id=item_id,
            label=label.strip()[: MAX_SHORT * 2],
            text=text[:MAX_NOT_KEPT_TEXT],
            value=json.loads(json.dumps(value, default=str)),
            on=today or date.today(),
        )
    except ValidationError:
        raise Invalid("ethics.error.too_long", max=MAX_NOT_KEPT_TEXT) from None
    for attempt in range(3):  # an append: retry when another device appended at the same moment
        try:
            with db.write() as session:
                _keep_aside(session, _owner(session, token), content, item)
            return item
        except Conflict:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _past_due(
    actions: Sequence[Mapping[str, Any]], saved: Sequence[Mapping[str, Any]], today: date
) -> list[FieldError]:
    """Open actions due before today, unless saved like that before (a team coming back later)."""
    before = {(a.get("text"), a.get("due")) for a in saved}
    errors = []
    for i, a in enumerate(actions):
        due = a.get("due")
        due = due.isoformat() if isinstance(due, date) else due
        if due and not a.get("done") and (a.get("text"), due) not in before:
            try:
                late = date.fromisoformat(due) < today
            except ValueError:
                continue  # reported by validate_decision
            if late:
                errors.append(FieldError(f"actions[{i}].due", "ethics.error.action_due_past", {"n": i + 1, "due": due}))
    return errors


def save_decision(
    db: Database,
    content: EthicsContent,
    token: str | None,
    *,
    outcome: Any,
    motivation: Any,
    actions: Sequence[Mapping[str, Any]],
    expected: Mapping[str, int],
    dismissed: Sequence[str] = (),
    today: date | None = None,
) -> dict[str, Stored]:
    """Save the decision (go / adjust / stop, with motivation) and the action list, together.

    ``dismissed``: sources of raised actions the team left off the list on purpose (so a "find out"
    that is missing from the list is only added back by itself when it is new). Leaving a "find out"
    off is allowed; the page warns about it (:func:`dshub.ethics.logic.missing_find_outs`).
    """
    actions = [dict(a) for a in actions]
    with db.write() as session:
        owner = _owner(session, token)
        saved_actions = _value(_stored(session, owner.workshop.id, owner.scope), ACTIONS, [])
        problems = validate_decision(outcome, motivation, actions)
        problems += _past_due(actions, saved_actions, today or date.today())
        if problems:
            raise InputProblems(problems)
        try:
            decision = make_decision(outcome, motivation, actions, dismissed=dismissed)
        except DecisionInputError as exc:  # pragma: no cover - validated above
            raise InputProblems(exc.errors) from None
        return {
            DECISION: _save(
                session, owner, content, DECISION, _decision_item(decision), None, expected.get(DECISION, 0)
            ),
            ACTIONS: _save(
                session,
                owner,
                content,
                ACTIONS,
                [a.model_dump(mode="json") for a in decision.actions],
                None,
                expected.get(ACTIONS, 0),
            ),
        }


def _decision_item(decision: Decision) -> dict[str, Any]:
    """The stored ``_decision`` value (the actions are stored apart, in ``_actions``)."""
    item: dict[str, Any] = {"outcome": decision.outcome, "motivation": decision.motivation}
    if decision.dismissed:
        item["dismissed"] = list(decision.dismissed)
    return item


def load_record(db: Database, content: EthicsContent, token: str | None, data: str | bytes) -> LoadedRecord:
    """Continue from a saved JSON report (or record): it becomes the team's record.

    The team's earlier items stay in the answer history. Answers the current
    content no longer knows are set aside (kept and reported, not counted).
    """
    record = _read_record_file(content, data)
    decision = record.decision
    items: dict[str, Any] = {
        PROJECT: record.project.model_dump(),
        ROLES: list(record.roles_present),
        VALUES: [v.model_dump() for v in record.values],
        DECISION: _decision_item(decision) if decision else None,
        ACTIONS: [a.model_dump(mode="json") for a in decision.actions] if decision else None,
        LOADED: {
            "from_version": record.loaded_from_version,
            "set_aside": [s.model_dump(mode="json") for s in record.set_aside],
        },
    }
    with db.write() as session:
        owner = _owner(session, token)
        current = _stored(session, owner.workshop.id, owner.scope)
        # Versions not kept are never replaced: the file's and this team's own are both kept.
        kept = [n.model_dump(mode="json") for n in record.not_kept]
        kept += [n for n in _value(current, NOT_KEPT, []) if n not in kept]
        items[NOT_KEPT] = kept[-MAX_NOT_KEPT:] or None
        notes: dict[str, str | None] = {}
        for qid in dict.fromkeys([*current, *record.answers, *record.notes]):
            if qid not in RESERVED:
                items[qid], notes[qid] = record.answers.get(qid), record.notes.get(qid) or None
        for item_id, value in items.items():
            if item_id in current or value is not None or notes.get(item_id):
                _save(session, owner, content, item_id, value, notes.get(item_id))
    return LoadedRecord(len(record.answers), tuple(record.set_aside), record.loaded_from_version)


@dataclass(frozen=True)
class Comparison:
    """A saved report next to the team's record now (read-only)."""

    file_date: date
    file_version: str | None  # content version the file was made with, when it differs from the current one
    differences: RecordComparison


def _read_record_file(content: EthicsContent, data: str | bytes) -> EthicsRecord:
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid("ethics.page.error.file_too_large", max=MAX_UPLOAD_BYTES // 1_000_000)
    try:
        return EthicsRecord.from_json(data, content)
    except RecordError as exc:
        raise InputProblems(exc.problems) from None


def compare_with_file(db: Database, content: EthicsContent, token: str | None, data: str | bytes) -> Comparison:
    """Compare a saved JSON report (or record) with the team's record now; changes nothing."""
    saved = _read_record_file(content, data)
    now = team_sheet(db, content, token).record
    return Comparison(saved.session_date, saved.loaded_from_version, compare_records(content, saved, now))


# --------------------------------------------------------------------------- what each step shows
# The screens derive nothing themselves: progress, signals and routing come from here, built from
# the sheet the page read (one transaction) or, for the questions step, read here.


@dataclass(frozen=True)
class QuestionView:
    """One visible question, what its answer raised (concerns first), and what is saved for it."""

    question: Question
    raised: tuple[Signal, ...]
    stored: Stored | None


@dataclass(frozen=True)
class QuestionsView:
    """The questions step for one theme: the progress bar, the theme's visible questions."""

    sheet: EthicsSheet
    theme_id: str
    progress: Progress
    questions: tuple[QuestionView, ...]

    @property
    def has_project(self) -> bool:
        project = self.sheet.record.project
        return bool(project.title or project.case_id)


@dataclass(frozen=True)
class DecisionView:
    """The decision step: the summary (progress, concerns, routing advice) and the action list's start."""

    sheet: EthicsSheet
    progress: Progress
    concerns: tuple[Signal, ...]
    actions: tuple[Signal, ...]  # written actions and "find out" actions, in question order
    routing: tuple[dict[str, Any], ...]  # :func:`dshub.ethics.routing_view.routing_items`, in ``lang``
    suggested: tuple[dict[str, Any], ...]  # the raised actions as action rows (a list's start, or to add)
    dismissed: frozenset[str]  # sources of raised actions the team left off its list on purpose

    @property
    def find_outs(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.actions if s.kind == "find_out")

    def missing_find_outs(self, actions: Iterable[Mapping[str, Any]]) -> tuple[Signal, ...]:
        """The raised "find out" actions not on ``actions`` (the list as it is on screen; matched on source)."""
        listed = {a.get("source") for a in actions}
        return tuple(s for s in self.find_outs if s.key not in listed)


def starting_actions(content: EthicsContent, sheet: EthicsSheet, lang: str) -> tuple[dict[str, Any], ...]:
    """The action rows the decision form loads: the saved list, or the raised actions before any decision."""
    decision = sheet.record.decision
    if decision is not None:
        return tuple(a.model_dump() for a in decision.actions)
    return tuple(a.model_dump() for a in suggested_actions(content, sheet.record.answers, lang))


def questions_view(db: Database, content: EthicsContent, token: str | None, theme_id: str) -> QuestionsView:
    """The team's record now, with the visible questions of ``theme_id`` and what their answers raised."""
    sheet = team_sheet(db, content, token)
    answers = sheet.record.answers
    raised = signals(content, answers)
    shown = [q for q in visible_questions(content, answers) if content.theme_of(q.id).id == theme_id]
    return QuestionsView(
        sheet,
        theme_id,
        progress(content, answers),
        tuple(
            QuestionView(
                q,
                tuple(s for s in (*raised.concerns, *raised.actions) if s.question_id == q.id),
                sheet.stored.get(q.id),
            )
            for q in shown
        ),
    )


def decision_view(
    content: EthicsContent, sheet: EthicsSheet, lang: str, legal: LegalFacts | None = None, *, today: date | None = None
) -> DecisionView:
    """What the decision step shows for ``sheet`` (built from it; reads nothing)."""
    answers = sheet.record.answers
    raised = signals(content, answers)
    decision = sheet.record.decision
    return DecisionView(
        sheet,
        progress(content, answers),
        raised.concerns,
        raised.actions,
        tuple(routing_items(content, answers, lang, legal, today=today)),
        tuple(a.model_dump() for a in suggested_actions(content, answers, lang)),
        frozenset(decision.dismissed) if decision is not None else frozenset(),
    )


@dataclass(frozen=True)
class ReportDownload:
    """One file the report step offers: ``data`` is its content, or for the PDF (a second's work) a
    function that makes it, called only when the file is asked for."""

    ext: str  # "pdf", "html", "md", "json"
    file_name: str
    mime: str
    data: str | bytes | Callable[[], bytes]


class _About(TypedDict):
    """The keyword arguments every report format takes besides the record."""

    lang: str
    legal: LegalFacts | None
    municipality: str


def report_downloads(
    sheet: EthicsSheet | EthicsRecord,
    content: EthicsContent,
    cases: EthicsCases | None,
    *,
    lang: str,
    legal: LegalFacts | None = None,
    municipality: str | None = None,
) -> list[ReportDownload]:
    """The report of a team's record as PDF, HTML, Markdown and JSON (:mod:`dshub.ethics.report`), in that order.

    ``municipality`` heads the report; for a sheet it defaults to the session's municipality.
    """
    if isinstance(sheet, EthicsSheet):
        record = sheet.record
        municipality = sheet.workshop.municipality if municipality is None else municipality
    else:
        record = sheet
    about: _About = {"lang": lang, "legal": legal, "municipality": municipality or ""}
    # The three files made now share one report_data; the PDF (a second's work) is made only when asked for.
    report = report_data(record, content, cases, **about)
    files: list[tuple[str, str, str | bytes | Callable[[], bytes]]] = [
        ("pdf", pdf.MIME, functools.partial(report_pdf, record, content, cases, **about)),
        ("html", "text/html", html_from_data(report)),
        ("md", "text/markdown", markdown_from_data(report)),
        ("json", "application/json", json_from_data(record, content, report)),
    ]
    return [ReportDownload(ext, report_filename(record, ext), mime, data) for ext, mime, data in files]


# --------------------------------------------------------------------------- facilitator


def team_progress(db: Database, content: EthicsContent, facilitator_key: str | None) -> EthicsOverview:
    """Per team (and per participant without a team who started): progress per theme, concerns, actions."""
    with db.read() as session:
        workshop = workshop_for_facilitator(session, facilitator_key)
        teams = session.scalars(
            select(Team).where(Team.workshop_id == workshop.id, Team.removed_at.is_(None)).order_by(Team.id)
        ).all()
        rows = session.execute(
            select(Answer.scope, Answer.item_id, Answer.value, Answer.note, Answer.revision, Answer.created_at)
            .where(Answer.workshop_id == workshop.id, Answer.instrument == INSTRUMENT)
            .order_by(Answer.scope)
        ).all()
        info = WorkshopInfo.of(workshop)
    by_scope: dict[str, dict[str, Stored]] = {}
    first: dict[str, date] = {}
    for r in rows:
        by_scope.setdefault(r.scope, {})[r.item_id] = Stored(r.item_id, r.value, r.note, r.revision)
        day = _local_date(r.created_at)
        earliest = first.get(r.scope)
        if day is not None and (earliest is None or day < earliest):
            first[r.scope] = day
    owners: list[tuple[str, Team | None]] = [(team_scope(t.id), t) for t in teams]
    owners += [(s, None) for s in by_scope if s.startswith("participant:")]
    out = []
    for scope, team in owners:
        stored = by_scope.get(scope, {})
        record = _build_record(content, stored, session_date=info.event_date or first.get(scope))
        out.append(
            TeamProgress(
                scope,
                team.id if team else None,
                team.name if team else None,
                record.project.title,
                record.project.case_id,
                team_status(content, record.answers),
                len(_value(stored, ACTIONS, [])),
                record.decision.outcome if record.decision else None,
            )
        )
    return EthicsOverview(info, tuple(out))


__all__ = [
    "ACTIONS",
    "DECISION",
    "INSTRUMENT",
    "LOADED",
    "NOT_KEPT",
    "PROJECT",
    "RESERVED",
    "ROLES",
    "VALUES",
    "Comparison",
    "DecisionView",
    "EthicsOverview",
    "EthicsSheet",
    "InputProblems",
    "LoadedRecord",
    "QuestionView",
    "QuestionsView",
    "ReportDownload",
    "Stored",
    "TeamProgress",
    "compare_with_file",
    "decision_view",
    "load_record",
    "questions_view",
    "record_for",
    "report_downloads",
    "save_decision",
    "save_project",
    "save_question",
    "save_values",
    "set_aside_version",
    "starting_actions",
    "team_progress",
    "team_sheet",
]
