"""Extension objects, created unbound and attached to the app in `create_app`."""

import sqlite3

from flask import Flask, current_app, g
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


class Database:
    """One engine per app and one session per app context (request or CLI command)."""

    def init_app(self, app: Flask) -> None:
        engine = create_engine(app.config["DATABASE_URL"])
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        app.extensions["database"] = sessionmaker(engine, expire_on_commit=False)
        app.teardown_appcontext(_close_session)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["database"].kw["bind"]

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = current_app.extensions["database"]()
        return g.db_session


def _enable_sqlite_foreign_keys(connection, _record) -> None:
    # SQLite ignores ON DELETE CASCADE unless each connection asks for it.
    if isinstance(connection, sqlite3.Connection):
        connection.execute("PRAGMA foreign_keys = ON")


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


db = Database()
login_manager = LoginManager()
csrf = CSRFProtect()
