"""The periodic reconcile: compare what soketi says is online with what was announced,
and repair the difference (webhooks are lost when the app is down, or a node dies).

One daemon thread per serving process, started by its first request (after gunicorn has
forked). Every process reconciles: the work is one API call, and the conditional UPDATE
keeps the announcements single. No scheduler or leader election is needed for that.
"""

import logging
import os
import threading

from flask import Flask

from ..extensions import db
from . import realtime_state
from .announce import record_and_announce
from .state import announced_online
from .tracker import confirm_offline_later

log = logging.getLogger(__name__)


def reconcile() -> None:
    online = realtime_state.online_public_ids()
    if online is None:
        return  # no trustworthy answer: change nothing
    announced = announced_online(db.session)
    for public_id in sorted(online - announced):
        record_and_announce(public_id, True)
    for public_id in sorted(announced - online):
        confirm_offline_later(public_id)


class Reconciler:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pid = os.getpid()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="watchlist-reconcile", daemon=True)

    def _run(self) -> None:
        interval = self.app.config["WATCHLIST_RECONCILE_INTERVAL"]
        while not self.stopped.wait(interval):
            with self.app.app_context():
                try:
                    reconcile()
                except Exception:
                    log.exception("watchlist events: the reconcile failed")

    def stop(self) -> None:
        self.stopped.set()


def register_reconciler(app: Flask) -> None:
    if app.config["WATCHLIST_EVENTS"] != "emulated":
        return
    lock = threading.Lock()

    @app.before_request
    def start_reconciler() -> None:
        current = app.extensions.get("watchlist_reconciler")
        if current is not None and current.pid == os.getpid():
            return
        with lock:
            current = app.extensions.get("watchlist_reconciler")
            if current is None or current.pid != os.getpid():
                reconciler = Reconciler(app)
                app.extensions["watchlist_reconciler"] = reconciler
                reconciler.thread.start()


def stop_reconciler(app: Flask) -> None:
    reconciler = app.extensions.pop("watchlist_reconciler", None)
    if reconciler is not None:
        reconciler.stop()
