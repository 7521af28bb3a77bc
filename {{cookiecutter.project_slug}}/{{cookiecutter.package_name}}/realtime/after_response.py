"""Work that must not hold a user's request hostage: run it once the response is sent.

Logout, account deletion and watchlist edits commit locally, answer the user, and only
then tell the realtime service (terminate connections, "watchlist-updated"). Werkzeug's
`call_on_close` fires once the server has written the response; the tasks then run on a
thread of that worker, so a hung realtime API never parks the worker that the next user
is waiting for (the circuit breaker bounds how many such threads wait at once). Not a
queue: nothing is stored, each task logs its own failure, and the threads are not
daemons, so a graceful shutdown lets them finish. Outside a request (CLI) a task runs
at once.
"""

import logging
import threading
from collections.abc import Callable

from flask import Flask, current_app, g, has_request_context

log = logging.getLogger(__name__)


def after_response(task: Callable[[], None]) -> None:
    if not has_request_context():
        task()
        return
    g.setdefault("after_response_tasks", []).append(task)


def register_after_response(app: Flask) -> None:
    @app.after_request
    def schedule_tasks(response):
        tasks = g.pop("after_response_tasks", None)
        if tasks:
            app_object = current_app._get_current_object()
            response.call_on_close(lambda: _start(app_object, tasks))
        return response


def _start(app: Flask, tasks: list[Callable[[], None]]) -> None:
    threading.Thread(target=_run, args=(app, tasks), name="after-response").start()


def _run(app: Flask, tasks: list[Callable[[], None]]) -> None:
    with app.app_context():
        for task in tasks:
            try:
                task()
            except Exception:
                log.exception("a task after the response failed")
