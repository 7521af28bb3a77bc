"""The endpoints pusher-js and the realtime server call: /pusher/*."""

from flask import Blueprint, current_app

from ..extensions import csrf
from .channel_auth import authorize_channel
from .guards import require_csrf, require_signed_in_row, require_socket_id
from .signing import sign_user
from .user_data_cache import user_data_json
from .webhooks import receive_webhook

bp = Blueprint("realtime", __name__, url_prefix="/pusher")
# CSRF is checked inside each browser-facing view, after the session check, so the order
# of refusals is fixed: 403 not signed in, then 400 bad CSRF token, then 400 bad input.
# The webhook is called by the realtime service and is authenticated by its signature.
csrf.exempt(bp)
NO_STORE = {"Cache-Control": "no-store"}


@bp.post("/user-auth")
def user_auth():
    """pusher-js `pusher.signin()`: sign this session's user_data for the given socket."""
    signed_in = require_signed_in_row(status=403)
    require_csrf()
    socket_id = require_socket_id()
    user_data = user_data_json(signed_in)
    config = current_app.config
    auth = sign_user(config["PUSHER_APP_KEY"], config["PUSHER_APP_SECRET"], socket_id, user_data)
    return {"auth": auth, "user_data": user_data}, 200, NO_STORE


@bp.post("/auth")
def channel_auth():
    """pusher-js channel authorization for private-, private-encrypted- and presence-."""
    return authorize_channel(), 200, NO_STORE


@bp.post("/webhooks")
def webhooks():
    return receive_webhook(), 200
