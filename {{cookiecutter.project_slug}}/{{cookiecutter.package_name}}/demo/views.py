"""The demo pages: a dashboard that signs in to the realtime service live."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..watchlist.service import watched_users

bp = Blueprint("demo", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("demo.dashboard"))
    return redirect(url_for("auth.login"))


@bp.get("/dashboard")
@login_required
def dashboard():
    return render_template("demo/dashboard.html", watched=watched_users(db.session, current_user))
