"""One JSON error shape for every /pusher/* failure: {"error": ..., "description": ...}.

The Beams web SDK prints exactly these two fields, and pusher-js shows the status, so a
refusal is always JSON there, never an HTML page or a redirect to the login form.
"""

import logging

from flask import Flask, Response, current_app, jsonify, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

# Paths called by scripts (pusher-js, Beams SDKs, the dashboard's fetch), never by a person.
API_PREFIXES = ("/pusher/", "/api/")
# Probes read by load balancers: JSON like the API.
PROBE_PATHS = ("/healthz", "/readyz")
log = logging.getLogger(__name__)
# Long enough for a restart or a failover, short enough that nobody gives up.
DATABASE_RETRY_AFTER_S = 5
# The one fix for a database without tables, on the page, in the JSON and on the CLI.
MIGRATE_HINT = "The database has no tables yet: run `alembic upgrade head`, then try again."


class ApiError(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


def json_error(status: int, error: str, description: str) -> Response:
    response = jsonify(error=error, description=description)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIXES) or request.path in PROBE_PATHS


def is_database_unavailable(exc: Exception) -> bool:
    """The database is down, unreachable, locked or out of connections: a passing
    condition the client should retry, unlike a bug such as an IntegrityError."""
    if isinstance(exc, OperationalError | PoolTimeout):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def is_schema_missing(exc: Exception) -> bool:
    """The tables are not there: `alembic upgrade head` was skipped. SQLite says "no such
    table"; PostgreSQL raises UndefinedTable (SQLSTATE 42P01)."""
    cause = getattr(exc, "orig", None) or exc
    return getattr(cause, "sqlstate", None) == "42P01" or str(cause).startswith("no such table")


def schema_missing() -> Response:
    log.error("The database has no tables: %s", MIGRATE_HINT)
    if is_api_request():
        return json_error(503, "database_not_migrated", MIGRATE_HINT)
    page = current_app.jinja_env.get_template("errors/503.html")
    body = page.render(config=current_app.config, url_for=url_for, not_migrated=True)
    return Response(body, 503)


def database_unavailable(exc: Exception) -> Response:
    # One line, no traceback: the cause is outside the app, and a traceback per request
    # during an outage would bury everything else in the log.
    log.warning("Database unavailable on %s: %s", request.path, str(exc).splitlines()[0])
    if is_api_request():
        response = json_error(
            503, "database_unavailable", "The database is not answering; try again shortly."
        )
    else:
        # Rendered without context processors: Flask-Login's loads the user, which needs
        # the very database that is down.
        page = current_app.jinja_env.get_template("errors/503.html")
        response = Response(page.render(config=current_app.config, url_for=url_for), 503)
    response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER_S)
    return response


def handle_http_error_json(exc: HTTPException) -> Response:
    code = exc.code or 500
    return json_error(code, (exc.name or "error").lower().replace(" ", "_"), exc.description or "")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError) -> Response:
        return json_error(exc.status, exc.error, exc.description)

    @app.errorhandler(CSRFError)
    def handle_csrf_error(exc: CSRFError):
        if is_api_request():
            return json_error(400, "csrf_failed", f"{exc.description} Send it as X-CSRFToken.")
        return exc

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        if not is_api_request():
            return exc
        return handle_http_error_json(exc)

    @app.errorhandler(PoolTimeout)
    @app.errorhandler(DBAPIError)
    def handle_database_error(exc: Exception):
        if is_schema_missing(exc):
            return schema_missing()
        if is_database_unavailable(exc):
            return database_unavailable(exc)
        return handle_unexpected(exc)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        if not is_api_request():
            # Flask's own handling: the debugger under `flask run --debug`, the logged
            # traceback and the usual 500 page otherwise.
            raise exc
        # Kept as a 500 (a bug), but still in the agreed shape on the API paths.
        log.exception("Unhandled error on %s", request.path)
        return json_error(500, "internal_error", "The server failed; see its log.")
