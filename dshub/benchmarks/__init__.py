"""Benchmark against the 2019 VNG survey of municipal data labs.

Pure feature core (no streamlit, no database):

- :func:`load_survey` -> :class:`Benchmark` from ``data/benchmarks/survey_2019.yaml``
  (every figure published or estimate, with source or reasoning);
- :func:`import_lab_records` / :func:`benchmark_from_records`: real per-lab data
  (status ``imported``) that replaces the estimates;
- :func:`compare_profile`: a municipality's datalab profile against the benchmark;
- :func:`maturity_band`: benchmark band per maturity dimension (our estimate);
- :mod:`dshub.benchmarks.peers`: peer benchmark from assessments (imports pandas,
  so import it explicitly).
"""

from dshub.benchmarks.compare import Comparison, compare_profile, normalise_answers
from dshub.benchmarks.content import DatalabProfile, Message
from dshub.benchmarks.importer import (
    ImportIssue,
    ImportResult,
    LabRecord,
    benchmark_from_records,
    format_import_report,
    import_lab_records,
)
from dshub.benchmarks.overlay import DIMENSIONS, Band, load_maturity_mapping, maturity_band, overlay_label
from dshub.benchmarks.survey import (
    Benchmark,
    Figure,
    Indicator,
    load_start_advice,
    load_survey,
    status_label,
)

__all__ = [
    "DIMENSIONS",
    "Band",
    "Benchmark",
    "Comparison",
    "DatalabProfile",
    "Figure",
    "ImportIssue",
    "ImportResult",
    "Indicator",
    "LabRecord",
    "Message",
    "benchmark_from_records",
    "compare_profile",
    "format_import_report",
    "import_lab_records",
    "load_maturity_mapping",
    "load_start_advice",
    "load_survey",
    "maturity_band",
    "normalise_answers",
    "overlay_label",
    "status_label",
]
