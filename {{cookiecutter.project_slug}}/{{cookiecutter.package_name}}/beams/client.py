"""A small client for Beams' server API: publish to users or interests, delete a user.

Requests go through the app's one HTTP helper with the short PUSHER_HTTP_TIMEOUT, so an
unreachable Beams holds up a web request or a CLI command for seconds, not minutes.
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from ..http_client import ServiceError, send
from .config import api_base_url, require_configured
from .user_ids import check_interests, check_user_id, check_user_ids

# What to check when Beams refuses the request itself rather than its content.
HINTS = {
    401: " Check PUSHER_BEAMS_SECRET_KEY.",
    404: " Check PUSHER_BEAMS_INSTANCE_ID.",
}


class BeamsError(ServiceError):
    """Beams refused a request (`status` is its HTTP status) or was unreachable (None)."""


def describe_refusal(status: int, body: str) -> str:
    """Beams' own words when it sends its {"error", "description"} JSON, else the raw text."""
    try:
        details = json.loads(body)
        message = f"{details['error']}: {details['description']}"
    except (ValueError, TypeError, KeyError):
        message = body.strip()[:200] or "no message"
    return f"Beams answered {status}: {message}.{HINTS.get(status, '')}"


class BeamsClient:
    def __init__(self, instance_id: str, secret_key: str, base_url: str, timeout: float) -> None:
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise ValueError(f"The Beams base URL must be http(s), not {base_url!r}.")
        self.instance_id = instance_id
        self.secret_key = secret_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "BeamsClient":
        """Raises BeamsNotConfigured, naming the missing setting."""
        require_configured(config)
        return cls(
            config["PUSHER_BEAMS_INSTANCE_ID"],
            config["PUSHER_BEAMS_SECRET_KEY"],
            api_base_url(config),
            float(config["PUSHER_HTTP_TIMEOUT"]),
        )

    def publish_to_users(self, user_ids: Sequence[str], body: Mapping[str, Any]) -> dict[str, Any]:
        """Send `body` (its "web", "apns" and "fcm" parts) to every device of 1-1000 users.
        Returns Beams' answer, which holds the "publishId"."""
        return self._publish("users", {**body, "users": check_user_ids(user_ids)})

    def publish_to_interests(
        self, interests: Sequence[str], body: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Send `body` to every device subscribed to any of 1-100 interests (devices
        subscribe with the web SDK's addDeviceInterest). Returns Beams' answer."""
        return self._publish("interests", {**body, "interests": check_interests(interests)})

    def _publish(self, target: str, payload: dict[str, Any]) -> dict[str, Any]:
        path = f"/publish_api/v1/instances/{self._quoted_instance()}/publishes/{target}"
        try:
            answer = json.loads(self._request("POST", path, payload))
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise BeamsError("Beams accepted the publish, but its answer is not a JSON object.")
        return answer

    def delete_user(self, user_id: str) -> None:
        """Beams forgets the user and every device bound to them. Cannot be undone."""
        # safe="" encodes "/" too: an id must stay one path segment.
        user = quote(check_user_id(user_id), safe="")
        path = f"/customer_api/v1/instances/{self._quoted_instance()}/users/{user}"
        self._request("DELETE", path)

    def _quoted_instance(self) -> str:
        return quote(self.instance_id, safe="")

    def _request(self, method: str, path: str, payload: Any = None) -> str:
        headers = {"Authorization": f"Bearer {self.secret_key}", "Accept": "application/json"}
        data = None
        if payload is not None:
            data = json.dumps(payload).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            response = send(
                "Beams",
                method,
                self.base_url + path,
                body=data,
                headers=headers,
                timeout=self.timeout,
            )
        except ServiceError as exc:
            if exc.status is None:
                raise BeamsError(f"{exc}.") from None
            raise BeamsError(describe_refusal(exc.status, exc.body), exc.status, exc.body) from None
        return response.body
