"""The endpoints pusher-js and the realtime server call: /pusher/*."""

from flask import Blueprint, current_app

from ..extensions import csrf
from .guards import require_csrf, require_socket_id, require_user
from .signing import sign_user
from .user_data import build_user_data, to_json

bp = Blueprint("realtime", __name__, url_prefix="/pusher")
# CSRF is checked inside each view, after the session check, so the order of refusals
# is fixed: 403 not signed in, then 400 bad CSRF token, then 400 bad input.
csrf.exempt(bp)


@bp.post("/user-auth")
def user_auth():
    """pusher-js `pusher.signin()`: sign this session's user_data for the given socket."""
    user = require_user(status=403)
    require_csrf()
    socket_id = require_socket_id()
    user_data = to_json(build_user_data(user))
    config = current_app.config
    auth = sign_user(config["PUSHER_APP_KEY"], config["PUSHER_APP_SECRET"], socket_id, user_data)
    return {"auth": auth, "user_data": user_data}, 200, {"Cache-Control": "no-store"}
