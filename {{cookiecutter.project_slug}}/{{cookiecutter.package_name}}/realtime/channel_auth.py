"""POST /pusher/auth: private, encrypted and presence channel authorization.

The wire format: docs/realtime-server.md.
"""

import re

from blinker import Namespace
from flask import current_app, request

from ..errors import ApiError
from ..models import PUSHER_NAME_CHARS
from .guards import require_csrf, require_socket_id, require_user, single_value
from .registry import channels
from .signing import encrypted_channel_secret, sign_channel
from .user_data import to_json, user_info

CHANNEL_NAME = re.compile("[" + PUSHER_NAME_CHARS + "]{1,164}")
ENCRYPTED_PREFIX = "private-encrypted-"
# Sent with the user, channel and socket id once a subscription is signed.
channel_authorized = Namespace().signal("channel-authorized")


def refuse(description: str) -> ApiError:
    return ApiError(403, "channel_forbidden", description)


def authorize_channel() -> dict[str, str]:
    user = require_user(status=403)
    require_csrf()
    socket_id = require_socket_id()
    channel = single_value(request.form, "channel_name")
    if not CHANNEL_NAME.fullmatch(channel):
        raise refuse("channel_name must be 1-164 characters of [-A-Za-z0-9_=@,.;].")
    if not channel.startswith(("private-", "presence-")):
        raise refuse(f"{channel} is not a private or presence channel; it needs no auth.")
    config = current_app.config
    master_key = config["PUSHER_ENCRYPTION_MASTER_KEY"]
    if channel.startswith(ENCRYPTED_PREFIX) and master_key is None:
        raise refuse("Encrypted channels are off: PUSHER_ENCRYPTION_MASTER_KEY_BASE64 is not set.")

    decision = channels.decide(user, channel)
    if decision is False or decision is None:
        raise refuse(f"You may not subscribe to {channel}.")
    key, secret = config["PUSHER_APP_KEY"], config["PUSHER_APP_SECRET"]
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    channel_authorized.send(app, user=user, channel=channel, socket_id=socket_id)

    if channel.startswith("presence-"):
        info = decision if isinstance(decision, dict) else user_info(user)
        channel_data = to_json({"user_id": user.public_id, "user_info": info})
        return {
            "auth": sign_channel(key, secret, socket_id, channel, channel_data),
            "channel_data": channel_data,
        }
    response = {"auth": sign_channel(key, secret, socket_id, channel)}
    if channel.startswith(ENCRYPTED_PREFIX):
        response["shared_secret"] = encrypted_channel_secret(channel, master_key)
    return response
