import os
import shutil
import subprocess
import sys

import pytest

from {{ cookiecutter.package_name }}.settings import SettingsError, load_settings

from .conftest import PROJECT

BASE = {
    "SECRET_KEY": "s" * 40,
    "PUSHER_APP_ID": "id",
    "PUSHER_APP_KEY": "key",
    "PUSHER_APP_SECRET": "secret",
}


@pytest.mark.parametrize("missing", sorted(BASE))
def test_a_missing_secret_names_the_variable(missing):
    environ = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(SettingsError, match=missing):
        load_settings(environ=environ, dotenv_path=None)


def test_environment_overrides_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "PUSHER_HOST=from-dotenv\nPUSHER_APP_CLUSTER=eu\n"
        + "".join(f"{k}={v}\n" for k, v in BASE.items())
    )
    values = load_settings(environ={"PUSHER_HOST": "from-env"}, dotenv_path=dotenv)
    assert values["PUSHER_HOST"] == "from-env"
    assert values["PUSHER_APP_CLUSTER"] == "eu"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"PUSHER_PORT": "http"}, "PUSHER_PORT"),
        ({"PUSHER_PORT": "70000"}, "PUSHER_PORT"),
        ({"PUSHER_SCHEME": "ftp"}, "PUSHER_SCHEME"),
        ({"PUSHER_HTTP_TIMEOUT": "0"}, "PUSHER_HTTP_TIMEOUT"),
        ({"PUSHER_ENCRYPTION_MASTER_KEY_BASE64": "AAAA"}, "32 bytes"),
        ({"PUSHER_ENCRYPTION_MASTER_KEY_BASE64": "not base64!"}, "base64"),
        ({"PUSHER_BEAMS_INSTANCE_ID": "abc"}, "PUSHER_BEAMS_SECRET_KEY"),
        ({"PUSHER_BEAMS_SECRET_KEY": "abc"}, "PUSHER_BEAMS_INSTANCE_ID"),
        ({"SESSION_COOKIE_SECURE": "maybe"}, "SESSION_COOKIE_SECURE"),
        ({"WATCHLIST_EVENTS": "on"}, "WATCHLIST_EVENTS"),
        ({"WATCHLIST_OFFLINE_GRACE": "-1"}, "WATCHLIST_OFFLINE_GRACE"),
        ({"WATCHLIST_RECONCILE_INTERVAL": "soon"}, "WATCHLIST_RECONCILE_INTERVAL"),
    ],
)
def test_malformed_settings_fail_with_a_named_message(change, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(environ={**BASE, **change}, dotenv_path=None)


def test_watchlist_events_default_to_what_the_chosen_service_needs():
    # soketi sends none, so the app emulates them; Pusher and Vask send their own.
    expected = "{{ 'emulated' if cookiecutter.realtime_service == 'soketi' else 'native' }}"
    assert load_settings(environ=BASE, dotenv_path=None)["WATCHLIST_EVENTS"] == expected
    local = (PROJECT / ".env").read_text() if (PROJECT / ".env").is_file() else ""
    if local:  # the generated .env runs a local soketi: always emulated
        assert "WATCHLIST_EVENTS=emulated" in local.splitlines()


def test_secure_session_cookie_is_configurable(settings):
    from {{ cookiecutter.package_name }} import create_app

    settings["SESSION_COOKIE_SECURE"] = "true"
    client = create_app(settings).test_client()
    response = client.get("/login")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]


def run_flask_routes(cwd, pythonpath) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PUSHER_", "SECRET_KEY"))}
    env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), *sys.path])
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "{{ cookiecutter.package_name }}", "routes"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_app_refuses_to_start_without_its_secret(tmp_path):
    # The package alone, with no project (and so no .env) around it.
    package = PROJECT / "{{ cookiecutter.package_name }}"
    shutil.copytree(package, tmp_path / "lib" / package.name)
    result = run_flask_routes(tmp_path, tmp_path / "lib")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_dotenv_is_found_from_the_project_root_in_any_directory(tmp_path):
    if not (PROJECT / ".env").is_file():
        (PROJECT / ".env").write_text("\n".join(f"{k}={v}" for k, v in BASE.items()) + "\n")
    result = run_flask_routes(tmp_path, PROJECT)
    assert result.returncode == 0, result.stderr
    assert "/pusher/user-auth" in result.stdout
