"""What operators rely on: request logging with ids, ProxyFix, the data folder, and the
engine settings that keep a database in trouble from hanging a worker."""

import json
import logging
import subprocess
import sys

import pytest

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.extensions import engine_options

from .conftest import PROJECT


def test_each_request_is_logged_once_with_its_request_id(app, client, caplog):
    with caplog.at_level(logging.INFO, logger="requests"):
        response = client.get("/login", headers={"X-Request-ID": "lb-1234.abc"})
    assert response.headers["X-Request-ID"] == "lb-1234.abc"
    lines = [r for r in caplog.records if r.name == "requests"]
    assert len(lines) == 1
    assert lines[0].request_id == "lb-1234.abc"
    assert '"GET /login" 200' in lines[0].getMessage()


def test_a_request_id_that_could_forge_log_lines_is_replaced(client):
    response = client.get("/login", headers={"X-Request-ID": 'x" level=ERROR msg="forged'})
    assert response.headers["X-Request-ID"].isalnum()
    assert len(response.headers["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_fields(settings, tmp_path):
    # A subprocess: the format is process-wide, and its stderr is what a collector reads.
    script = (
        "from {{ cookiecutter.package_name }} import create_app\n"
        f"app = create_app({dict(settings, LOG_FORMAT='json')!r})\n"
        "app.test_client().get('/healthz')\n"
        "app.test_client().get('/login', headers={'X-Request-ID': 'req-7'})\n"
        "app.logger.info('hello from the app')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    request = next(e for e in entries if e.get("path") == "/login")
    assert request["request_id"] == "req-7" and request["status"] == 200
    assert request["method"] == "GET" and isinstance(request["duration_ms"], float)
    assert any(e["message"] == "hello from the app" for e in entries), "app INFO lines hidden"
    assert not any(e.get("path") == "/healthz" for e in entries), "probes flood the log"


@pytest.mark.parametrize("hops, expected_addr", [(0, "127.0.0.1"), (1, "203.0.113.9")])
def test_proxy_headers_are_trusted_only_as_configured(settings, hops, expected_addr):
    settings["TRUSTED_PROXIES"] = str(hops)
    app = create_app(settings)

    @app.get("/whoami")
    def whoami():
        from flask import request, url_for

        return {"addr": request.remote_addr, "url": url_for("health.healthz", _external=True)}

    forwarded = {
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "app.example.com",
    }
    seen = app.test_client().get("/whoami", headers=forwarded).get_json()
    assert seen["addr"] == expected_addr
    if hops:
        assert seen["url"] == "https://app.example.com/healthz"
    else:
        assert seen["url"].startswith("http://localhost/")


def test_the_default_sqlite_file_lives_in_the_data_folder(settings, tmp_path):
    settings.update(DATABASE_URL="", DATA_DIR=str(tmp_path / "data-here"))
    app = create_app(settings)
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'data-here' / 'app.sqlite3'}"
    assert app.instance_path == str(tmp_path / "data-here")
    assert (tmp_path / "data-here").is_dir()


def test_a_relative_data_folder_is_under_the_project_root(settings):
    settings.update(DATA_DIR="var/data")
    assert create_app(settings).instance_path == str(PROJECT / "var" / "data")


def test_engine_waits_are_bounded():
    sqlite = engine_options("sqlite:///x.db", 1.5)
    assert sqlite["pool_pre_ping"] and sqlite["connect_args"] == {"timeout": 1.5}
    postgres = engine_options("postgresql+psycopg://u@h/db", 1.5)
    assert postgres["pool_pre_ping"] and postgres["pool_timeout"] == 1.5
    assert postgres["connect_args"]["connect_timeout"] <= 2
    assert "lock_timeout=1500" in postgres["connect_args"]["options"]

{%- if cookiecutter.database == "sqlite" %}


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(app):
    from sqlalchemy import text

    from {{ cookiecutter.package_name }}.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 1500
{%- endif %}
