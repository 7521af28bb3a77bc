"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py` (the Dockerfile's command).

Environment: PORT (8000), HOST (0.0.0.0), WEB_CONCURRENCY (2 workers). Sync workers: every
request is short (sign-in, a token, a small JSON API), and the database and realtime
calls have their own deadlines, so a worker is never parked for long.
"""

import os
import sys

wsgi_app = "{{ cookiecutter.package_name }}:create_app()"
# 0.0.0.0 because in a container the proxy reaches the app over the container network.
bind = [f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"]  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# A request that takes longer than this is stuck: the worker is killed and replaced.
timeout = 30
# On SIGHUP (reload) and SIGTERM (deploy), workers finish what they are serving first.
graceful_timeout = 30
keepalive = 5
# The app logs one line per request itself (with its request id); no second access log.
accesslog = None
errorlog = "-"
# Per-worker app: a SIGHUP loads new code, and each worker opens its own connections.
preload_app = False
# Recycle workers now and then, so a slow leak never becomes an outage.
max_requests = 10000
max_requests_jitter = 1000


def on_starting(server) -> None:
    """Check the settings once, in the master, before any worker boots: a missing secret
    is one line naming it, instead of a traceback per worker and "Worker failed to boot"."""
    from {{ cookiecutter.package_name }}.settings import SettingsError, load_settings

    try:
        load_settings()
    except SettingsError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
