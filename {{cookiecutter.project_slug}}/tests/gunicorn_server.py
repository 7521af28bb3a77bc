"""The app served by real gunicorn, configured as production is (gunicorn.conf.py), on a
free loopback port, with its settings in the environment."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from {{ cookiecutter.package_name }}.soketi import free_port

PROJECT = Path(__file__).resolve().parents[1]


def http(url: str, data: bytes | None = None, headers: dict | None = None, timeout: float = 10):
    """(status, body, headers); an HTTP error status is a result, not an exception."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name (which may hold spaces): state, ppid, ..."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def child_pids(parent_pid: int) -> set[int]:
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        pid = int(stat.parent.name)
        try:
            if int(stat_fields(pid)[1]) == parent_pid:
                children.add(pid)
        except OSError:  # it ended while we looked
            continue
    return children


class GunicornServer:
    def __init__(self, settings: dict[str, Any], workers: int = 2, log_path: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PUSHER_", "SECRET"))}
        env.update({k: str(v) for k, v in settings.items() if k.isupper() and v not in (None, "")})
        env.update(PYTHONPATH=str(PROJECT), HOST="127.0.0.1", PORT=str(self.port))
        env["WEB_CONCURRENCY"] = str(workers)
        self.log_path = log_path
        log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(PROJECT / "gunicorn.conf.py")],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        if log_path:
            log.close()
        self.wait_until_serving()

    def wait_until_serving(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}: {self.log()}")
            try:
                if http(self.url + "/healthz", timeout=1)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not serve in {timeout} s: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text()[-3000:] if self.log_path else ""

    def worker_pids(self) -> set[int]:
        return child_pids(self.process.pid)

    def reload(self) -> None:
        self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def post_json(self, path: str, payload: Any, session) -> tuple[int, Any]:
        """POST JSON with a BrowserLikeSession's cookie and CSRF token."""
        status, body, _ = http(
            self.url + path,
            json.dumps(payload).encode(),
            {
                "Content-Type": "application/json",
                "Cookie": session.cookie_header,
                "X-CSRFToken": session.csrf,
            },
        )
        return status, body
