"""Helpers for the emulated watchlist events tests: tabs (pusher-js clients in Node) that
join their own presence-online channel, as the demo's one line does."""

import time

from {{ cookiecutter.package_name }}.auth.service import get_user
from {{ cookiecutter.package_name }}.extensions import db

from .support import BrowserLikeSession, NodePusherClient


def public_id(app, username: str) -> str:
    with app.app_context():
        return get_user(db.session, username).public_id


def open_tab(
    connect,
    app_url: str,
    app,
    username: str,
    ws_port: int | None = None,
    reconnect_on_update: bool = False,
):
    """A signed-in pusher-js client in its presence-online channel; returns it with the
    moment it got there."""
    channel = f"presence-online.{public_id(app, username)}"
    session = BrowserLikeSession(app_url).log_in(username)
    client: NodePusherClient = connect(
        session,
        subscribe=[channel],
        ws_port=ws_port,
        reconnectOnWatchlistUpdate=reconnect_on_update,
    )
    client.wait_for(lambda e: e["type"] == "signin_success")
    client.wait_for(lambda e: e["type"] == "subscribed" and e["channel"] == channel)
    return client, time.monotonic()


def watchlist_event(name: str, user_id: str):
    return lambda e: e["type"] == "watchlist" and e["name"] == name and user_id in e["user_ids"]


def count(client: NodePusherClient, predicate, after: int = 0) -> int:
    client.saw(lambda _e: False, within=0.01)  # drain what has arrived
    return sum(1 for event in client.events[after:] if predicate(event))


def waited(client: NodePusherClient, predicate, timeout: float) -> float:
    """Seconds until the client saw a new such event (fails after `timeout`)."""
    client.saw(lambda _e: False, within=0.01)
    seen = {id(event) for event in client.events}
    started = time.monotonic()
    client.wait_for(lambda e: id(e) not in seen and predicate(e), timeout=timeout)
    return time.monotonic() - started
