"""Load scenarios against a Streamlit server this command starts itself, on 127.0.0.1 only.

    python -m bench.load.run game --participants 10 --team-size 5 --cards 1 --hold 40 [--with-floor]
    python -m bench.load.run floor --clients 10 --hold 40
    python -m bench.load.run game --smoke        # 3 participants, 1 card, 20 s hold

Every scenario prints ONE JSON line on stdout (progress goes to stderr). See README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.proto.Alert_pb2 import Alert

from .client import KINDS, Client, Node, Stats, WidgetMissing, percentiles

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CLK_TCK = os.sysconf("SC_CLK_TCK")
LOOPBACK = "127.0.0.1"
FAILOVER_WATCH_S = 15.0  # after a kill, tabs that drop within this window are reconnected
FAILOVER_BOUND_S = 60.0  # a dropped tab gives up reconnecting after this long


def log(*parts) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}]", *parts, file=sys.stderr, flush=True)


def now() -> float:
    return time.monotonic()


# --------------------------------------------------------------------------- the server process


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _proc_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rfind(")") + 2 :].split()  # fields from "state" (field 3) on


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _proc_stat(int(entry.name))
            if fields:
                children[int(fields[1])].append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def process_cpu_seconds(pid: int) -> float:
    """utime+stime of ``pid`` and its live descendants, plus the reaped children (cutime+cstime)."""
    total = 0
    for p in [pid, *_descendants(pid)]:
        f = _proc_stat(p)
        if f:
            total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
    return total / CLK_TCK


def own_cpu_seconds() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


class Server:
    """``streamlit run SCRIPT`` on 127.0.0.1:PORT, started and stopped by us (only by its own pid)."""

    def __init__(self, script: Path, port: int, extra_args: list[str], env: dict[str, str], log_path: Path):
        self.script, self.port, self.extra_args, self.env, self.log_path = script, port, extra_args, env, log_path
        self.proc: subprocess.Popen | None = None

    @property
    def argv(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.port",
            str(self.port),
            "--server.address",
            LOOPBACK,
            "--server.headless",
            "true",
            *self.extra_args,
        ]

    def start(self) -> None:
        env = {**os.environ, **self.env}
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            self.argv,
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    async def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = now() + timeout
        url = f"http://{LOOPBACK}:{self.port}/_stcore/health"
        while now() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                body = await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=2).read())
                if body.strip() == b"ok":
                    return
            except OSError:
                pass
            await asyncio.sleep(0.5)
        raise RuntimeError(f"server not ready after {timeout:.0f} s; see {self.log_path}")

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.proc.pid) if self.proc else 0.0

    def status_kb(self, field_name: str) -> int | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
        except (OSError, AttributeError):
            return None
        return None

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self._log.close()

    def log_problems(self, limit: int = 3) -> dict:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return {"count": 0, "first": []}
        bad = [ln.strip() for ln in lines if re.search(r"\bERROR\b|Traceback|Exception", ln)]
        return {"count": len(bad), "first": [b[:200] for b in bad[:limit]]}


class ServeServer(Server):
    """``python -m dshub serve``: K app processes behind nginx on 127.0.0.1:PORT (the production set-up).

    CPU counts the whole tree (supervisor, app processes, nginx); the database is measured apart.
    """

    def __init__(self, script: Path, port: int, processes: int, env: dict[str, str], log_path: Path):
        var_dir = log_path.parent / f"serve-{port}"
        env = {
            **env,
            "DSHUB_WORKERS": str(processes),
            "DSHUB_PORT": str(port),
            "DSHUB_ADDRESS": LOOPBACK,
            "DSHUB_VAR_DIR": str(var_dir),
            "DSHUB_APP_SCRIPT": str(script),
        }
        super().__init__(script, port, [], env, log_path)
        self.var_dir = var_dir

    @property
    def argv(self) -> list[str]:
        return [sys.executable, "-m", "dshub", "serve"]

    def worker_pids(self) -> list[int]:
        try:
            state = json.loads((self.var_dir / "serve" / "state.json").read_text())
        except (OSError, ValueError):
            return []
        return [w["pid"] for w in state["workers"]]

    def status_kb(self, field_name: str) -> int | None:
        """The largest app process's value (each process holds its own sessions)."""
        values = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith(field_name + ":"):
                        values.append(int(line.split()[1]))
            except OSError:
                pass
        return max(values) if values else None


class Postgres:
    """One PostgreSQL cluster of the app's own kind (dshub.serve.postgres) for a run through the proxy."""

    def __init__(self, base: Path):
        from dshub.serve.postgres import LocalCluster

        base.mkdir(parents=True, exist_ok=True)
        for folder in (base, base.parent):
            folder.chmod(0o755)  # the postgres user must reach it when we are root
        self.cluster = LocalCluster(base, port=free_port())

    def start(self, dbname: str) -> str:
        self.cluster.start()
        return self.cluster.create_database(dbname)

    def cpu_seconds(self) -> float:
        pid = self.cluster.postmaster_pid()
        return process_cpu_seconds(pid) if pid else 0.0

    def stop(self) -> None:
        self.cluster.stop()


def make_server(args, script: Path, port: int, env: dict[str, str], log_path: Path) -> Server:
    if args.processes:
        return ServeServer(script, port, args.processes, env, log_path)
    return Server(script, port, split_server_args(args.server_arg), env, log_path)


