"""Measure every route in interleaved rounds, with the CPU each request costs; print the table.

On a shared machine (a CI runner, a cloud VM whose neighbours steal CPU time) the speed
available drifts by a factor of two within a minute, and measuring route after route
would compare the routes with that drift. So each round runs every route once, and each
route's figures are those of its median round (by req/s). The worker CPU per request
(utime + stime of the gunicorn workers, from /proc) does not count time stolen by the
host, so it stays comparable between runs even when req/s does not. Where the database is
a server on this machine (the throwaway PostgreSQL), its processes' CPU per request is
measured the same way: it runs on the cores the workers and wrk need, which /healthz,
reading nothing, never pays for.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.load import Endpoint, Result, run_wrk
from tests.gunicorn_server import child_pids, stat_fields

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    result: Result
    worker_cpu_us: float  # per request
    database_cpu_us: float | None  # per request; None: not a server on this machine


def cpu_seconds(pids: set[int], *, ended_ok: bool = False) -> dict[int, float]:
    """utime + stime of each process. With ended_ok, one that has ended is left out (a
    database backend that closed; its last slice goes uncounted); a worker must not end."""
    used = {}
    for pid in pids:
        try:
            fields = stat_fields(pid)
        except (FileNotFoundError, ProcessLookupError):
            if not ended_ok:
                raise
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return used


def process_tree(root_pid: int) -> set[int]:
    """root_pid and its children: a PostgreSQL postmaster and its backends."""
    return {root_pid, *child_pids(root_pid)}


def cpu_used(pids: set[int], before: dict[int, float], *, ended_ok: bool = False) -> float:
    # Processes that started during the round (new backends) started from nothing.
    now = cpu_seconds(pids, ended_ok=ended_ok)
    return sum(used - before.get(pid, 0.0) for pid, used in now.items())


def measure_routes(
    server,
    routes: list[Endpoint],
    session: dict,
    seconds: int,
    rounds: int,
    connections: int,
    database_pids: Callable[[], set[int]] | None = None,
) -> list[tuple[str, Measured]]:
    # A second of warm-up, not counted: the first requests a worker serves fill its
    # statement cache and connection pool, which a long-running server has already done.
    for endpoint in routes:
        run_wrk(server.url, endpoint, session, 1, connections)
    pids = server.worker_pids()
    runs: dict[str, list[Measured]] = {endpoint.name: [] for endpoint in routes}
    for _ in range(rounds):
        for endpoint in routes:
            workers_before = cpu_seconds(pids)
            database_before = cpu_seconds(database_pids(), ended_ok=True) if database_pids else {}
            result = run_wrk(server.url, endpoint, session, seconds, connections)
            per_request = 1e6 / max(result.requests, 1)
            worker_us = cpu_used(pids, workers_before) * per_request
            database_us = None
            if database_pids:
                database_used = cpu_used(database_pids(), database_before, ended_ok=True)
                database_us = database_used * per_request
            runs[endpoint.name].append(Measured(result, worker_us, database_us))
    return [(name, median(measured)) for name, measured in runs.items()]


def median(measured: list[Measured]) -> Measured:
    ordered = sorted(measured, key=lambda m: m.result.requests_per_s)
    return ordered[len(ordered) // 2]


def print_table(rows) -> None:
    base = rows[0][1].result.requests_per_s
    print(
        f"| {'route':<32} |    req/s | ratio | p50 ms | p99 ms | errors | worker CPU/req |"
        " database CPU/req |"
    )
    print(
        f"|{'-' * 34}|{'-' * 9}:|{'-' * 6}:|{'-' * 7}:|{'-' * 7}:|{'-' * 7}:|{'-' * 15}:|"
        f"{'-' * 17}:|"
    )
    for name, measured in rows:
        result = measured.result
        ratio = result.requests_per_s / base
        database = measured.database_cpu_us
        database_cell = "-" if database is None else f"{database:,.0f} us"
        print(
            f"| {name:<32} | {result.requests_per_s:>8,.0f} | {ratio:>4.2f}x | "
            f"{result.p50_ms:>6.2f} | {result.p99_ms:>6.2f} | {result.errors:>6} | "
            f"{measured.worker_cpu_us:>10,.0f} us | {database_cell:>16} |"
        )
