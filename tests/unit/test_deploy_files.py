"""The deployment files (Dockerfile, compose.yaml, deploy/nginx.conf) stay consistent with the code.

deploy/nginx.conf is rendered from the one nginx template (dshub/serve/nginx.conf.j2); a change to
the template without regenerating the file fails here. When Debian's nginx is installed, it must
accept the configuration that scripts/serve renders (Debian's 1.22 does not know the containers'
`resolve`, so only the loopback variant is checked with it).
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from dshub import cli
from dshub.serve import nginx
from tests.support import REPO_ROOT

DEPLOY_CONF = REPO_ROOT / "deploy" / "nginx.conf"
NGINX_CONF_ARGS = [
    "nginx-conf",
    "--upstream",
    "app:8501",
    "--listen",
    "8501",
    "--resolver",
    "127.0.0.11",
    "--tries",
    "3",
]
REGENERATE = f"python -m dshub {shlex.join(NGINX_CONF_ARGS)} > deploy/nginx.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _nginx_conf_command_output(capsys) -> str:
    capsys.readouterr()
    assert cli.main(NGINX_CONF_ARGS) == 0
    return capsys.readouterr().out


def test_deploy_nginx_conf_is_the_templates_current_output(capsys):
    expected = _nginx_conf_command_output(capsys)
    assert expected == nginx.render(
        upstreams=["app:8501"], listen="8501", resolver="127.0.0.11", tries=3, health_url=None, run_dir=None, user=None
    )
    actual = DEPLOY_CONF.read_text() if DEPLOY_CONF.exists() else ""
    assert actual == expected, (
        f"deploy/nginx.conf differs from what dshub/serve/nginx.conf.j2 renders now; regenerate it "
        f"with:\n    {REGENERATE}"
    )


def test_deploy_nginx_conf_follows_the_app_replicas_by_name():
    text = nginx.render(upstreams=["app:8501"], listen="8501", resolver="127.0.0.11", tries=3)
    assert "resolver 127.0.0.11" in text
    assert "server app:8501 " in text and " resolve;" in text
    assert "zone dshub_app" in text  # `resolve` needs a shared-memory zone
    assert "proxy_next_upstream_tries 3;" in text
    assert "listen 8501;" in text
    assert "/_stcore/health" not in text  # no supervisor in containers: the app processes answer it
    assert "access_log off;" in text


def test_the_nginx_conf_command_repeats_upstreams_and_defaults_tries_to_all_of_them(capsys):
    capsys.readouterr()
    assert (
        cli.main(
            [
                "nginx-conf",
                "--upstream",
                "127.0.0.1:1",
                "--upstream",
                "127.0.0.1:2",
                "--upstream",
                "127.0.0.1:3",
                "--listen",
                "127.0.0.1:8999",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert [line.split()[1] for line in out.splitlines() if line.strip().startswith("server 127.")] == [
        "127.0.0.1:1",
        "127.0.0.1:2",
        "127.0.0.1:3",
    ]
    assert "proxy_next_upstream_tries 3;" in out
    assert " resolve;" not in out and "resolver " not in out


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "compose.yaml").read_text())


def test_compose_has_db_migrate_app_and_proxy(compose):
    assert {"db", "migrate", "app", "proxy"} <= set(compose["services"])


def test_compose_migrates_once_before_the_app_starts(compose):
    services = compose["services"]
    migrate, app = services["migrate"], services["app"]
    assert migrate["command"] == ["python", "-m", "dshub", "init-db"]
    assert migrate["restart"] == "no"  # a string: a bare `no` in YAML would be False
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "init-db" not in json.dumps(app.get("command", ""))
    assert migrate["image"] == app["image"]


def test_compose_checks_the_health_of_db_and_app(compose):
    services = compose["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "/_stcore/health" in " ".join(services["app"]["healthcheck"]["test"])
    assert services["proxy"]["depends_on"]["app"]["condition"] == "service_healthy"


def test_compose_requires_the_secrets_and_keeps_the_app_behind_the_proxy(compose):
    services = compose["services"]
    app, proxy = services["app"], services["proxy"]
    assert "${DSHUB_DB_PASSWORD:?" in services["db"]["environment"]["POSTGRES_PASSWORD"]
    assert "${DSHUB_DB_PASSWORD:?" in app["environment"]["DSHUB_DATABASE_URL"]
    assert app["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"].startswith("${STREAMLIT_SERVER_COOKIE_SECRET:?")
    assert app["deploy"]["replicas"] == "${DSHUB_REPLICAS:-2}"
    assert "ports" not in app
    assert proxy["ports"] == ["${DSHUB_PORT:-8501}:8501"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments left out."""
    instructions, current = [], ""
    for line in (REPO_ROOT / "Dockerfile").read_text().splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line.rstrip().removesuffix("\\") + " "
        if not line.rstrip().endswith("\\"):
            keyword, _, args = current.strip().partition(" ")
            instructions.append((keyword.upper(), args.strip()))
            current = ""
    return instructions


def test_dockerfile_runs_as_a_non_root_user_with_a_health_check():
    instructions = _dockerfile()
    users = [args for keyword, args in instructions if keyword == "USER"]
    assert users, "the Dockerfile must switch to a non-root USER"
    assert users[-1].split(":")[0] not in ("root", "0")
    health = [args for keyword, args in instructions if keyword == "HEALTHCHECK"]
    assert health and "/_stcore/health" in health[-1] and not health[-1].upper().startswith("NONE")
    cmd = json.loads(next(args for keyword, args in reversed(instructions) if keyword == "CMD"))
    assert cmd[:3] == ["streamlit", "run", "app.py"]
    assert not any(keyword == "ENTRYPOINT" for keyword, _ in instructions)
    assert "init-db" not in json.dumps(cmd)  # migrating is a separate step, never the app's start


def test_dockerignore_leaves_out_local_state_and_secrets():
    ignored = {line.strip() for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()}
    assert {".git", ".venv", "var/", "tests/", "bench/", ".streamlit/secrets.toml", ".env"} <= ignored


@pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (the Debian package `nginx`; scripts/serve installs it)"
)
def test_debian_nginx_accepts_the_configuration_scripts_serve_renders(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        nginx.render(
            upstreams=["127.0.0.1:1", "127.0.0.1:2"],
            listen="127.0.0.1:8999",
            health_url="http://127.0.0.1:3/health",
            run_dir=tmp_path,
        )
    )
    proc = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", "stderr"], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, f"nginx -t refused {conf}:\n{proc.stderr}\n--- config ---\n{conf.read_text()}"
    assert "test is successful" in proc.stderr


def test_every_way_to_run_dshub_installs_what_the_pdf_reports_need():
    from dshub.reports.pdf import DEBIAN_PACKAGES

    packages = next(args for keyword, args in _dockerfile() if keyword == "RUN" and "apt-get install" in args)
    assert set(DEBIAN_PACKAGES) <= set(packages.split())
    for script in ("run", "serve", "test"):
        text = (REPO_ROOT / "scripts" / script).read_text().replace("\\\n", " ")
        calls = [line.split()[1:] for line in text.splitlines() if line.startswith("dshub_debian_packages")]
        assert calls and set(DEBIAN_PACKAGES) <= set(calls[0]), script
    assert "weasyprint" in (REPO_ROOT / "requirements.txt").read_text()
