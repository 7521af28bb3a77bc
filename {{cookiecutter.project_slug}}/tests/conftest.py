import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.auth.service import create_user
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Base, User
from {{ cookiecutter.package_name }}.settings import DEFAULTS

PROJECT = Path(__file__).resolve().parents[1]
# The tests run on the database this project was generated for.
DATABASE = "{{ cookiecutter.database }}"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
PASSWORD = "correct horse battery"


def csrf_token_from(html: str) -> str:
    match = CSRF_META.search(html)
    assert match, "page has no csrf-token meta tag"
    return match.group(1)


@pytest.fixture(autouse=True)
def fresh_circuit_breakers():
    """The realtime circuit breakers live per process; each test starts as a new one."""
    from {{ cookiecutter.package_name }}.realtime import breaker

    breaker._breakers.clear()
    yield
    breaker._breakers.clear()


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL for the run; each test gets its own database on it."""
    from {{ cookiecutter.package_name }}.soketi import free_port

    from .postgres import find_pg_binary, start_postgres

    require_or_skip(find_pg_binary("initdb") is not None, "PostgreSQL (apt-get install postgresql)")
    server = start_postgres(free_port())
    yield server
    server.destroy()


@pytest.fixture
def database_url(tmp_path, request) -> str:
    if DATABASE == "postgresql":
        return request.getfixturevalue("postgres_server").new_database()
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def settings(tmp_path, database_url) -> dict[str, Any]:
    """Every setting given explicitly, so a developer's .env or shell cannot leak in."""
    values = dict(DEFAULTS)
    values.update(
        TESTING=True,
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        DATA_DIR=str(tmp_path / "data"),
        PUSHER_APP_ID="app-id-" + secrets.token_hex(4),
        PUSHER_APP_KEY="key" + secrets.token_hex(8),
        PUSHER_APP_SECRET=secrets.token_hex(24),
        PUSHER_HOST="127.0.0.1",
        PUSHER_PORT="9",
        PUSHER_SCHEME="http",
        PUSHER_APP_CLUSTER="mt1",
        PUSHER_HTTP_TIMEOUT="1",
        # Off unless a test turns it on (emulated_live): it runs threads and API calls.
        WATCHLIST_EVENTS="off",
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


@pytest.fixture
def redis_server(tmp_path):
    """A fresh redis-server for one test (Debian's package; never one already running)."""
    from {{ cookiecutter.package_name }}.local_redis import start_redis

    require_or_skip(
        shutil.which("redis-server") is not None, "redis-server (apt-get install redis-server)"
    )
    server = start_redis(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def gunicorn(tmp_path):
    """Start the app under real gunicorn (gunicorn.conf.py) with the given settings."""
    from .gunicorn_server import GunicornServer

    started = []

    def start(settings: dict[str, Any], workers: int = 2) -> GunicornServer:
        log_path = tmp_path / f"gunicorn-{len(started)}.log"
        started.append(GunicornServer(settings, workers=workers, log_path=log_path))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def require_or_skip(ready: bool, what: str) -> None:
    """Skip loudly on a developer machine; fail in CI, where nothing may be skipped."""
    if ready:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing and CI=true: these tests must run in CI.")
    pytest.skip(f"SKIPPED: {what} is missing")


# Debian's chromium on a machine with no outside network (docs/realtime-server.md).
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    executable = shutil.which("chromium")
    require_or_skip(executable is not None, "Debian chromium (apt-get install chromium)")
    return executable


@pytest.fixture(scope="session")
def playwright(chromium_executable):
    """One Playwright driver for the whole run: two at once do not work in one process."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def start_soketi(tmp_path):
    """Start real soketi servers on free loopback ports; stops only the ones it started."""
    from {{ cookiecutter.package_name }}.soketi import free_port, server_script
    from {{ cookiecutter.package_name }}.soketi import start_soketi as start

    require_or_skip(server_script(PROJECT).is_file(), "soketi (run `npm install`)")
    started = []

    def start_one(
        app_id: str,
        key: str,
        secret: str,
        port: int | None = None,
        redis_url: str | None = None,
        webhook_url: str | None = None,
    ):
        server = start(
            PROJECT,
            app_id=app_id,
            key=key,
            secret=secret,
            port=port or free_port(),
            log_path=tmp_path / f"soketi-{len(started)}.log",
            redis_url=redis_url,
            webhook_url=webhook_url,
        )
        started.append(server)
        return server

    yield start_one
    for server in started:
        server.stop()


def serve_live(settings, start_soketi, webhooks: bool = False):
    """The app over real HTTP, and a real soketi (non-numeric app id) that sends its
    presence webhooks to it when `webhooks` is set."""
    from {{ cookiecutter.package_name }}.soketi import free_port

    from .support import LiveServer

    settings["PUSHER_PORT"] = str(free_port())
    app = create_app(settings)
    with app.app_context():
        Base.metadata.create_all(db.engine)
    web = LiveServer(app)
    web.app = app
    web.soketi = start_soketi(
        settings["PUSHER_APP_ID"],
        settings["PUSHER_APP_KEY"],
        settings["PUSHER_APP_SECRET"],
        port=int(settings["PUSHER_PORT"]),
        webhook_url=web.url + "/pusher/webhooks" if webhooks else None,
    )
    return web


def stop_watchlist_events(app) -> None:
    from {{ cookiecutter.package_name }}.watchlist_events.reconcile import stop_reconciler
    from {{ cookiecutter.package_name }}.watchlist_events.tracker import cancel_pending

    stop_reconciler(app)
    cancel_pending()


@pytest.fixture
def live(settings, start_soketi):
    web = serve_live(settings, start_soketi)
    yield web
    web.stop()


@pytest.fixture
def emulated_live(settings, start_soketi):
    """`live` with WATCHLIST_EVENTS=emulated, soketi's webhooks pointed at the app, and
    a short grace so that offline shows within a test's patience."""
    settings.update(
        WATCHLIST_EVENTS="emulated", WATCHLIST_OFFLINE_GRACE="2", WATCHLIST_RECONCILE_INTERVAL="30"
    )
    web = serve_live(settings, start_soketi, webhooks=True)
    yield web
    stop_watchlist_events(web.app)
    web.stop()


@pytest.fixture
def pusher_client(request, settings):
    """Connect a pusher-js (Node) client for a logged-in BrowserLikeSession: to the soketi
    on `ws_port`, or by default to the test's `live` (or `emulated_live`) server's."""
    from .support import NodePusherClient

    clients = []

    def connect(session, subscribe: list[str] | None = None, ws_port: int | None = None, **more):
        if ws_port is None:
            fixture = "emulated_live" if "emulated_live" in request.fixturenames else "live"
            ws_port = request.getfixturevalue(fixture).soketi.port
        client = NodePusherClient(
            {
                **more,
                "key": settings["PUSHER_APP_KEY"],
                "wsPort": ws_port,
                "appUrl": session.base_url,
                "cookie": session.cookie_header,
                "csrf": session.csrf,
                "subscribe": subscribe or [],
            },
            cwd=PROJECT,
        )
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.stop()

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
