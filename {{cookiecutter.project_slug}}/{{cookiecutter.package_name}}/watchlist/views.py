"""The watchlist as a small JSON API for the dashboard."""

from flask import Blueprint, request
from flask_login import current_user, login_required

from ..auth.service import find_user
from ..errors import ApiError
from ..extensions import db
from .service import WatchlistError, add_watch, remove_watch, watched_users

bp = Blueprint("watchlist", __name__, url_prefix="/api/watchlist")


def watchlist_json() -> dict:
    users = watched_users(db.session, current_user)
    return {
        "watchlist": [
            {"id": u.public_id, "username": u.username, "name": u.display_name} for u in users
        ]
    }


def _target_user():
    payload = request.get_json(silent=True)
    username = payload.get("username") if isinstance(payload, dict) else None
    if not isinstance(username, str) or not username.strip():
        raise ApiError(400, "missing_username", 'Send JSON {"username": "..."}.')
    user = find_user(db.session, username)
    if user is None:
        raise ApiError(404, "unknown_user", f"No user named {username.strip()!r}.")
    return user


@bp.get("")
@login_required
def show():
    return watchlist_json()


@bp.post("")
@login_required
def add():
    target = _target_user()
    try:
        added = add_watch(db.session, current_user, target)
    except WatchlistError as exc:
        raise ApiError(422, "watchlist_refused", str(exc)) from None
    body = watchlist_json()
    if not added:  # not an error (the list is as asked), but say why nothing changed
        body["notice"] = f"You already watch {target.display_name} (@{target.username})."
    return body


@bp.post("/remove")
@login_required
def remove():
    remove_watch(db.session, current_user, _target_user())
    return watchlist_json()
