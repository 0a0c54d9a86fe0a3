"""A Streamlit protocol client: one simulated browser tab over one websocket.

It speaks what the browser speaks (checked against streamlit 1.67's own sources and
frontend bundle):

* websocket ``ws://HOST:PORT/_stcore/stream``, subprotocol ``streamlit`` (the browser
  puts an XSRF token and a session id in the 2nd and 3rd entries; neither is required:
  the XSRF token only gates reading auth cookies);
* binary ``BackMsg`` up, binary ``ForwardMsg`` down; no ``cached_message_hashes`` are
  sent, so the server never answers with ``ref_hash`` stubs;
* the first ``rerun_script`` names the page by ``page_name`` (its url path) and the
  query string without ``?``; later reruns name it by ``page_script_hash`` (taken from
  the ``navigation`` message), a page change sends the target page's hash;
* every rerun carries the full set of widget states the tab knows (defaults from the
  element protos, ``set_value`` updates from the server, values the user set), like
  ``WidgetStateManager.createWidgetStatesMsg``; form widgets are held back until the
  form's submit button is pressed; trigger values (buttons) are sent once;
* a click inside a fragment reruns only that fragment (``ClientState.fragment_id`` =
  the element's ``Delta.fragment_id``);
* ``auto_rerun`` (interval, fragment_id) starts a timer per fragment; a full-app
  ``new_session`` clears all timers (they come back with the run's ``auto_rerun``
  messages), ``stop_auto_rerun`` clears named ones; each tick sends a fragment rerun
  with ``is_auto_rerun``;
* ``page_info_changed`` carries the new query string when the app sets st.query_params;
* stale elements are dropped at the end of a run like the frontend does (full run:
  everything not re-sent; fragment run: the fragment's own elements not re-sent).

Timing: a script run is timed from sending the BackMsg to the ``script_finished`` that
ends it (FINISHED_SUCCESSFULLY, FINISHED_FRAGMENT_RUN_SUCCESSFULLY or a compile error;
FINISHED_EARLY_FOR_RERUN is only an intermediate step of an ``st.rerun``). One request
is in flight per client: a tick due while a run is in flight is skipped (the server
would coalesce it anyway) and counted.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

PAGE_LOAD = "page_load"
FRAGMENT_TICK = "fragment_tick"
FRAGMENT_TICK_FULL = "fragment_tick_full"  # a tick whose fragment called st.rerun(): it became a full run
COMMAND = "command"
KINDS = (PAGE_LOAD, FRAGMENT_TICK, FRAGMENT_TICK_FULL, COMMAND)

ID_PREFIX = "$$ID-"
_TERMINAL = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
INPUT_TYPES = {"radio", "selectbox", "checkbox", "text_input", "text_area", "number_input", "multiselect"}
BUTTON_TYPES = {"button"}


class WidgetMissing(LookupError):
    """The button to press is not on the tab's screen (not drawn, or disabled)."""


def user_key(element_id: str) -> str | None:
    """The user key at the end of a generated element id (``$$ID-<hash>-<key>``), as streamlit parses it."""
    if not element_id.startswith(ID_PREFIX):
        return None
    key = element_id.split("-", maxsplit=2)[-1]
    return None if key == "None" else key


# --------------------------------------------------------------------------- shared statistics


@dataclass
class Stats:
    """Everything every client measures; shared by all clients of one scenario."""

    runs: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    timeouts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    ticks_skipped_busy: int = 0
    errors: int = 0
    error_texts: dict[str, int] = field(default_factory=dict)  # text -> times seen (insertion order kept)
    messages: int = 0
    bytes: int = 0
    disconnects: int = 0
    source_changed: int = 0
    internal: list[str] = field(default_factory=list)  # load generator's own problems (not shown to users)
    record: bool = True  # set False to stop recording (e.g. during teardown)

    def add_run(self, kind: str, seconds: float) -> None:
        if self.record:
            self.runs[kind].append(seconds)

    def add_error(self, text: str) -> None:
        if not self.record:
            return
        self.errors += 1
        text = " ".join(text.split())[:300]
        self.error_texts[text] = self.error_texts.get(text, 0) + 1


def percentiles(values: list[float]) -> dict[str, Any]:
    """n, p50, p95, max (nearest rank), rounded to milliseconds."""
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    s = sorted(values)

    def rank(q: float) -> float:
        return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]

    return {"n": len(s), "p50": round(rank(0.50), 3), "p95": round(rank(0.95), 3), "max": round(s[-1], 3)}


