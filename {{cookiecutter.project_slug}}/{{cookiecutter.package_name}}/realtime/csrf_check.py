"""The CSRF check of the /pusher/* endpoints, fast on the path pusher-js repeats.

Flask-WTF verifies the signed token from X-CSRFToken on every request: a new serializer,
a key derivation and an HMAC, about a sixth of a sign-in. The signed token a tab sends
never changes while its session lives (WTF_CSRF_TIME_LIMIT is None here), so once
Flask-WTF has accepted it, the raw value it carries is remembered, and later requests
compare it with the session's in constant time. Anything unusual (no cached entry, a
time limit configured, a form field instead of the header) goes through Flask-WTF's full
check, which keeps its error messages and its HTTPS referrer rule.
"""

import hmac

from flask import current_app, request, session
from flask_wtf.csrf import same_origin

from ..extensions import csrf
from .lru import LruCache

SESSION_FIELD = "csrf_token"
CACHE_SIZE = 10_000
HEADER = "X-CSRFToken"


def require_csrf() -> None:
    config = current_app.config
    signed = request.headers.get(HEADER, "")
    cacheable = signed and config["WTF_CSRF_TIME_LIMIT"] is None
    verified = current_app.extensions.setdefault("verified_csrf_tokens", LruCache(CACHE_SIZE))
    raw = verified.get(signed) if cacheable else None
    expected = session.get(SESSION_FIELD)
    if raw is not None and isinstance(expected, str) and hmac.compare_digest(raw, expected):
        if request.is_secure and config.get("WTF_CSRF_SSL_STRICT", True):
            _check_referrer()
        return
    csrf.protect()  # raises a CSRFError (400 JSON in errors.py) on any failure
    if cacheable:
        verified.put(signed, session[SESSION_FIELD])


def _check_referrer() -> None:
    # Flask-WTF's rule for HTTPS: the referrer must be this host. Delegated to it when
    # it fails, so the refusal reads exactly as Flask-WTF's own.
    if not request.referrer or not same_origin(request.referrer, f"https://{request.host}/"):
        csrf.protect()
