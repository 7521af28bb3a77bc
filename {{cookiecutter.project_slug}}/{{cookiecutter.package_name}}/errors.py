"""One JSON error shape for every /pusher/* failure: {"error": ..., "description": ...}.

The Beams web SDK prints exactly these two fields, and pusher-js shows the status, so a
refusal is always JSON there, never an HTML page or a redirect to the login form.
"""

import logging

from flask import Flask, Response, jsonify, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

# Paths called by scripts (pusher-js, Beams SDKs, the dashboard's fetch), never by a person.
API_PREFIXES = ("/pusher/", "/api/")
log = logging.getLogger(__name__)


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
    return request.path.startswith(API_PREFIXES)


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
        code = exc.code or 500
        return json_error(
            code, (exc.name or "error").lower().replace(" ", "_"), exc.description or ""
        )

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        # Kept as a 500 (a bug), but still in the agreed shape on the API paths.
        log.exception("Unhandled error on %s", request.path)
        if is_api_request():
            return json_error(500, "internal_error", "The server failed; see its log.")
        return InternalServerError()
