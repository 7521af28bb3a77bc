"""Sign-in at wire speed, and never stale: at most two SQL statements whatever the sizes,
and every change to what is signed shows at the very next sign-in, on any instance."""

import json

import pytest
from sqlalchemy import insert, select

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import User, Watch
from {{ cookiecutter.package_name }}.watchlist.service import add_watch, remove_watch

from .conftest import PASSWORD, csrf_token_from


def add_users(app, count: int, watcher: User | None = None, watched: int = 0) -> None:
    with app.app_context():
        db.session.execute(
            insert(User),
            [
                {"username": f"u{n:06}", "display_name": "U", "password_hash": "x"}
                for n in range(count)
            ],
        )
        if watched:
            ids = db.session.scalars(select(User.id).where(User.username.like("u%")).limit(watched))
            db.session.execute(
                insert(Watch), [{"watcher_id": watcher.id, "watched_id": i} for i in ids]
            )
        db.session.commit()


def sign_in(client, csrf: str) -> dict:
    response = client.post(
        "/pusher/user-auth", data={"socket_id": "12.34"}, headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_json()["user_data"])


@pytest.mark.parametrize(
    "users, watched", [(1_000, 0), (1_000, 100), (100_000, 100)], ids=["1k-0", "1k-100", "100k-100"]
)
def test_at_most_two_statements_cold_and_one_warm(
    app, client, make_user, login, count_queries, users, watched
):
    alice = make_user("alice")
    add_users(app, users, alice, watched)
    csrf = login("alice")

    with count_queries() as cold:
        assert len(sign_in(client, csrf)["watchlist"]) == watched
    with count_queries() as warm:
        sign_in(client, csrf)

    assert len(cold) <= 2, cold
    assert len(warm) == 1, warm


def test_a_watchlist_change_is_signed_at_the_next_sign_in(app, client, make_user, login):
    alice, bob, carol = make_user("alice"), make_user("bob"), make_user("carol")
    csrf = login("alice")
    assert sign_in(client, csrf)["watchlist"] == []
    with app.app_context():
        add_watch(db.session, db.session.get(User, alice.id), bob)
    assert sign_in(client, csrf)["watchlist"] == [bob.public_id]
    with app.app_context():
        add_watch(db.session, db.session.get(User, alice.id), carol)
        remove_watch(db.session, db.session.get(User, alice.id), bob)
    assert sign_in(client, csrf)["watchlist"] == [carol.public_id]


def test_a_change_made_on_another_instance_is_signed_here(app, settings, make_user, login, client):
    make_user("alice")
    bob = make_user("bob")
    csrf = login("alice")
    assert sign_in(client, csrf)["watchlist"] == []  # cached on this instance
    other = create_app(settings)  # another instance, same database
    runner = other.test_cli_runner()
    assert runner.invoke(args=["users", "watch", "alice", "bob"]).exit_code == 0
    assert sign_in(client, csrf)["watchlist"] == [bob.public_id]
    assert runner.invoke(args=["users", "delete", "bob"]).exit_code == 0
    assert sign_in(client, csrf)["watchlist"] == [], "a deleted user stayed in the watchlist"


def test_a_profile_change_is_signed_at_the_next_sign_in(app, client, make_user, login):
    alice = make_user("alice", "Alice")
    csrf = login("alice")
    assert sign_in(client, csrf)["user_info"] == {"name": "Alice"}
    with app.app_context():
        db.session.get(User, alice.id).display_name = "Alice Liddell"
        db.session.commit()
    assert sign_in(client, csrf)["user_info"] == {"name": "Alice Liddell"}


def test_a_remembered_csrf_token_still_needs_this_sessions_secret(app, make_user):
    make_user("alice")
    make_user("bob")
    first, second = app.test_client(), app.test_client()
    tokens = []
    for client, name in ((first, "alice"), (second, "bob")):
        page = client.get("/login").get_data(as_text=True)
        client.post(
            "/login",
            data={"username": name, "password": PASSWORD, "csrf_token": csrf_token_from(page)},
        )
        tokens.append(csrf_token_from(client.get("/dashboard").get_data(as_text=True)))
    sign_in(first, tokens[0])  # alice's token is now remembered as verified

    refused = second.post(
        "/pusher/user-auth", data={"socket_id": "1.2"}, headers={"X-CSRFToken": tokens[0]}
    )
    assert refused.status_code == 400 and refused.get_json()["error"] == "csrf_failed"
    wrong = first.post("/pusher/user-auth", data={"socket_id": "1.2"}, headers={"X-CSRFToken": "x"})
    assert wrong.status_code == 400


def test_over_https_a_remembered_token_still_needs_a_same_site_referrer(settings, make_user):
    settings["TRUSTED_PROXIES"] = "1"
    app = create_app(settings)
    with app.app_context():
        from {{ cookiecutter.package_name }}.auth.service import create_user

        create_user(db.session, "alice", PASSWORD)
    client = app.test_client()
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.example"}
    page = client.get("/login", headers=https).get_data(as_text=True)
    client.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, "csrf_token": csrf_token_from(page)},
        headers={**https, "Referer": "https://app.example/login"},
    )
    token = csrf_token_from(client.get("/dashboard", headers=https).get_data(as_text=True))
    good = {**https, "X-CSRFToken": token, "Referer": "https://app.example/dashboard"}
    assert (
        client.post("/pusher/user-auth", data={"socket_id": "1.2"}, headers=good).status_code == 200
    )
    evil = {**good, "Referer": "https://evil.example/"}
    refused = client.post("/pusher/user-auth", data={"socket_id": "1.2"}, headers=evil)
    assert refused.status_code == 400 and "referrer" in refused.get_json()["description"]


def test_a_user_deleted_elsewhere_cannot_sign_in_with_their_old_session(
    app, settings, make_user, login, client
):
    make_user("alice")
    csrf = login("alice")
    sign_in(client, csrf)
    other = create_app(settings)
    assert other.test_cli_runner().invoke(args=["users", "delete", "alice"]).exit_code == 0
    refused = client.post(
        "/pusher/user-auth", data={"socket_id": "1.2"}, headers={"X-CSRFToken": csrf}
    )
    assert refused.status_code == 403 and refused.get_json()["error"] == "not_signed_in"


@pytest.mark.parametrize("protection", ["basic", "strong", None])
def test_each_flask_login_session_protection_mode_still_signs_in(settings, make_user, protection):
    settings["SESSION_PROTECTION"] = protection
    app = create_app(settings)
    with app.app_context():
        from {{ cookiecutter.package_name }}.auth.service import create_user

        create_user(db.session, "alice", PASSWORD, "Alice")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, "csrf_token": csrf_token_from(page)},
    )
    csrf = csrf_token_from(client.get("/dashboard").get_data(as_text=True))
    assert sign_in(client, csrf)["user_info"] == {"name": "Alice"}


def test_a_new_user_who_gets_a_deleted_users_row_id_signs_in_as_themselves(
    app, client, make_user, login
):
    make_user("first")
    csrf = login("first")
    first_id = sign_in(client, csrf)["id"]  # cached for the first user's row
    client.post("/logout", data={"csrf_token": csrf})
    with app.app_context():
        from {{ cookiecutter.package_name }}.auth.service import delete_account, get_user

        delete_account(db.session, get_user(db.session, "first"))
    second = make_user("second")
    csrf = login("second")
    assert sign_in(client, csrf)["id"] == second.public_id != first_id
