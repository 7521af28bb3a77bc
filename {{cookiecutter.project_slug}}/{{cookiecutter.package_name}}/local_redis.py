"""A throwaway redis-server on a free loopback port: for `flask dev --soketi-nodes N`
when no REDIS_URL is set, and for the tests. Never one that happens to be running."""

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .soketi import free_port


@dataclass
class RedisServer:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def start_redis(folder: Path) -> RedisServer:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed program and arguments
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return RedisServer(process, port)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not answer PING in 15 s")
