"""What the realtime server says is online right now: the truth the webhooks hint at.

A user is online while their `presence-online.<public id>` channel is occupied. An
answer that fails, carries an `error` body, or is slow counts as "don't know" (None),
never as "offline": a frozen soketi node makes the others wait about 5 s and then answer
with only part of the cluster's channels, and acting on that would flap users offline.
"""

import logging
import time

from ..models import PUBLIC_ID_PATTERN
from ..realtime.client import ChannelsError
from ..realtime.hooks import channels_client

ONLINE_PREFIX = "presence-online."
# A healthy server answers in milliseconds; a frozen peer node costs about 5 s.
TRUSTED_ANSWER_S = 2.0
log = logging.getLogger(__name__)


def online_channel(public_id: str) -> str:
    return ONLINE_PREFIX + public_id


def public_id_of(channel: str) -> str | None:
    if not channel.startswith(ONLINE_PREFIX):
        return None
    public_id = channel[len(ONLINE_PREFIX) :]
    return public_id if PUBLIC_ID_PATTERN.fullmatch(public_id) else None


def is_online(public_id: str) -> bool | None:
    answer = _ask(lambda client: client.channel(online_channel(public_id)))
    if answer is None or not isinstance(answer.get("occupied"), bool):
        return None
    return answer["occupied"]


def online_public_ids() -> set[str] | None:
    answer = _ask(lambda client: client.channels(ONLINE_PREFIX))
    channels = None if answer is None else answer.get("channels")
    if not isinstance(channels, dict):
        return None
    return {public_id for name in channels if (public_id := public_id_of(name)) is not None}


def _ask(call) -> dict | None:
    started = time.monotonic()
    try:
        answer = call(channels_client())
    except ChannelsError as exc:
        log.warning("watchlist events: the realtime API did not answer usefully: %s", exc)
        return None
    elapsed = time.monotonic() - started
    if elapsed > TRUSTED_ANSWER_S:
        log.warning("watchlist events: ignoring an answer that took %.1f s", elapsed)
        return None
    return answer
