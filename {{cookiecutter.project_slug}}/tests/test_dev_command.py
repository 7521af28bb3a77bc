"""`flask dev --soketi-nodes 2`: a local soketi cluster on a throwaway Redis, and the app,
from one command; a client on node 1 gets what is published through node 2."""

import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest

from {{ cookiecutter.package_name }}.realtime.client import ChannelsClient
from {{ cookiecutter.package_name }}.soketi import free_port, server_script

from .conftest import PROJECT, require_or_skip
from .support import BrowserLikeSession, NodePusherClient
from .test_soketi import is_type

pytestmark = pytest.mark.soketi
NODE_LINE = re.compile(r"soketi node (\d) is ready on ws://127\.0\.0\.1:(\d+)")


@pytest.fixture
def dev_cluster(app, settings, make_user):
    require_or_skip(server_script(PROJECT).is_file(), "soketi (run `npm install`)")
    make_user("alice")
    settings["PUSHER_PORT"] = str(free_port())
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PUSHER_", "SECRET"))}
    env.update({k: str(v) for k, v in settings.items() if k.isupper() and v not in (None, "")})
    env.update(PYTHONPATH=str(PROJECT), REDIS_URL="")
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "{{ cookiecutter.package_name }}", "dev"]
        + ["--port", str(port), "--soketi-nodes", "2"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "Ctrl-C stops" not in "".join(lines):
        assert process.poll() is None, "".join(lines)
        time.sleep(0.1)
    nodes = {int(n): int(p) for n, p in NODE_LINE.findall("".join(lines))}
    yield f"http://127.0.0.1:{port}", nodes, lines
    process.terminate()
    process.wait(timeout=20)


def test_dev_runs_a_two_node_soketi_cluster(app, settings, dev_cluster):
    url, nodes, lines = dev_cluster
    assert sorted(nodes) == [1, 2], "".join(lines)
    assert nodes[1] == int(settings["PUSHER_PORT"])
    assert "redis-server (throwaway" in "".join(lines)
    session = BrowserLikeSession(url).log_in("alice")
    alice = NodePusherClient(
        {
            "key": settings["PUSHER_APP_KEY"],
            "wsPort": nodes[1],
            "appUrl": url,
            "cookie": session.cookie_header,
            "csrf": session.csrf,
        },
        cwd=PROJECT,
    )
    try:
        signed = alice.wait_for(is_type("signin_success"))
        user_id = json.loads(signed["data"]["user_data"])["id"]
        node_2 = ChannelsClient.from_config(dict(app.config, PUSHER_PORT=nodes[2]))
        node_2.send_to_user(user_id, "from-node-2", {"ok": True})
        assert alice.wait_for(is_type("user_event", event="from-node-2"))["data"] == {"ok": True}
    finally:
        alice.stop()
