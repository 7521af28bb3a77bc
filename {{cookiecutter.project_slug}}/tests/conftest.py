import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.auth.service import create_user
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Base, User
from {{ cookiecutter.package_name }}.settings import DEFAULTS

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
PASSWORD = "correct horse battery"


def csrf_token_from(html: str) -> str:
    match = CSRF_META.search(html)
    assert match, "page has no csrf-token meta tag"
    return match.group(1)


@pytest.fixture
def settings(tmp_path) -> dict[str, Any]:
    """Every setting given explicitly, so a developer's .env or shell cannot leak in."""
    values = {name: "" for name in DEFAULTS}
    values.update(
        TESTING=True,
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=f"sqlite:///{tmp_path / 'test.sqlite3'}",
        PUSHER_APP_ID="app-id-" + secrets.token_hex(4),
        PUSHER_APP_KEY="key" + secrets.token_hex(8),
        PUSHER_APP_SECRET=secrets.token_hex(24),
        PUSHER_HOST="127.0.0.1",
        PUSHER_PORT="9",
        PUSHER_SCHEME="http",
        PUSHER_APP_CLUSTER="mt1",
        PUSHER_HTTP_TIMEOUT="2",
    )
    return values


@pytest.fixture
def app(settings):
    app = create_app(settings)
    with app.app_context():
        Base.metadata.create_all(db.engine)
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    def make(username: str, display_name: str | None = None, password: str = PASSWORD) -> User:
        with app.app_context():
            return create_user(db.session, username, password, display_name)

    return make


@pytest.fixture
def login(client) -> Callable[[str, str], str]:
    """Log the test client in through the real form; returns a CSRF token for the session."""

    def log_in(username: str, password: str = PASSWORD) -> str:
        token = csrf_token_from(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return csrf_token_from(client.get("/dashboard").get_data(as_text=True))

    return log_in


@pytest.fixture
def count_queries(app) -> Callable[[], Any]:
    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_args) -> None:
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting
{%- if cookiecutter.include_beams == "y" %}


def with_beams(settings: dict[str, Any], httpserver) -> dict[str, Any]:
    """Beams turned on, with the test's local HTTP server standing in for its hosted API.
    The secret is long: PyJWT warns about HMAC keys shorter than 32 bytes."""
    settings.update(
        PUSHER_BEAMS_INSTANCE_ID="0c7a5b1e-" + secrets.token_hex(4),
        PUSHER_BEAMS_SECRET_KEY=secrets.token_hex(32),
        PUSHER_BEAMS_BASE_URL=httpserver.url_for("/").rstrip("/"),
    )
    return settings
{%- endif %}
