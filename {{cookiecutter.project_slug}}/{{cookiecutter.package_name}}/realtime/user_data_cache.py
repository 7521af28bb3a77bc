"""The signed user_data, cached per (user, user_data_version) in each process.

Sign-in is the hottest route: every page load and every reconnect signs in again, and a
reconnect storm signs in everyone at once. The version lives in the user's row and is
bumped in the same transaction as anything that changes the user_data, so a cached
entry is never served stale, on any worker of any instance; a watchlist change is signed
at the very next sign-in.
"""

from flask import current_app

from .lru import LruCache
from .session_user import as_user
from .user_data import build_user_data, to_json

CACHE_SIZE = 10_000


def user_data_json(signed_in) -> str:
    """to_json(build_user_data(user)) for a row from signed_in_row(), from the cache when
    this version was seen before; the User is built only when it is not."""
    cache = current_app.extensions.setdefault("user_data_cache", LruCache(CACHE_SIZE))
    # The public id, not the row id: SQLite may give a deleted user's row id to the next
    # new user, and that user must never be served the deleted one's user_data.
    key = (signed_in.public_id, signed_in.user_data_version)
    cached = cache.get(key)
    if cached is None:
        cached = to_json(build_user_data(as_user(signed_in)))
        cache.put(key, cached)
    return cached
