"""The reconnect storm: when the realtime server restarts, every client signs in again at
once. N pusher-js clients (Node), each a logged-in user, sign in through gunicorn; soketi
is restarted; the time until all N are signed in again is reported, with the failures.
Sessions are minted with the app's secret: the storm tests sign-in, not the login form.
"""

import json
import queue
import subprocess
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

from sqlalchemy import select

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import User
from {{ cookiecutter.package_name }}.soketi import free_port, start_soketi

from .seed import logged_in_session

PROJECT = Path(__file__).resolve().parents[1]


def wait_for_sign_ins(events: queue.Queue, count: int, timeout: float):
    """(clients signed in, failures, time of the first sign-in, time of the last)."""
    signed, failures, first, last = set(), 0, None, None
    deadline = time.monotonic() + timeout
    while len(signed) < count and time.monotonic() < deadline:
        try:
            event = events.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if event.get("type") == "signed_in":
            signed.add(event["index"])
            last = time.monotonic()
            first = first or last
        elif event.get("type") == "failure":
            failures += 1
    return len(signed), failures, first, last


def reconnect_storm(settings: dict, app, clients: int, timeout: float = 60) -> None:
    from tests.gunicorn_server import GunicornServer

    with app.app_context():
        users = db.session.scalars(select(User).order_by(User.id).limit(clients)).all()
    sessions = [logged_in_session(app, user) for user in users]
    folder = Path(tempfile.mkdtemp(prefix="storm-"))
    keys = {k: settings[f"PUSHER_APP_{k.upper()}"] for k in ("id", "key", "secret")}
    port = free_port()
    start_node = partial(
        start_soketi,
        PROJECT,
        app_id=keys["id"],
        key=keys["key"],
        secret=keys["secret"],
        port=port,
        log_path=folder / "soketi.log",
    )
    soketi = start_node()
    server = GunicornServer(
        dict(settings, PUSHER_PORT=str(port)), workers=2, log_path=folder / "gunicorn.log"
    )
    config = folder / "storm.json"
    config.write_text(
        json.dumps({"key": keys["key"], "wsPort": port, "appUrl": server.url, "sessions": sessions})
    )
    node = subprocess.Popen(
        ["node", str(PROJECT / "benchmarks" / "storm.mjs"), str(config)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        text=True,
    )
    events: queue.Queue = queue.Queue()
    threading.Thread(
        target=lambda: [events.put(json.loads(line)) for line in node.stdout], daemon=True
    ).start()
    try:
        started = time.monotonic()
        first, first_failures, _, _ = wait_for_sign_ins(events, len(sessions), timeout)
        first_s = time.monotonic() - started
        soketi.stop()
        stopped = time.monotonic()
        soketi = start_node()  # same port: every client reconnects to it
        ready = time.monotonic()
        again, failures, burst_start, done = wait_for_sign_ins(events, len(sessions), timeout)
        burst_start, done = burst_start or ready, done or time.monotonic()
    finally:
        node.kill()
        server.stop()
        soketi.stop()
    print(f"\nReconnect storm: {len(sessions)} pusher-js clients, each its own user")
    print(f"  first sign-in: {first}/{len(sessions)} in {first_s:.1f} s, {first_failures} failures")
    print(
        f"  soketi restarted: down {ready - stopped:.1f} s; all signed in again "
        f"{done - ready:.1f} s after it was back ({done - stopped:.1f} s after it stopped): "
        f"{again}/{len(sessions)}, {failures} failures"
    )
    print(
        f"  the app served the re-sign-ins in {done - burst_start:.1f} s, from the first to "
        "the last; the wait before the first is the clients' reconnect schedule"
    )
