"""Deleting an account makes Beams forget the user's devices, and survives Beams failing."""

import logging
import shlex
import socket

import pytest
from sqlalchemy import func, select, update

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import User, Watch

from .conftest import with_beams

# Every character Pusher allows in a user id that a URL path must escape.
ODD_PUBLIC_ID = "alice@example.com;team=a,b"
ENCODED_ID = "alice%40example.com%3Bteam%3Da%2Cb"


@pytest.fixture
def settings(settings, httpserver):
    return with_beams(settings, httpserver)


@pytest.fixture
def alice(app, make_user) -> User:
    """alice, with an id that needs escaping, who watches bob and is watched by him."""
    make_user("alice")
    make_user("bob")
    runner = app.test_cli_runner()
    for watcher, watched in (("alice", "bob"), ("bob", "alice")):
        assert runner.invoke(args=["users", "watch", watcher, watched]).exit_code == 0
    with app.app_context():
        db.session.execute(
            update(User).where(User.username == "alice").values(public_id=ODD_PUBLIC_ID)
        )
        db.session.commit()
        return db.session.scalar(select(User).where(User.username == "alice"))


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


@pytest.fixture
def beams_delete(httpserver, settings):
    """Make the stand-in Beams answer the next DELETE of alice's id with `status`."""
    path = (
        f"/customer_api/v1/instances/{settings['PUSHER_BEAMS_INSTANCE_ID']}/users/{ODD_PUBLIC_ID}"
    )

    def answer(status: int) -> None:
        body = {} if status == 200 else {"error": "Internal Server Error", "description": "oops"}
        httpserver.expect_oneshot_request(path, method="DELETE").respond_with_json(body, status)

    return answer


def raw_uris(httpserver) -> list[str]:
    return [request.environ["RAW_URI"] for request, _response in httpserver.log]


def assert_alice_is_gone(app) -> None:
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "alice")) is None
        assert db.session.scalar(select(func.count()).select_from(Watch)) == 0
        assert db.session.scalar(select(User).where(User.username == "bob")) is not None


def test_cli_delete_tells_beams_with_the_encoded_id(
    app, httpserver, settings, alice, cli, beams_delete
):
    beams_delete(200)

    result = cli("users", "delete", "alice")

    assert result.exit_code == 0, result.output
    assert f"Deleted alice (pusher id {ODD_PUBLIC_ID})" in result.output
    assert_alice_is_gone(app)
    instance = settings["PUSHER_BEAMS_INSTANCE_ID"]
    assert raw_uris(httpserver) == [f"/customer_api/v1/instances/{instance}/users/{ENCODED_ID}"]
    sent = httpserver.log[0][0]
    assert sent.method == "DELETE"
    assert sent.headers["Authorization"] == f"Bearer {settings['PUSHER_BEAMS_SECRET_KEY']}"


def test_beams_failing_still_deletes_and_the_printed_retry_finishes(
    app, httpserver, alice, cli, beams_delete, caplog
):
    beams_delete(500)
    with caplog.at_level(logging.WARNING):
        result = cli("users", "delete", "alice")

    assert result.exit_code != 0
    assert "Deleted alice" in result.output
    assert "Beams answered 500: Internal Server Error: oops." in result.output
    assert_alice_is_gone(app)
    assert any(ODD_PUBLIC_ID in record.getMessage() for record in caplog.records)

    # Run exactly the command the message names, minus the `flask --app <package>` prefix.
    command_line = result.output.split("To retry, run: ", 1)[1].strip()
    assert shlex.quote(ODD_PUBLIC_ID) in command_line  # ";" must not end a shell command
    command = shlex.split(command_line)
    assert command[:3] == ["flask", "--app", app.import_name]
    beams_delete(200)
    retried = cli(*command[3:])
    assert retried.exit_code == 0, retried.output
    assert len(raw_uris(httpserver)) == 2 and len(set(raw_uris(httpserver))) == 1


def test_an_unreachable_beams_still_deletes(app, alice, cli):
    with socket.create_server(("127.0.0.1", 0)) as server:
        app.config["PUSHER_BEAMS_BASE_URL"] = f"http://127.0.0.1:{server.getsockname()[1]}"
        app.config["PUSHER_HTTP_TIMEOUT"] = 0.3
        result = cli("users", "delete", "alice")
    assert result.exit_code != 0
    assert "could not be reached" in result.output and "--beams-only" in result.output
    assert_alice_is_gone(app)


def test_delete_button_tells_beams_and_reports_its_failure(
    app, client, httpserver, alice, login, beams_delete
):
    csrf = login("alice")
    beams_delete(500)
    page = client.post("/account/delete", data={"csrf_token": csrf}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "The account alice was deleted." in text
    assert "Beams did not forget the devices" in text
    assert_alice_is_gone(app)
    assert len(httpserver.log) == 1


def test_beams_only_refuses_an_account_that_still_exists(app, httpserver, alice, cli):
    result = cli("users", "delete", "--beams-only", ODD_PUBLIC_ID)
    assert result.exit_code != 0
    assert "still exists" in result.output and "users delete alice" in result.output
    assert httpserver.log == []
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "alice")) is not None


def test_without_beams_settings_deleting_calls_nobody(app, httpserver, alice, cli):
    app.config.update(PUSHER_BEAMS_INSTANCE_ID="", PUSHER_BEAMS_SECRET_KEY="")
    result = cli("users", "delete", "alice")
    assert result.exit_code == 0, result.output
    assert_alice_is_gone(app)
    assert httpserver.log == []
