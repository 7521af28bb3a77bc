"""The production shape: several gunicorn instances on one database, the watchlist cap
under concurrent adds, and a graceful reload under load."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, insert, select

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import User, Watch
from {{ cookiecutter.package_name }}.realtime.signing import sign_user

from .gunicorn_server import http
from .support import BrowserLikeSession


def test_a_session_made_on_one_instance_works_on_another(app, settings, make_user, gunicorn):
    make_user("alice", "Alice")
    first, second = gunicorn(settings, workers=1), gunicorn(settings, workers=1)
    session = BrowserLikeSession(first.url).log_in("alice")

    session.base_url = second.url
    status, body = session.post_api("/pusher/user-auth", {"socket_id": "123.456"})

    assert status == 200, body
    expected = sign_user(
        settings["PUSHER_APP_KEY"], settings["PUSHER_APP_SECRET"], "123.456", body["user_data"]
    )
    assert body["auth"] == expected
    assert json.loads(body["user_data"])["user_info"] == {"name": "Alice"}


def test_concurrent_adds_on_two_instances_stop_exactly_at_the_cap(
    app, settings, make_user, gunicorn
):
    alice = make_user("alice")
    with app.app_context():
        db.session.execute(
            insert(User),
            [
                {"username": f"u{n:03}", "display_name": "U", "password_hash": "x"}
                for n in range(115)
            ],
        )
        others = db.session.scalars(
            select(User).where(User.username != "alice").order_by(User.username)
        ).all()
        watched, newcomers = others[:95], [user.username for user in others[95:]]
        db.session.execute(
            insert(Watch), [{"watcher_id": alice.id, "watched_id": u.id} for u in watched]
        )
        db.session.commit()
    instances = [gunicorn(settings), gunicorn(settings)]
    session = BrowserLikeSession(instances[0].url).log_in("alice")

    def add(index: int) -> int:
        server = instances[index % 2]
        return server.post_json("/api/watchlist", {"username": newcomers[index]}, session)[0]

    barrier_start = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(add, range(20)))
    assert time.monotonic() - barrier_start < 30

    assert sorted(statuses) == [200] * 5 + [422] * 15, statuses
    with app.app_context():
        count = db.session.scalar(select(func.count()).where(Watch.watcher_id == alice.id))
    assert count == 100


def test_sighup_reloads_the_workers_without_failing_a_request(app, settings, make_user, gunicorn):
    make_user("alice")
    server = gunicorn(settings, workers=2)
    session = BrowserLikeSession(server.url).log_in("alice")
    old_workers = server.worker_pids()
    outcomes: list[int | str] = []
    stop = threading.Event()

    def keep_signing_in() -> None:
        while not stop.is_set():
            try:
                status, _ = session.post_api("/pusher/user-auth", {"socket_id": "1.2"})
            except Exception as exc:  # a dropped connection is exactly what must not happen
                status = f"{type(exc).__name__}: {exc}"
            outcomes.append(status)

    clients = [threading.Thread(target=keep_signing_in) for _ in range(4)]
    for client in clients:
        client.start()
    time.sleep(1.0)
    server.reload()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (
        server.worker_pids() & old_workers or len(server.worker_pids()) < 2
    ):
        time.sleep(0.1)
    time.sleep(1.0)
    stop.set()
    for client in clients:
        client.join(timeout=15)

    assert not (server.worker_pids() & old_workers), "SIGHUP did not replace the workers"
    failures = [outcome for outcome in outcomes if outcome != 200]
    assert failures == [], f"{len(failures)} of {len(outcomes)} requests failed: {failures[:5]}"
    assert len(outcomes) > 50
    print(f"\nSIGHUP under load: {len(outcomes)} sign-ins, {len(failures)} failed")


def test_health_endpoints_under_gunicorn(app, settings, gunicorn):
    server = gunicorn(settings, workers=1)
    assert http(server.url + "/healthz")[0] == 200
    status, body, _ = http(server.url + "/readyz")
    assert status == 200 and json.loads(body) == {"status": "ready"}
