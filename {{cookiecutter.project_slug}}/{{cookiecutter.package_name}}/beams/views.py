"""GET /pusher/beams-auth, the Beams SDKs' token provider, and the web SDK's service worker."""

from flask import Blueprint, current_app, request

from ..errors import ApiError
from ..realtime.guards import require_signed_in_row, single_value
from .config import missing_settings
from .tokens import mint_token
from .user_ids import InvalidUserId, check_user_id

bp = Blueprint("beams", __name__)


@bp.get("/pusher/beams-auth")
def beams_auth():
    """A token binding the calling device to the session's user.

    Beams trusts whatever `sub` the token names, so it comes from the session; the
    `user_id` the SDK sends only has to agree with it. No CSRF check: a GET changes
    nothing, and the mobile SDKs have no CSRF token to send.
    """
    # Only the id is needed: the row, without building a User.
    user = require_signed_in_row(status=401)
    missing = missing_settings(current_app.config)
    if missing:
        raise ApiError(
            503, "beams_not_configured", f"Beams is not configured: set {' and '.join(missing)}."
        )
    requested = single_value(request.args, "user_id", status=401)
    try:
        check_user_id(requested)
    except InvalidUserId as exc:
        raise ApiError(401, "invalid_user_id", str(exc)) from None
    if requested != user.public_id:
        raise ApiError(
            401, "wrong_user_id", "user_id is not the signed-in user's id; sign in as that user."
        )
    config = current_app.config
    token = mint_token(
        config["PUSHER_BEAMS_INSTANCE_ID"], config["PUSHER_BEAMS_SECRET_KEY"], user.public_id
    )
    return {"token": token}, 200, {"Cache-Control": "no-store"}


@bp.get("/service-worker.js")
def service_worker():
    # The web SDK registers this exact path, so the worker's scope is the whole site.
    response = current_app.send_static_file("beams-service-worker.js")
    # Browsers check for a new worker on each visit; never let a cache pin an old one.
    response.headers["Cache-Control"] = "no-cache"
    return response
