"""Extension objects, created unbound and attached to the app in `create_app`."""

import sqlite3
from typing import Any

from flask import Flask, current_app, g
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from .kept_connections import KeptConnections

# libpq's floor: it reads 1 as 2. A stopped server refuses at once; this bounds a host
# that swallows the connection attempt.
POSTGRES_CONNECT_TIMEOUT_S = 2


def engine_options(url: str, timeout: float) -> dict[str, Any]:
    """Bounded waits everywhere, so a database in trouble becomes a quick 503 (see
    errors.py) rather than a hung worker. `timeout` is DATABASE_TIMEOUT in seconds."""
    # Pre-ping swaps out connections the server closed (a restart, a failover) before a
    # request sees them, so recovery needs no app restart and fails no request.
    options: dict[str, Any] = {"pool_pre_ping": True}
    if make_url(url).get_backend_name() == "sqlite":
        # pysqlite's own busy timeout: how long a write waits for another writer's lock.
        options["connect_args"] = {"timeout": timeout}
        return options
    milliseconds = int(timeout * 1000)
    options.update(
        pool_timeout=timeout,
        pool_recycle=1800,
        connect_args={
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S,
            # A row lock held elsewhere (e.g. the watchlist cap's FOR UPDATE) is waited
            # for this long, then the request is answered 503 instead of hanging.
            "options": f"-c lock_timeout={milliseconds}",
        },
    )
    return options


class Database:
    """One engine per app and one session per app context (request or CLI command)."""

    def init_app(self, app: Flask) -> None:
        url = app.config["DATABASE_URL"]
        engine = create_engine(url, **engine_options(url, app.config["DATABASE_TIMEOUT"]))
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _configure_sqlite_connection)
        app.extensions["database"] = sessionmaker(engine, expire_on_commit=False)
        app.extensions["kept_connections"] = KeptConnections(engine)
        app.teardown_appcontext(_close_session)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["database"].kw["bind"]

    @property
    def kept_connections(self) -> KeptConnections:
        """For hot single-row reads outside the session: see kept_connections.py."""
        return current_app.extensions["kept_connections"]

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = current_app.extensions["database"]()
        return g.db_session


def _configure_sqlite_connection(connection, _record) -> None:
    if not isinstance(connection, sqlite3.Connection):
        return
    # WAL: readers (every sign-in) are never blocked by a writer, and the reverse.
    connection.execute("PRAGMA journal_mode = WAL")
    # WAL is safe with NORMAL: a power cut can lose the last commits, never corrupt.
    connection.execute("PRAGMA synchronous = NORMAL")
    # SQLite ignores ON DELETE CASCADE unless each connection asks for it.
    connection.execute("PRAGMA foreign_keys = ON")


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


db = Database()
login_manager = LoginManager()
csrf = CSRFProtect()
