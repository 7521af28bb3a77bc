"""What the app does with the realtime service's webhooks. Edit freely.

Each handler gets one event dict, e.g. {"name": "member_added", "channel": ..., "user_id": ...}.
Events with no handler are accepted and ignored.
"""

import logging

from .realtime.registry import webhooks

log = logging.getLogger(__name__)


@webhooks.on("channel_occupied")
@webhooks.on("channel_vacated")
def log_channel_activity(event: dict) -> None:
    log.info("webhook %s %s", event.get("name"), event.get("channel"))


@webhooks.on("member_added")
@webhooks.on("member_removed")
def log_presence(event: dict) -> None:
    log.info("webhook %s %s %s", event.get("name"), event.get("channel"), event.get("user_id"))
