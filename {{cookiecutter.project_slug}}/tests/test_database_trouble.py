"""Database trouble is a quick 503, never a 500 or a hang, and the app recovers by itself.
{%- if cookiecutter.database == "postgresql" %}
PostgreSQL down is a real stopped server; gunicorn workers keep their pooled connections.
{%- else %}
A locked SQLite is another connection holding BEGIN EXCLUSIVE on the same file.
{%- endif %}
"""

import json
import time

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.extensions import db

from .support import BrowserLikeSession

DEADLINE_S = 2.0


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def assert_unavailable_json(status, body, headers) -> None:
    assert status == 503, body
    assert json.loads(body)["error"] == "database_unavailable"
    assert set(json.loads(body)) == {"error", "description"}
    assert int(headers["Retry-After"]) > 0

{%- if cookiecutter.database == "postgresql" %}


def test_postgres_down_is_a_quick_503_and_the_app_recovers_without_a_restart(settings, gunicorn):
    from {{ cookiecutter.package_name }}.auth.service import create_user
    from {{ cookiecutter.package_name }}.models import Base
    from {{ cookiecutter.package_name }}.soketi import free_port

    from .conftest import PASSWORD
    from .gunicorn_server import http
    from .postgres import start_postgres

    postgres = start_postgres(free_port())
    try:
        settings["DATABASE_URL"] = postgres.new_database()
        app = create_app(settings)
        with app.app_context():
            Base.metadata.create_all(db.engine)
            create_user(db.session, "alice", PASSWORD)
        server = gunicorn(settings, workers=2)
        session = BrowserLikeSession(server.url).log_in("alice")
        # Every worker holds pooled connections when the server goes away.
        for _ in range(20):
            assert session.post_api("/pusher/user-auth", {"socket_id": "1.2"})[0] == 200

        postgres.stop()
        (status, body, headers), elapsed = timed(lambda: http(server.url + "/readyz"))
        assert_unavailable_json(status, body, headers)
        assert elapsed < DEADLINE_S
        for _ in range(4):
            (status, body), elapsed = timed(
                lambda: session.post_api("/pusher/user-auth", {"socket_id": "1.2"})
            )
            assert status == 503 and body["error"] == "database_unavailable", body
            assert elapsed < DEADLINE_S
        status, page = session.request("/dashboard")
        assert status == 503 and "cannot reach its database" in page

        restarted = time.monotonic()
        postgres.start()
        assert http(server.url + "/readyz")[0] == 200
        back_after = time.monotonic() - restarted
        statuses = [
            session.post_api("/pusher/user-auth", {"socket_id": "1.2"})[0] for _ in range(30)
        ]
        assert statuses == [200] * 30, "a request failed on a stale pooled connection"
        print(f"\nPostgreSQL down: 503 in {elapsed * 1000:.0f} ms; ready again {back_after:.2f} s")
    finally:
        postgres.destroy()


def test_connections_the_server_dropped_cost_no_sign_in(settings, make_user, gunicorn):
    # A failover, or an administrator's pg_terminate_backend, ends every connection the
    # workers hold, the ones kept for the sign-in read (kept_connections.py) included.
    import psycopg

    make_user("alice")
    server = gunicorn(settings, workers=2)
    session = BrowserLikeSession(server.url).log_in("alice")
    for _ in range(20):
        assert session.post_api("/pusher/user-auth", {"socket_id": "1.2"})[0] == 200
    dsn = settings["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as admin:
        ended = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    assert ended >= 2, "each worker should have held a connection"
    statuses = [session.post_api("/pusher/user-auth", {"socket_id": "1.2"})[0] for _ in range(20)]
    assert statuses == [200] * 20, "a sign-in failed on a connection the server had ended"

{%- else %}


def test_a_locked_sqlite_refuses_writes_quickly_and_reads_go_on(app, settings, make_user, gunicorn):
    import sqlite3

    from sqlalchemy import func, select

    from {{ cookiecutter.package_name }}.models import Watch

    make_user("alice")
    make_user("bob")
    server = gunicorn(settings, workers=1)
    session = BrowserLikeSession(server.url).log_in("alice")
    path = settings["DATABASE_URL"].removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        (status, body), elapsed = timed(
            lambda: server.post_json("/api/watchlist", {"username": "bob"}, session)
        )
        assert status == 503 and json.loads(body)["error"] == "database_unavailable", body
        assert elapsed < DEADLINE_S
        # WAL: sign-ins read while the writer holds its lock.
        status, signed = session.post_api("/pusher/user-auth", {"socket_id": "1.2"})
        assert status == 200, signed
        assert json.loads(signed["user_data"])["watchlist"] == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Watch)) == 0
    status, body = server.post_json("/api/watchlist", {"username": "bob"}, session)
    assert status == 200, body

{%- endif %}


def test_readyz_is_a_503_json_when_the_database_cannot_be_reached(settings, tmp_path):
{%- if cookiecutter.database == "postgresql" %}
    from {{ cookiecutter.package_name }}.soketi import free_port

    settings["DATABASE_URL"] = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none"
{%- else %}
    settings["DATABASE_URL"] = f"sqlite:///{tmp_path / 'no-such-folder' / 'app.sqlite3'}"
{%- endif %}
    client = create_app(settings).test_client()
    assert client.get("/healthz").status_code == 200
    response, elapsed = timed(lambda: client.get("/readyz"))
    assert_unavailable_json(response.status_code, response.get_data(as_text=True), response.headers)
    assert elapsed < DEADLINE_S