# --------------------------------------------------------------------------- element tree


class Node:
    """One element or block at a delta path."""

    __slots__ = ("block", "etype", "frag", "msg", "path", "script", "seq", "t")

    def __init__(self, path, block, etype, msg, frag, seq, t, script):
        self.path = path
        self.block = block  # True for add_block
        self.etype = etype  # element type (e.g. "radio") or block type (e.g. "form")
        self.msg = msg  # the element's typed proto (e.g. Radio) or the Block proto
        self.frag = frag  # Delta.fragment_id ("" outside fragments)
        self.seq = seq  # the run (new_session count) that sent it
        self.t = t  # arrival time (time.monotonic)
        self.script = script  # active_script_hash (main script or page)

    @property
    def key(self) -> str | None:
        ident = self.msg.id if self.block else getattr(self.msg, "id", "")
        return user_key(ident) if ident else None

    def text(self) -> str:
        m = self.msg
        if self.block:
            return ""
        if self.etype == "exception":
            return f"{m.type}: {m.message}"
        if self.etype == "metric":
            return f"{m.label} {m.body}"
        return getattr(m, "body", "") or getattr(m, "label", "") or ""


@dataclass
class Widget:
    key: str
    id: str
    etype: str
    msg: Any
    form_id: str
    frag: str
    path: tuple

    @property
    def options(self) -> list[str]:
        return list(getattr(self.msg, "options", []))

    @property
    def is_submit(self) -> bool:
        return self.etype == "button" and self.msg.is_form_submitter


def _default_state(etype: str, m: Any) -> WidgetState | None:
    """The state a browser widget reports when it mounts (None: it reports nothing yet)."""
    ws = WidgetState(id=m.id)
    if etype in ("radio", "selectbox"):
        if m.set_value:
            if not m.HasField("raw_value"):
                return None
            ws.string_value = m.raw_value
        elif m.HasField("default") and 0 <= m.default < len(m.options):
            ws.string_value = m.options[m.default]
        else:
            return None
    elif etype == "checkbox":
        ws.bool_value = m.value if m.set_value else m.default
    elif etype in ("text_input", "text_area", "number_input"):
        field = "double_value" if etype == "number_input" else "string_value"
        if m.set_value and m.HasField("value"):
            setattr(ws, field, m.value)
        elif not m.set_value and m.HasField("default"):
            setattr(ws, field, m.default)
        else:
            return None  # set to nothing, or no default: the widget has no value to send
    elif etype == "multiselect":
        values = list(m.raw_values) if m.set_value else [m.options[i] for i in m.default if 0 <= i < len(m.options)]
        ws.string_array_value.data.extend(values)
    else:
        return None
    return ws


@dataclass
class _Run:
    kind: str
    t0: float
    future: asyncio.Future
    fragment_id: str = ""


# --------------------------------------------------------------------------- the client


