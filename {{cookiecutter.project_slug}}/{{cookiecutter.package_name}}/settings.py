"""Settings from the environment and `.env`, validated once at start-up.

Names follow Laravel's broadcasting config (PUSHER_APP_ID, PUSHER_HOST, ...) so that
guides written for the Pusher ecosystem apply unchanged. Environment variables win
over `.env` (read from the project root, whatever the working directory); the `config`
passed to `create_app` wins over both.
"""

import base64
import binascii
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from dotenv import dotenv_values


def find_project_root() -> Path:
    """The folder holding pyproject.toml above this package (a checkout or an editable
    install), else the working directory (a wheel installed in a container's /app)."""
    source_root = Path(__file__).resolve().parent.parent
    if (source_root / "pyproject.toml").is_file():
        return source_root
    return Path.cwd()


PROJECT_ROOT = find_project_root()

REQUIRED = ("SECRET_KEY", "PUSHER_APP_ID", "PUSHER_APP_KEY", "PUSHER_APP_SECRET")

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": "",
    # Empty: a SQLite file in DATA_DIR.
    "DATABASE_URL": "",
    # Where the SQLite file and local logs live; relative paths are from the project root.
    "DATA_DIR": "instance",
    # Seconds to wait for a database lock (SQLite busy_timeout, PostgreSQL lock_timeout)
    # before the request is answered 503: a user is better served by "try again" than a hang.
    "DATABASE_TIMEOUT": "1.5",
    # Optional. When set, state that several app instances must share lives in Redis.
    "REDIS_URL": "",
    # How many proxies (nginx, a load balancer) stand in front of the app and set
    # X-Forwarded-*; 0 trusts none. Too high lets clients forge their address.
    "TRUSTED_PROXIES": "0",
    # Flask-Limiter notation. Per address, and for logins per username too.
    "LOGIN_RATE_LIMIT": "10 per minute",
    "REGISTER_RATE_LIMIT": "10 per hour",
    # Empty: /pusher/* is not limited (see rate_limits.py for why). E.g. "600 per minute".
    "PUSHER_RATE_LIMIT": "",
    "LOG_LEVEL": "INFO",
    # "text" for people, "json" for log collectors: one JSON object per line.
    "LOG_FORMAT": "text",
    "PUSHER_APP_ID": "",
    "PUSHER_APP_KEY": "",
    "PUSHER_APP_SECRET": "",
    "PUSHER_HOST": "",
    "PUSHER_PORT": "",
    "PUSHER_SCHEME": "https",
    "PUSHER_APP_CLUSTER": "mt1",
    # The WebSocket host when it differs from the HTTP API host (Vask: wss.vask.dev).
    "PUSHER_WS_HOST": "",
    # Seconds for each call to the realtime HTTP API. Short: Pusher answers in well under
    # a second, and a user waits on the synchronous calls (see realtime/after_response.py).
    "PUSHER_HTTP_TIMEOUT": "1",
    "PUSHER_ENCRYPTION_MASTER_KEY_BASE64": "",
    "PUSHER_BEAMS_INSTANCE_ID": "",
    "PUSHER_BEAMS_SECRET_KEY": "",
    "PUSHER_BEAMS_BASE_URL": "",
    # Watchlist online/offline events (pusher.user.watchlist): "native" where the realtime
    # service sends them (Pusher, Vask), "emulated" where the app must (soketi, which has
    # none: see watchlist_events/), or "off".
    "WATCHLIST_EVENTS": "{{ 'emulated' if cookiecutter.realtime_service == 'soketi' else 'native' }}",
    # Emulated mode: seconds a user must stay gone before watchers are told "offline".
    # Longer than a realtime server restart (pusher-js is back within about 14 s), so a
    # restart does not flap everyone offline and online again.
    "WATCHLIST_OFFLINE_GRACE": "20",
    # Emulated mode: seconds between reconciles that repair what webhooks missed (soketi
    # never retries a webhook). With the grace, a lost webhook costs at most 30 s.
    "WATCHLIST_RECONCILE_INTERVAL": "10",
    # Send the session cookie over HTTPS only. Set it in production; the local demo is http.
    "SESSION_COOKIE_SECURE": "false",
}

MIN_SECRET_KEY_LENGTH = 32
WATCHLIST_MODES = ("native", "emulated", "off")


class SettingsError(click.ClickException, RuntimeError):
    """A setting is missing or malformed; the message names the variable. A ClickException
    so that `flask ...` prints it as one line ("Error: ..."), not as a traceback."""


