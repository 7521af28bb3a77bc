"""pusher-js options for the browser, from the same settings the server side uses, so
switching between soketi, Vask and Pusher is a change of .env only."""

from typing import Any

from ..models import User

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def is_local_soketi(config: dict[str, Any]) -> bool:
    return config["PUSHER_HOST"] in LOOPBACK_HOSTS


def browser_config(config: dict[str, Any], user: User) -> dict[str, Any]:
    ws_host = config["PUSHER_WS_HOST"] or config["PUSHER_HOST"]
    tls = config["PUSHER_SCHEME"] == "https"
    options: dict[str, Any] = {
        "key": config["PUSHER_APP_KEY"],
        # pusher-js 8 requires a cluster even when wsHost is set.
        "cluster": config["PUSHER_APP_CLUSTER"],
        "forceTLS": tls,
        "enabledTransports": ["wss"] if tls else ["ws"],
    }
    if ws_host:
        options["wsHost"] = ws_host
        port = config["PUSHER_PORT"] or (443 if tls else 80)
        options["wssPort" if tls else "wsPort"] = port
    return {
        "pusher": options,
        "user": {"id": user.public_id, "username": user.username, "name": user.display_name},
        # "native", "emulated" (join presence-online.<own id>: watchlist_events/) or "off".
        "watchlistEvents": config["WATCHLIST_EVENTS"],
    }
