"""The signed-in user of a /pusher/* request, read with one Core statement.

pusher-js signs in and authorizes channels on every page load and every reconnect, so
these requests dominate the load when a realtime server restarts. Flask-Login's loader
builds the User through the ORM's query machinery, which costs three times what the
query itself does. This reads the same session key Flask-Login wrote, builds the same
User from one row, and hands it to Flask-Login as current_user, so the rest of the
request sees one user. Where Flask-Login is set up beyond what is mirrored here (strong
session protection, a request loader, a remember-me cookie), it loads the user itself.
"""

from flask import current_app, request, session
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import configure_mappers, make_transient_to_detached

from ..extensions import db
from ..models import User

_users = User.__table__
USER_BY_PUBLIC_ID = select(_users).where(_users.c.public_id == bindparam("public_id"))
_new_user = User.__mapper__.class_manager.new_instance


def _mirrors_flask_login() -> bool:
    manager = current_app.login_manager
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return (
        manager._request_callback is None
        and current_app.config.get("SESSION_PROTECTION", manager.session_protection) != "strong"
        and remember_cookie not in request.cookies
    )


def signed_in_row():
    """The signed-in user's row (id, public_id, ..., user_data_version), or None. Where
    Flask-Login loads the user itself, its User (which has the same attributes)."""
    if not _mirrors_flask_login():
        return current_user._get_current_object() if current_user.is_authenticated else None
    public_id = session.get("_user_id")
    if not isinstance(public_id, str):
        return None
    # None when the user was deleted since the session was made.
    return db.kept_connections.first_row(USER_BY_PUBLIC_ID, {"public_id": public_id})


def as_user(row) -> User:
    """The User for a row from signed_in_row(), built without another query."""
    if isinstance(row, User):
        return row
    # Built the way the ORM builds a loaded row, a third of the cost of User(**row): no
    # constructor (its defaults and validators are for new users) and no attribute events.
    # The constructor is also what completes the mappers on a worker's first request.
    configure_mappers()
    user = _new_user()
    user.__dict__.update(row._mapping)
    # Marked as a row that exists, so no INSERT is ever flushed for it. It is detached:
    # its columns read as usual; to follow a relationship, attach it first with
    # `db.session.add(user)` (no query is made for that).
    make_transient_to_detached(user)
    current_app.login_manager._update_request_context_with_user(user)
    return user


def signed_in_user() -> User | None:
    row = signed_in_row()
    return None if row is None else as_user(row)
