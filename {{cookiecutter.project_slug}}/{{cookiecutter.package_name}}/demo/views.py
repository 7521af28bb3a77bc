"""The demo pages: a dashboard that signs in to the realtime service live."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..realtime.browser import browser_config
from ..realtime.client import ChannelsError
from ..realtime.hooks import channels_client

bp = Blueprint("demo", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("demo.dashboard"))
    return redirect(url_for("auth.login"))


@bp.get("/dashboard")
@login_required
def dashboard():
    config = browser_config(current_app.config, current_user)
    return render_template("demo/dashboard.html", realtime_config=config)


def _call_realtime(action, success: str):
    try:
        action()
    except ChannelsError as exc:
        return {"error": "realtime_unavailable", "description": str(exc)}, 502
    return {"ok": True, "description": success}


@bp.post("/api/test-event")
@login_required
def send_test_event():
    """Sends the user a server-to-user event through the realtime service."""
    user = current_user
    return _call_realtime(
        lambda: channels_client().send_to_user(
            user.public_id, "test-event", {"message": f"Hello {user.display_name}!"}
        ),
        "Test event sent.",
    )


@bp.post("/api/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """Closes every realtime connection of the user (this tab's included)."""
    return _call_realtime(
        lambda: channels_client().terminate_user_connections(current_user.public_id),
        "All your realtime connections were closed.",
    )
