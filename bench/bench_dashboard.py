"""Benchmark: the management dashboard's script run for a workshop of 50 teams, against a bare page.

Both are timed in the same process and run (AppTest, real app.py router, SQLite), so machine noise
hits both alike; read the ratio. Every team answers as a team, and ``--members`` of its members also
answer for themselves, each with one role (the five roles in turn), so the role heatmap is drawn.
The dashboard run includes reading the answers, scoring, building the radar, disagreement view,
role heatmap and tables, and the CSV download; the HTML report, PNG and Excel are built only after a
"prepare" click, so they are not included.

    .venv/bin/python bench/bench_dashboard.py [--teams 50] [--members 2] [--repeat 7] [--scan quick|full]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--members", type=int, default=2, help="members per team who also answer for themselves")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scan", default="full", choices=["quick", "full"])
    args = parser.parse_args()

    tmp = tempfile.mkdtemp()
    url = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DSHUB_DATABASE_URL"] = url
    from streamlit.testing.v1 import AppTest

    from dshub.content import load_content
    from dshub.maturity.content import MaturityModel
    from dshub.services import maturity, workshops
    from dshub.store.db import Database
    from dshub.store.migrate import upgrade

    upgrade(url)
    db = Database(url)
    model = load_content().get("maturity", MaturityModel)
    created = workshops.create_workshop(
        db, title="Bench", municipality="Benchstad", base_url="http://x", settings={"scan": args.scan}
    )
    items = model.items_for(args.scan)
    t0 = time.perf_counter()
    people = 0
    for n in range(args.teams):
        joined = workshops.join(db, code=created.workshop.code, new_team_name=f"Team {n}", roles=["policy"])
        for i, item in enumerate(items):
            maturity.save_scan_answer(db, model, joined.token, mode="team", item_id=item.id, value=1 + (n + i) % 5)
        for m in range(args.members):
            role = workshops.ROLES[people % 5]  # the five roles of a municipality in turn (not "other")
            person = workshops.join(db, code=created.workshop.code, team_id=joined.membership.team.id, roles=[role])
            people += 1
            for i, item in enumerate(items):
                maturity.save_scan_answer(
                    db, model, person.token, mode="individual", item_id=item.id, value=1 + (n + m + 2 * i) % 5
                )
    fill = time.perf_counter() - t0

    def run(page: str | None, **query) -> float:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params.update(query)
        at.run()  # first run lands on the home page
        if page is None:
            start = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - start
        else:
            at.switch_page(page)
            start = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - start
        assert not at.exception, at.exception
        if page is not None:  # what is timed really drew the charts, the role heatmap included
            charts = {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")}
            assert {"results_radar"} | ({"results_roles"} if args.members else set()) <= charts, charts
        return elapsed

    run("app_pages/results.py", key=created.facilitator_key)  # warm caches (content, engine, imports)
    bare, dash = [], []
    for _ in range(args.repeat):  # interleaved, so noise hits both alike
        bare.append(run(None))
        dash.append(run("app_pages/results.py", key=created.facilitator_key))
    n = len(items)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    print(
        f"workshop: {args.teams} teams x {n} items ({args.scan} scan) = {args.teams * n} team answers, "
        f"plus {people} individuals with a role x {n} = {people * n} answers; filling took {fill:.1f} s"
    )
    print(f"{'page':<24}{'min s':>8}{'median s':>10}{'max s':>8}")
    for name, xs in (("bare page (home)", bare), (f"dashboard ({args.teams} teams)", dash)):
        print(f"{name:<24}{min(xs):>8.3f}{statistics.median(xs):>10.3f}{max(xs):>8.3f}")
    print(f"dashboard / bare (median): {statistics.median(dash) / statistics.median(bare):.1f}x")


if __name__ == "__main__":
    main()
