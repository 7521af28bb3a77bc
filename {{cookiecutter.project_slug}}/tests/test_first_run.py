"""The first hour with a fresh project: the steps people skip or get wrong each end in one
line that names the fix, not a traceback, and `flask` finds the app without `--app`."""

import json
import socket

import pytest

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Base

from .conftest import csrf_token_from
from .project_copy import ProjectCopy

MIGRATE = "run `alembic upgrade head`"


@pytest.fixture
def project(tmp_path, settings) -> ProjectCopy:
    """A copy whose database has no tables yet, as before `alembic upgrade head`."""
    return ProjectCopy(tmp_path / "project", settings)


def migrate(settings) -> None:
    with create_app(settings).app_context():
        Base.metadata.create_all(db.engine)


def assert_one_line_error(result, *expected: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    for text in expected:
        assert text in lines[0], output


def test_flask_finds_the_app_from_the_project_root_without_app(project, settings):
    migrate(settings)
    helped = project.run("flask", "users", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "seed-demo" in helped.stdout


@pytest.mark.parametrize("name", ["PUSHER_APP_SECRET", "SECRET_KEY", "PUSHER_APP_KEY"])
def test_a_missing_secret_is_one_line_naming_it(project, settings, name):
    migrate(settings)
    project.write_env(dict(settings, **{name: ""}))
    created = project.run("flask", "users", "create", "zed", "--password", "long enough")
    assert_one_line_error(created, f"{name} is not set", ".env")


def test_gunicorn_names_a_missing_secret_in_one_line_and_stops(project, settings):
    project.write_env(dict(settings, PUSHER_APP_SECRET=""))
    served = project.run("gunicorn", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0")
    output = served.stdout + served.stderr
    assert served.returncode != 0, output
    assert "Traceback" not in output and "Worker failed to boot" not in output, output
    assert "Error: PUSHER_APP_SECRET is not set" in output, output


@pytest.mark.parametrize(
    "args",
    [
        ["users", "create", "zed", "--password", "long enough"],
        ["users", "seed-demo"],
        ["dev", "--port", "0"],
    ],
)
def test_a_database_without_tables_is_one_line_naming_the_migration(project, args):
    assert_one_line_error(project.run("flask", *args), MIGRATE)


@pytest.fixture
def unmigrated_client(settings):
    return create_app(settings).test_client()


def test_the_login_page_says_to_migrate_instead_of_a_bare_500(unmigrated_client):
    csrf = csrf_token_from(unmigrated_client.get("/login").get_data(as_text=True))
    answer = unmigrated_client.post(
        "/login", data={"username": "zed", "password": "x" * 10, "csrf_token": csrf}
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 503, text
    assert "The database is not set up" in text and "alembic upgrade head" in text


@pytest.mark.parametrize("method, path", [("GET", "/api/watchlist"), ("POST", "/pusher/user-auth")])
def test_the_api_says_to_migrate_in_its_json_shape(unmigrated_client, method, path):
    csrf = csrf_token_from(unmigrated_client.get("/login").get_data(as_text=True))
    with unmigrated_client.session_transaction() as session:
        session["_user_id"] = "someone"  # a signed-in request: loading the user needs the tables
    answer = unmigrated_client.open(
        path, method=method, data={"socket_id": "1.2"}, headers={"X-CSRFToken": csrf}
    )
    assert answer.status_code == 503, answer.get_data(as_text=True)
    body = json.loads(answer.get_data(as_text=True))
    assert body["error"] == "database_not_migrated"
    assert MIGRATE in body["description"]


def test_dev_on_a_taken_port_names_the_option_that_works(project, settings):
    migrate(settings)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        refused = project.run("flask", "dev", "--port", str(port))
    assert_one_line_error(refused, f"Port {port} is already in use", "--port")
