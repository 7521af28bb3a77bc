"""Probes for load balancers and orchestrators.

/healthz: the process is alive and serving (no I/O, so a slow database never gets a
healthy worker killed). /readyz: this instance can serve users now (its database, and
Redis when REDIS_URL is set, answer); take it out of rotation while it says 503.
"""

from flask import Blueprint, current_app
from sqlalchemy import text

from .errors import DATABASE_RETRY_AFTER_S, json_error
from .extensions import db

bp = Blueprint("health", __name__)
NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}, 200, NO_STORE


@bp.get("/readyz")
def readyz():
    # Database failures propagate to the app's handler, which answers 503 JSON.
    db.session.execute(text("SELECT 1"))
    db.session.rollback()
    if current_app.config["REDIS_URL"]:
        from .redis_store import redis_client

        try:
            redis_client().ping()
        except Exception as exc:  # any redis-py error means "not ready", never a 500
            response = json_error(503, "redis_unavailable", f"Redis did not answer: {exc}")
            response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER_S)
            return response
    return {"status": "ready"}, 200, NO_STORE
