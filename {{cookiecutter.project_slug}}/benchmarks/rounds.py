"""Measure every route in interleaved rounds, and how much worker CPU each request costs.

On a shared machine (a CI runner, a cloud VM whose neighbours steal CPU time) the speed
available drifts by a factor of two within a minute, and measuring route after route
would compare the routes with that drift. So each round runs every route once, and each
route's figures are those of its median round (by req/s). The worker CPU per request
(utime + stime of the gunicorn workers, from /proc) does not count time stolen by the
host, so it stays comparable between runs even when req/s does not.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load import Endpoint, Result, run_wrk

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    result: Result
    worker_cpu_us: float  # per request


def worker_cpu_seconds(pids: set[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def measure_routes(
    server, routes: list[Endpoint], session: dict, seconds: int, rounds: int, connections: int
) -> list[tuple[str, Measured]]:
    # A second of warm-up, not counted: the first requests a worker serves fill its
    # statement cache and connection pool, which a long-running server has already done.
    for endpoint in routes:
        run_wrk(server.url, endpoint, session, 1, connections)
    pids = server.worker_pids()
    runs: dict[str, list[Measured]] = {endpoint.name: [] for endpoint in routes}
    for _ in range(rounds):
        for endpoint in routes:
            before = worker_cpu_seconds(pids)
            result = run_wrk(server.url, endpoint, session, seconds, connections)
            used = worker_cpu_seconds(pids) - before
            runs[endpoint.name].append(Measured(result, used / max(result.requests, 1) * 1e6))
    return [(name, median(measured)) for name, measured in runs.items()]


def median(measured: list[Measured]) -> Measured:
    ordered = sorted(measured, key=lambda m: m.result.requests_per_s)
    return ordered[len(ordered) // 2]
