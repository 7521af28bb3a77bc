"""Drive one endpoint with wrk (Debian's `wrk`) and read req/s, p50 and p99 from it."""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

LATENCY_LINE = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Endpoint:
    name: str
    path: str
    method: str = "GET"
    body: str = ""
    authenticated: bool = True


@dataclass
class Result:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def lua_script(endpoint: Endpoint, cookie: str, csrf: str) -> str:
    lines = [f'wrk.method = "{endpoint.method}"']
    if endpoint.body:
        lines += [
            f'wrk.body = "{endpoint.body}"',
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
        ]
    if endpoint.authenticated:
        lines += [f'wrk.headers["Cookie"] = "{cookie}"', f'wrk.headers["X-CSRFToken"] = "{csrf}"']
    # No Lua response hook (it slows wrk itself); wrk counts non-2xx/3xx answers, so a
    # fast 403 never passes for a fast 200.
    return "\n".join(lines) + "\n"


def run_wrk(base_url: str, endpoint: Endpoint, session: dict, seconds: int, connections: int):
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "request.lua"
        script.write_text(lua_script(endpoint, session["cookie"], session["csrf"]))
        completed = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                str(script),
                base_url + endpoint.path,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    return parse(completed.stdout)


def parse(output: str) -> Result:
    latencies = {p: float(v) * UNITS_MS[u] for p, v, u in LATENCY_LINE.findall(output)}
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Result(rate, latencies["50"], latencies["99"], errors, requests)
