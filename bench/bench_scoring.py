"""Benchmark: maturity scoring and aggregation on synthetic answers.

Scenario from issue 3: 355 municipalities (groups) x 20 respondents x 40 items
(= 284,000 answers), and 10x that (3,550 groups). Each run scores every
respondent, aggregates per group (mean, spread, disagreement), computes role
gaps, area and overall figures - i.e. one full :func:`dshub.maturity.scoring.score`
call. About 10% of the answers are "don't know".

Run from the repository root::

    .venv/bin/python bench/bench_scoring.py [--repeat 5] [--scales 1,10]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dshub.content import load_file  # noqa: E402
from dshub.maturity.content import MaturityModel  # noqa: E402
from dshub.maturity.scoring import score  # noqa: E402

GROUPS = 355
RESPONDENTS = 20
ROLES = np.array(["beleid", "uitvoering", "management", "informatievoorziening", "communicatie"], dtype=object)


def make_answers(model: MaturityModel, groups: int, respondents: int = RESPONDENTS, seed: int = 0) -> pd.DataFrame:
    """Synthetic answers: every respondent answers every item of the full scan."""
    rng = np.random.default_rng(seed)
    items = np.array([i.id for i in model.items_for("full")], dtype=object)
    n_items = len(items)
    n = groups * respondents * n_items
    group_ids = np.array([f"gm{g:04d}" for g in range(groups)], dtype=object)
    resp_no = np.arange(groups * respondents)
    # Each group has its own typical level, respondents scatter around it.
    centre = rng.uniform(1.5, 4.5, size=groups)
    values = np.clip(np.rint(np.repeat(centre, respondents * n_items) + rng.normal(0, 0.9, n)), 1, 5)
    values[rng.random(n) < 0.10] = np.nan  # don't know
    return pd.DataFrame(
        {
            "respondent": np.repeat(np.array([f"r{r:06d}" for r in resp_no], dtype=object), n_items),
            "group": np.repeat(group_ids, respondents * n_items),
            "role": np.repeat(ROLES[resp_no % len(ROLES)], n_items),
            "item_id": np.tile(items, groups * respondents),
            "value": values,
        }
    )


def time_runs(answers: pd.DataFrame, model: MaturityModel, repeat: int) -> list[float]:
    score(answers, model, scan="full")  # warm-up (imports, caches)
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        score(answers, model, scan="full")
        out.append(time.perf_counter() - start)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per scale (default 5)")
    parser.add_argument("--scales", default="1,10", help="comma-separated multiples of 355 groups (default 1,10)")
    args = parser.parse_args(argv)
    model = load_file(ROOT / "questionnaires" / "maturity.yaml")
    assert isinstance(model, MaturityModel)

    print(f"machine: {_cpu()}, {os.cpu_count()} CPUs, load average {_load()}")
    print(f"python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}")
    print(f"items per respondent: {len(model.items)}, respondents per group: {RESPONDENTS}, runs: {args.repeat}")
    header = (
        f"{'scale':>5} {'groups':>7} {'answers':>10} {'min s':>8} {'median s':>9} {'max s':>8} "
        f"{'us/answer':>10} {'x 1x':>6}"
    )
    print(header)
    print("-" * len(header))
    base = None
    for scale in (int(s) for s in args.scales.split(",")):
        answers = make_answers(model, GROUPS * scale)
        runs = time_runs(answers, model, args.repeat)
        med = statistics.median(runs)
        base = base or med
        print(
            f"{scale:>4}x {GROUPS * scale:>7} {len(answers):>10,} {min(runs):>8.3f} {med:>9.3f} {max(runs):>8.3f} "
            f"{med / len(answers) * 1e6:>10.2f} {med / base:>6.1f}"
        )
    return 0


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


if __name__ == "__main__":
    raise SystemExit(main())
