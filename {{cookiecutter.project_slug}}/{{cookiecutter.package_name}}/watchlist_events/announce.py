"""Tell watchers, in the frames Pusher itself sends (docs/realtime-server.md): pusher-js fires
`pusher.user.watchlist` callbacks for them, with no client code of ours."""

import logging

from ..extensions import db
from ..realtime.client import MAX_CHANNELS, ChannelsError
from ..realtime.hooks import channels_client
from .state import flip, watched_states, watchers_of

EVENT = "pusher_internal:watchlist_events"
log = logging.getLogger(__name__)


def record_and_announce(public_id: str, online: bool) -> bool:
    """Store the new state; if this call changed it, tell every watcher. True if told."""
    row_id = flip(db.session, public_id, online)
    if row_id is None:
        return False
    watchers = watchers_of(db.session, row_id)
    name = "online" if online else "offline"
    log.info("watchlist events: %s is %s; telling %d watchers", public_id, name, len(watchers))
    events = [{"name": name, "user_ids": [public_id]}]
    for start in range(0, len(watchers), MAX_CHANNELS):
        channels = [f"#server-to-user-{w}" for w in watchers[start : start + MAX_CHANNELS]]
        _send(channels, events)
    return True


def send_initial_state(public_id: str) -> None:
    """What Pusher sends right after each sign-in: who on the watchlist is online (and,
    so that badges need not guess, who is not)."""
    states = watched_states(db.session, public_id)
    events = [
        {"name": name, "user_ids": ids}
        for name, ids in (
            ("online", [who for who, online in states.items() if online]),
            ("offline", [who for who, online in states.items() if not online]),
        )
        if ids
    ]
    if events:
        _send([f"#server-to-user-{public_id}"], events)


def _send(channels: list[str], events: list[dict]) -> None:
    try:
        channels_client().trigger(channels, EVENT, {"events": events})
    except ChannelsError as exc:
        # The next sign-in sends the initial state again, and the reconcile goes on.
        log.warning("watchlist events: could not send %s: %s", events, exc)
