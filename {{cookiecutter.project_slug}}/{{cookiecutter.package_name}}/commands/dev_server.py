"""How `flask dev` serves the app: like `flask run --debug` (the reloader and the Werkzeug
debugger), with the local realtime servers started once, around the reloader.

With the reloader, Werkzeug re-runs this command in a child process (WERKZEUG_RUN_MAIN)
and again after every code change. The outer process binds the port, starts soketi and
prints the banner; the child only serves, on the socket the outer one handed down.
"""

import logging
import os
import socket
import threading
import time

from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import is_running_from_reloader, run_simple

from ..extensions import db
from ..models import User


def demo_users_exist(usernames: list[str]) -> bool:
    """Raises on a database without tables, before anything is started."""
    query = select(func.count()).select_from(User).where(User.username.in_(usernames))
    return db.session.scalar(query) == len(usernames)


def banner(url: str, demo_ready: bool, usernames: list[str], password: str) -> str:
    if demo_ready:
        who = f"{', '.join(usernames[:-1])} or {usernames[-1]} (password: {password})"
        return f"\n  Open {url} and log in as {who}. Ctrl-C stops.\n"
    return (
        f"\n  Open {url} and register, or create users first:\n"
        "    flask users create NAME --password '...'   (or `flask users seed-demo` for "
        f"{', '.join(usernames)})\n  Ctrl-C stops.\n"
    )


def announce_when_listening(host: str, port: int, text: str) -> None:
    """Print `text` once the port accepts connections (run_simple binds it and then
    blocks), so whoever follows the banner's URL at once is not refused."""

    def announce() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection((host, port), timeout=0.5).close()
            except OSError:
                time.sleep(0.05)
                continue
            print(text, flush=True)
            return

    threading.Thread(target=announce, name="dev-banner", daemon=True).start()


def exit_with_parent() -> None:
    """The reloader's child outlives a parent that was killed (SIGTERM, not Ctrl-C) and
    would keep the port: it leaves as soon as its parent is gone."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def serve(app: Flask, host: str, port: int) -> None:
    """Blocks until Ctrl-C or SIGTERM; code changes restart the child."""
    if is_running_from_reloader():
        exit_with_parent()
    app.debug = True  # errors reach the debugger; templates reload too
    # Werkzeug's notices (" * Detected change in ..., reloading"), not its request lines:
    # the app logs every request itself (logs.py).
    notices = logging.getLogger("werkzeug")
    notices.setLevel(logging.INFO)
    notices.addFilter(lambda record: record.getMessage().startswith(" * "))
    run_simple(
        host, port, app, use_reloader=True, use_debugger=True, threaded=True, reloader_type="stat"
    )
