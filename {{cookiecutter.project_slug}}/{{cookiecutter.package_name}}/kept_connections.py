"""Connections kept out of the pool between requests, for the one-row sign-in read.

Every /pusher/* request reads the signed-in user's row. Checking a connection out of
SQLAlchemy's pool and back in (the pre-ping, the checkout events, the reset, switching
the isolation level both ways) costs about four times that read. So the read runs on a
connection kept here, in autocommit, from one request to the next.

Pre-ping is what made a database restart cost no request; a kept connection skips it,
and a retry takes its place. Such a connection only ever runs single autocommit
SELECTs, so when the server turns out to have dropped it (a restart, a failover) the
read is run once more on a fresh one, and the request never sees it. A connection left
unused for IDLE_S goes back to the pool, where pre-ping and pool_recycle apply again.
"""

import threading
import time

from sqlalchemy import Connection, Engine, Executable, Row
from sqlalchemy.exc import DBAPIError

IDLE_S = 10.0
# One per concurrently busy thread; gunicorn's sync workers need one.
MAX_KEPT = 8


class KeptConnections:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # (connection, last used): a free list, so a thread that ends strands nothing.
        self._free: list[tuple[Connection, float]] = []
        self._lock = threading.Lock()

    def first_row(self, statement: Executable, parameters: dict) -> Row | None:
        connection = self._take()
        try:
            row = connection.execute(statement, parameters).first()
        except DBAPIError as exc:
            connection.close()
            if not exc.connection_invalidated:
                raise
            # SQLAlchemy has invalidated the pool's other connections to that server
            # too, so this one is new.
            connection = self._connect()
            try:
                row = connection.execute(statement, parameters).first()
            except BaseException:
                connection.close()
                raise
        except BaseException:
            connection.close()
            raise
        self._give_back(connection)
        return row

    def _connect(self) -> Connection:
        return self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def _take(self) -> Connection:
        now = time.monotonic()
        with self._lock:
            connection, used = self._free.pop() if self._free else (None, now)
        if connection is not None and now - used <= IDLE_S and not connection.invalidated:
            return connection
        if connection is not None:
            connection.close()  # back to the pool: the next checkout pings it
        return self._connect()

    def _give_back(self, connection: Connection) -> None:
        now = time.monotonic()
        idle: list[Connection] = []
        with self._lock:
            # The oldest come first: those a quieter load no longer reaches go back.
            while self._free and now - self._free[0][1] > IDLE_S:
                idle.append(self._free.pop(0)[0])
            if len(self._free) < MAX_KEPT:
                self._free.append((connection, now))
            else:
                idle.append(connection)
        for unused in idle:
            unused.close()
