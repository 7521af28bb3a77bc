import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import User, Watch
from {{ cookiecutter.package_name }}.watchlist.service import (
    MAX_WATCHLIST,
    WatchlistError,
    add_watch,
    remove_watch,
    watched_public_ids,
)


def watch_count(app, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(Watch.watcher_id == user_id))


def fill_watchlist(app, watcher: User, count: int) -> list[User]:
    with app.app_context():
        db.session.execute(
            insert(User),
            [
                {"username": f"w{n}", "display_name": "W", "password_hash": "x"}
                for n in range(count + 1)
            ],
        )
        others = db.session.scalars(
            select(User).where(User.username.like("w%")).order_by(User.id)
        ).all()
        db.session.execute(
            insert(Watch), [{"watcher_id": watcher.id, "watched_id": u.id} for u in others[:count]]
        )
        db.session.commit()
        return list(others)


def test_the_101st_watch_is_refused_and_nothing_is_written(app, make_user):
    alice = make_user("alice")
    others = fill_watchlist(app, alice, MAX_WATCHLIST)
    with app.app_context():
        before = watched_public_ids(db.session, alice.id)
        with pytest.raises(WatchlistError, match="100"):
            add_watch(db.session, db.session.get(User, alice.id), others[-1])
        db.session.rollback()
        assert watched_public_ids(db.session, alice.id) == before
    assert watch_count(app, alice.id) == MAX_WATCHLIST


def test_the_101st_watch_from_the_cli_fails_and_changes_nothing(app, make_user):
    alice = make_user("alice")
    fill_watchlist(app, alice, MAX_WATCHLIST)
    result = app.test_cli_runner().invoke(args=["users", "watch", "alice", f"w{MAX_WATCHLIST}"])
    assert result.exit_code != 0
    assert "100" in result.output
    assert watch_count(app, alice.id) == MAX_WATCHLIST


def test_self_watch_is_refused_by_the_service_and_the_database(app, make_user):
    alice = make_user("alice")
    with app.app_context():
        with pytest.raises(WatchlistError):
            add_watch(db.session, alice, alice)
        db.session.add(Watch(watcher_id=alice.id, watched_id=alice.id))
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_add_is_idempotent_and_remove_reports_change(app, make_user):
    alice, bob = make_user("alice"), make_user("bob")
    with app.app_context():
        assert add_watch(db.session, alice, bob) is True
        assert add_watch(db.session, alice, bob) is False
        assert watched_public_ids(db.session, alice.id) == [bob.public_id]
        assert remove_watch(db.session, alice, bob) is True
        assert remove_watch(db.session, alice, bob) is False
        assert watched_public_ids(db.session, alice.id) == []


def test_deleting_a_user_removes_their_watches_both_ways(app, make_user):
    alice, bob = make_user("alice"), make_user("bob")
    with app.app_context():
        add_watch(db.session, alice, bob)
        add_watch(db.session, bob, alice)
        db.session.delete(db.session.get(User, bob.id))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Watch)) == 0


@pytest.mark.parametrize("bad_id", ["", "has space", "a/b", "é", "x" * 129, "a:b", "a#b"])
def test_public_id_must_fit_pushers_charset(bad_id):
    with pytest.raises(ValueError):
        User(username="x", display_name="x", password_hash="x", public_id=bad_id)


def test_generated_public_ids_are_valid_and_unique(make_user):
    ids = {make_user(f"user{n}").public_id for n in range(5)}
    assert len(ids) == 5
    assert all(1 <= len(i) <= 128 for i in ids)


def test_watchlist_api_adds_removes_and_refuses_bad_input(client, make_user, login):
    make_user("alice")
    bob = make_user("bob", "Bob B")
    csrf = login("alice")
    headers = {"X-CSRFToken": csrf}
    added = client.post("/api/watchlist", json={"username": "BOB"}, headers=headers)
    assert added.status_code == 200
    assert added.get_json() == {
        "watchlist": [{"id": bob.public_id, "username": "bob", "name": "Bob B"}]
    }
    assert client.get("/api/watchlist").get_json() == added.get_json()

    unknown = client.post("/api/watchlist", json={"username": "nobody"}, headers=headers)
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_user"
    self_watch = client.post("/api/watchlist", json={"username": "alice"}, headers=headers)
    assert self_watch.status_code == 422 and "yourself" in self_watch.get_json()["description"]
    for bad in ({}, {"username": 5}, {"username": " "}, None):
        response = client.post("/api/watchlist", json=bad, headers=headers)
        assert response.status_code == 400 and response.is_json
    assert client.post("/api/watchlist", json={"username": "bob"}).status_code == 400  # no CSRF

    removed = client.post("/api/watchlist/remove", json={"username": "bob"}, headers=headers)
    assert removed.get_json() == {"watchlist": []}


def test_watchlist_api_needs_a_session_and_answers_json(client):
    response = client.get("/api/watchlist")
    assert response.status_code == 401 and response.get_json()["error"] == "not_signed_in"
