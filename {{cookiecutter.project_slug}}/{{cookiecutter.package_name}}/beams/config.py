"""Whether Beams is turned on for this app, and where its hosted API lives."""

from collections.abc import Mapping
from typing import Any

REQUIRED_SETTINGS = ("PUSHER_BEAMS_INSTANCE_ID", "PUSHER_BEAMS_SECRET_KEY")


class BeamsNotConfigured(RuntimeError):
    """A Beams setting is empty or unusable; the message names it."""


def missing_settings(config: Mapping[str, Any]) -> list[str]:
    return [name for name in REQUIRED_SETTINGS if not config.get(name)]


def is_configured(config: Mapping[str, Any]) -> bool:
    return not missing_settings(config)


def require_configured(config: Mapping[str, Any]) -> None:
    missing = missing_settings(config)
    if missing:
        raise BeamsNotConfigured(
            f"Beams is not configured: set {' and '.join(missing)} (see .env.example)."
        )


def instance_url(instance_id: str) -> str:
    """Beams' own URL for an instance: the tokens' issuer, and the default API base."""
    return f"https://{instance_id}.pushnotifications.pusher.com"


def api_base_url(config: Mapping[str, Any]) -> str:
    # PUSHER_BEAMS_BASE_URL lets a local server stand in for Beams (the tests do this).
    base = config.get("PUSHER_BEAMS_BASE_URL") or instance_url(config["PUSHER_BEAMS_INSTANCE_ID"])
    if not base.startswith(("http://", "https://")):
        raise BeamsNotConfigured(
            f"PUSHER_BEAMS_BASE_URL must start with http:// or https://, not {base!r}."
        )
    return base.rstrip("/")
