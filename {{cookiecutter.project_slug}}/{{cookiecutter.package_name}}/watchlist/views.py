"""Add and remove watched users from the dashboard."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..models import User
from .service import WatchlistError, add_watch, remove_watch

bp = Blueprint("watchlist", __name__, url_prefix="/watchlist")


def _user_from_form() -> User | None:
    username = request.form.get("username", "").strip().lower()
    user = db.session.scalar(select(User).where(User.username == username)) if username else None
    if user is None:
        flash(f"No user named {username!r}." if username else "Enter a username.", "error")
    return user


@bp.post("/add")
@login_required
def add():
    watched = _user_from_form()
    if watched is not None:
        try:
            if add_watch(db.session, current_user, watched):
                flash(f"Now watching {watched.username}.", "success")
            else:
                flash(f"You already watch {watched.username}.", "info")
        except WatchlistError as exc:
            flash(str(exc), "error")
    return redirect(url_for("demo.dashboard"))


@bp.post("/remove")
@login_required
def remove():
    watched = _user_from_form()
    if watched is not None and remove_watch(db.session, current_user, watched):
        flash(f"Stopped watching {watched.username}.", "success")
    return redirect(url_for("demo.dashboard"))
