"""Pusher Beams "Authenticated Users": a signed-in user's devices are bound to their
pusher id (User.public_id), so the server can push to them by user."""

from flask import Flask

from ..auth.signals import user_deleted
from .cleanup import on_user_deleted
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # Connecting the same function again is a no-op; the receiver does nothing for an
    # app whose Beams settings are empty.
    user_deleted.connect(on_user_deleted)
