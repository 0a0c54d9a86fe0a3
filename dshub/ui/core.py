"""Shared Streamlit resources and helpers: database, content, language, errors, plain text."""

from __future__ import annotations

import contextlib
import functools
import html
import ipaddress
import json
import logging
import re
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import streamlit as st
from sqlalchemy.exc import OperationalError

from dshub import charts, security
from dshub.config import settings
from dshub.content import ContentBundle, ContentError, Problem, load_content
from dshub.errors import UserError
from dshub.i18n import normalize_lang, t
from dshub.services import secrets as secrets_service
from dshub.store.db import Database
from dshub.store.migrate import upgrade

# Streamlit made its own plotly template the default on import; the app draws every chart with its own.
charts.make_default()

log = logging.getLogger("dshub")

LANG_KEY = "lang"
# The tab icon, served by the app itself: a Material icon as page_icon would make every browser fetch it
# from fonts.gstatic.com, and a room's wifi may have no internet (tests/browser/test_hub_knowledge.py).
FAVICON = str(Path(__file__).with_name("assets") / "favicon.png")
LANG_LABELS = {"nl": "Nederlands", "en": "English"}


@st.cache_resource(show_spinner=False)
def get_db() -> Database:
    """One engine per server process; the schema is brought up to date once, at first use."""
    url = settings().database_url
    upgrade(url)
    return Database(url)


@st.cache_resource(show_spinner=False)
def _content() -> ContentBundle | ContentError:
    try:
        return load_content(settings().content_dir)
    except ContentError as exc:
        log.error("content invalid: %s", exc.message)
        return exc
    except Exception as exc:  # never a traceback on every page: the same one message
        log.exception("content could not be loaded")
        return ContentError(
            [
                Problem(
                    str(settings().content_dir),
                    "",
                    None,
                    f"the content could not be loaded ({type(exc).__name__})",
                    "run 'python -m dshub validate' and see the server log",
                )
            ]
        )


def check_settings() -> None:
    """A setting that was given but cannot be used: show it on every page and stop (no traceback)."""
    problems = settings().problems
    if problems:
        st.error(tr("app.settings_broken"))
        st.code("\n".join(problems), language=None)
        st.stop()


def get_content() -> ContentBundle:
    """The validated content; if any file is broken, show the one clear message and stop the page."""
    result = _content()
    if isinstance(result, ContentError):
        st.error(tr("app.content_broken"))
        st.code(result.message, language=None)
        st.stop()
    return result


# --------------------------------------------------------------------------- language


def lang() -> str:
    """The user's language (cheap: it is called for every text; :func:`sync_lang` reads the address)."""
    current = st.session_state.get(LANG_KEY)  # one look-up: session state takes a lock per access
    if current is None:
        sync_lang()
        current = st.session_state[LANG_KEY]
    return current


def sync_lang() -> None:
    """Once per run (app.py): the address (``?lang=``) decides, so a reload and a shared link keep the
    language; the session remembers it for pages opened without it (Streamlit's navigation drops the query)."""
    asked = (st.query_params.get("lang") or "").lower()
    if asked in LANG_LABELS:
        st.session_state[LANG_KEY] = asked
    elif LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalize_lang(settings().default_lang)


def keep_lang_in_url() -> None:
    """Write the language into the address unless it is the default and nobody asked for another."""
    current = lang()
    if current != settings().default_lang or "lang" in st.query_params:
        if st.query_params.get("lang") != current:
            st.query_params["lang"] = current


def lang_param() -> dict[str, str]:
    """``{"lang": ...}`` for a link the app makes, empty for the default language (short links)."""
    current = lang()
    return {} if current == settings().default_lang else {"lang": current}


def page_link(page: str, label: str, icon: str | None = None, **query: str | None) -> None:
    """``st.page_link`` that carries the user's language, so a link opened in a new tab keeps it."""
    params = {k: v for k, v in query.items() if v is not None} | lang_param()
    st.page_link(page, label=label, icon=icon, query_params=params or None)


def tr(key: str, **params: object) -> str:
    return t(key, lang(), **params)


def language_switch() -> None:
    st.session_state["lang_switch"] = lang()  # follows the address too (a link with ?lang= in this session)
    st.sidebar.radio(
        tr("app.language"),
        options=list(LANG_LABELS),
        format_func=LANG_LABELS.get,
        horizontal=True,
        key="lang_switch",
        on_change=_switch_lang,
    )


