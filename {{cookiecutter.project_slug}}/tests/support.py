"""Helpers for tests that use real servers: a live Flask server, an HTTP session that logs
in like a browser, and a pusher-js client in Node."""

import http.cookiejar
import json
import queue
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from .conftest import PASSWORD, csrf_token_from

TESTS = Path(__file__).resolve().parent


class LiveServer:
    def __init__(self, app) -> None:
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


class BrowserLikeSession:
    """Cookies and CSRF token as a browser tab would have them after logging in."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""

    def request(self, path: str, fields: dict | None = None, headers: dict | None = None):
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        req = urllib.request.Request(self.base_url + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def log_in(self, username: str, password: str = PASSWORD) -> "BrowserLikeSession":
        _, page = self.request("/login")
        status, page = self.request(
            "/login",
            {"username": username, "password": password, "csrf_token": csrf_token_from(page)},
        )
        assert status == 200 and "Log out" in page, page[:500]
        self.csrf = csrf_token_from(page)
        return self

    def post_api(self, path: str, fields: dict) -> tuple[int, Any]:
        status, body = self.request(path, fields, {"X-CSRFToken": self.csrf})
        return status, json.loads(body)

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class NodePusherClient:
    """tests/js/pusher_client.mjs in a subprocess; its JSON lines arrive on a queue."""

    def __init__(self, config: dict, cwd: Path) -> None:
        self.events: list[dict] = []
        self._queue: queue.Queue = queue.Queue()
        self.process = subprocess.Popen(
            ["node", str(TESTS / "js" / "pusher_client.mjs"), json.dumps(config)],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            try:
                self._queue.put(json.loads(line))
            except ValueError:
                self._queue.put({"type": "output", "text": line.rstrip()})

    def wait_for(self, predicate: Callable[[dict], bool], timeout: float = 10.0) -> dict:
        for event in self.events:
            if predicate(event):
                return event
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                event = self._queue.get(timeout=remaining)
            except queue.Empty:
                break
            self.events.append(event)
            if predicate(event):
                return event
        raise AssertionError(f"timed out after {timeout} s; client saw: {self.events}")

    def saw(self, predicate: Callable[[dict], bool], within: float) -> bool:
        try:
            self.wait_for(predicate, within)
        except AssertionError:
            return False
        return True

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
