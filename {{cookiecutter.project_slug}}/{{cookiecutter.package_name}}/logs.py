"""Logging: one line per request with a request id, the app's INFO lines visible, and
JSON lines when LOG_FORMAT=json (for log collectors).

The request id comes from the proxy's X-Request-ID when it sends a sane one, so a line
here can be matched with nginx's; otherwise it is made here. It is echoed back in the
response and stamped on every line logged while the request runs.
"""

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request

from .errors import PROBE_PATHS

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_log = logging.getLogger("requests")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status", "duration_ms", "remote_addr")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({k: getattr(record, k) for k in self.FIELDS if hasattr(record, k)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class AppLogHandler(logging.StreamHandler):
    """Marks the handler this app installed, so a second create_app replaces it."""


def configure_logging(level: str, fmt: str) -> None:
    handler = AppLogHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
        )
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, AppLogHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # The dev server's own request lines would repeat ours.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def register_request_logging(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        request_id = g.get("request_id")
        if request_id is None:  # the request failed before before_request ran
            return response
        response.headers[REQUEST_ID_HEADER] = request_id
        # Probes hit these every few seconds; their lines would drown the rest at INFO.
        level = logging.DEBUG if request.path in PROBE_PATHS else logging.INFO
        if not request_log.isEnabledFor(level):
            return response  # the probes at INFO, everything at WARNING: skip the record
        duration_ms = round((time.perf_counter() - g.request_started) * 1000, 1)
        request_log.log(
            level,
            '"%s %s" %s %.1fms',
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "remote_addr": request.remote_addr,
            },
        )
        return response
