"""The session cookie, verified once per worker rather than on every request.

Flask checks the signed session cookie on each request: a new serializer, two HMACs
(one to derive the key) and a tagged-JSON decode, about a sixth of a sign-in. pusher-js
sends the same cookie with every sign-in and channel authorization, and while a
session's content stays the same its cookie stays byte for byte the same. So a cookie
Flask has accepted is remembered with its data and the time it was signed; the same
bytes later skip to that data, after the same age check itsdangerous makes. Any other
cookie, and any session holding more than plain values (flashed messages), goes
through Flask's own check.
"""

import time

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

from .realtime.lru import LruCache

CACHE_SIZE = 4096
PLAIN_VALUES = (str, int, float, bool, type(None))


class RememberingSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._accepted = LruCache(CACHE_SIZE)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not app.secret_key:
            return None  # Flask's answer: sessions are unavailable
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        remembered = self._accepted.get(cookie)
        if remembered is not None:
            data, signed_at = remembered
            if 0 <= int(time.time()) - signed_at <= max_age:
                return self.session_class(data)  # a copy: the remembered dict stays as is
        serializer = self.get_signing_serializer(app)
        assert serializer is not None  # None only without a secret key, handled above
        try:
            data, signed = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:  # also an expired one, as in Flask
            return self.session_class()
        if isinstance(data, dict) and all(isinstance(v, PLAIN_VALUES) for v in data.values()):
            self._accepted.put(cookie, (dict(data), int(signed.timestamp())))
        return self.session_class(data)