class Client:
    """One browser tab. ``await connect()``, ``await open_page(...)``, then interact by widget key."""

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def __init__(
        self,
        port: int,
        name: str,
        stats: Stats,
        *,
        host: str = "127.0.0.1",
        run_timeout: float = 60.0,
        locale: str = "nl-NL",
        max_sends: int = 20000,
    ):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("load traffic goes to the loopback interface only")
        self.host, self.port, self.name, self.stats = host, port, name, stats
        self.run_timeout = run_timeout
        self.tick_timeout = min(run_timeout, 20.0)
        self.sends = 0
        self.reconnects = 0  # reconnect() calls: each one is a new session with an empty form
        self.max_sends = max_sends
        self.locale = locale
        # Fire-and-forget tasks: the loop keeps only a weak reference, so hold them until they finish.
        self._background: set[asyncio.Task] = set()
        self.ws = None
        self.closed = True
        self.nodes: dict[tuple, Node] = {}
        self.states: dict[str, WidgetState] = {}  # committed widget states, by widget id
        self.pending: dict[str, dict[str, WidgetState]] = defaultdict(dict)  # form id -> widget id -> state
        self.query_string = ""
        self.page_name = ""
        self.page_hash = ""
        self.main_hash = ""
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.seq = 0
        self.run_started: dict[int, float] = {}  # seq -> time its new_session arrived
        self.run_fragments: list[str] = []
        self.auto_reruns: dict[str, list[float]] = {}  # fragment id -> [interval, next due]
        self.inflight: _Run | None = None
        self.hooks: list[Callable[[Client, Node], None]] = []  # called for every element delta
        self.finish_hooks: list[Callable[[Client], None]] = []  # called after every terminal script_finished
        self._widget_index: dict[str, tuple] | None = None
        self._changed = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._auto_changed = asyncio.Event()
        self.last_status: int | None = None
        self.connected_at = 0.0

    # ----------------------------------------------------------------- connection

    async def connect(self, timeout: float = 20.0) -> None:
        uri = f"ws://{self.host}:{self.port}/_stcore/stream"
        self.ws = await asyncio.wait_for(
            ws_connect(
                uri,
                subprotocols=["streamlit"],
                origin=f"http://{self.host}:{self.port}",
                max_size=None,
                ping_interval=None,
                open_timeout=timeout,
                close_timeout=2,
            ),
            timeout,
        )
        self.closed = False
        self.connected_at = time.monotonic()
        self._tasks = [
            asyncio.create_task(self._reader(), name=f"{self.name}-reader"),
            asyncio.create_task(self._ticker(), name=f"{self.name}-ticker"),
        ]

    async def _stop_tasks(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass

    async def close(self) -> None:
        self.closed = True
        await self._stop_tasks()
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 3)
            except Exception:
                pass
        self._fail_inflight()

    @property
    def alive(self) -> bool:
        return not self.closed

    async def reconnect(self, deadline: float, retry: float = 0.25) -> float | None:
        """What the browser does when its socket drops: connect again (through a proxy that may send
        it to another app process) until ``deadline``, then load the same page with the same query in
        the new session. Returns the time.monotonic() at which the page had loaded; None if not by then.
        """
        self.reconnects += 1  # a fresh session: the page's widget state is gone
        await self._stop_tasks()
        while time.monotonic() < deadline:
            try:
                await self.connect(timeout=max(0.5, min(5.0, deadline - time.monotonic())))
                break
            except Exception:  # refused, a 502 from the proxy, a timeout: try again
                await asyncio.sleep(retry)
        else:
            return None
        # A new server session: nothing of the old page is known there.
        self.nodes.clear()
        self.states.clear()
        self.pending.clear()
        self.pages.clear()
        self.auto_reruns.clear()
        self.run_started.clear()
        self.seq, self.page_hash, self.main_hash, self.inflight, self._widget_index = 0, "", "", None, None
        took = await self.open_page(self.page_name, self.query_string)
        return time.monotonic() if took is not None else None

    # ----------------------------------------------------------------- sending

    def _back_msg(self, fragment_id: str | None, auto: bool, page_hash: str | None = None) -> BackMsg:
        bm = BackMsg()
        cs = bm.rerun_script
        cs.query_string = self.query_string
        if page_hash is not None:
            cs.page_script_hash = page_hash
        elif self.page_hash:
            cs.page_script_hash = self.page_hash
        else:
            cs.page_name = self.page_name
        cs.widget_states.widgets.extend(self.states.values())
        if fragment_id:
            cs.fragment_id = fragment_id
        cs.is_auto_rerun = auto
        ci = cs.context_info
        ci.timezone = "Europe/Amsterdam"
        ci.timezone_offset = -60
        ci.locale = self.locale
        query = f"?{self.query_string}" if self.query_string else ""
        ci.url = f"http://{self.host}:{self.port}/{self.page_name}{query}"
        ci.is_embedded = False
        ci.color_scheme = "light"
        return bm

    async def _wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self.inflight is not None and not self.closed:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                await asyncio.wait_for(asyncio.shield(self.inflight.future), left)
            except (TimeoutError, asyncio.CancelledError, Exception):
                pass
        return not self.closed

    async def _send_run(
        self,
        kind: str,
        bm: BackMsg,
        *,
        wait: bool,
        fragment_id: str = "",
        on_send: Callable[[float], None] | None = None,
    ) -> float | None:
        """Send one rerun as the in-flight request; with ``wait``: its duration (None: timed out/closed)."""
        self.sends += 1
        if self.sends > self.max_sends:  # a hard cap on what one tab may send, whatever the scenario does
            self.stats.internal.append(f"{self.name}: max_sends reached, tab closed")
            self._spawn(self.close())
            return None
        loop = asyncio.get_running_loop()
        run = _Run(kind, time.monotonic(), loop.create_future(), fragment_id)
        self.inflight = run
        if on_send is not None:
            on_send(run.t0)
        try:
            await self.ws.send(bm.SerializeToString())
        except ConnectionClosed:
            self._on_closed()
            return None
        if not wait:
            return None
        return await self._await_run(run)

    async def _await_run(self, run: _Run, timeout: float | None = None) -> float | None:
        try:
            return await asyncio.wait_for(asyncio.shield(run.future), timeout or self.run_timeout)
        except TimeoutError:
            if self.inflight is run:
                self.stats.timeouts[run.kind] += 1
                self.inflight = None
            return None
        except Exception:
            return None

    async def rerun(self, *, fragment_id: str | None = None, kind: str = COMMAND, wait: bool = True) -> float | None:
        """A rerun with the current widget states (the browser's ``sendUpdateWidgetsMessage``)."""
        if not await self._wait_idle(self.run_timeout):
            return None
        return await self._send_run(kind, self._back_msg(fragment_id, False), wait=wait, fragment_id=fragment_id or "")

    async def open_page(self, page: str, query: str = "") -> float | None:
        """Load ``page`` (its url path, e.g. ``join``) with ``query`` (without ``?``); returns the load time.

        On a fresh connection this is the browser's first rerun (by page name); later it is a
        page change (by the target page's script hash, keeping only the main script's widgets).
        """
        if not await self._wait_idle(self.run_timeout):
            return None
        self.page_name, self.query_string = page, query
        target = self.pages.get(page)
        if self.seq > 0 and target:
            # onPageChange: drop the old page's elements and widget states, keep the main script's
            self.nodes = {p: n for p, n in self.nodes.items() if n.script == self.main_hash}
            self._widget_index = None
            self._remove_inactive()
            self.auto_reruns.clear()
            self.page_hash = target
            return await self._send_run(PAGE_LOAD, self._back_msg(None, False, page_hash=target), wait=True)
        self.page_hash = ""
        return await self._send_run(PAGE_LOAD, self._back_msg(None, False), wait=True)

    # ----------------------------------------------------------------- widgets

    def _index(self) -> dict[str, tuple]:
        if self._widget_index is None:
            index = {}
            for path, node in self.nodes.items():
                if not node.block and node.etype in INPUT_TYPES | BUTTON_TYPES:
                    key = node.key
                    if key is not None:
                        index[key] = path
            self._widget_index = index
        return self._widget_index

    def widget(self, key: str) -> Widget | None:
        path = self._index().get(key)
        node = self.nodes.get(path) if path is not None else None
        if node is None:
            return None
        m = node.msg
        return Widget(key, m.id, node.etype, m, getattr(m, "form_id", ""), node.frag, path)

    def widget_keys(self, prefix: str = "") -> list[str]:
        return sorted(k for k in self._index() if k.startswith(prefix))

    def set_value(self, key: str, value: Any) -> bool:
        """Set a widget's value as a user would (form widgets wait for the submit). False: no such widget.

        radio/selectbox: an option index or the option's label (sent as the label: in streamlit 1.67
        these widgets travel as ``string_value``); multiselect: indices or labels;
        checkbox/toggle: bool; text_input/text_area: str; number_input: float.
        """
        w = self.widget(key)
        if w is None:
            return False
        ws = WidgetState(id=w.id)
        if w.etype in ("radio", "selectbox"):
            ws.string_value = w.options[value] if isinstance(value, int) else str(value)
        elif w.etype == "multiselect":
            ws.string_array_value.data.extend(w.options[v] if isinstance(v, int) else str(v) for v in value)
        elif w.etype == "checkbox":
            ws.bool_value = bool(value)
        elif w.etype in ("text_input", "text_area"):
            ws.string_value = str(value)
        elif w.etype == "number_input":
            ws.double_value = float(value)
        else:
            raise ValueError(f"cannot set a {w.etype} ({key})")
        if w.form_id:
            self.pending[w.form_id][w.id] = ws
        else:
            self.states[w.id] = ws
        return True

    async def click(
        self, key: str, kind: str = COMMAND, on_send: Callable[[float], None] | None = None
    ) -> float | None:
        """Press a button or a form's submit button; returns the script run time (None: timed out/closed).

        Raises :class:`WidgetMissing` when no enabled button with ``key`` is on screen.
        ``on_send(t)`` is called with the send time (time.monotonic) right before the BackMsg goes out.
        """
        if not await self._wait_idle(self.run_timeout):
            return None
        w = self.widget(key)  # looked up after the in-flight run ended: what the user sees now
        if w is None or w.etype != "button" or w.msg.disabled:
            raise WidgetMissing(key)
        if w.is_submit and w.form_id:
            self.states.update(self.pending.pop(w.form_id, {}))
        self.states[w.id] = WidgetState(id=w.id, trigger_value=True)
        bm = self._back_msg(w.frag or None, False)
        del self.states[w.id]  # triggers are sent once
        return await self._send_run(kind, bm, wait=True, fragment_id=w.frag, on_send=on_send)

    # ----------------------------------------------------------------- waiting

    async def wait_for(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Wait until ``predicate()`` is truthy, checked after each finished run (bounded)."""
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                return None
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(left, 1.0))
            except TimeoutError:
                pass

    def elements(self, etype: str | None = None) -> list[Node]:
        return [n for n in self.nodes.values() if not n.block and (etype is None or n.etype == etype)]

    def inside(self, block_path: tuple) -> list[Node]:
        n = len(block_path)
        return [node for p, node in self.nodes.items() if len(p) > n and p[:n] == block_path]

    def blocks_with_key_prefix(self, prefix: str) -> list[Node]:
        out = []
        for node in self.nodes.values():
            if node.block and node.msg.id:
                key = user_key(node.msg.id)
                if key is not None and key.startswith(prefix):
                    out.append(node)
        return out

    # ----------------------------------------------------------------- receiving

    async def _reader(self) -> None:
        try:
            async for data in self.ws:
                self.stats.messages += 1
                self.stats.bytes += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
        except ConnectionClosed:
            pass
        finally:
            self._on_closed()

    def _on_closed(self) -> None:
        if not self.closed:
            self.closed = True
            self.stats.disconnects += 1
        self._fail_inflight()
        self._changed.set()

    def _fail_inflight(self) -> None:
        run, self.inflight = self.inflight, None
        if run is not None and not run.future.done():
            run.future.set_exception(ConnectionError("closed"))
            run.future.exception()  # mark retrieved

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "delta":
            self._on_delta(msg)
        elif kind == "new_session":
            self._on_new_session(msg)
        elif kind == "script_finished":
            self._on_finished(msg.script_finished)
        elif kind == "auto_rerun":
            ar = msg.auto_rerun
            if ar.fragment_id:
                cur = self.auto_reruns.get(ar.fragment_id)
                if cur is None or cur[0] != ar.interval:
                    self.auto_reruns[ar.fragment_id] = [ar.interval, time.monotonic() + ar.interval]
                    self._auto_changed.set()
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fid, None)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
            self._changed.set()
        elif kind == "navigation":
            nav = msg.navigation
            self.pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
            if nav.page_script_hash:
                self.page_hash = nav.page_script_hash
        elif kind == "page_not_found":
            self.stats.add_error(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "session_event":
            ev = msg.session_event
            which = ev.WhichOneof("type")
            if which == "script_compilation_exception":
                exc = ev.script_compilation_exception
                self.stats.add_error(f"{exc.type}: {exc.message}")
            elif which == "script_changed_on_disk":
                self.stats.source_changed += 1

    def _on_new_session(self, msg: ForwardMsg) -> None:
        ns = msg.new_session
        self.seq += 1
        self.run_started[self.seq] = time.monotonic()
        self.run_started.pop(self.seq - 50, None)
        self.main_hash = ns.main_script_hash
        self.run_fragments = list(msg.metadata.run.fragment_ids)
        if not self.run_fragments:  # a full app run: the browser clears every auto-rerun timer
            self.auto_reruns.clear()
            run = self.inflight
            if run is not None and run.kind == FRAGMENT_TICK:
                run.kind = FRAGMENT_TICK_FULL

    def _on_delta(self, msg: ForwardMsg) -> None:
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        which = delta.WhichOneof("type")
        now = time.monotonic()
        if which == "new_element":
            el = delta.new_element
            etype = el.WhichOneof("type")
            if etype is None:
                return
            sub = getattr(el, etype)
            old = self.nodes.get(path)
            if old is not None and old.block:  # an element replaced a block: its children go
                n = len(path)
                for p in [p for p in self.nodes if len(p) > n and p[:n] == path]:
                    del self.nodes[p]
            node = Node(path, False, etype, sub, delta.fragment_id, self.seq, now, msg.metadata.active_script_hash)
            self.nodes[path] = node
            if (
                etype in INPUT_TYPES
                or etype in BUTTON_TYPES
                or (old is not None and old.etype in INPUT_TYPES | BUTTON_TYPES)
            ):
                self._widget_index = None
            if etype in INPUT_TYPES:
                self._mount_widget(etype, sub)
            if etype == "exception":
                self.stats.add_error(node.text())
            elif etype == "alert" and sub.format == Alert.ERROR:
                self.stats.add_error(sub.body)
            for hook in self.hooks:
                try:
                    hook(self, node)
                except Exception as exc:  # a measuring hook must never stop the tab
                    self.stats.internal.append(f"hook failed: {exc!r}"[:300])
        elif which == "add_block":
            block = delta.add_block
            self.nodes[path] = Node(
                path,
                True,
                block.WhichOneof("type") or "",
                block,
                delta.fragment_id,
                self.seq,
                now,
                msg.metadata.active_script_hash,
            )

    def _mount_widget(self, etype: str, m: Any) -> None:
        wid = m.id
        if not wid:
            return
        if getattr(m, "set_value", False):  # the server set the value (session state): the widget follows
            ws = _default_state(etype, m)
            if ws is not None:
                self.states[wid] = ws
            else:
                self.states.pop(wid, None)
            form = getattr(m, "form_id", "")
            if form:
                self.pending.get(form, {}).pop(wid, None)
            return
        if wid in self.states:
            return
        form = getattr(m, "form_id", "")
        if form and wid in self.pending.get(form, {}):
            return
        ws = _default_state(etype, m)
        if ws is not None:
            self.states[wid] = ws

    def _on_finished(self, status: int) -> None:
        self.last_status = status
        if status not in _TERMINAL:
            return
        seq = self.seq
        if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            frags = set(self.run_fragments)
            stale = [p for p, n in self.nodes.items() if n.seq != seq and n.frag in frags]
        elif status == ForwardMsg.FINISHED_SUCCESSFULLY:
            stale = [p for p, n in self.nodes.items() if n.seq != seq]
        else:
            stale = []
        for p in stale:
            del self.nodes[p]
        if stale:
            self._widget_index = None
        self._remove_inactive()
        run, self.inflight = self.inflight, None
        if run is not None and not run.future.done():
            took = time.monotonic() - run.t0
            self.stats.add_run(run.kind, took)
            run.future.set_result(took)
        for hook in self.finish_hooks:
            try:
                hook(self)
            except Exception as exc:
                self.stats.internal.append(f"hook failed: {exc!r}"[:300])
        self._changed.set()

    def _remove_inactive(self) -> None:
        active = {
            n.msg.id for n in self.nodes.values() if not n.block and n.etype in INPUT_TYPES | BUTTON_TYPES and n.msg.id
        }
        for wid in [w for w in self.states if w not in active]:
            del self.states[wid]
        for form in list(self.pending):
            pend = self.pending[form]
            for wid in [w for w in pend if w not in active]:
                del pend[wid]
            if not pend:
                del self.pending[form]

    # ----------------------------------------------------------------- auto reruns

    async def _ticker(self) -> None:
        """The browser's setInterval per fragment: a fragment rerun every interval (bounded by close)."""
        while not self.closed:
            if not self.auto_reruns:
                self._auto_changed.clear()
                try:
                    await asyncio.wait_for(self._auto_changed.wait(), 1.0)
                except TimeoutError:
                    pass
                continue
            fid, (interval, due) = min(self.auto_reruns.items(), key=lambda kv: kv[1][1])
            wait = due - time.monotonic()
            if wait > 0:
                self._auto_changed.clear()
                try:
                    await asyncio.wait_for(self._auto_changed.wait(), min(wait, 1.0))
                except TimeoutError:
                    pass
                continue
            entry = self.auto_reruns.get(fid)
            if entry is None:
                continue
            entry[1] = max(due + interval, time.monotonic() + 0.05)
            if self.inflight is not None:
                self.stats.ticks_skipped_busy += 1
                continue
            bm = self._back_msg(fid, True)
            run = None
            try:
                await self._send_run(FRAGMENT_TICK, bm, wait=False, fragment_id=fid)
                run = self.inflight
            except Exception:
                return
            if run is not None:
                # a tick the server drops (its fragment is gone) must not block the tab for long
                self._spawn(self._await_run(run, self.tick_timeout))
