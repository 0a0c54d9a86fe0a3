"""Scaling curve through the proxy: the game with K app processes behind nginx on PostgreSQL.

    python -m bench.load.scale --points 1:50,1:75,1:100,2:75,2:100,2:125,2:150 --out bench/load/results/DATE/scale

Runs each point (K processes : N participants) one after the other, each with its floor in the same
command (`bench.load.run game --processes K --with-floor`), saves each JSON line to OUT-K<k>-N<n>.json,
and prints a Markdown table plus what each process count holds within the latency targets
(confirm -> board p95 <= 2 s, confirm -> teammates p95 <= 3 s, nothing lost or duplicated, no
errors, everyone joined and held) and the scaling factor between the largest and smallest K.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

BOARD_P95_S = 2.0
TEAMMATES_P95_S = 3.0


def within_targets(r: dict) -> bool:
    answers = r.get("answers", {})
    lost = sum(answers.get(k, {}).get("lost", 1) + answers.get(k, {}).get("duplicated", 1) for k in ("team", "choice"))
    board, mates = r.get("confirm_to_board_s", {}).get("p95"), r.get("confirm_to_teammates_s", {}).get("p95")
    return (
        r.get("joined") == r.get("participants") == r.get("held")
        and lost == 0
        and r.get("errors_shown", {}).get("count", 1) == 0
        and board is not None
        and mates is not None
        and board <= BOARD_P95_S
        and mates <= TEAMMATES_P95_S
    )


def row(r: dict) -> str:
    cpu, floor = r.get("cpu", {}), r.get("floor", {}).get("cpu", {})
    answers = r.get("answers", {})
    lost = sum(answers.get(k, {}).get("lost", 0) for k in ("team", "choice"))
    dup = sum(answers.get(k, {}).get("duplicated", 0) for k in ("team", "choice"))
    b, m = r.get("confirm_to_board_s", {}), r.get("confirm_to_teammates_s", {})
    return (
        f"| {r.get('processes')} | {r.get('participants')} | {r.get('joined')} / {r.get('held')} | "
        f"{b.get('p50')} / {b.get('p95')} | {m.get('p50')} / {m.get('p95')} | "
        f"{cpu.get('server_cpu_pct_core')} ({floor.get('server_cpu_pct_core')}) | {r.get('cpu_ratio_vs_floor')} | "
        f"{cpu.get('db_cpu_s_whole_run')} | {cpu.get('loadgen_cpu_pct_core')} | {cpu.get('peak_rss_mb')} | "
        f"{lost} / {dup} | {r.get('errors_shown', {}).get('count')} | {'yes' if within_targets(r) else 'no'} |"
    )


HEADER = (
    "| processes | N | joined / held | confirm→board p50 / p95 s | confirm→teammates p50 / p95 s | "
    "app CPU % core (floor) | ratio | db CPU s | loadgen % core | peak RSS MB per process | lost / dup | "
    "errors | within targets |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.load.scale", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--points", required=True, help="K:N pairs, comma-separated, e.g. 1:50,2:100")
    p.add_argument("--out", required=True, help="path prefix for the JSON files")
    p.add_argument("--cards", type=int, default=2)
    p.add_argument("--hold", type=float, default=90.0)
    p.add_argument("--join-window", type=float, default=40.0)
    args = p.parse_args(argv)
    points = [tuple(int(x) for x in pair.split(":")) for pair in args.points.split(",")]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    results = []
    for k, n in points:
        cmd = [
            sys.executable,
            "-m",
            "bench.load.run",
            "game",
            "--processes",
            str(k),
            "--participants",
            str(n),
            "--team-size",
            "5",
            "--cards",
            str(args.cards),
            "--hold",
            str(args.hold),
            "--join-window",
            str(args.join_window),
            "--with-floor",
        ]
        print(f"[scale {time.strftime('%H:%M:%S')}] {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
        line = (proc.stdout.strip().splitlines() or ["{}"])[-1]
        (out.parent / f"{out.name}-K{k}-N{n}.json").write_text(line + "\n")
        result = json.loads(line)
        if proc.returncode != 0 or "error" in result:
            print(f"  failed: {result.get('error')}\n{proc.stderr[-2000:]}", file=sys.stderr)
        results.append(result)
        print(row(result), file=sys.stderr, flush=True)
    print(HEADER)
    for r in results:
        print(row(r))
    holds = {}
    for r in results:
        if within_targets(r):
            holds[r["processes"]] = max(holds.get(r["processes"], 0), r["participants"])
    print(f"\nHeld within targets (largest N measured): {holds or 'none'}")
    if len(holds) >= 2 and min(holds) != max(holds) and holds[min(holds)]:
        print(f"Scaling factor {max(holds)} vs {min(holds)} process(es): {holds[max(holds)] / holds[min(holds)]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
