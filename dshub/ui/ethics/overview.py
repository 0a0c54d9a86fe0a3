"""The facilitator's live overview of the ethics assistant: one card per team."""

from __future__ import annotations

import streamlit as st

from dshub.ethics.content import EthicsCases, EthicsContent
from dshub.i18n import t
from dshub.services import ethics
from dshub.store.db import Database
from dshub.ui.core import guarded, lang, plain
from dshub.ui.ethics.common import (
    OVERVIEW_LIVE_PAUSE,
    _every,
    counted,
    live_toggle,
)


def _team_card(content: EthicsContent, cases: EthicsCases, team: ethics.TeamProgress, n: int, lang: str) -> None:
    prog = team.status.progress
    name = plain(team.name) if team.name is not None else t("ethics.page.overview.respondent", lang, n=n)
    case = cases.case(team.case_id) if team.case_id else None
    project = plain(team.project_title) or (
        case.title.get(lang) if case else t("ethics.page.overview.no_project", lang)
    )
    with st.container(border=True, key=f"ethics_overview_{team.scope.replace(':', '_')}"):
        st.markdown(f"**{name}**  \n{project}")
        st.progress(prog.fraction, text=t("ethics.page.progress.total", lang, done=prog.answered, total=prog.visible))
        outcome = t(f"ethics.outcome.{team.outcome}", lang) if team.outcome else "–"
        st.markdown(
            "\n".join(
                f"- {t(f'ethics.page.overview.{name}', lang)}: **{value}**"
                for name, value in (
                    ("concerns", team.status.concerns),
                    ("actions", team.status.actions),
                    ("listed", team.action_list),
                    ("outcome", outcome),
                )
            )
        )
        lines = []
        for theme in content.themes:
            tp = prog.themes[theme.id]
            title = theme.title.get(lang)
            lines.append(
                t("ethics.page.progress.theme_na", lang, theme=title)
                if not tp.applicable
                else ("✓ " if tp.complete else "")
                + t("ethics.page.progress.theme", lang, theme=title, done=tp.answered, total=tp.visible)
            )
        st.caption(" · ".join(lines))


def overview_cards(content: EthicsContent, cases: EthicsCases, overview: ethics.EthicsOverview, lang: str) -> None:
    """One card per team: progress in total and per theme (of the questions that apply), concerns, actions."""
    if not overview.teams:
        st.info(t("ethics.page.overview.empty", lang))
        return
    started = sum(1 for team in overview.teams if team.status.progress.answered)
    st.caption(
        t(
            "ethics.page.overview.count",
            lang,
            teams=counted("ethics.count.team", len(overview.teams), lang),
            started=started,
        )
    )
    cols = st.columns(min(3, len(overview.teams)))
    for n, team in enumerate(overview.teams, start=1):
        with cols[(n - 1) % len(cols)]:
            _team_card(content, cases, team, n, lang)


def live_overview(db: Database, content: EthicsContent, cases: EthicsCases, key: str, every: str = "3s") -> None:
    """The facilitator's overview, refreshing by itself unless paused."""
    current = lang()
    live_toggle(OVERVIEW_LIVE_PAUSE)

    @st.fragment(run_every=_every(every, OVERVIEW_LIVE_PAUSE))
    @guarded
    def _board():
        overview_cards(content, cases, ethics.team_progress(db, content, key), current)

    _board()


__all__ = ["live_overview", "overview_cards"]
