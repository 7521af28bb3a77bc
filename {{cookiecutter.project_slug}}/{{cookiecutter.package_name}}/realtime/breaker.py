"""A circuit breaker for the realtime service's HTTP API, per process and per API URL.

When the service is down or hangs, every call would wait out its deadline; after a few
failures in a row the breaker fails calls at once for a cool-down, then lets one trial
call through. So a dead service costs each worker a few deadlines, not one per request,
and watchlist edits keep their pace. Per process on purpose: it protects this process's
workers, and needs nothing shared to do that.
"""

import threading
import time

FAILURES_TO_OPEN = 3
OPEN_SECONDS = 10.0


class CircuitBreaker:
    def __init__(self) -> None:
        self._failures = 0
        self._open_until = 0.0
        self._lock = threading.Lock()

    def retry_after(self) -> float | None:
        """Seconds until calls may try again, or None when this call may go ahead."""
        with self._lock:
            if self._failures < FAILURES_TO_OPEN:
                return None
            now = time.monotonic()
            if now < self._open_until:
                return self._open_until - now
            # Half-open: this call is the trial; others keep failing fast until it ends.
            self._open_until = now + OPEN_SECONDS
            return None

    def resting_for(self) -> float | None:
        """Like retry_after(), without taking the trial call: for a quick look."""
        with self._lock:
            remaining = self._open_until - time.monotonic()
            if self._failures >= FAILURES_TO_OPEN and remaining > 0:
                return remaining
            return None

    def record(self, reachable: bool) -> None:
        with self._lock:
            if reachable:
                self._failures = 0
                return
            self._failures += 1
            if self._failures >= FAILURES_TO_OPEN:
                self._open_until = time.monotonic() + OPEN_SECONDS


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(base_url: str) -> CircuitBreaker:
    with _breakers_lock:
        return _breakers.setdefault(base_url, CircuitBreaker())