def _switch_lang() -> None:
    chosen = st.session_state["lang_switch"]
    st.session_state[LANG_KEY] = chosen
    st.query_params["lang"] = chosen


# --------------------------------------------------------------------------- errors


def show_user_error(exc: UserError) -> None:
    """Show the translated message; every text parameter (a title, a team name) is shown literally."""
    params = {
        k: (tr(f"field.{v}") if k == "field" else plain(v) if isinstance(v, str) else v) for k, v in exc.params.items()
    }
    st.error(tr(exc.key, **params), icon=":material/error:")


def guarded(fn):
    """Run ``fn``; a UserError becomes a translated message, anything else is logged, never shown raw.

    Streamlit's own control flow (rerun, stop, page switch) derives from BaseException and passes through.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            show_user_error(exc)
        except OperationalError:
            log.exception("database unavailable")
            st.error(tr("app.db_unavailable"), icon=":material/cloud_off:")
        except Exception:
            log.exception("unexpected error")
            st.error(tr("error.generic"), icon=":material/error:")
        return None

    return wrapper


# --------------------------------------------------------------------------- misc helpers

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Escape user text for st.markdown so it is shown literally (no links, images, formatting)."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def _hashed(ident: str) -> str:
    """A keyed hash (HMAC) of a client id: a stored bucket does not give its address back
    (see :mod:`dshub.services.secrets`)."""
    return security.keyed_hash(secrets_service.client_hash_key(get_db()), ident)


def session_bucket() -> str:
    """A hashed id of this browser session, for the tight per-client limits (join codes).

    Every tab and device has its own, so one guessing client is stopped without touching
    anyone else on the same network. A reload starts a new session: the wider per-address
    limit (:func:`address_bucket`) is what stops a script that keeps reconnecting.
    """
    ident = st.session_state.setdefault("_rate_client", secrets.token_hex(16))  # random, lives with the session
    return _hashed(f"session:{ident}")


def address_bucket() -> str:
    """A hashed id of the client's network, for wide limits only (the address is never stored).

    Behind a proxy or on a municipal network a whole room shares one address. An IPv6
    client counts by its /64 network (one home or office gets a whole /64 and could
    otherwise step through it); a client Streamlit cannot place shares one bucket, so a
    proxy that hides addresses does not switch the wide limit off.
    """
    ip = st.context.ip_address
    try:
        address = ipaddress.ip_address(ip) if isinstance(ip, str) and ip else None
    except ValueError:
        address = None
    if address is None:
        return _hashed("address:unknown")
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return _hashed(f"address:{address.ipv4_mapped}")
        return _hashed(f"address:{ipaddress.ip_network(f'{address}/64', strict=False)}")
    return _hashed(f"address:{address}")


def client_bucket() -> str:
    """The strict bucket for the administrator key: the client's network (see :func:`address_bucket`).

    Only one person needs the admin key, so an address-wide limit cannot lock a room out, and
    a new session (a reload) does not buy new guesses.
    """
    return address_bucket()


def base_url() -> str:
    """Public base URL for links: configured, else derived from the browser's address."""
    configured = settings().base_url
    if configured:
        return configured
    url = st.context.url or "http://localhost:8501"
    parts = urlsplit(url)
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "")


def flash(message: str) -> None:
    """Show ``message`` as a toast after the next rerun."""
    st.session_state.setdefault("_flash", []).append(message)


def request_focus(name: str) -> None:
    """After this action, the next :func:`focus_point` called ``name`` takes the keyboard focus.

    Streamlit redraws the page after a form is sent; the button that had the focus is gone and
    the focus falls to <body> (a keyboard or screen-reader user is lost). The confirmation takes it.
    """
    st.session_state["_focus"] = name


@contextlib.contextmanager
def focus_point(name: str):
    """``with focus_point(name): st.success(...)``: a container (key ``focus_<name>``) that takes the
    keyboard focus, once its content is drawn, if :func:`request_focus` asked for it."""
    with st.container(key=f"focus_{name}"):
        yield
        if st.session_state.get("_focus") == name:
            del st.session_state["_focus"]
            nonce = st.session_state["_focus_nonce"] = st.session_state.get("_focus_nonce", 0) + 1
            # The nonce makes every request a new script, so it runs again.
            st.html(
                f"<script>/* {nonce} */ (function () {{ const el = document.querySelector('.st-key-focus_{name}');"
                " if (el) { el.tabIndex = -1; el.focus(); } })();</script>",
                unsafe_allow_javascript=True,
            )


