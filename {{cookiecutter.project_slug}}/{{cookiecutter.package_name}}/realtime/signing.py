"""Every HMAC the Pusher protocol uses, in one place (docs/realtime-server.md)."""

import base64
import hashlib
import hmac
import re

# ASCII digits only: Python's \d would also accept e.g. Arabic-Indic digits.
SOCKET_ID_PATTERN = re.compile(r"[0-9]+\.[0-9]+")


def is_valid_socket_id(value: str) -> bool:
    # fullmatch, unlike $, refuses a trailing newline.
    return SOCKET_ID_PATTERN.fullmatch(value) is not None


def hmac_sha256_hex(secret: str, message: str | bytes) -> str:
    data = message.encode("utf-8") if isinstance(message, str) else message
    return hmac.new(secret.encode("utf-8"), data, hashlib.sha256).hexdigest()


def sign_user(app_key: str, app_secret: str, socket_id: str, user_data: str) -> str:
    """The `auth` value for pusher:signin; `user_data` is the exact JSON text sent."""
    return f"{app_key}:{hmac_sha256_hex(app_secret, f'{socket_id}::user::{user_data}')}"


def sign_channel(
    app_key: str, app_secret: str, socket_id: str, channel: str, channel_data: str | None = None
) -> str:
    message = (
        f"{socket_id}:{channel}"
        if channel_data is None
        else (f"{socket_id}:{channel}:{channel_data}")
    )
    return f"{app_key}:{hmac_sha256_hex(app_secret, message)}"


def encrypted_channel_secret(channel: str, master_key: bytes) -> str:
    digest = hashlib.sha256(channel.encode("utf-8") + master_key).digest()
    return base64.b64encode(digest).decode("ascii")


def sign_api_request(app_secret: str, method: str, path: str, params: dict[str, str]) -> str:
    """auth_signature for the Channels HTTP API: keys sorted, values not URL-encoded."""
    query = "&".join(f"{key}={params[key]}" for key in sorted(params))
    return hmac_sha256_hex(app_secret, f"{method.upper()}\n{path}\n{query}")


def verify_webhook(app_secret: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(hmac_sha256_hex(app_secret, body), signature)
