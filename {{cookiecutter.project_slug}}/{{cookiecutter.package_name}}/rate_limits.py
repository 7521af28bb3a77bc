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


class ViewLimiter(Limiter):
    """Flask-Limiter, minus its app-wide check while there is nothing app-wide to check.

    Flask-Limiter's before_request hook looks for default, application, blueprint and
    meta limits on every request: about a quarter of the CPU of a /healthz, and as much
    again on every sign-in and channel authorization (counted with callgrind, see
    benchmarks/instructions.py). The limits here sit on views, whose decorators check
    them themselves, so the hook's check runs only once an app-wide limit exists; one
    added later (RATELIMIT_DEFAULT, `limiter.limit(...)(blueprint)`) applies from then on.
    """

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if in_middleware and not self._has_app_wide_limits():
            return
        super()._check_request_limit(callable_name, in_middleware)

    def _has_app_wide_limits(self) -> bool:
        # Flask-Limiter's own fields (3.5 to 4.x). A release that renames one fails
        # test_rate_limits with an AttributeError rather than dropping a limit quietly.
        manager = self.limit_manager
        return bool(
            manager._application_limits
            or manager._default_limits
            or manager._blueprint_limits
            or manager._endpoint_hints
            or self._meta_limits
            or self._in_memory_fallback
        )


def submitted_username() -> str:
    # Per username as well as per address: a botnet guessing one account's password
    # from many addresses is stopped too.
    return "login-user:" + (request.form.get("username") or "").strip().lower()[:64]


def register_rate_limits(app: Flask) -> Limiter:
    config = app.config
    limiter = ViewLimiter(
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
