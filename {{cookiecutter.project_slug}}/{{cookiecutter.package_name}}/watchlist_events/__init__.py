"""Watchlist online/offline events where the realtime server sends none (soketi).

Pusher and Vask tell a signed-in user when people on their watchlist come online or go
offline: `pusher_internal:watchlist_events` frames on `#server-to-user-<id>`, which
pusher-js surfaces as `pusher.user.watchlist.bind("online" | "offline", ...)`. With
WATCHLIST_EVENTS=emulated the app sends the same frames itself, so client code is the
same on every service:

- Each signed-in client joins `presence-online.<own public id>` (only its owner may).
- soketi's webhooks about those channels are only hints: after one, the app reads the
  truth from soketi's HTTP API, so duplicated, lost or reordered webhooks do no harm.
- Going offline waits WATCHLIST_OFFLINE_GRACE and looks again, so a server restart does
  not flap everyone; a reconcile every WATCHLIST_RECONCILE_INTERVAL repairs what the
  webhooks missed (soketi never retries them).
- The announced state lives in `users.online`; only the conditional UPDATE that flips it
  announces, so several workers and instances never announce a change twice.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    # Importing registers the webhook handlers and the channel-authorized hook; each
    # checks the mode per app, since one process may hold apps in several modes (tests).
    from . import hints  # noqa: F401
    from .reconcile import register_reconciler

    register_reconciler(app)
