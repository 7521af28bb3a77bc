"""The one place the app makes outgoing HTTP calls (Channels HTTP API, Beams).

Standard library only. Redirects are not followed: an API that redirects a signed POST is
misconfigured, and following it would resend credentials elsewhere.
"""

import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException


class ServiceError(RuntimeError):
    """A remote service refused a request or could not be reached."""

    def __init__(self, message: str, status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


@dataclass(frozen=True)
class Response:
    status: int
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def send(
    service: str,
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
) -> Response:
    if not url.startswith(("https://", "http://")):
        raise ServiceError(f"{service}: only http(s) URLs are allowed, not {url!r}.")
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Response(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        text = _error_body(exc)
        raise ServiceError(f"{service} answered HTTP {exc.code}: {text}", exc.code, text) from None
    except (OSError, HTTPException) as exc:  # URLError and timeouts are OSErrors
        reason = getattr(exc, "reason", exc)
        # The query holds request signatures: name the endpoint without it.
        endpoint = url.split("?", 1)[0]
        raise ServiceError(f"{service} could not be reached at {endpoint}: {reason}") from None


def _error_body(error: urllib.error.HTTPError) -> str:
    # The body only explains the status: failing to read it must not hide the status.
    try:
        with error:
            return error.read().decode("utf-8", "replace")[:2000]
    except (OSError, HTTPException):
        return ""
