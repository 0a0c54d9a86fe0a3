"""Headless Debian Chromium via Playwright, Streamlit waiting, and axe-core checks.

Playwright's own browser downloads are impossible on this machine kind: we always
launch the Debian package's `/usr/bin/chromium` and never run `playwright install`.
"""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass

from playwright.sync_api import Browser, Page, Playwright

CHROMIUM_PATH = os.environ.get("DSHUB_TEST_CHROMIUM", "/usr/bin/chromium")

# Without the background-networking flags Chromium keeps trying to reach Google's
# hosts, which this machine's closed network refuses. `--no-sandbox` is needed as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DEFAULT_TIMEOUT_MS = 15_000


def launch_browser(playwright: Playwright) -> Browser:
    if not os.path.exists(CHROMIUM_PATH):
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM_PATH}. Install the Debian package "
            "(`apt-get install chromium`, done by scripts/test) or point "
            "DSHUB_TEST_CHROMIUM at a Chromium binary. Never `playwright install`."
        )
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)


# --------------------------------------------------------------------------- Streamlit

_APP_STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return null;
  return {
    script: app.getAttribute('data-test-script-state'),
    connection: app.getAttribute('data-test-connection-state'),
    statusWidget: !!document.querySelector('[data-testid="stStatusWidget"]'),
    exception: Array.from(document.querySelectorAll('[data-testid="stException"]'))
                    .map(e => e.innerText).join('\\n---\\n'),
  };
}"""


def wait_for_app(
    page: Page,
    timeout: float = 30.0,
    *,
    settle: float = 0.5,
    allow_exception: bool = False,
) -> None:
    """Wait until Streamlit has connected and finished running the script.

    Streamlit 1.67 marks `[data-testid="stApp"]` with `data-test-script-state`
    (`initial` -> `running` -> `notRunning`) and `data-test-connection-state`
    (`CONNECTED` once the websocket is up). The running-man `stStatusWidget` appears only
    after ~0.5 s of running, so it is a secondary check. Right after a click Streamlit
    needs a moment to flip to `running`, so the idle state must hold for `settle`
    seconds. For content, prefer Playwright's `expect(...)` which waits by itself.

    Raises AssertionError if an uncaught exception box (`stException`) is shown, unless
    `allow_exception` - a traceback must never reach a user.
    """
    deadline = time.monotonic() + timeout
    idle_since: float | None = None
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(_APP_STATE_JS)
        idle = (
            state is not None
            and state["connection"] == "CONNECTED"
            and state["script"] == "notRunning"
            and not state["statusWidget"]
        )
        now = time.monotonic()
        if idle:
            idle_since = idle_since or now
            if now - idle_since >= settle:
                if state["exception"] and not allow_exception:
                    raise AssertionError(f"Streamlit shows an exception on {page.url}:\n{state['exception']}")
                return
        else:
            idle_since = None
        time.sleep(0.05)
    raise TimeoutError(f"Streamlit app at {page.url} not idle after {timeout}s; last state {state}")


# --------------------------------------------------------------------------- axe-core

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}


@dataclass
class AxeFinding:
    rule: str
    impact: str
    help: str
    target: list[str]
    html: str
    message: str = ""

    @property
    def selector(self) -> str:
        return " >>> ".join(self.target)

    def __str__(self) -> str:
        text = f"[{self.impact}] {self.rule}: {self.help}\n    at {self.selector}\n    {self.html[:300]}"
        if self.message:
            text += f"\n    {self.message[:300]}"
        return text


def run_axe(page: Page, tags: list[str] | None = None) -> list[AxeFinding]:
    """Run axe-core on the current page and return one finding per violating node."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": tags or WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, options=options)
    response = results.response
    if "testEngine" not in response or "violations" not in response:
        raise RuntimeError(f"axe-core did not run properly on {page.url}: {str(response)[:500]}")
    findings = []
    for violation in response["violations"]:
        for node in violation["nodes"]:
            findings.append(
                AxeFinding(
                    rule=violation["id"],
                    impact=node.get("impact") or violation.get("impact") or "unknown",
                    help=violation["help"],
                    target=[t if isinstance(t, str) else " ".join(t) for t in node["target"]],
                    html=node.get("html", "").replace("\n", " "),
                    message="; ".join(
                        c["message"]
                        for c in node.get("any", []) + node.get("all", []) + node.get("none", [])
                        if c.get("message")
                    ),
                )
            )
    return findings


