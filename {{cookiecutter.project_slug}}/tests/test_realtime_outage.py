"""A realtime API that hangs (a TCP listener that accepts and never answers) never holds
a user's request hostage: local effects commit and answer first; synchronous sends
answer 503 realtime_unavailable with Retry-After; a circuit breaker fails fast."""

import socket
import threading
import time

import pytest

from {{ cookiecutter.package_name }}.realtime.breaker import FAILURES_TO_OPEN
from {{ cookiecutter.package_name }}.realtime.client import ChannelsClient, RealtimeUnavailable

from .support import BrowserLikeSession


@pytest.fixture
def hung_port():
    with socket.create_server(("127.0.0.1", 0), backlog=512) as server:
        yield server.getsockname()[1]


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_the_breaker_fails_fast_after_repeated_hangs(hung_port):
    client = ChannelsClient("app", "key", "secret", f"http://127.0.0.1:{hung_port}", timeout=0.3)
    for _ in range(FAILURES_TO_OPEN):
        with pytest.raises(Exception, match="could not be reached"):
            client.send_to_user("alice", "e", {})
    with pytest.raises(RealtimeUnavailable) as resting:
        client.send_to_user("alice", "e", {})
    assert resting.value.retry_after > 0 and resting.value.unavailable


@pytest.fixture
def hung_app(app, settings, make_user, gunicorn, hung_port):
    make_user("alice")
    for n in range(40):
        make_user(f"user{n:02}")
    server = gunicorn(dict(settings, PUSHER_PORT=str(hung_port)), workers=2)
    return server, BrowserLikeSession(server.url).log_in("alice")


def test_synchronous_sends_answer_503_with_retry_after_quickly(hung_app):
    server, session = hung_app
    (status, body), elapsed = timed(lambda: session.post_api("/api/test-event", {}))
    assert status == 503 and body["error"] == "realtime_unavailable", body
    assert elapsed < 1.5
    status, raw, headers = _raw(session, "/api/test-event")
    assert status == 503 and int(headers["Retry-After"]) >= 1


def test_logout_and_sign_out_everywhere_answer_within_a_second(hung_app):
    server, session = hung_app
    (status, body), elapsed = timed(lambda: session.post_api("/api/sign-out-everywhere", {}))
    assert status in (202, 503) and elapsed < 1.0, body
    time.sleep(1.2)  # let that worker finish its call after the response
    (status, page), elapsed = timed(
        lambda: session.request("/logout", {"csrf_token": session.csrf})
    )
    assert status == 200 and "Log in" in page
    assert elapsed < 1.0


def test_watchlist_edits_keep_their_pace_with_the_api_hung(hung_app, app, settings, gunicorn):
    server, session = hung_app
    statuses: list[int] = []
    latencies: list[float] = []
    stop = time.monotonic() + 4

    def edit(worker: int) -> None:
        n = 0
        while time.monotonic() < stop:
            name = f"user{(worker * 5 + n % 5):02}"
            path = "/api/watchlist" if n % 10 < 5 else "/api/watchlist/remove"
            started = time.monotonic()
            status, _ = server.post_json(path, {"username": name}, session)
            elapsed = time.monotonic() - started
            statuses.append(status)
            latencies.append(elapsed)
            n += 1

    threads = [threading.Thread(target=edit, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(statuses) == {200}, sorted(set(statuses))
    # Without the breaker every edit parks a worker for the full deadline: about 8 edits
    # a second with two workers. With it, only the calls that open and probe it do.
    assert len(statuses) > 100, f"{len(statuses)} edits in 4 s"
    print(
        f"\nhung realtime API: {len(statuses)} watchlist edits in 4 s, max {max(latencies):.2f} s"
    )


def _raw(session, path):
    from .gunicorn_server import http

    return http(
        session.base_url + path,
        b"{}",
        {
            "Content-Type": "application/json",
            "Cookie": session.cookie_header,
            "X-CSRFToken": session.csrf,
        },
    )
