"""Start and stop a local soketi (a Pusher-protocol server from npm) on loopback.

Used by `flask dev` and by the tests, so both run the server the same way
(docs/realtime-server.md).
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

LOOPBACK = "127.0.0.1"


class SoketiError(RuntimeError):
    pass


def port_is_free(port: int, kind: int = socket.SOCK_STREAM) -> bool:
    with socket.socket(socket.AF_INET, kind) as probe:
        if kind == socket.SOCK_STREAM:
            # As servers do: a port whose old connections linger in TIME_WAIT is free,
            # one with a listener is not.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def server_script(project_dir: Path) -> Path:
    return project_dir / "node_modules" / "@soketi" / "soketi" / "bin" / "server.js"


@dataclass
class SoketiServer:
    process: subprocess.Popen
    port: int

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_soketi(
    project_dir: Path,
    *,
    app_id: str,
    key: str,
    secret: str,
    port: int,
    log_path: Path | None = None,
    ready_timeout: float = 30.0,
    redis_url: str | None = None,
    webhook_url: str | None = None,
) -> SoketiServer:
    """One soketi node. With `redis_url`, it joins the cluster of every node started on
    that Redis (soketi's own Redis adapter): events, presence and terminations cross
    nodes, whichever node a client or the app talks to. With `webhook_url`, it sends the
    presence webhooks that emulated watchlist events need (watchlist_events/)."""
    script = server_script(project_dir)
    if not script.is_file():
        raise SoketiError(f"soketi is not installed ({script} is missing): run `npm install`.")
    if not port_is_free(port):
        raise SoketiError(
            f"Port {port} on {LOOPBACK} is already in use. Not connecting to whatever runs "
            "there: stop it, or set PUSHER_PORT to a free port."
        )
    extra = redis_adapter_env(redis_url) if redis_url else {}
    if webhook_url:
        extra["SOKETI_DEFAULT_APP_WEBHOOKS"] = webhooks_setting(webhook_url)
    env = dict(
        os.environ,
        SOKETI_HOST=LOOPBACK,
        SOKETI_PORT=str(port),
        SOKETI_METRICS_HOST=LOOPBACK,
        SOKETI_METRICS_SERVER_PORT=str(free_port()),
        # A private discovery port on loopback: never join another soketi's cluster.
        SOKETI_CLUSTER_PORT=str(free_port(socket.SOCK_DGRAM)),
        SOKETI_CLUSTER_UNICAST_ADDRESSES=LOOPBACK,
        SOKETI_DEFAULT_APP_ID=app_id,
        SOKETI_DEFAULT_APP_KEY=key,
        SOKETI_DEFAULT_APP_SECRET=secret,
        # Without this soketi silently ignores pusher:signin (docs/realtime-server.md).
        SOKETI_DEFAULT_APP_USER_AUTHENTICATION="true",
        SOKETI_USER_AUTHENTICATION_TIMEOUT="30000",
        SOKETI_SHUTDOWN_GRACE_PERIOD="100",
        # Pusher's limit, so an event too big for production fails here too.
        SOKETI_EVENT_MAX_SIZE_IN_KB="10",
        **extra,
    )
    node = shutil.which("node")
    if node is None:
        raise SoketiError("Node.js 20 is needed to run soketi; `node` is not on the PATH.")
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 - fixed program and arguments
        [node, str(script), "start"],
        cwd=project_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    if not isinstance(log, int):
        log.close()  # the child holds its own copy
    server = SoketiServer(process, port)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SoketiError(f"soketi exited with code {process.returncode}; see {log_path}.")
        if _is_ready(port):
            return server
        time.sleep(0.1)
    server.stop()
    raise SoketiError(f"soketi did not become ready on port {port} in {ready_timeout:.0f} s.")


def redis_adapter_env(redis_url: str) -> dict[str, str]:
    """soketi's settings for a cluster on Redis (the same names work in production)."""
    url = urlsplit(redis_url)
    database = url.path.lstrip("/") or "0"
    env = {
        "SOKETI_ADAPTER_DRIVER": "redis",
        "SOKETI_DB_REDIS_HOST": url.hostname or LOOPBACK,
        "SOKETI_DB_REDIS_PORT": str(url.port or 6379),
        "SOKETI_DB_REDIS_DB": database,
        # Rate limits and the cache must be shared too, or each node counts on its own.
        "SOKETI_RATE_LIMITER_DRIVER": "redis",
        "SOKETI_CACHE_DRIVER": "redis",
    }
    if url.password:  # an empty password would still be sent as AUTH
        env["SOKETI_DB_REDIS_PASSWORD"] = url.password
    return env


# What emulated watchlist events listen to (the same setting works in production).
WEBHOOK_EVENTS = ["channel_occupied", "channel_vacated", "member_added", "member_removed"]


def webhooks_setting(url: str) -> str:
    return json.dumps([{"url": url, "event_types": WEBHOOK_EVENTS}])


def _is_ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{LOOPBACK}:{port}/ready", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False