_HEADINGS_JS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .filter(h => h.offsetParent !== null || h.getClientRects().length > 0)
  .map(h => ({level: Number(h.tagName[1]), text: h.innerText.trim().slice(0, 80)}))"""

_LANG_JS = """() => {
  const checked = document.querySelector('.st-key-lang_switch input[type=radio]:checked');
  const label = checked ? checked.closest('label').innerText.trim() : null;
  return {html: document.documentElement.lang, chosen: label};
}"""
_LANG_OF_LABEL = {"Nederlands": "nl", "English": "en"}


def heading_problems(page: Page) -> list[str]:
    """WCAG 1.3.1 / 2.4.6: one h1 first, and no level skipped on the way down (h1 -> h3)."""
    headings = page.evaluate(_HEADINGS_JS)
    problems = []
    if not headings or headings[0]["level"] != 1:
        problems.append(f"the first heading is not an h1: {headings[:1]}")
    for before, after in itertools.pairwise(headings):
        if after["level"] > before["level"] + 1:
            problems.append(f"h{before['level']} {before['text']!r} -> h{after['level']} {after['text']!r}")
    return problems


def wait_for_page_lang(page: Page, timeout: float = 5.0) -> None:
    """``<html lang>`` must match the language chosen in the sidebar (WCAG 3.1.1); frame.js sets it."""
    deadline = time.monotonic() + timeout
    while True:
        state = page.evaluate(_LANG_JS)
        expected = _LANG_OF_LABEL.get(state["chosen"] or "")
        if expected is None or state["html"] == expected:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"<html lang={state['html']!r}> but the page is in {expected!r} ({page.url})")
        time.sleep(0.05)


def check_accessibility(page: Page, context_label: str) -> list[AxeFinding]:
    """Fail (AssertionError) on serious/critical WCAG 2.0/2.1 A+AA violations; there is no allowlist.

    Also fails when the headings skip a level or do not start with an h1 (axe rates that
    "moderate"), or when ``<html lang>`` is not the language the page is shown in.
    Minor and moderate axe findings are returned so a test can look at them if it wants.
    `context_label` names the page/state in the failure message, e.g. "join page (en)".
    """
    wait_for_page_lang(page)
    findings = run_axe(page)
    failing, tolerated = [], []
    for finding in findings:
        (failing if finding.impact in FAILING_IMPACTS else tolerated).append(finding)
    problems = [str(f) for f in failing] + [f"[heading order] {p}" for p in heading_problems(page)]
    if problems:
        details = "\n".join(problems)
        raise AssertionError(f"{len(problems)} accessibility problem(s) on {context_label} ({page.url}):\n{details}")
    return tolerated


# --------------------------------------------------------------------------- fit

PHONE = {"width": 375, "height": 812}
PROJECTOR = {"width": 1280, "height": 720}

# Elements in the main area that reach past the viewport, and chart texts that reach past their chart
# (plotly cuts those off). An element inside a box that scrolls (our tables) or clips (a progress bar's
# fill) does not widen the page; the box itself is checked.
FIT_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p.getAttribute('data-testid') !== 'stMain'; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => [el.getAttribute('data-testid') || el.tagName, String(el.className.baseVal ?? el.className).slice(0, 60),
                        Math.round(el.getBoundingClientRect().right), (el.textContent || '').trim().slice(0, 40)].join(' ');
  const wide = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 1 || r.left < -1) && !scrolls(el)) wide.push(name(el));
  }
  const clipped = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    for (const t of plot.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0 || !t.textContent.trim()) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        clipped.push(t.textContent.trim().slice(0, 40));
    }
  }
  return {page: document.documentElement.scrollWidth - vw, wide, clipped};
}"""


def assert_fits(page: Page, label: str) -> None:
    """Nothing in the main area past the screen's edge, no chart text cut off (see FIT_JS)."""
    wait_for_app(page)
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    found = page.evaluate(FIT_JS)
    assert found["page"] <= 0 and not found["wide"], f"{label}: wider than the screen: {found['wide'][:8]}"
    assert not found["clipped"], f"{label}: chart text cut off: {found['clipped'][:8]}"