def read_sources(environ: Mapping[str, str], dotenv_path: Path | None) -> dict[str, Any]:
    values: dict[str, Any] = dict(DEFAULTS)
    if dotenv_path is not None and dotenv_path.is_file():
        from_file = dotenv_values(dotenv_path)
        values.update({k: v for k, v in from_file.items() if k in DEFAULTS and v})
    values.update({k: v for k, v in environ.items() if k in DEFAULTS and v})
    return values


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = PROJECT_ROOT / ".env",
) -> dict[str, Any]:
    values = read_sources(os.environ if environ is None else environ, dotenv_path)
    values.update(overrides or {})
    for name in REQUIRED:
        if not str(values.get(name) or "").strip():
            raise SettingsError(
                f"{name} is not set. Set it in the environment or in .env (see .env.example)."
            )
    if len(values["SECRET_KEY"]) < MIN_SECRET_KEY_LENGTH and not values.get("TESTING"):
        raise SettingsError(f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters.")
    values["SESSION_COOKIE_SECURE"] = _flag("SESSION_COOKIE_SECURE", values)
    values["PUSHER_PORT"] = _port(values["PUSHER_PORT"])
    values["PUSHER_HTTP_TIMEOUT"] = _positive_float("PUSHER_HTTP_TIMEOUT", values)
    values["DATABASE_TIMEOUT"] = _positive_float("DATABASE_TIMEOUT", values)
    values["TRUSTED_PROXIES"] = _count("TRUSTED_PROXIES", values)
    if values["WATCHLIST_EVENTS"] not in WATCHLIST_MODES:
        raise SettingsError(f"WATCHLIST_EVENTS must be one of {', '.join(WATCHLIST_MODES)}.")
    values["WATCHLIST_OFFLINE_GRACE"] = _positive_float("WATCHLIST_OFFLINE_GRACE", values)
    values["WATCHLIST_RECONCILE_INTERVAL"] = _positive_float("WATCHLIST_RECONCILE_INTERVAL", values)
    values["DATA_DIR"] = str(PROJECT_ROOT / Path(values["DATA_DIR"] or "instance"))
    if values["LOG_FORMAT"] not in ("text", "json"):
        raise SettingsError("LOG_FORMAT must be 'text' or 'json'.")
    if values["REDIS_URL"] and not str(values["REDIS_URL"]).startswith(
        ("redis://", "rediss://", "unix://")
    ):
        raise SettingsError("REDIS_URL must start with redis://, rediss:// or unix://.")
    if values["PUSHER_SCHEME"] not in ("http", "https"):
        raise SettingsError("PUSHER_SCHEME must be 'http' or 'https'.")
    values["PUSHER_ENCRYPTION_MASTER_KEY"] = _master_key(
        values["PUSHER_ENCRYPTION_MASTER_KEY_BASE64"]
    )
    if bool(values["PUSHER_BEAMS_INSTANCE_ID"]) != bool(values["PUSHER_BEAMS_SECRET_KEY"]):
        missing = (
            "PUSHER_BEAMS_SECRET_KEY"
            if values["PUSHER_BEAMS_INSTANCE_ID"]
            else ("PUSHER_BEAMS_INSTANCE_ID")
        )
        raise SettingsError(
            f"{missing} is not set: Beams needs both its instance id and secret key."
        )
    return values


def _flag(name: str, values: Mapping[str, Any]) -> bool:
    raw = values[name]
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}.")


def _port(raw: Any) -> int | None:
    if raw in ("", None):
        return None
    try:
        port = int(raw)
    except (TypeError, ValueError):
        raise SettingsError(f"PUSHER_PORT must be a number, not {raw!r}.") from None
    if not 0 < port < 65536:
        raise SettingsError(f"PUSHER_PORT must be between 1 and 65535, not {port}.")
    return port


def _count(name: str, values: Mapping[str, Any]) -> int:
    try:
        number = int(values[name])
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be a whole number.") from None
    if number < 0:
        raise SettingsError(f"{name} must be 0 or more.")
    return number


def _positive_float(name: str, values: Mapping[str, Any]) -> float:
    try:
        number = float(values[name])
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be a number of seconds.") from None
    if number <= 0:
        raise SettingsError(f"{name} must be greater than zero.")
    return number


def _master_key(encoded: str) -> bytes | None:
    if not encoded:
        return None
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise SettingsError("PUSHER_ENCRYPTION_MASTER_KEY_BASE64 is not valid base64.") from None
    if len(key) != 32:
        raise SettingsError(
            f"PUSHER_ENCRYPTION_MASTER_KEY_BASE64 must decode to 32 bytes, not {len(key)}."
        )
    return key
