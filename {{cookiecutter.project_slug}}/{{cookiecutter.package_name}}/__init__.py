"""The app factory: a Flask app whose users sign in to a Pusher-protocol realtime service."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from .session_cookies import RememberingSessionInterface
from .settings import load_settings

PROJECT_NAME = {{ cookiecutter.project_name | tojson }}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    settings = load_settings(config)
    # The data folder is explicit, so an installed package never writes into its venv.
    app = Flask(__name__, instance_path=settings["DATA_DIR"])
    configure(app, settings)
    register_logging(app)
    register_proxy_fix(app)
    register_security(app)
    register_input_guard(app)
    register_extensions(app)
    register_blueprints(app)
    register_realtime(app)
    register_watchlist_events(app)
    register_error_handlers(app)
    register_commands(app)
{%- if cookiecutter.include_beams == "y" %}
    register_beams(app)
{%- endif %}
    register_rate_limits(app)  # last: it wraps the views registered above
    return app


def configure(app: Flask, settings: dict[str, Any]) -> None:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'app.sqlite3'}"
    app.config.update(settings)
    app.session_interface = RememberingSessionInterface()
    app.config.update(
        PROJECT_NAME=PROJECT_NAME,
        # pusher-js signs in again on every reconnect, hours later: the CSRF token must
        # live as long as the session does.
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
    )


def register_logging(app: Flask) -> None:
    from .logs import configure_logging, register_request_logging

    configure_logging(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])
    register_request_logging(app)


def register_proxy_fix(app: Flask) -> None:
    # Behind nginx or a load balancer the client address and https come from
    # X-Forwarded-*; trusting more hops than really exist would let clients forge them.
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def register_security(app: Flask) -> None:
    from .security import register_security_headers

    register_security_headers(app)


def register_input_guard(app: Flask) -> None:
    from .input_guard import register_input_guard as register

    register(app)


def register_extensions(app: Flask) -> None:
    from .extensions import csrf, db, login_manager
    from .models import User

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import redirect, request, url_for

        from .errors import ApiError, is_api_request

        if is_api_request():
            raise ApiError(401, "not_signed_in", "Sign in to the app first.")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    from sqlalchemy import bindparam, select

    # Built once: every signed-in request runs it.
    by_public_id = select(User).where(User.public_id == bindparam("public_id"))

    @login_manager.user_loader
    def load_user(public_id: str) -> User | None:
        return db.session.scalar(by_public_id, {"public_id": public_id})


def register_blueprints(app: Flask) -> None:
    from . import auth, demo, health, openapi, realtime, watchlist

    features = (auth, demo, health, openapi, realtime, watchlist)
    for blueprint in [feature.bp for feature in features] + [demo.vendor_bp]:
        app.register_blueprint(blueprint)


def register_rate_limits(app: Flask) -> None:
    from .rate_limits import register_rate_limits as register

    register(app)


def register_realtime(app: Flask) -> None:
    # Importing these modules registers the channel rules and webhook handlers.
    from . import channels, webhook_handlers  # noqa: F401
    from .realtime.after_response import register_after_response
    from .realtime.hooks import connect_hooks

    register_after_response(app)
    connect_hooks()


def register_watchlist_events(app: Flask) -> None:
    # Online/offline events for watchlists on a server that sends none (soketi).
    from .watchlist_events import init_app

    init_app(app)


def register_error_handlers(app: Flask) -> None:
    from .errors import register_error_handlers as register

    register(app)


def register_commands(app: Flask) -> None:
    from .commands import register

    register(app)

{%- if cookiecutter.include_beams == "y" %}


def register_beams(app: Flask) -> None:
    # Push notifications: the token endpoint, the service worker, and forgetting the
    # devices of a deleted account.
    from .beams import init_app

    init_app(app)
{%- endif %}
