"""Seed a benchmark database and mint a logged-in session, as the browser would hold it."""

from typing import Any

from flask import Flask, session
from flask_login import login_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Base, User, Watch

BENCH_USER = "bench"
WATCHED = 100
BATCH = 5000


def seed(app: Flask, users: int) -> User:
    """`users` accounts; `bench` watches 100 of them. One shared password hash: hashing
    10,000 passwords would take minutes and measure nothing the routes do."""
    password_hash = generate_password_hash("benchmark-password")
    with app.app_context():
        Base.metadata.create_all(db.engine)
        for start in range(0, users - 1, BATCH):
            rows = [
                {
                    "username": f"user{n:06}",
                    "display_name": f"User {n}",
                    "password_hash": password_hash,
                }
                for n in range(start, min(start + BATCH, users - 1))
            ]
            db.session.execute(insert(User), rows)
        bench = User(username=BENCH_USER, display_name="Bench", password_hash=password_hash)
        db.session.add(bench)
        db.session.flush()
        watched = db.session.scalars(select(User.id).where(User.id != bench.id).limit(WATCHED))
        db.session.execute(
            insert(Watch), [{"watcher_id": bench.id, "watched_id": i} for i in watched]
        )
        db.session.commit()
        return bench


def logged_in_session(app: Flask, user: User) -> dict[str, Any]:
    """The Cookie header and X-CSRFToken of a session logged in as `user`. Minted with the
    app's own secret, as Flask-Login would after a login: the benchmark measures the
    sign-in path, not the login form."""
    # wrk sends no User-Agent from 127.0.0.1, as this request does: Flask-Login's session
    # protection then sees the same client, as a browser's session would.
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        login_user(user)
        csrf_token = generate_csrf()
        serializer = app.session_interface.get_signing_serializer(app)
        cookie = serializer.dumps(dict(session))
    return {
        "cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}",
        "csrf": csrf_token,
        "public_id": user.public_id,
    }
