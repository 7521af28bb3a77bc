"""POST /pusher/webhooks: verify the realtime service's signature, then dispatch."""

import hmac
import json
import logging
import time

from flask import current_app, request

from ..errors import ApiError
from .registry import webhooks
from .signing import verify_webhook

MAX_AGE_MS = 5 * 60 * 1000
log = logging.getLogger(__name__)


def receive_webhook() -> dict[str, int]:
    config = current_app.config
    key = request.headers.get("X-Pusher-Key", "")
    signature = request.headers.get("X-Pusher-Signature", "")
    if not hmac.compare_digest(key.encode(), config["PUSHER_APP_KEY"].encode()):
        raise ApiError(401, "bad_key", "X-Pusher-Key is not this app's key.")
    body = request.get_data(cache=False)
    if not verify_webhook(config["PUSHER_APP_SECRET"], body, signature):
        raise ApiError(401, "bad_signature", "X-Pusher-Signature does not match the body.")
    try:
        payload = json.loads(body)
        sent_ms, events = payload["time_ms"], payload["events"]
        if not isinstance(sent_ms, int) or not isinstance(events, list):
            raise TypeError
        if not all(isinstance(e, dict) and isinstance(e.get("name"), str) for e in events):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise ApiError(
            400, "bad_payload", "Expected JSON {time_ms, events: [{name, ...}]}."
        ) from None
    if abs(time.time() * 1000 - sent_ms) > MAX_AGE_MS:
        raise ApiError(400, "stale_webhook", "time_ms is more than 5 minutes from now.")

    for event in events:
        for handler in webhooks.handlers_for(event["name"]):
            try:
                handler(event)
            except Exception:
                # A bug in one handler must not hide the other events; the service does
                # not retry webhooks reliably, so the failure is logged rather than 5xx.
                log.exception("webhook handler %s failed on %s", handler.__name__, event)
    return {"received": len(events)}
