"""What the realtime service is told when users change: wired to the app's signals.

A failure here is logged and reported, never raised: a user must always be able to
log out or delete their account, even while the realtime service is down.
"""

import logging

from flask import current_app

from ..auth.signals import user_deleted, user_logging_out
from ..models import User
from ..watchlist.service import watchlist_changed
from .client import ChannelsClient, ChannelsError

log = logging.getLogger(__name__)


def channels_client() -> ChannelsClient:
    return ChannelsClient.from_config(current_app.config)


def tell_user_their_watchlist_changed(watcher: User, **_) -> None:
    # The watchlist is read only at sign-in, so the client reconnects when told.
    try:
        channels_client().send_to_user(watcher.public_id, "watchlist-updated", {})
    except ChannelsError as exc:
        log.warning("Could not send watchlist-updated to %s: %s", watcher.public_id, exc)


def disconnect_user(public_id: str) -> None:
    # Only logged: nothing is left to retry, as the user's next sign-in is refused anyway.
    try:
        channels_client().terminate_user_connections(public_id)
    except ChannelsError as exc:
        log.warning("Could not terminate the connections of %s: %s", public_id, exc)


def on_logout(user: User, **_) -> None:
    disconnect_user(user.public_id)


def on_user_deleted(_sender, public_id: str, **_) -> None:
    disconnect_user(public_id)


def connect_hooks() -> None:
    # Module-level functions: connecting twice (one app per test) registers them once.
    watchlist_changed.connect(tell_user_their_watchlist_changed)
    user_logging_out.connect(on_logout)
    user_deleted.connect(on_user_deleted)