def show_flash() -> None:
    for message in st.session_state.pop("_flash", []):
        st.toast(message, icon=":material/check_circle:")


_STYLE = Path(__file__).with_name("style.css").read_text(encoding="utf-8")
# Sent with every full run: without its comment lines and indentation (a third of the size).
_FRAME_JS = "\n".join(
    line.strip()
    for line in Path(__file__).with_name("frame.js").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.strip().startswith("//")
)

# Streamlit's own interface texts that frame.js puts into the user's language: where to look,
# and the message keys whose English side is Streamlit's exact text.
_STREAMLIT_TEXTS = (
    ('[data-testid="stSkipToContent"]', None, ("app.skip_to_content",)),
    (
        '[data-testid="InputInstructions"]',
        None,
        (
            "streamlit.enter_submit",
            "streamlit.enter_apply",
            "streamlit.ctrl_enter_submit",
            "streamlit.ctrl_enter_apply",
        ),
    ),
    (
        '[data-testid="stFileUploader"]',
        None,
        ("streamlit.drop_file", "streamlit.drop_files", "streamlit.upload_limit", "streamlit.browse_files"),
    ),
    ("[aria-label]", "aria-label", ("streamlit.help_for", "streamlit.help")),
)


@functools.cache
def _frame_script(current: str) -> str:
    rules = [
        {"scope": scope, "attr": attr, "texts": [{lg: t(key, lg) for lg in LANG_LABELS} for key in keys]}
        for scope, attr, keys in _STREAMLIT_TEXTS
    ]
    config = json.dumps({"lang": current, "rules": rules}, ensure_ascii=False).replace("<", "\\u003c")
    # Streamlit sanitises st.html with DOMPurify, which drops a <script> whose text holds "<" followed
    # by a letter or "/" (it takes that for smuggled markup): neither the script nor its data may.
    return f"<script>{_FRAME_JS.replace('__DSHUB_FRAME_CONFIG__', config)}</script>"


def inject_style() -> None:
    """Our CSS, and the frame script: ``<html lang>`` and Streamlit's own texts in the user's language."""
    st.html(f"<style>{_STYLE}</style>")
    st.html(_frame_script(lang()), unsafe_allow_javascript=True)


def labeller(prefix: str):
    """A ``format_func`` for option ids: ``labeller("role")("policy") -> tr("role.policy")``.

    The language is fixed when the labeller is made, because Streamlit may call
    ``format_func`` outside the script run, where session state is not available.
    """
    current = lang()
    return lambda option: t(f"{prefix}.{option}", current)


def label_of(labels: Mapping[Any, str]) -> Callable[[Any], str]:
    """A ``format_func`` for options that are the keys of ``labels``: exactly ``labels.get``.

    A value that is not an option (a widget state left from an earlier run) formats as ``None``, which
    Streamlit's serializers treat as matching no option. Streamlit's ``Callable[[Any], str]`` does not
    admit that ``None``, hence the cast; every option itself does get a ``str``.
    """
    return cast(Callable[[Any], str], labels.get)


#: How every chart is drawn: no toolbar over its title (:func:`show_chart`).
CHART_CONFIG = {"displayModeBar": False}


def show_chart(fig, key: str, summary: str, *, config: dict | None = None) -> None:
    """A plotly figure as every page draws one, with ``summary`` (its text alternative) as the
    chart's accessible name. The caller also shows the summary or the table as text.

    ``theme=None``: the figure keeps the app's chart template (:mod:`dshub.charts`); Streamlit's
    chart theme would turn the dark tick labels light grey and small, too little contrast.
    ``config`` adds to :data:`CHART_CONFIG` (e.g. no scroll zoom on a map).
    """
    st.plotly_chart(fig, key=key, config={**CHART_CONFIG, **(config or {})}, alt=summary, theme=None)


def table(frame, caption: str) -> None:
    """An accessible HTML table (real <th>, caption), escaped; scrolls sideways by keyboard when wide.

    Streamlit's st.table puts wide tables in a scroll box that keyboard users cannot reach
    (axe: scrollable-region-focusable), so we render the table ourselves.
    """
    body = frame.to_html(index=False, escape=True, na_rep="–", border=0, classes="dshub-table")
    body = re.sub(
        r"<table[^>]*>", f'<table class="dshub-table"><caption>{html.escape(caption)}</caption>', body, count=1
    )
    st.html(
        f'<div class="dshub-table-wrap" role="region" tabindex="0" aria-label="{html.escape(caption)}">{body}</div>'
    )
