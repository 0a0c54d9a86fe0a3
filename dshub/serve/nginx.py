"""The nginx configuration in front of the app processes: one template (nginx.conf.j2), two uses.

`python -m dshub serve` renders it for its own processes on loopback; `deploy/nginx.conf` (for
compose.yaml) is rendered from it too, and a test keeps that file equal to the template's output.
"""

from __future__ import annotations

from pathlib import Path

FAIL_TIMEOUT_S = 5


def render(
    *,
    upstreams: list[str],
    listen: str,
    health_url: str | None = None,
    run_dir: Path | None = None,
    user: str | None = None,
    resolver: str | None = None,
    tries: int | None = None,
    expose_upstream: bool = False,
) -> str:
    """nginx.conf for `upstreams` ("host:port" each).

    health_url: the supervisor's all-processes check, asked by /_stcore/health requests without a
    route cookie (monitoring); browsers ask their own process. None: the app processes answer all. run_dir: folder for the pid file and temp files (None: nginx's
    own). resolver: a DNS server, so upstream names are resolved again while nginx runs (containers).
    tries: how many processes one request may try (default: all of them).
    """
    from urllib.parse import urlsplit

    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("nginx.conf.j2").render(
        upstreams=upstreams,
        listen=listen,
        health_server=urlsplit(health_url).netloc if health_url else None,
        run_dir=run_dir,
        user=user,
        resolver=resolver,
        tries=tries or max(2, len(upstreams)),
        expose_upstream=expose_upstream,
        fail_timeout=FAIL_TIMEOUT_S,
    )
