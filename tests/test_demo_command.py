"""The README's demo command from nothing: bake, pip and npm install, migrate, seed, run
soketi + Flask. Then a person's first five minutes in Chromium, and the user-auth
contract over real HTTP with the baked .env's own key and secret."""

import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from .conftest import IN_CI, REPO

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_line(process, pattern: str, timeout: float) -> list[str]:
    seen, deadline = [], time.monotonic() + timeout
    os.set_blocking(process.stdout.fileno(), False)
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line:
            seen.append(line.rstrip())
            if re.search(pattern, line):
                return seen
        elif process.poll() is not None:
            break
        else:
            time.sleep(0.2)
    raise AssertionError(f"no line matching {pattern!r}; output:\n" + "\n".join(seen[-60:]))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One run of the demo command for this module; the Ctrl-C test comes last."""
    tmp_path = tmp_path_factory.mktemp("demo")
    app_port, pusher_port = free_port(), free_port()
    env = dict(os.environ, DEMO_PARENT=str(tmp_path), PUSHER_PORT=str(pusher_port))
    process = subprocess.Popen(
        [str(REPO / "bin" / "demo"), "--port", str(app_port)],  # the flag its errors name
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = wait_for_line(process, r"Open http://127\.0\.0\.1:\d+/", timeout=900)
        yield {
            "url": f"http://127.0.0.1:{app_port}",
            "project": tmp_path / "demo-app",
            "process": process,
            "output": output,
            "pusher_port": pusher_port,
        }
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def log_in(base_url: str, username: str, password: str):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(base_url + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": username, "password": password, "csrf_token": token})
    page = opener.open(base_url + "/login", form.encode(), timeout=10).read().decode()
    assert "Log out" in page
    return opener, re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def read_env(project) -> dict[str, str]:
    lines = (project / ".env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_demo_command_from_nothing_to_signed_in(demo):
    executable = shutil.which("chromium")
    if executable is None:
        if IN_CI:
            pytest.fail("chromium is missing and CI=true")
        pytest.skip("SKIPPED: Debian chromium is missing (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        page = browser.new_page()
        started = time.monotonic()
        page.goto(demo["url"] + "/")
        page.fill("#username", "alice")
        page.fill("#password", "demo-password")
        page.click("form button[type=submit]")
        expect(page.locator("#signin-state")).to_have_text("Signed in as alice", timeout=10_000)
        print(f"\n  demo: signed in {time.monotonic() - started:.1f} s after opening the page")
        browser.close()


def test_user_auth_over_http_matches_the_database_and_the_env(demo):
    project, env = demo["project"], read_env(demo["project"])
    flask = [str(project / ".venv" / "bin" / "flask"), "--app", "demo_app"]
    for args in (
        ["users", "create", "dave", "--password", "dave-password-1", "--name", "Dávé"],
        ["users", "watch", "dave", "carol", "alice"],
    ):
        subprocess.run(
            flask + args,
            cwd=project,
            check=True,
            capture_output=True,
            timeout=60,
            env=dict(os.environ, PUSHER_PORT=str(demo["pusher_port"])),
        )
    shown = subprocess.run(
        flask + ["users", "show", "dave"],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    expected = json.loads(shown.split("user_data: ", 1)[1])

    opener, csrf = log_in(demo["url"], "dave", "dave-password-1")
    request = urllib.request.Request(
        demo["url"] + "/pusher/user-auth",
        urllib.parse.urlencode({"socket_id": "123.456"}).encode(),
        headers={"X-CSRFToken": csrf},
    )
    body = json.loads(opener.open(request, timeout=10).read())
    digest = hmac.new(
        env["PUSHER_APP_SECRET"].encode(),
        f"123.456::user::{body['user_data']}".encode(),
        hashlib.sha256,
    ).hexdigest()
    assert body["auth"] == f"{env['PUSHER_APP_KEY']}:{digest}"
    user_data = json.loads(body["user_data"])
    assert user_data == expected
    assert user_data["user_info"] == {"name": "Dávé"} and len(user_data["watchlist"]) == 2

    bad = urllib.request.Request(
        demo["url"] + "/pusher/user-auth", b"socket_id=1.1%0A", headers={"X-CSRFToken": csrf}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(bad, timeout=10)
    assert refused.value.code == 400 and json.loads(refused.value.read())["error"]


def test_ctrl_c_stops_both_servers(demo):
    demo["process"].send_signal(signal.SIGINT)
    demo["process"].wait(timeout=20)
    rest = demo["process"].stdout.read() or ""
    assert "Stopped." in rest
    for port in (demo["pusher_port"], int(demo["url"].rsplit(":", 1)[1])):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", port))  # raises if a server still listens
