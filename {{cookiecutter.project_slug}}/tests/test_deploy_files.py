"""The deployment files, checked without a Docker engine: they parse, every variable they
give the app is a setting it reads, the image runs what gunicorn.conf.py expects, and the
proxy points at services that exist."""

import json
import re
import runpy

import yaml

from {{ cookiecutter.package_name }}.settings import DEFAULTS
from {{ cookiecutter.package_name }}.soketi import redis_adapter_env, webhooks_setting

from .conftest import PROJECT

GUNICORN_VARIABLES = {"PORT", "HOST", "WEB_CONCURRENCY"}


def compose() -> dict:
    return yaml.safe_load((PROJECT / "compose.yaml").read_text())


def dockerfile_lines() -> list[str]:
    return [line.strip() for line in (PROJECT / "Dockerfile").read_text().splitlines()]


def test_every_app_variable_in_compose_is_a_setting():
    services = compose()["services"]
    for name in ("app-1", "app-2", "migrate"):
        unknown = set(services[name]["environment"]) - set(DEFAULTS) - GUNICORN_VARIABLES
        assert unknown == set(), f"{name} sets variables the app never reads: {unknown}"


def test_env_example_names_only_settings():
    names = re.findall(r"^([A-Z_]+)=", (PROJECT / ".env.example").read_text(), re.MULTILINE)
    assert set(names) <= set(DEFAULTS), set(names) - set(DEFAULTS)


def test_soketi_nodes_share_redis_with_the_same_settings_the_dev_runner_uses():
    services = compose()["services"]
    expected = set(redis_adapter_env("redis://redis:6379/0")) | {"SOKETI_EVENT_MAX_SIZE_IN_KB"}
    for name in ("soketi-1", "soketi-2"):
        environment = services[name]["environment"]
        assert expected <= set(environment), expected - set(environment)
        assert environment["SOKETI_DEFAULT_APP_USER_AUTHENTICATION"] == "true"
        assert environment["SOKETI_ADAPTER_DRIVER"] == "redis"
        # Emulated watchlist events need exactly the presence webhooks, sent to the app.
        hooks = json.loads(environment["SOKETI_DEFAULT_APP_WEBHOOKS"])
        assert hooks == json.loads(webhooks_setting("http://proxy:8080/pusher/webhooks"))
    assert services["app-1"]["environment"]["WATCHLIST_EVENTS"] == "emulated"


def test_the_image_is_multi_stage_non_root_and_runs_the_gunicorn_config():
    lines = dockerfile_lines()
    assert sum(line.startswith("FROM ") for line in lines) >= 3
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert lines[-1] == 'CMD ["gunicorn", "-c", "gunicorn.conf.py"]'
    assert "COPY gunicorn.conf.py alembic.ini ./" in lines
    config = runpy.run_path(str(PROJECT / "gunicorn.conf.py"))
    assert config["wsgi_app"] == "{{ cookiecutter.package_name }}:create_app()"
    exposed = next(line.split()[1] for line in lines if line.startswith("EXPOSE "))
    assert config["bind"] == [f"0.0.0.0:{exposed}"]
    assert config["graceful_timeout"] >= 10


def test_gunicorn_config_reads_port_and_worker_count(monkeypatch):
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    config = runpy.run_path(str(PROJECT / "gunicorn.conf.py"))
    assert config["bind"] == ["0.0.0.0:9123"] and config["workers"] == 5


def test_the_proxy_config_names_services_that_exist():
    services = compose()["services"]
    nginx = (PROJECT / "deploy" / "nginx.conf").read_text()
    upstreams = set(re.findall(r"server ([a-z0-9-]+):\d+", nginx))
    assert upstreams == {"app-1", "app-2", "soketi-1", "soketi-2"}
    assert upstreams <= set(services)
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["proxy"]["volumes"]
    assert services["migrate"]["command"] == ["alembic", "upgrade", "head"]
    migrated_first = services["app-1"]["depends_on"]["migrate"]["condition"]
    assert migrated_first == "service_completed_successfully"
