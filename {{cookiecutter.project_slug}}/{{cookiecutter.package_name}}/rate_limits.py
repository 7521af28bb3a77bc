"""Abuse limits (Flask-Limiter): password guessing on /login, account spam on /register,
and, only when asked for, the /pusher/* endpoints.

Counters live in Redis when REDIS_URL is set, so every instance counts together; else in
each process's memory. A Redis outage falls back to per-process counting rather than
locking everyone out. /pusher/* is not limited by default: when a realtime server
restarts, every honest client signs in again within seconds, and refusing them would
turn a blip into an outage. Set PUSHER_RATE_LIMIT (per address) only above that peak.
"""

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

PUSHER_ENDPOINTS = (
    "realtime.user_auth",
    "realtime.channel_auth",
{%- if cookiecutter.include_beams == "y" %}
    "beams.beams_auth",
{%- endif %}
)


def submitted_username() -> str:
    # Per username as well as per address: a botnet guessing one account's password
    # from many addresses is stopped too.
    return "login-user:" + (request.form.get("username") or "").strip().lower()[:64]


def register_rate_limits(app: Flask) -> Limiter:
    config = app.config
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=config["REDIS_URL"] or "memory://",
        # Retry-After (and X-RateLimit-*) on every limited route's responses.
        headers_enabled=True,
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        strategy="moving-window",
    )

    def limit(endpoint: str, *decorators) -> None:
        view = app.view_functions[endpoint]
        for decorator in decorators:
            view = decorator(view)
        app.view_functions[endpoint] = view

    login, register = config["LOGIN_RATE_LIMIT"], config["REGISTER_RATE_LIMIT"]
    limit(
        "auth.login",
        limiter.limit(login, methods=["POST"]),
        limiter.limit(login, key_func=submitted_username, methods=["POST"]),
    )
    limit("auth.register", limiter.limit(register, methods=["POST"]))
    if config["PUSHER_RATE_LIMIT"]:
        for endpoint in PUSHER_ENDPOINTS:
            limit(endpoint, limiter.limit(config["PUSHER_RATE_LIMIT"]))
    app.extensions["rate_limiter"] = limiter
    return limiter
