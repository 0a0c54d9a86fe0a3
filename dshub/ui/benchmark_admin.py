"""The benchmark page's data management: the administrator loads or resets lab records."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dshub.benchmarks import ImportResult
from dshub.benchmarks.survey import DATA_DIR
from dshub.errors import Forbidden
from dshub.i18n import format_date, t
from dshub.services import benchmarks
from dshub.ui.core import client_bucket, flash, guarded, lang, plain, table, tr

ADMIN_SESSION = "dshub_admin_key"  # the unlocked administrator key, for this browser session only
MAX_UPLOAD_MB = 3  # the importer itself refuses files over 2 MB, with a clear message


def import_problems(result: ImportResult, lg: str) -> pd.DataFrame:
    """Every problem of a refused file as a table in the user's language: row, column, value, problem, fix."""

    def col(name: str) -> str:
        return t(f"benchmarks.data.column.{name}", lg)

    return pd.DataFrame(
        {
            col("row"): [
                str(e.row) if e.row is not None else t("benchmarks.data.whole_file", lg) for e in result.errors
            ],
            col("column"): [e.column or "" for e in result.errors],
            col("value"): [e.value or "" for e in result.errors],
            col("problem"): [e.message.render(lg) for e in result.errors],
            col("fix"): [e.fix.render(lg) for e in result.errors],
        }
    )


def import_report(result: ImportResult) -> None:
    """What happened to an uploaded file: every problem, or the summary (shown after the reload)."""
    lg = lang()
    if result.ok:
        flash(result.summary.render(lg))
        for warning in result.warnings:
            flash(warning.render(lg))
        st.rerun()
    st.error(f"{result.summary.render(lg)}. {tr('benchmarks.data.refused')}", icon=":material/error:")
    for warning in result.warnings:
        st.warning(warning.render(lg))
    table(import_problems(result, lg), result.summary.render(lg))


def data_status(dataset: benchmarks.DatasetInfo | None) -> None:
    if dataset is None:
        st.write(tr("benchmarks.data.in_use_survey"))
    else:
        st.write(
            plain(
                tr(
                    "benchmarks.data.in_use_records",
                    filename=dataset.filename,
                    n=dataset.n_records,
                    date=format_date(dataset.uploaded_at, lang()),
                )
            )
        )
    st.caption(tr("benchmarks.data.explain"))
    template = (DATA_DIR / "lab_records_template.csv").read_bytes()
    st.download_button(
        tr("benchmarks.data.template"),
        template,
        file_name="lab_records_template.csv",
        mime="text/csv",
        key="benchmark_template",
    )


@guarded
def admin_actions(db, dataset: benchmarks.DatasetInfo | None) -> None:
    """Upload and reset, for whoever holds the administrator key (``DSHUB_ADMIN_KEY``)."""
    if not benchmarks.admin_enabled():
        st.info(tr("benchmarks.admin.how_to_enable"), icon=":material/lock:")
        return
    key = st.session_state.get(ADMIN_SESSION)
    if not key:
        with st.form("benchmark_admin_form", enter_to_submit=True, border=False):
            typed = st.text_input(
                tr("benchmarks.admin.key"),
                type="password",
                help=tr("benchmarks.admin.key_help"),
                key="benchmark_admin_key",
            )
            unlock = st.form_submit_button(tr("benchmarks.admin.unlock"), key="benchmark_admin_unlock")
        if not unlock:
            return
        benchmarks.unlock_admin(db, typed, client_bucket())
        st.session_state[ADMIN_SESSION] = typed  # who you are, like a participant token
        st.rerun()
    if st.button(tr("benchmarks.admin.lock"), icon=":material/lock:", key="benchmark_admin_lock"):
        st.session_state.pop(ADMIN_SESSION, None)
        st.rerun()
    try:
        benchmarks.authorize_admin(key)
    except Forbidden:
        st.session_state.pop(ADMIN_SESSION, None)  # the configured key changed: ask again
        raise
    upload = st.file_uploader(
        tr("benchmarks.data.upload"),
        type=["csv", "tsv", "txt", "xlsx", "xls"],
        max_upload_size=MAX_UPLOAD_MB,
        key="benchmark_upload",
    )
    if (
        st.button(tr("benchmarks.data.load"), type="primary", disabled=upload is None, key="benchmark_import")
        and upload
    ):
        benchmarks.authorize_admin(key)
        import_report(benchmarks.import_dataset(db, upload.getvalue(), upload.name))
    if dataset is not None and st.button(tr("benchmarks.data.reset"), key="benchmark_reset"):
        benchmarks.authorize_admin(key)
        benchmarks.deactivate_datasets(db)
        flash(tr("benchmarks.data.reset_done"))
        st.rerun()
