"""Turn a hint (a webhook, a reconcile) into announced transitions, checking the realtime
server's own answer first; an offline is confirmed only after the grace period."""

import logging
import threading

from flask import Flask, current_app

from . import realtime_state
from .announce import record_and_announce

log = logging.getLogger(__name__)
# Per process: at most one pending offline check per user. Another worker may hold one
# too; the conditional UPDATE makes the two agree on who announces.
_pending: dict[str, threading.Timer] = {}
_pending_lock = threading.Lock()


def check(public_id: str) -> None:
    """Something changed for this user, says a hint: look, then act on what is true."""
    online = realtime_state.is_online(public_id)
    if online is True:
        record_and_announce(public_id, True)
    elif online is False:
        confirm_offline_later(public_id)
    # None: the server did not answer usefully; the reconcile will look again.


def confirm_offline_later(public_id: str) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with _pending_lock:
        if public_id in _pending:
            return
        timer = threading.Timer(
            app.config["WATCHLIST_OFFLINE_GRACE"], _confirm_offline, (app, public_id)
        )
        timer.daemon = True  # a lost check is repaired by the next process's reconcile
        _pending[public_id] = timer
    timer.start()


def _confirm_offline(app: Flask, public_id: str) -> None:
    with _pending_lock:
        _pending.pop(public_id, None)
    with app.app_context():
        try:
            online = realtime_state.is_online(public_id)
            if online is not None:
                # Back within the grace: nothing to say (the flip finds it unchanged).
                record_and_announce(public_id, online)
        except Exception:
            log.exception("watchlist events: the offline check of %s failed", public_id)


def cancel_pending() -> None:
    """For tests and shutdown: forget every pending offline check of this process."""
    with _pending_lock:
        for timer in _pending.values():
            timer.cancel()
        _pending.clear()
