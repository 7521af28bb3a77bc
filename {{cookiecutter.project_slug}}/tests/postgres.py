"""A throwaway PostgreSQL for the tests: initdb + pg_ctl in a temp dir on a free port.

Never a server that happens to be running. Debian's binaries live in
/usr/lib/postgresql/<version>/bin, usually off the PATH. PostgreSQL refuses to run as
root, so as root (CI containers) the server runs as the `postgres` user that Debian's
package creates.
"""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path


def find_pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@dataclass
class PostgresServer:
    data_dir: Path
    port: int

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *args: str) -> None:
        command = [find_pg_binary("pg_ctl"), "-D", str(self.data_dir), "-w", *args]
        subprocess.run(_as_server_user(command), check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.data_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._pg_ctl("-o", options, "-l", str(self.data_dir / "server.log"), "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def new_database(self) -> str:
        """A fresh, empty database on this server; returns its SQLAlchemy URL."""
        import psycopg

        name = "test_" + uuid.uuid4().hex[:12]
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name} STRATEGY FILE_COPY")
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # a test stopped it already
            self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def start_postgres(port: int) -> PostgresServer:
    # Not under pytest's tmp_path: its folders are private to root, and the server user
    # must be able to reach its data directory.
    data_dir = Path(tempfile.mkdtemp(prefix="pg-test-"))
    if os.geteuid() == 0:
        shutil.chown(data_dir, "postgres", "postgres")
    initdb = [find_pg_binary("initdb"), "-D", str(data_dir), "-U", "postgres", "-A", "trust"]
    subprocess.run(
        _as_server_user([*initdb, "-E", "UTF8", "--no-sync"]),
        check=True,
        capture_output=True,
        timeout=120,
    )
    server = PostgresServer(data_dir, port)
    server.start()
    return server
