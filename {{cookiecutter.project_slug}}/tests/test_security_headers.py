"""Security headers on every response: a CSP with no inline scripts, no framing, no
sniffing, a referrer policy, and HSTS when the cookies are Secure."""

import re

import pytest

from {{ cookiecutter.package_name }} import create_app

from .conftest import PROJECT

PACKAGE = PROJECT / "{{ cookiecutter.package_name }}"


PATHS = ["/login", "/healthz", "/pusher/user-auth", "/static/style.css", "/nope"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_the_websocket_host_is_allowed_and_hsts_is_sent_with_secure_cookies(settings):
    settings.update(PUSHER_HOST="api.vask.dev", PUSHER_WS_HOST="wss.vask.dev")
    settings.update(PUSHER_PORT="443", PUSHER_SCHEME="https", SESSION_COOKIE_SECURE="true")
    response = create_app(settings).test_client().get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "connect-src 'self' wss://wss.vask.dev:443" in csp
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_header_a_view_sets_itself_is_kept_and_not_doubled(settings):
    app = create_app(settings)

    @app.get("/embeddable")
    def embeddable():
        return "ok", 200, {"x-frame-options": "SAMEORIGIN"}

    response = app.test_client().get("/embeddable")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_scripts_or_handlers():
    inline_handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    for template in (PACKAGE / "templates").rglob("*.html"):
        text = template.read_text()
        assert not inline_handler.search(text), f"inline event handler in {template}"
        assert not inline_script.search(text), f"inline script in {template}"
