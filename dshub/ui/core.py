"""Shared Streamlit resources and helpers: database, content, language, errors, plain text."""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import html
import logging
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st
from sqlalchemy.exc import OperationalError

from dshub.config import settings
from dshub.content import ContentBundle, ContentError, load_content
from dshub.errors import UserError
from dshub.i18n import normalize_lang, t
from dshub.store.db import Database
from dshub.store.migrate import upgrade

log = logging.getLogger("dshub")

LANG_KEY = "lang"
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
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalize_lang(st.query_params.get("lang") or settings().default_lang)
    return st.session_state[LANG_KEY]


def tr(key: str, **params: object) -> str:
    return t(key, lang(), **params)


def language_switch() -> None:
    current = lang()
    st.sidebar.radio(
        tr("app.language"),
        options=list(LANG_LABELS),
        format_func=LANG_LABELS.get,
        index=list(LANG_LABELS).index(current),
        horizontal=True,
        key="lang_switch",
        on_change=_switch_lang,
    )


def _switch_lang() -> None:
    st.session_state[LANG_KEY] = st.session_state["lang_switch"]


# --------------------------------------------------------------------------- errors


def show_user_error(exc: UserError) -> None:
    """Show the translated message; every text parameter (a title, a team name) is shown literally."""
    params = {k: (tr(f"field.{v}") if k == "field" else plain(v) if isinstance(v, str) else v)
              for k, v in exc.params.items()}
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
    return hashlib.sha256(ident.encode()).hexdigest()[:32]


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


def show_flash() -> None:
    for message in st.session_state.pop("_flash", []):
        st.toast(message, icon=":material/check_circle:")


_STYLE = Path(__file__).with_name("style.css").read_text(encoding="utf-8")


def inject_style() -> None:
    """Our CSS, and the page language on <html> (Streamlit always serves lang="en"; WCAG 3.1.1)."""
    st.html(f"<style>{_STYLE}</style>")
    st.html(f"<script>document.documentElement.lang = '{lang()}';</script>", unsafe_allow_javascript=True)


def labeller(prefix: str):
    """A ``format_func`` for option ids: ``labeller("role")("policy") -> tr("role.policy")``.

    The language is fixed when the labeller is made, because Streamlit may call
    ``format_func`` outside the script run, where session state is not available.
    """
    current = lang()
    return lambda option: t(f"{prefix}.{option}", current)


def table(frame, caption: str) -> None:
    """An accessible HTML table (real <th>, caption), escaped; scrolls sideways by keyboard when wide.

    Streamlit's st.table puts wide tables in a scroll box that keyboard users cannot reach
    (axe: scrollable-region-focusable), so we render the table ourselves.
    """
    body = frame.to_html(index=False, escape=True, na_rep="–", border=0, classes="dshub-table")
    body = re.sub(r"<table[^>]*>", f'<table class="dshub-table"><caption>{html.escape(caption)}</caption>',
                  body, count=1)
    st.html(f'<div class="dshub-table-wrap" role="region" tabindex="0" aria-label="{html.escape(caption)}">'
            f"{body}</div>")
