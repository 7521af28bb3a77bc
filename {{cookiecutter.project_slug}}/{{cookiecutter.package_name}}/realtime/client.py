"""A client for the Channels HTTP API (Pusher, Vask, soketi): docs/realtime-server.md.

The official `pusher` SDK insists on a numeric app id, which Vask does not use (its app
id is the app key), and it misses the /apps/<id> prefix when terminating connections.
"""

import hashlib
import json
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..http_client import ServiceError, send
from ..models import PUBLIC_ID_PATTERN, PUSHER_NAME_CHARS
from .breaker import breaker_for
from .signing import is_valid_socket_id, sign_api_request

MAX_DATA_BYTES = 10 * 1024
MAX_CHANNELS = 100
# Trigger accepts '#' too, for the #server-to-user-<id> channels.
CHANNEL_NAME = re.compile("[" + PUSHER_NAME_CHARS + "#]{1,164}")


class ChannelsError(ServiceError):
    """The request was refused locally, by the realtime service, or could not be sent."""

    retry_after: float | None = None

    @property
    def unavailable(self) -> bool:
        """The service could not be reached, hung, failed (5xx), or is resting after
        repeated failures: a passing condition, unlike a refusal."""
        return self.retry_after is not None or self.status is None or self.status >= 500


class RealtimeUnavailable(ChannelsError):
    """Not even tried: the circuit breaker is open after repeated failures."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(
            f"The realtime service failed repeatedly; not trying again for {retry_after:.0f} s."
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class ChannelsClient:
    app_id: str
    key: str
    secret: str
    base_url: str
    timeout: float = 1.0

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "ChannelsClient":
        scheme = config["PUSHER_SCHEME"]
        host = config["PUSHER_HOST"] or f"api-{config['PUSHER_APP_CLUSTER']}.pusher.com"
        port = config["PUSHER_PORT"]
        base_url = f"{scheme}://{host}" + (f":{port}" if port else "")
        return cls(
            app_id=str(config["PUSHER_APP_ID"]),
            key=config["PUSHER_APP_KEY"],
            secret=config["PUSHER_APP_SECRET"],
            base_url=base_url,
            timeout=config["PUSHER_HTTP_TIMEOUT"],
        )

    def trigger(
        self, channels: list[str], event: str, data: Any, exclude_socket_id: str | None = None
    ) -> dict[str, Any]:
        if not 1 <= len(channels) <= MAX_CHANNELS:
            raise ChannelsError(f"Trigger on 1 to {MAX_CHANNELS} channels, not {len(channels)}.")
        for channel in channels:
            if not CHANNEL_NAME.fullmatch(channel):
                raise ChannelsError(f"Invalid channel name {channel!r}.")
        if not 1 <= len(event) <= 200:
            raise ChannelsError("Event names are 1 to 200 characters.")
        text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
        if len(text.encode("utf-8")) > MAX_DATA_BYTES:
            raise ChannelsError(f"Event data is over {MAX_DATA_BYTES} bytes; send less.")
        body: dict[str, Any] = {"name": event, "channels": channels, "data": text}
        if exclude_socket_id is not None:
            if not is_valid_socket_id(exclude_socket_id):
                raise ChannelsError(f"Invalid socket id {exclude_socket_id!r}.")
            body["socket_id"] = exclude_socket_id
        return self._post(f"/apps/{quote(self.app_id, safe='')}/events", body)

    def send_to_user(self, user_id: str, event: str, data: Any) -> dict[str, Any]:
        return self.trigger([f"#server-to-user-{self._user_id(user_id)}"], event, data)

    def terminate_user_connections(self, user_id: str) -> dict[str, Any]:
        path = f"/apps/{quote(self.app_id, safe='')}/users/{self._user_id(user_id)}"
        return self._post(path + "/terminate_connections", {})

    @staticmethod
    def _user_id(user_id: str) -> str:
        # The charset is path-safe as it stands, so the signed path is the sent path.
        if not PUBLIC_ID_PATTERN.fullmatch(user_id):
            raise ChannelsError(f"Invalid user id {user_id!r}.")
        return user_id

    def channels(self, prefix: str, info: str = "") -> dict[str, Any]:
        """GET /channels: the occupied channels whose names start with `prefix`."""
        query = {"filter_by_prefix": prefix, **({"info": info} if info else {})}
        return self._send("GET", f"/apps/{quote(self.app_id, safe='')}/channels", query=query)

    def channel(self, name: str, info: str = "") -> dict[str, Any]:
        """GET /channels/<name>. soketi does not decode the path, so no '#' names here."""
        if not CHANNEL_NAME.fullmatch(name) or "#" in name:
            raise ChannelsError(f"Invalid channel name {name!r}.")
        path = f"/apps/{quote(self.app_id, safe='')}/channels/{name}"
        return self._send("GET", path, query={"info": info} if info else {})

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._send("POST", path, body=body)

    def _send(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        query: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        payload = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        params = {
            **(query or {}),
            "auth_key": self.key,
            "auth_timestamp": str(int(time.time())),
            "auth_version": "1.0",
        }
        if method == "POST":
            params["body_md5"] = hashlib.md5(payload).hexdigest()  # noqa: S324 - protocol's
        params["auth_signature"] = sign_api_request(self.secret, method, path, params)
        breaker = breaker_for(self.base_url)
        wait = breaker.retry_after()
        if wait is not None:
            raise RealtimeUnavailable(wait)
        try:
            response = send(
                "The realtime service",
                method,
                f"{self.base_url}{path}?{urlencode(params)}",
                body=payload if method == "POST" else None,
                headers={"Content-Type": "application/json"} if method == "POST" else {},
                timeout=self.timeout,
            )
        except ServiceError as exc:
            error = ChannelsError(str(exc), exc.status, exc.body)
            breaker.record(reachable=not error.unavailable)
            raise error from None
        breaker.record(reachable=True)
        try:
            answer = json.loads(response.body) if response.body.strip() else {}
        except ValueError:
            answer = {}
        # soketi 1.6 refuses a bad signature with HTTP 200 and {"error", "code": 401}.
        if isinstance(answer, dict) and "error" in answer:
            status = answer.get("code") if isinstance(answer.get("code"), int) else None
            raise ChannelsError(
                f"The realtime service refused the request ({status}): {answer['error']}",
                status,
                response.body,
            )
        return answer if isinstance(answer, dict) else {}
