"""Instructions per request, counted by valgrind: a profile that does not move with the host.

    python benchmarks/instructions.py                  # needs Debian's valgrind
    python benchmarks/instructions.py --routes user-auth --requests 20

On a shared machine run.py's req/s swing by a third between runs; callgrind's counts
repeat to about 0.1 %, so a change that saves 2 % shows. Each route's requests are made
in one process, the app called directly (gunicorn's share is the same for every route),
and only the loop after two warm-up requests is counted. The database is a throwaway
SQLite; the watchlist events are off, as their reconcile thread would be counted too.
"""

import argparse
import contextlib
import functools
import gc
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from benchmarks.run import benchmark_settings, endpoints
from benchmarks.seed import logged_in_session, seed
from {{ cookiecutter.package_name }} import create_app

TOTALS = re.compile(r"^(?:summary|totals): (\d+)", re.MULTILINE)
WARM_UP = 2


def app_settings(folder: Path) -> dict:
    settings = benchmark_settings(f"sqlite:///{folder / 'bench.sqlite3'}", str(folder))
    settings["WATCHLIST_EVENTS"] = "off"
    return settings


def count_requests(folder: Path, route: str, requests: int) -> None:
    """The child, under callgrind: only the functools.reduce below is counted."""
    from werkzeug.test import EnvironBuilder

    settings = json.loads((folder / "settings.json").read_text())
    # A copy of its own: SQLite readers of one file in two processes touch each other's
    # WAL index as they open and close, which would count in the other's total.
    database = folder / f"{os.getpid()}.sqlite3"
    shutil.copy(folder / "bench.sqlite3", database)
    settings["DATABASE_URL"] = f"sqlite:///{database}"
    app = create_app(settings)
    session = json.loads((folder / "session.json").read_text())
    endpoint = next(e for e in endpoints(session["public_id"], True) if e.name == route)
    headers = {"Cookie": session["cookie"], "X-CSRFToken": session["csrf"]}
    environ = EnvironBuilder(
        path=endpoint.path,
        method=endpoint.method,
        data=endpoint.body or None,
        content_type="application/x-www-form-urlencoded" if endpoint.body else None,
        headers=headers if endpoint.authenticated else {},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    ).get_environ()
    body = environ["wsgi.input"].read()
    statuses = []

    def one_request(*_) -> None:
        environ["wsgi.input"] = BytesIO(body)
        response = app(dict(environ), lambda status, *_: statuses.append(status))
        for _chunk in response:
            pass
        response.close()

    for _ in range(WARM_UP):
        one_request()
    if not statuses[-1].startswith("200"):
        raise SystemExit(f"{route} answered {statuses[-1]}, not 200")
    gc.collect()
    gc.freeze()  # the objects made at start-up are not rescanned, run after run
    functools.reduce(one_request, range(requests), None)
    if any(not status.startswith("200") for status in statuses):
        raise SystemExit(f"{route} answered {set(statuses)}: an error is no measure of the route")


def counted(folder: Path, route: str, requests: int) -> int:
    out = folder / f"callgrind.{route.replace('/', '_').replace(' ', '_')}"
    child = [sys.executable, __file__, "--child", route, "--folder", str(folder)]
    completed = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=functools_reduce",
            f"--callgrind-out-file={out}",
            *child,
            "--requests",
            str(requests),
        ],
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{route}: the counted run failed:\n{completed.stderr[-3000:]}")
    match = TOTALS.search(out.read_text())
    if not match or int(match.group(1)) == 0:
        # The toggle needs the interpreter's own symbols (pyenv's builds have them).
        raise SystemExit(f"{sys.executable} has no symbol functools_reduce: nothing counted")
    return int(match.group(1)) // requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=100, help="counted, per route")
    parser.add_argument("--routes", help="comma-separated parts of route names (default: all)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return count_requests(args.folder, args.child, args.requests)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind")

    with tempfile.TemporaryDirectory(prefix="instructions-") as name:
        folder = Path(name)
        settings = app_settings(folder)
        app = create_app(settings)
        session = logged_in_session(app, seed(app, args.users))
        # The children copy the file: what the seed left in the WAL goes into it first.
        with contextlib.closing(sqlite3.connect(folder / "bench.sqlite3")) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (folder / "settings.json").write_text(json.dumps(settings))
        (folder / "session.json").write_text(json.dumps(session))
        names = [e.name for e in endpoints(session["public_id"], "beams-auth" in str(app.url_map))]
        wanted = args.routes.split(",") if args.routes else [""]
        names = [n for n in names if n == "/healthz" or any(w in n for w in wanted)]
        # Two at a time, one per core.
        with ThreadPoolExecutor(2) as pool:
            totals = pool.map(lambda name: counted(folder, name, args.requests), names)
            counts = dict(zip(names, totals, strict=True))

    print(f"\n{args.users:,} users, {args.requests} requests a route, in-process, sqlite\n")
    print(f"| {'route':32} | instructions/request | healthz / route |")
    print(f"|{'-' * 34}|---------------------:|----------------:|")
    for route, count in counts.items():
        print(f"| {route:32} | {count:>20,} | {counts['/healthz'] / count:>14.2f}x |")


if __name__ == "__main__":
    main()
