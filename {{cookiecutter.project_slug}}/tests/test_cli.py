import json

import pytest

from .conftest import PASSWORD


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def test_create_show_watch_unwatch(cli):
    assert (
        cli("users", "create", "alice", "--password", PASSWORD, "--name", "Alice A").exit_code == 0
    )
    assert cli("users", "create", "bob", "--password", PASSWORD).exit_code == 0
    watched = cli("users", "watch", "alice", "bob")
    assert watched.exit_code == 0 and "alice watches bob" in watched.output

    shown = cli("users", "show", "alice")
    assert shown.exit_code == 0
    user_data = json.loads(shown.output.split("user_data: ", 1)[1])
    assert user_data["user_info"] == {"name": "Alice A"}
    assert len(user_data["watchlist"]) == 1

    assert cli("users", "unwatch", "alice", "bob").exit_code == 0
    shown = cli("users", "show", "alice")
    assert json.loads(shown.output.split("user_data: ", 1)[1])["watchlist"] == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["users", "create", "alice", "--password", "short"], "at least 8"),
        (["users", "create", "bad name!", "--password", PASSWORD], "Username"),
        (["users", "create", "carol"], "--password"),
        (["users", "watch", "alice", "nobody"], "No user named"),
        (["users", "watch", "alice", "alice"], "cannot watch yourself"),
        (["users", "show", "nobody"], "No user named"),
        (["users", "unwatch", "nobody", "alice"], "No user named"),
    ],
)
def test_bad_input_fails_clearly(cli, args, message):
    cli("users", "create", "alice", "--password", PASSWORD)
    result = cli(*args)
    assert result.exit_code != 0
    assert message in result.output


def test_duplicate_username_fails(cli):
    cli("users", "create", "alice", "--password", PASSWORD)
    result = cli("users", "create", "ALICE", "--password", PASSWORD)
    assert result.exit_code != 0 and "taken" in result.output
