"""Security headers on every response, from a small after_request hook.

Not Flask-Talisman: it would also redirect to HTTPS and set cookie flags, which the
proxy and the settings here already own, and its CSP needs the same per-deployment
connect-src list built below anyway. The policy allows no inline script or handler at
all; the demo's scripts are static files, and the dashboard's config is a JSON data
block, which browsers never execute.
"""

from typing import Any

from flask import Flask, Response

# A year: long enough to matter, and what hstspreload.org asks for.
HSTS_MAX_AGE_S = 365 * 24 * 60 * 60


def realtime_sources(config: dict[str, Any]) -> list[str]:
    """Where the browser opens WebSockets (pusher-js) and, with Beams, fetches tokens."""
    tls = config["PUSHER_SCHEME"] == "https"
    host = config["PUSHER_WS_HOST"] or config["PUSHER_HOST"]
    if host:
        port = config["PUSHER_PORT"]
        sources = [f"{'wss' if tls else 'ws'}://{host}" + (f":{port}" if port else "")]
    else:  # Pusher Channels, by cluster
        sources = [f"wss://ws-{config['PUSHER_APP_CLUSTER']}.pusher.com"]
    if config.get("PUSHER_BEAMS_INSTANCE_ID"):
        # The web SDK always calls Beams' own host (PUSHER_BEAMS_BASE_URL is server-side).
        sources.append(f"https://{config['PUSHER_BEAMS_INSTANCE_ID']}.pushnotifications.pusher.com")
    return sources


def content_security_policy(config: dict[str, Any]) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "connect-src": " ".join(["'self'", *realtime_sources(config)]),
        "worker-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def register_security_headers(app: Flask) -> None:
    headers = {
        "Content-Security-Policy": content_security_policy(app.config),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        # Same-origin requests keep their Referer (Flask-WTF checks it over HTTPS);
        # other sites learn nothing about the pages people come from.
        "Referrer-Policy": "same-origin",
    }
    if app.config["SESSION_COOKIE_SECURE"]:
        headers["Strict-Transport-Security"] = f"max-age={HSTS_MAX_AGE_S}"

    defaults = [(name.lower(), name, value) for name, value in headers.items()]

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # What a view set itself stays. One pass over the response's headers, not a
        # setdefault per name: werkzeug searches them linearly, case-folding each one,
        # and this runs on every response.
        present = {name.lower() for name, _value in response.headers}
        for lowered, name, value in defaults:
            if lowered not in present:
                response.headers.add(name, value)
        return response
