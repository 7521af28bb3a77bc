"""Pusher Beams "Authenticated Users": a signed-in user's devices are bound to their
pusher id (User.public_id), so the server can push to them by user."""

from flask import Flask

from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
