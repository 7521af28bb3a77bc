"""The optional Redis connection (REDIS_URL): what several app instances share.

One client per process and URL; redis-py keeps its own connection pool. Short timeouts,
so Redis trouble is a quick error for the caller to handle, never a hung request.
"""

from functools import cache

from flask import current_app

REDIS_TIMEOUT_S = 1.0


@cache
def _client_for(url: str):
    import redis

    return redis.Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT_S,
        socket_timeout=REDIS_TIMEOUT_S,
        health_check_interval=30,
    )


def redis_client():
    url = current_app.config["REDIS_URL"]
    if not url:
        raise RuntimeError("REDIS_URL is not set.")
    return _client_for(url)
