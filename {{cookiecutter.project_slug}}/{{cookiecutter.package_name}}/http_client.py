"""The one place the app makes outgoing HTTP calls (Channels HTTP API, Beams).

Standard library only. Redirects are not followed: an API that redirects a signed POST is
misconfigured, and following it would resend credentials elsewhere.
"""

import urllib.error
import urllib.request
from dataclasses import dataclass


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
        text = exc.read().decode("utf-8", "replace")[:2000]
        raise ServiceError(f"{service} answered HTTP {exc.code}: {text}", exc.code, text) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        # The query holds request signatures: name the endpoint without it.
        endpoint = url.split("?", 1)[0]
        raise ServiceError(f"{service} could not be reached at {endpoint}: {reason}") from None
