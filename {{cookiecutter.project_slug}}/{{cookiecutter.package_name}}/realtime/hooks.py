"""What the realtime service is told when users change: wired to the app's signals.

Every call here runs after the response (after_response.py): the local change is already
committed and the user already answered, whatever the realtime service does. A failure
is logged, never raised: a user must always be able to log out or delete their account,
even while the realtime service is down.
"""

import logging
import time

from flask import current_app

from ..auth.signals import user_deleted, user_logging_out
from ..models import User
from ..watchlist.service import watchlist_changed
from .after_response import after_response
from .client import ChannelsClient, ChannelsError

log = logging.getLogger(__name__)
# A dropped terminate leaves a logged-out browser connected; one retry covers a blip.
TERMINATE_ATTEMPTS = 2
RETRY_PAUSE_S = 0.5


def channels_client() -> ChannelsClient:
    return ChannelsClient.from_config(current_app.config)


def _send_watchlist_updated(public_id: str) -> None:
    # The watchlist is read only at sign-in, so the client reconnects when told. No
    # retry: the next sign-in signs the new watchlist anyway.
    try:
        channels_client().send_to_user(public_id, "watchlist-updated", {})
    except ChannelsError as exc:
        log.warning("Could not send watchlist-updated to %s: %s", public_id, exc)


def _terminate(public_id: str) -> None:
    for attempt in range(1, TERMINATE_ATTEMPTS + 1):
        try:
            channels_client().terminate_user_connections(public_id)
            return
        except ChannelsError as exc:
            if not exc.unavailable or exc.retry_after is not None or attempt == TERMINATE_ATTEMPTS:
                log.warning("Could not terminate the connections of %s: %s", public_id, exc)
                return
            time.sleep(RETRY_PAUSE_S)


def tell_user_their_watchlist_changed(watcher: User, **_) -> None:
    public_id = watcher.public_id
    after_response(lambda: _send_watchlist_updated(public_id))


def disconnect_user(public_id: str) -> None:
    after_response(lambda: _terminate(public_id))


def on_logout(user: User, **_) -> None:
    disconnect_user(user.public_id)


def on_user_deleted(_sender, public_id: str, **_) -> None:
    disconnect_user(public_id)


def connect_hooks() -> None:
    # Module-level functions: connecting twice (one app per test) registers them once.
    watchlist_changed.connect(tell_user_their_watchlist_changed)
    user_logging_out.connect(on_logout)
    user_deleted.connect(on_user_deleted)
