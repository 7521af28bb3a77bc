import pytest

from .conftest import PASSWORD, csrf_token_from


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_every_page_carries_a_csrf_meta_tag(client, path):
    page = client.get(path)
    assert page.status_code == 200
    csrf_token_from(page.get_data(as_text=True))


def test_dashboard_carries_a_csrf_meta_tag(client, make_user, login):
    make_user("alice")
    assert login("alice")


def test_register_logs_the_new_user_in(client):
    token = csrf_token_from(client.get("/register").get_data(as_text=True))
    response = client.post(
        "/register",
        data={
            "username": "Dana",
            "display_name": "Dana S",
            "password": PASSWORD,
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    assert "Dana S" in client.get("/dashboard").get_data(as_text=True)


def test_register_rejects_a_taken_username_and_short_password(client, make_user):
    make_user("alice")
    token = csrf_token_from(client.get("/register").get_data(as_text=True))
    taken = client.post(
        "/register",
        data={"username": "alice", "display_name": "A", "password": PASSWORD, "csrf_token": token},
    )
    assert taken.status_code == 400 and "taken" in taken.get_data(as_text=True)
    short = client.post(
        "/register",
        data={"username": "erin", "display_name": "E", "password": "short", "csrf_token": token},
    )
    assert short.status_code == 400


def test_login_without_csrf_token_is_refused(client, make_user):
    make_user("alice")
    response = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 302


def test_wrong_password_is_refused(client, make_user):
    make_user("alice")
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": "alice", "password": "wrong password", "csrf_token": token}
    )
    assert response.status_code == 400
    assert "Wrong username or password" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "next_url, expected",
    [
        ("/dashboard?tab=2", "/dashboard?tab=2"),
        ("https://evil.example/", "/dashboard"),
        ("//evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
        ("/%0d%0aLocation:evil", "/%0d%0aLocation:evil"),
    ],
)
def test_next_redirects_stay_on_this_site(client, make_user, next_url, expected):
    make_user("alice")
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        query_string={"next": next_url},
        data={"username": "alice", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_logout_is_post_only_and_ends_the_session(client, make_user, login):
    make_user("alice")
    csrf = login("alice")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_pages_redirect_to_login_but_pusher_endpoints_do_not(client):
    assert client.get("/dashboard").status_code == 302
    response = client.post("/pusher/user-auth", data={"socket_id": "1.1"})
    assert response.status_code == 403 and response.is_json


def test_account_page_and_deleting_the_account(app, client, make_user, login):
    from sqlalchemy import func, select

    from {{ cookiecutter.package_name }}.extensions import db
    from {{ cookiecutter.package_name }}.models import User, Watch

    make_user("alice")
    make_user("bob")
    csrf = login("alice")
    client.post("/api/watchlist", json={"username": "bob"}, headers={"X-CSRFToken": csrf})
    page = client.get("/account").get_data(as_text=True)
    assert "Delete my account" in page
    assert client.post("/account/delete").status_code == 400  # no CSRF token
    response = client.post("/account/delete", data={"csrf_token": csrf}, follow_redirects=True)
    assert "was deleted" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "alice")) is None
        assert db.session.scalar(select(func.count()).select_from(Watch)) == 0
    assert client.get("/dashboard").status_code == 302


def test_cli_delete_removes_user_and_watches(app, make_user):
    from sqlalchemy import func, select

    from {{ cookiecutter.package_name }}.extensions import db
    from {{ cookiecutter.package_name }}.models import Watch

    make_user("alice")
    make_user("bob")
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "watch", "bob", "alice"])
    result = runner.invoke(args=["users", "delete", "alice"])
    assert result.exit_code == 0, result.output
    assert "Deleted alice" in result.output
    assert runner.invoke(args=["users", "show", "alice"]).exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Watch)) == 0
    assert runner.invoke(args=["users", "delete", "alice"]).exit_code != 0


@pytest.mark.parametrize("username", ["alice", "nobody"])
def test_a_wrong_login_hashes_a_password_whether_or_not_the_user_exists(
    client, make_user, monkeypatch, username
):
    """The time a failed login takes must not tell which usernames exist."""
    from {{ cookiecutter.package_name }} import models
    from {{ cookiecutter.package_name }}.auth import service

    make_user("alice")
    checks = []
    for module in (models, service):
        original = module.check_password_hash
        monkeypatch.setattr(
            module, "check_password_hash", lambda *a, o=original: checks.append(1) or o(*a)
        )
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": username, "password": "wrong-password", "csrf_token": token}
    )
    assert response.status_code == 400
    assert len(checks) == 1