def check_server_args(extra: list[str]) -> None:
    for _i, arg in enumerate(extra):
        if arg.startswith("--server.address") or arg.startswith("--server.port"):
            raise SystemExit("--server-arg may not change the address or port (loopback only, port chosen here)")


def split_server_args(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(shlex.split(v))
    check_server_args(out)
    return out


# --------------------------------------------------------------------------- texts from the app's locale


def _locale() -> dict:
    try:
        import yaml

        return yaml.safe_load((REPO / "dshub" / "locales" / "game.yaml").read_text(encoding="utf-8")) or {}
    except Exception:
        return {}


_LOC = _locale()


def _templates(key: str, fallback: list[str]) -> list[str]:
    entry = _LOC.get(key)
    return [str(v) for v in entry.values()] if isinstance(entry, dict) else fallback


TEAM_ANSWER_PREFIXES = tuple(
    t.split("{answer}")[0].strip()
    for t in _templates("game.play.team_answer", ["Ons teamantwoord: {answer}", "Our team answer: {answer}"])
)
ANSWERED_WORDS = tuple(_templates("game.board.answered", ["heeft geantwoord", "has answered"]))
ANSWERED_COUNT = [
    re.compile(re.escape(t).replace(r"\{n\}", r"(?P<n>\d+)").replace(r"\{total\}", r"(?P<total>\d+)"))
    for t in _templates(
        "game.board.answered_count",
        ["**{n} van {total}** teams hebben geantwoord.", "**{n} of {total}** teams have answered."],
    )
]
TEAM_ANSWER_ICON = ":material/how_to_vote:"
ANSWERED_ICON = ":material/check_circle:"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """How the app escapes user text in labels (dshub.ui.core.plain): to find a team's radio option."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def unplain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


# --------------------------------------------------------------------------- workshop and database


CREATE_WORKSHOP = r"""
import json, sys
from dshub.store.migrate import upgrade
from dshub.store.db import Database
from dshub.services.workshops import create_workshop
url, base = sys.argv[1], sys.argv[2]
upgrade(url)
db = Database(url)
created = create_workshop(db, title="Load test", municipality="Loopback", base_url=base, modules=["game"])
db.dispose()
print(json.dumps({"code": created.workshop.code, "key": created.facilitator_key}))
"""


def create_workshop(url: str, port: int) -> tuple[str, str]:
    """Through the app's own service, in a child process (migrations and all), before any client connects."""
    out = subprocess.run(
        [sys.executable, "-c", CREATE_WORKSHOP, url, f"http://{LOOPBACK}:{port}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if out.returncode != 0:
        raise RuntimeError(f"create_workshop failed: {out.stderr.strip()[-800:]}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["code"], data["key"]


def card_id_for(sig: frozenset[str], known_items: set[str]) -> str:
    """The card id behind an answer form's widget keys ``game_ans_<card id>_<part>``.

    Card and option ids both contain underscores, so the split is ambiguous from the keys alone:
    prefer an item id the database knows; else a known part suffix; else the keys' common prefix.
    """
    keys = sorted(k[len("game_ans_") :] for k in sig if k.startswith("game_ans_"))
    matches = [c for c in known_items if all(k.startswith(c + "_") for k in keys)]
    if matches:
        return max(matches, key=len)
    for k in keys:
        for part in ("_option", "_value", "_vote", "_argument", "_text"):
            if k.endswith(part):
                return k[: -len(part)]
    prefix = os.path.commonprefix(keys)  # noqa: RUF071 - a character prefix is meant: it is cut at the last "_"
    return prefix.rsplit("_", 1)[0] if "_" in prefix else prefix


def check_database(
    url: str,
    code: str,
    team_sends: dict,
    choice_sends: dict,
    team_acked: dict | None = None,
    choice_acked: dict | None = None,
) -> dict:
    """Answers sent against rows stored: lost (acknowledged, no row), duplicated (more rows or history than sends).

    Acknowledged: the click's script run finished (the server committed and answered). A send cut off by a
    killed process is not acknowledged; it may or may not be stored. Without ``*_acked``, every send counts.
    """
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as con:
            wid = con.execute(text("select id from workshop where code = :code"), {"code": code}).scalar_one()
            teams = dict(con.execute(text("select name, id from team where workshop_id = :w"), {"w": wid}).all())
            part_team = dict(
                con.execute(text("select id, team_id from participant where workshop_id = :w"), {"w": wid}).all()
            )
            rows = con.execute(
                text(
                    "select a.id, a.instrument, a.item_id, a.team_id, a.participant_id, a.revision, "
                    "(select count(*) from answer_history h where h.answer_id = a.id) "
                    "from answer a where a.workshop_id = :w and a.instrument in ('game', 'game_choice')"
                ),
                {"w": wid},
            ).all()
    finally:
        engine.dispose()
    items = {r[2] for r in rows}
    stored_team: dict[tuple, list] = defaultdict(list)
    stored_choice: dict[tuple, list] = defaultdict(list)
    for _id, instrument, item, team_id, participant_id, _rev, history in rows:
        if instrument == "game":
            stored_team[(team_id, item)].append(history)
        else:
            stored_choice[(part_team.get(participant_id), item)].append(history)

    def tally(sends: dict, stored: dict, per_row_expected, acked: dict | None) -> dict:
        sent = lost = dup = 0
        seen = set()
        for (team_name, sig), count in sends.items():
            key = (teams.get(team_name), card_id_for(sig, items))
            seen.add(key)
            sent += count
            rows_here = stored.get(key, [])
            confirmed = count if acked is None else acked.get((team_name, sig), 0)
            lost += max(0, per_row_expected(confirmed) - len(rows_here))
            dup += max(0, len(rows_here) - per_row_expected(count))  # more rows than senders
            dup += sum(max(0, h - 1) for h in rows_here)  # a row changed more often than it was sent
        unexpected = sum(len(v) for k, v in stored.items() if k not in seen)
        return {
            "sent": sent,
            "stored": sum(len(v) for v in stored.values()),
            "lost": lost,
            "duplicated": dup,
            "unexpected": unexpected,
        }

    # team answers: one row per (team, card) whatever the number of confirms; choices: one row per member
    team = tally(team_sends, stored_team, lambda count: 1 if count else 0, team_acked)
    choice = tally(choice_sends, stored_choice, lambda count: count, choice_acked)
    return {"team": team, "choice": choice}


# --------------------------------------------------------------------------- the game scenario


@dataclass(eq=False)
class Team:
    index: int
    name: str
    created: asyncio.Event = field(default_factory=asyncio.Event)
    failed: bool = False
    members: list = field(default_factory=list)
    current: tuple | None = None  # (form signature, confirm send time) of the latest confirm
    confirmed: dict = field(default_factory=dict)  # signature -> time the confirm's run ended
    board_seen: set = field(default_factory=set)


@dataclass(eq=False)
class Member:
    index: int
    team: Team
    member: int  # 0 creates the team and confirms its answers
    client: Client | None = None
    token: str | None = None
    join_s: float | None = None
    join_done_at: float | None = None
    on_game: bool = False
    failure: str | None = None
    seen_confirm: set = field(default_factory=set)


class GameRun:
    def __init__(self, args, port: int, code: str, key: str):
        self.args, self.port, self.code, self.key = args, port, code, key
        self.rng = random.Random(args.seed)
        self.stats = Stats()  # participants' devices
        self.staff_stats = Stats()  # the facilitator's console and the projector board
        n_teams = max(1, math.ceil(args.participants / args.team_size))
        self.teams = [Team(i, f"Team {i + 1:02d}") for i in range(n_teams)]
        self.members = []
        for i in range(args.participants):
            team = self.teams[i % n_teams]
            m = Member(i, team, i // n_teams)
            team.members.append(m)
            self.members.append(m)
        self.stop = asyncio.Event()
        self.lat_board: list[float] = []
        self.lat_team: list[float] = []
        self.team_sends: dict = defaultdict(int)  # (team name, form signature) -> confirms sent
        self.choice_sends: dict = defaultdict(int)  # (team name, form signature) -> member choices sent
        self.team_acked: dict = defaultdict(int)  # ... -> confirms whose script run finished
        self.choice_acked: dict = defaultdict(int)  # ... -> choices whose script run finished
        self.failover: dict | None = None
        self.notes: list[str] = []
        self.cards_played = 0
        self.board_count_last = 0
        self.board_mode: str | None = None  # how the board showed answers: bricks_strip | answered_count
        self.missed_clicks = defaultdict(int)

    # ----------------------------------------------------------------- joining

    async def join(self, m: Member, offset: float, deadline: float) -> None:
        await asyncio.sleep(offset)
        if m.member > 0:
            try:
                await asyncio.wait_for(m.team.created.wait(), max(0.1, deadline - now()))
            except TimeoutError:
                m.failure = "team not created in time"
                return
            if m.team.failed:
                m.failure = "team creator failed"
                return
        c = Client(self.port, f"p{m.index:03d}", self.stats, run_timeout=self.args.run_timeout)
        m.client = c
        c.hooks.append(lambda client, node, m=m: self.teammate_hook(m, node))
        t0 = now()
        try:
            await c.connect()
            if await c.open_page("join", f"code={self.code}") is None:
                raise RuntimeError("join page did not load")
            label = plain(m.team.name)
            for attempt in range(4):
                radio = await c.wait_for(
                    lambda: c.inflight is None and c.widget("join_submit") and c.widget("join_team"), 20
                )
                if not radio:
                    raise RuntimeError(f"no join form (widgets: {c.widget_keys()[:8]})")
                radio = c.widget("join_team")
                if m.member == 0 or label in radio.options:
                    break
                await asyncio.sleep(1 + attempt)  # the team is not in the list yet: reload the page
                await c.open_page("join", f"code={self.code}")
            else:
                raise RuntimeError(f"team {m.team.name!r} not among the options {radio.options}")
            if m.member == 0:
                c.set_value("join_team", len(radio.options) - 1)  # NEW_TEAM, always the last option
                c.set_value("join_new_team", m.team.name)
            else:
                c.set_value("join_team", radio.options.index(label))
            roles = c.widget("join_roles")
            if roles is not None and roles.options:
                c.set_value("join_roles", [m.index % len(roles.options)])
            await c.click("join_submit")
            token = await c.wait_for(lambda: c.inflight is None and parse_qs(c.query_string).get("p", [None])[0], 30)
            if not token:
                raise RuntimeError(f"no ?p= after submit (query {c.query_string!r})")
            m.token = token
            m.join_done_at = now()
            m.join_s = m.join_done_at - t0
            if m.member == 0:
                m.team.created.set()
            if await c.open_page("game", f"p={token}") is None:
                raise RuntimeError("game page did not load")
            m.on_game = True
        except Exception as exc:
            m.failure = f"{type(exc).__name__}: {exc}"[:300]
            if m.member == 0:
                m.team.failed = True
                m.team.created.set()

    # ----------------------------------------------------------------- playing

    def open_form(self, c: Client, answered: set) -> frozenset | None:
        if c.inflight is not None or c.widget("game_confirm") is None or c.widget("game_save_choice") is None:
            return None
        keys = c.widget_keys("game_ans_")
        sig = frozenset(keys)
        return sig if keys and sig not in answered else None

    def fill(self, m: Member, c: Client, sig: frozenset) -> bool:
        boxes = []
        for key in sorted(sig):
            w = c.widget(key)
            if w is None:
                return False
            if w.etype in ("radio", "selectbox") and w.options:
                c.set_value(key, self.rng.randrange(len(w.options)))
            elif w.etype == "number_input":
                c.set_value(key, float(self.rng.randint(1, 500)))
            elif w.etype in ("text_input", "text_area"):
                text = f"load test argument from device {m.index}"
                limit = w.msg.max_chars or len(text)
                c.set_value(key, text[:limit])
            elif w.etype == "checkbox":
                boxes.append(key)
            elif w.etype == "multiselect" and w.options:
                c.set_value(key, [self.rng.randrange(len(w.options))])
        if boxes:  # one ticked box is valid for several-answer questions and data cases alike
            pick = self.rng.choice(boxes)
            for key in boxes:
                c.set_value(key, key == pick)
        return True

    async def play(self, m: Member) -> None:
        c = m.client
        answered: set = set()
        lo, hi = self.args.answer_delay
        while not self.stop.is_set():
            if not c.alive:
                if not self.args.kill_after:
                    break
                await asyncio.sleep(0.2)  # the failover watcher brings the tab back
                continue
            sig = await c.wait_for(lambda: self.stop.is_set() or self.open_form(c, answered), 2.0)
            if not sig or self.stop.is_set():
                continue
            answered.add(sig)
            await asyncio.sleep(self.rng.uniform(lo, hi))
            if self.stop.is_set():
                break
            # the form may be redrawn meanwhile (a teammate's save reruns the page): wait for a settled screen
            if not await c.wait_for(lambda: self.open_form(c, set()) == sig, 10) or not self.fill(m, c, sig):  # noqa: B023 - awaited in this iteration
                self.missed_clicks["form_gone_before_save"] += 1
                continue
            filled_in = c.reconnects  # the session the form was filled in
            try:
                self.choice_sends[(m.team.name, sig)] += 1
                if await c.click("game_save_choice") is not None:
                    self.choice_acked[(m.team.name, sig)] += 1
            except WidgetMissing:
                self.choice_sends[(m.team.name, sig)] -= 1
                self.missed_clicks["game_save_choice"] += 1
                continue
            if m.member != 0:
                continue
            await asyncio.sleep(self.rng.uniform(*self.args.confirm_delay))
            if self.stop.is_set():
                break
            # A person whose tab reloaded (a failover: another process, a new session) sees an empty form and
            # does not confirm blindly; the app would refuse with "choose an answer first". Counted, not sent.
            if c.reconnects != filled_in:
                self.missed_clicks["reloaded_before_confirm"] += 1
                continue

            def sent(t, team=m.team, sig=sig):
                team.current = (sig, t)
                self.team_sends[(team.name, sig)] += 1

            try:
                took = await c.click("game_confirm", on_send=sent)
                if took is not None:
                    m.team.confirmed[sig] = now()
                    self.team_acked[(m.team.name, sig)] += 1
            except WidgetMissing:
                self.missed_clicks["game_confirm"] += 1

    # ----------------------------------------------------------------- measuring

    def teammate_hook(self, m: Member, node: Node) -> None:
        """A teammate's device shows the confirmed team answer (the success box of game.play.team_answer)."""
        if node.etype != "alert" or node.msg.format != Alert.SUCCESS or m.member == 0:
            return
        msg = node.msg
        if msg.icon != TEAM_ANSWER_ICON and not msg.body.startswith(TEAM_ANSWER_PREFIXES):
            return
        cur = m.team.current
        if cur is None or cur[0] in m.seen_confirm:
            return
        sig, t_sent = cur
        if m.client.run_started.get(node.seq, 0) <= t_sent:
            return  # drawn by a run that started before the confirm was sent
        m.seen_confirm.add(sig)
        self.lat_team.append(node.t - t_sent)

    def board_hook(self, c: Client) -> None:
        """After each board run: which teams the bricks strip marks as answered."""
        strips = c.blocks_with_key_prefix("game_bricks_board_")
        by_name = {t.name: t for t in self.teams}
        if strips:
            self.board_mode = "bricks_strip"
            for block in strips:
                inner = c.inside(block.path)
                name = mark = None
                for node in inner:
                    text = node.text()
                    hit = re.fullmatch(r"\*\*(.+)\*\*", text.strip())
                    if hit and name is None:
                        name = unplain(hit.group(1))
                    if ANSWERED_ICON in text or any(w in text for w in ANSWERED_WORDS):
                        mark = node
                team = by_name.get(name)
                if team is not None and mark is not None:
                    self._board_saw(c, team, mark)
            return
        # fallback: the "n of N teams have answered" line; new answers go to the earliest confirms
        for node in c.elements("markdown"):
            for rx in ANSWERED_COUNT:
                hit = rx.search(node.text())
                if hit:
                    self.board_mode = "answered_count"
                    n = int(hit.group("n"))
                    if n > self.board_count_last:
                        pending = sorted(
                            (t.current[1], t)
                            for t in self.teams
                            if t.current
                            and t.current[0] not in t.board_seen
                            and c.run_started.get(node.seq, 0) > t.current[1]
                        )
                        for _, team in pending[: n - self.board_count_last]:
                            self._board_saw(c, team, node)
                    self.board_count_last = n
                    return

    def _board_saw(self, c: Client, team: Team, node: Node) -> None:
        cur = team.current
        if cur is None or cur[0] in team.board_seen:
            return
        sig, t_sent = cur
        if c.run_started.get(node.seq, 0) <= t_sent:
            return
        team.board_seen.add(sig)
        self.lat_board.append(node.t - t_sent)

    # ----------------------------------------------------------------- the facilitator

    async def back(self, c: Client, wait: float = 30.0) -> None:
        """With --kill-after: a tab whose process was killed waits (bounded) for the failover watcher."""
        end = now() + wait
        while self.args.kill_after and not c.alive and now() < end and not self.stop.is_set():
            await asyncio.sleep(0.1)

    async def press(self, c: Client, key: str, wait: float = 30.0) -> bool:
        await self.back(c)
        got = await c.wait_for(lambda: c.inflight is None and c.widget(key), wait)
        if not got:
            self.notes.append(f"console: no {key} button (buttons: {c.widget_keys('game_cmd_')})")
            return False
        try:
            await c.click(key)
            return True
        except WidgetMissing:
            self.notes.append(f"console: {key} vanished before the click")
            return False

    async def facilitate(self, fac: Client) -> None:
        if not await self.press(fac, "game_cmd_start_game"):
            return
        active = [t for t in self.teams if not t.failed and any(m.on_game for m in t.members)]
        for k in range(self.args.cards):
            await self.back(fac)
            got = await fac.wait_for(
                lambda: fac.inflight is None and (fac.widget("game_cmd_open_question") or fac.widget("game_cmd_lock")),
                30,
            )
            if not got:
                self.notes.append(f"card {k + 1}: no open_question/lock button ({fac.widget_keys('game_cmd_')})")
                return
            if fac.widget("game_cmd_open_question") and not await self.press(fac, "game_cmd_open_question"):
                return
            await self.back(fac)
            if not await fac.wait_for(lambda: fac.inflight is None and fac.widget("game_cmd_lock"), 30):
                self.notes.append(f"card {k + 1}: question did not open")
                return
            t_open = now()
            deadline = t_open + self.args.card_timeout
            while now() < deadline and not all(any(t_done > t_open for t_done in t.confirmed.values()) for t in active):
                await asyncio.sleep(0.2)
            waiting = [t.name for t in active if not any(d > t_open for d in t.confirmed.values())]
            if waiting:
                self.notes.append(f"card {k + 1}: no confirm from {waiting} within {self.args.card_timeout:.0f} s")
            # give the board and the teammates' devices time to show the answers (bounded)
            settle = now() + 15
            while now() < settle and not all(t.current is None or t.current[0] in t.board_seen for t in active):
                await asyncio.sleep(0.2)
            await asyncio.sleep(2.5)
            if not await self.press(fac, "game_cmd_lock"):
                return
            await asyncio.sleep(1)
            if not await self.press(fac, "game_cmd_reveal"):
                return
            await asyncio.sleep(self.args.reveal_pause)
            if not await self.press(fac, "game_cmd_next"):
                return
            self.cards_played += 1

    # ----------------------------------------------------------------- failover

    async def kill_one(self, server, clients: list[Client], at: float) -> None:
        """kill -9 one app process at ``at``; every tab it drops reconnects (through the proxy) and reloads
        its page. Measured: from the kill until each dropped tab has its page again."""
        await asyncio.sleep(max(0.0, at - now()))
        pids = server.worker_pids() if hasattr(server, "worker_pids") else []
        if len(pids) < 2:
            self.notes.append("--kill-after needs --processes 2 or more; nothing killed")
            return
        victim = pids[0]
        os.kill(victim, signal.SIGKILL)
        t_kill = now()
        log(f"killed app process {victim} (kill -9); reconnecting its tabs")
        back: dict[str, float | None] = {}
        tasks: list[asyncio.Task] = []

        async def bring_back(c: Client) -> None:
            done = await c.reconnect(deadline=t_kill + FAILOVER_BOUND_S)
            back[c.name] = None if done is None else done - t_kill

        watch_until = t_kill + FAILOVER_WATCH_S
        while now() < watch_until and not self.stop.is_set():
            for c in clients:
                if c.closed and c.name not in back:
                    back[c.name] = None
                    tasks.append(asyncio.create_task(bring_back(c)))
            await asyncio.sleep(0.05)
        if tasks:
            await asyncio.wait(tasks, timeout=FAILOVER_BOUND_S)
        times = [t for t in back.values() if t is not None]
        self.failover = {
            "killed_pid": victim,
            "tabs_dropped": len(back),
            "back_s": percentiles(times),
            "not_back": sum(1 for t in back.values() if t is None),
            "back_within_10_s": sum(1 for t in times if t <= 10.0),
        }
        log(f"failover: {self.failover}")

    # ----------------------------------------------------------------- the whole run

    async def run(self, server: Server) -> dict:
        args = self.args
        fac = Client(self.port, "facilitator", self.staff_stats, run_timeout=args.run_timeout)
        board = Client(self.port, "board", self.staff_stats, run_timeout=args.run_timeout)
        board.finish_hooks.append(self.board_hook)
        staff = [fac, board]
        players: list[asyncio.Task] = []
        try:
            # Warm-up tab (not measured): on a fresh server the very first session cannot resolve a page
            # that exists only through st.navigation (``game-console``): it gets page_not_found and the
            # home page, because the navigation is not known before the main script has run once.
            warm_stats = Stats()
            warm = Client(self.port, "warm-up", warm_stats, run_timeout=args.run_timeout)
            await warm.connect()
            await warm.open_page("game-console", f"key={self.key}")
            await warm.close()
            if warm_stats.errors:
                self.notes.append(f"warm-up tab (first session of the server) saw: {list(warm_stats.error_texts)}")
            await fac.connect()
            await fac.open_page("game-console", f"key={self.key}")
            await board.connect()
            await board.open_page("game-console", f"key={self.key}&view=board")
            log(
                f"console and board open; joining {len(self.members)} participants in {len(self.teams)} teams "
                f"over {args.join_window:.0f} s"
            )
            t_join0 = now()
            cpu_join0 = server.cpu_seconds()
            window = args.join_window
            n = len(self.members)
            offsets = [i * window / n + self.rng.uniform(0, 0.5 * window / n) for i in range(n)]
            deadline = t_join0 + window + args.join_timeout
            joins = [asyncio.create_task(self.join(m, off, deadline)) for m, off in zip(self.members, offsets)]
            _done, pending = await asyncio.wait(joins, timeout=max(1.0, deadline - now() + 5))
            for task in pending:
                task.cancel()
            for m in self.members:
                if m.failure is None and not m.on_game:
                    m.failure = "join did not finish in time"
            joined = [m for m in self.members if m.on_game]
            first_start = t_join0 + min(offsets)
            t_join_end = max((m.join_done_at for m in joined), default=now())
            cpu_join = server.cpu_seconds() - cpu_join0
            log(f"{len(joined)}/{n} joined; holding {args.hold:.0f} s, playing {args.cards} card(s)")

            players = [asyncio.create_task(self.play(m)) for m in joined]
            t_hold0 = now()
            cpu0, own0 = server.cpu_seconds(), own_cpu_seconds()
            fac_task = asyncio.create_task(self.facilitate(fac))
            if args.kill_after:
                tabs = [m.client for m in joined] + staff
                killer = asyncio.create_task(self.kill_one(server, tabs, t_hold0 + args.kill_after))
            card_bound = args.cards * (args.card_timeout + 200)
            await asyncio.wait([fac_task], timeout=max(args.hold, card_bound))
            if not fac_task.done():
                fac_task.cancel()
                self.notes.append("facilitator did not finish the cards in time")
            left = t_hold0 + args.hold - now()
            if left > 0:
                await asyncio.sleep(left)
            if args.kill_after:
                await asyncio.wait([killer], timeout=FAILOVER_BOUND_S + FAILOVER_WATCH_S)
            t_hold1 = now()
            cpu1, own1 = server.cpu_seconds(), own_cpu_seconds()
            held = sum(1 for m in joined if m.client.alive and m.client.page_name == "game")
            peak_rss = server.status_kb("VmHWM")
        finally:
            self.stop.set()
            if players:  # an answer being sent finishes (bounded) before the tabs close
                await asyncio.wait(players, timeout=args.run_timeout)
            self.stats.record = self.staff_stats.record = False
            clients = [m.client for m in self.members if m.client is not None] + staff
            await asyncio.wait([asyncio.create_task(c.close()) for c in clients], timeout=30)
            for task in players:
                task.cancel()
        hold_s = t_hold1 - t_hold0
        cpu = cpu1 - cpu0
        join_times = [m.join_s for m in joined if m.join_s is not None]
        failures: dict[str, int] = defaultdict(int)
        for m in self.members:
            if m.failure:
                failures[m.failure] += 1
        return {
            "participants": n,
            "teams": len(self.teams),
            "team_size": args.team_size,
            "cards": args.cards,
            "cards_played": self.cards_played,
            "joined": len(joined),
            "held": held,
            "join_s": percentiles(join_times),
            "join_total_s": round(t_join_end - first_start, 3) if joined else None,
            "join_window_s": window,
            "join_server_cpu_s": round(cpu_join, 2),
            "join_failures": dict(failures),
            "script_run_s": runs_report(self.stats),
            "staff_script_run_s": runs_report(self.staff_stats),
            "ticks_skipped_busy": self.stats.ticks_skipped_busy,
            "staff_ticks_skipped_busy": self.staff_stats.ticks_skipped_busy,
            "cards_answered": len({sig for _, sig in self.team_sends}),
            "confirm_to_board_s": {**percentiles(self.lat_board), "seen_via": self.board_mode},
            "confirm_to_teammates_s": percentiles(self.lat_team),
            "missed_clicks": dict(self.missed_clicks),
            "hold_s": round(hold_s, 2),
            "cpu": {
                "server_cpu_s": round(cpu, 2),
                "server_cpu_pct_core": round(100 * cpu / hold_s, 1) if hold_s else None,
                "server_cpu_per_participant_s": (round(cpu / (held * hold_s), 5) if held and hold_s else None),
                "peak_rss_mb": round(peak_rss / 1024, 1) if peak_rss else None,
                "loadgen_cpu_pct_core": round(100 * (own1 - own0) / hold_s, 1) if hold_s else None,
            },
            "failover": self.failover,
            "notes": self.notes[:10],
        }


def runs_report(stats: Stats) -> dict:
    out = {}
    for kind in KINDS:
        if stats.runs.get(kind) or stats.timeouts.get(kind):
            out[kind] = {**percentiles(stats.runs.get(kind, [])), "timeouts": stats.timeouts.get(kind, 0)}
    return out


def errors_report(*all_stats: Stats, limit: int = 5) -> dict:
    texts: dict[str, int] = {}
    count = 0
    for s in all_stats:
        count += s.errors
        for text, n in s.error_texts.items():
            texts[text] = texts.get(text, 0) + n
    internal = [x for s in all_stats for x in s.internal]
    return {
        "count": count,
        "distinct": len(texts),
        "texts": list(texts)[:limit],
        "disconnects": sum(s.disconnects for s in all_stats),
        "script_changed_on_disk": sum(s.source_changed for s in all_stats),
        "loadgen_internal": internal[:3],
    }


async def game_scenario(args) -> dict:
    t0 = now()
    tmp = Path(tempfile.mkdtemp(prefix="dshub-load-"))
    port = free_port()
    extra = split_server_args(args.server_arg)
    db = Postgres(tmp / "pg") if args.processes else None
    url = db.start("dshub_load") if db else f"sqlite:///{tmp / 'dshub.sqlite3'}"
    try:
        code, key = create_workshop(url, port)
        server = make_server(args, REPO / "app.py", port, {"DSHUB_DATABASE_URL": url}, tmp / "server.log")
        log(
            f"workshop {code} created; starting the app on {LOOPBACK}:{port} "
            f"({f'{args.processes} process(es) behind nginx, PostgreSQL' if db else 'one process, SQLite'})"
        )
        server.start()
        game = GameRun(args, port, code, key)
        result: dict = {
            "scenario": "game",
            "processes": args.processes or 1,
            "proxy": bool(args.processes),
            "database": "postgresql" if db else "sqlite",
        }
        try:
            await server.wait_ready()
            bound = args.join_window + args.join_timeout + max(args.hold, args.cards * (args.card_timeout + 200)) + 180
            db_cpu0 = db.cpu_seconds() if db else 0.0
            result.update(await asyncio.wait_for(game.run(server), bound))
            if db and result.get("hold_s"):
                # Over join and hold together (the database is not split by phase).
                result["cpu"]["db_cpu_s_whole_run"] = round(db.cpu_seconds() - db_cpu0, 2)
        finally:
            server.stop()
        result["answers"] = check_database(
            url, code, game.team_sends, game.choice_sends, game.team_acked, game.choice_acked
        )
    finally:
        if db:
            db.stop()
    result["errors_shown"] = errors_report(game.stats, game.staff_stats)
    result["server_log_problems"] = server.log_problems()
    result["server_args"] = extra
    result["duration_s"] = round(now() - t0, 1)
    if args.with_floor:
        floor_args = argparse.Namespace(**vars(args))
        floor_args.clients = args.participants
        floor_args.hold = result.get("hold_s") or args.hold
        log(f"floor: {floor_args.clients} clients, hold {floor_args.hold:.0f} s, same server flags")
        floor = await floor_scenario(floor_args)
        result["floor"] = floor
        game_cost = result.get("cpu", {}).get("server_cpu_per_participant_s")
        floor_cost = floor.get("cpu", {}).get("server_cpu_per_client_s")
        result["cpu_ratio_vs_floor"] = round(game_cost / floor_cost, 2) if game_cost and floor_cost else None
        result["duration_s"] = round(now() - t0, 1)
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        result["tmp_dir"] = str(tmp)
    return result


# --------------------------------------------------------------------------- the floor scenario


async def floor_scenario(args) -> dict:
    t0 = now()
    tmp = Path(tempfile.mkdtemp(prefix="dshub-floor-"))
    port = free_port()
    extra = split_server_args(args.server_arg)
    # Through the same proxy and process count as the game run it is the floor for.
    server = make_server(
        args,
        HERE / "floor_app.py",
        port,
        {"DSHUB_DATABASE_URL": f"sqlite:///{tmp / 'floor.sqlite3'}"},
        tmp / "server.log",
    )
    server.start()
    stats = Stats()
    clients: list[Client] = []
    result: dict = {"scenario": "floor", "clients": args.clients}
    try:
        await server.wait_ready()

        async def one(i: int, offset: float) -> None:
            await asyncio.sleep(offset)
            c = Client(port, f"f{i:03d}", stats, run_timeout=args.run_timeout)
            clients.append(c)
            try:
                await c.connect()
                await c.open_page("", "")
            except Exception as exc:
                stats.internal.append(f"floor client {i}: {exc!r}"[:300])

        ramp = args.ramp
        tasks = [asyncio.create_task(one(i, i * ramp / max(1, args.clients))) for i in range(args.clients)]
        _, pending = await asyncio.wait(tasks, timeout=ramp + 120)
        for task in pending:
            task.cancel()
        t_hold0 = now()
        cpu0, own0 = server.cpu_seconds(), own_cpu_seconds()
        await asyncio.sleep(args.hold)
        t_hold1 = now()
        cpu1, own1 = server.cpu_seconds(), own_cpu_seconds()
        held = sum(1 for c in clients if c.alive)
        peak_rss = server.status_kb("VmHWM")
    finally:
        stats.record = False
        if clients:
            await asyncio.wait([asyncio.create_task(c.close()) for c in clients], timeout=30)
        server.stop()
    hold_s = t_hold1 - t_hold0
    cpu = cpu1 - cpu0
    result.update(
        {
            "held": held,
            "hold_s": round(hold_s, 2),
            "script_run_s": runs_report(stats),
            "ticks_skipped_busy": stats.ticks_skipped_busy,
            "cpu": {
                "server_cpu_s": round(cpu, 2),
                "server_cpu_pct_core": round(100 * cpu / hold_s, 1) if hold_s else None,
                "server_cpu_per_client_s": round(cpu / (held * hold_s), 5) if held and hold_s else None,
                "peak_rss_mb": round(peak_rss / 1024, 1) if peak_rss else None,
                "loadgen_cpu_pct_core": round(100 * (own1 - own0) / hold_s, 1) if hold_s else None,
            },
            "errors_shown": errors_report(stats),
            "server_log_problems": server.log_problems(),
            "server_args": extra,
            "duration_s": round(now() - t0, 1),
        }
    )
    shutil.rmtree(tmp, ignore_errors=True)
    return result


# --------------------------------------------------------------------------- CLI


def _pair(text: str) -> tuple[float, float]:
    lo, _, hi = text.partition(",")
    return float(lo), float(hi or lo)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.load.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="scenario", required=True)

    def common(sp):
        sp.add_argument("--hold", type=float, default=60.0, help="seconds the clients hold the page (default 60)")
        sp.add_argument(
            "--server-arg",
            action="append",
            metavar="ARGS",
            help="extra `streamlit run` flags, e.g. --server-arg='--runner.postScriptGC false' "
            "(repeatable; address and port are fixed)",
        )
        sp.add_argument("--run-timeout", type=float, default=60.0, help="bound on one script run (s)")
        sp.add_argument("--seed", type=int, default=1)
        sp.add_argument("--smoke", action="store_true", help="tiny run: 3 clients, 1 card, 20 s hold")
        sp.add_argument(
            "--processes",
            type=int,
            default=0,
            metavar="K",
            help="run through `python -m dshub serve`: K app processes behind nginx, on PostgreSQL "
            "(default 0: one bare `streamlit run` on SQLite)",
        )

    g = sub.add_parser("game", help="participants join in teams and play cards; console and board run too")
    g.add_argument("--participants", type=int, default=10)
    g.add_argument("--team-size", type=int, default=5)
    g.add_argument("--cards", type=int, default=1)
    g.add_argument("--join-window", type=float, default=60.0, help="joins are spread over this many seconds")
    g.add_argument("--join-timeout", type=float, default=120.0, help="extra time allowed after the window")
    g.add_argument("--card-timeout", type=float, default=90.0, help="bound on waiting for all teams' confirms")
    g.add_argument("--answer-delay", type=_pair, default=(0.5, 4.0), help="member's think time before saving, s")
    g.add_argument("--confirm-delay", type=_pair, default=(0.5, 3.0), help="confirmer's delay after saving, s")
    g.add_argument("--reveal-pause", type=float, default=3.0)
    g.add_argument("--with-floor", action="store_true", help="then measure the floor with the same N and hold")
    g.add_argument("--ramp", type=float, default=10.0, help="floor (with --with-floor): connect over this many s")
    g.add_argument("--keep", action="store_true", help="keep the temp dir (database, server log)")
    g.add_argument(
        "--kill-after",
        type=float,
        default=0.0,
        metavar="S",
        help="with --processes 2 or more: kill -9 one app process S seconds into the hold; its tabs "
        "reconnect through the proxy and the time until each has its page again is measured",
    )
    common(g)

    f = sub.add_parser("floor", help="N clients hold a bare page with one 2 s fragment")
    f.add_argument("--clients", type=int, default=10)
    f.add_argument("--ramp", type=float, default=10.0, help="connect the clients over this many seconds")
    common(f)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.smoke:
        if args.scenario == "game":
            args.participants, args.cards, args.hold, args.join_window = 3, 1, 20.0, 5.0
        else:
            args.clients, args.hold, args.ramp = 3, 20.0, 2.0
    if args.scenario == "game" and (args.participants < 1 or args.team_size < 1 or args.cards < 0):
        raise SystemExit("participants and team size must be positive")
    if args.processes and args.server_arg:
        raise SystemExit("--server-arg applies to a bare `streamlit run`, not to --processes")
    if getattr(args, "kill_after", 0) and args.processes < 2:
        raise SystemExit("--kill-after needs --processes 2 or more")
    if args.processes < 0:
        raise SystemExit("--processes must be 0 or more")
    if args.scenario == "floor" and args.clients < 1:
        raise SystemExit("clients must be positive")
    try:
        result = asyncio.run(game_scenario(args) if args.scenario == "game" else floor_scenario(args))
        code = 0
    except Exception as exc:  # still one JSON line, saying what went wrong
        result = {"scenario": args.scenario, "error": f"{type(exc).__name__}: {exc}"[:500]}
        code = 1
    print(json.dumps(result, separators=(",", ":")), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
