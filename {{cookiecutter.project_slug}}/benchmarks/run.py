"""Auth at wire speed: how fast the sign-in endpoints answer compared with /healthz.

    python benchmarks/run.py                 # 10,000 users, 3 rounds of 3 s a route, 8 connections
    python benchmarks/run.py --users 1000 --rounds 1 --storm 0

Seeds a fresh database (SQLite in a temp folder{% if cookiecutter.database == "postgresql" %}, or a throwaway PostgreSQL{% endif %}; or --database-url),
serves the app with gunicorn as production does (gunicorn.conf.py, WEB_CONCURRENCY=2; only
the worker recycling is off), warms each route up for a second,
drives each route with wrk from the same machine in interleaved rounds (see rounds.py),
and prints req/s, p50 and p99, the req/s also as a ratio to /healthz, and the CPU time per
request of the workers and of a throwaway database server. Then, unless --storm 0, the
reconnect storm (see storm.py).
Ratios are what to compare between machines; absolute numbers depend on the machine.
"""

import argparse
import os
import secrets
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from benchmarks.load import Endpoint
from benchmarks.rounds import measure_routes, print_table{% if cookiecutter.database == "postgresql" %}, process_tree{% endif %}
from benchmarks.seed import logged_in_session, seed
from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.settings import load_settings

SOCKET = "socket_id=1234.5678"


def endpoints(public_id: str, beams: bool) -> list[Endpoint]:
    routes = [
        Endpoint("/healthz", "/healthz", authenticated=False),
        Endpoint("/pusher/user-auth (100 watched)", "/pusher/user-auth", "POST", SOCKET),
        Endpoint(
            "/pusher/auth private",
            "/pusher/auth",
            "POST",
            f"{SOCKET}&channel_name=private-user.{public_id}",
        ),
        Endpoint(
            "/pusher/auth presence",
            "/pusher/auth",
            "POST",
            f"{SOCKET}&channel_name=presence-room.lobby",
        ),
    ]
    if beams:
        routes.append(Endpoint("/pusher/beams-auth", f"/pusher/beams-auth?user_id={public_id}"))
    return routes


def benchmark_settings(database_url: str, data_dir: str) -> dict:
    settings = load_settings()  # the project's .env: its secrets, whatever they are
    settings.update(
        DATABASE_URL=database_url,
        DATA_DIR=data_dir,
        LOG_LEVEL="WARNING",  # a log line per request would measure the terminal
        PUSHER_BEAMS_INSTANCE_ID=settings["PUSHER_BEAMS_INSTANCE_ID"] or "bench-instance",
        PUSHER_BEAMS_SECRET_KEY=settings["PUSHER_BEAMS_SECRET_KEY"] or secrets.token_hex(32),
    )
    return {k: v for k, v in settings.items() if isinstance(v, str | int | float)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=3, help="per route and round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved; the median is shown")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--storm", type=int, default=1000, help="clients in the storm; 0 skips")
    parser.add_argument("--database-url", help="an empty database to seed (default: throwaway)")
    args = parser.parse_args()

    from tests.gunicorn_server import GunicornServer

    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        database_url, stop_database, database_pids = throwaway_database(
            args.database_url, Path(folder)
        )
        try:
            settings = benchmark_settings(database_url, folder)
            app = create_app(settings)
            user = seed(app, args.users)
            session = logged_in_session(app, user)
            # gunicorn.conf.py recycles a worker every ~10,000 requests; a run serves several
            # times that, and each recycle (a worker booting on a core wrk also needs) put
            # 200-300 ms into whichever route's p99 it fell in. The run measures the routes.
            os.environ.setdefault("GUNICORN_CMD_ARGS", "--max-requests 0")
            server = GunicornServer(settings, workers=2, log_path=Path(folder) / "gunicorn.log")
            try:
                routes = endpoints(session["public_id"], "beams-auth" in str(app.url_map))
                rows = measure_routes(
                    server,
                    routes,
                    session,
                    args.seconds,
                    args.rounds,
                    args.connections,
                    database_pids,
                )
            finally:
                server.stop()
            database = app.config["DATABASE_URL"].split(":")[0]
            print(
                f"\n{args.users:,} users, {args.connections} connections, {args.rounds} rounds of"
                f" {args.seconds} s a route (the median shown), gunicorn 2 sync workers,"
                f" {database}\n"
            )
            print_table(rows)
            failing = [name for name, measured in rows if measured.result.errors]
            if failing:
                # Errors are often faster than answers: such a table would flatter the app.
                raise SystemExit(f"\nNot a valid run, these routes answered errors: {failing}")
            if args.storm:
                from benchmarks.storm import reconnect_storm

                reconnect_storm(settings, app, args.storm)
        finally:
            stop_database()


def throwaway_database(url: str | None, folder: Path):
    """(url, stop, a function giving the database server's pids: None where not seen)."""
    if url:
        return url, lambda: None, None  # perhaps on another host: its CPU is not measured
{%- if cookiecutter.database == "postgresql" %}
    from {{ cookiecutter.package_name }}.soketi import free_port
    from tests.postgres import start_postgres

    server = start_postgres(free_port())
    database_url = server.new_database()
    postmaster = int((server.data_dir / "postmaster.pid").read_text().split()[0])
    return database_url, server.destroy, lambda: process_tree(postmaster)
{%- else %}
    # SQLite runs inside the workers: its CPU is in the worker column.
    return f"sqlite:///{folder / 'bench.sqlite3'}", lambda: None, None
{%- endif %}


if __name__ == "__main__":
    main()
