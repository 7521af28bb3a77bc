"""The demo pages: a dashboard that signs in to the realtime service live."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..errors import json_error
from ..realtime.breaker import OPEN_SECONDS, breaker_for
from ..realtime.browser import browser_config
from ..realtime.client import ChannelsError, RealtimeUnavailable
from ..realtime.hooks import channels_client, disconnect_user

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


def realtime_unavailable(exc: ChannelsError):
    """503 with Retry-After: the service is down, hung or resting after failures."""
    response = json_error(503, "realtime_unavailable", str(exc))
    response.headers["Retry-After"] = str(max(1, round(exc.retry_after or OPEN_SECONDS)))
    return response


@bp.post("/api/test-event")
@login_required
def send_test_event():
    """Sends the user a server-to-user event through the realtime service, and says
    whether it was accepted: within PUSHER_HTTP_TIMEOUT, whatever the service does."""
    user = current_user
    try:
        channels_client().send_to_user(
            user.public_id, "test-event", {"message": f"Hello {user.display_name}!"}
        )
    except ChannelsError as exc:
        if exc.unavailable:
            return realtime_unavailable(exc)
        return json_error(502, "realtime_refused", str(exc))
    return {"ok": True, "description": "Test event sent."}


@bp.post("/api/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """Closes every realtime connection of the user (this tab's included), right after
    answering; refused at once while the service is known to be down."""
    wait = breaker_for(channels_client().base_url).resting_for()
    if wait is not None:
        return realtime_unavailable(RealtimeUnavailable(wait))
    disconnect_user(current_user.public_id)
    return {"ok": True, "description": "Closing all your realtime connections."}, 202
