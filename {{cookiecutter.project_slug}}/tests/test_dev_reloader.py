"""`flask dev` behaves like `flask run --debug`: a code change restarts the app (while
soketi keeps running, started once), the Werkzeug debugger is on, and the banner offers
the demo logins only when those users exist."""

import os
import re
import signal
import threading
import time
import urllib.request

import pytest

from {{ cookiecutter.package_name }}.soketi import free_port, port_is_free, server_script

from .conftest import PROJECT, require_or_skip
from .project_copy import ProjectCopy
from .test_first_run import migrate

DEBUGGER_RESOURCE = "/?__debugger__=yes&cmd=resource&f=style.css"


class DevServer:
    def __init__(self, project: ProjectCopy, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.process = project.start("flask", "dev", "--port", str(port))
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, count: int = 1, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(re.findall(pattern, self.output)) < count:
            if self.process.poll() is not None:
                time.sleep(0.5)  # the reader thread's last lines
                assert len(re.findall(pattern, self.output)) >= count, self.output
                return
            assert time.monotonic() < deadline, f"no {pattern!r} in:\n{self.output}"
            time.sleep(0.1)

    def get(self, path: str) -> int:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.status

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def dev_server(tmp_path):
    started = []

    def start(project: ProjectCopy) -> DevServer:
        started.append(DevServer(project, free_port()))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.mark.soketi
def test_dev_reloads_on_a_code_change_and_runs_the_debugger(tmp_path, settings, dev_server):
    require_or_skip(server_script(PROJECT).is_file(), "soketi (run `npm install`)")
    migrate(settings)
    soketi_port = free_port()
    # DATABASE_URL set and no instance/ folder yet: soketi's log still has a home.
    project = ProjectCopy(
        tmp_path / "project", dict(settings, DATA_DIR="instance", PUSHER_PORT=str(soketi_port))
    )
    dev = dev_server(project)
    dev.wait_for("Ctrl-C stops")
    assert (project.root / "instance" / "soketi.log").is_file()
    assert dev.get(DEBUGGER_RESOURCE) == 200, "the Werkzeug debugger is not serving"
    models = project.root / "{{ cookiecutter.package_name }}" / "models.py"
    models.write_text(models.read_text() + "\n# edited while flask dev runs\n")
    dev.wait_for(r"Detected change in '.*models\.py', reloading")
    dev.wait_for("Debugger is active", count=2)
    deadline = time.monotonic() + 30
    while True:  # the new child takes over the listening socket the outer process kept
        try:
            assert dev.get("/login") == 200
            break
        except OSError:
            assert time.monotonic() < deadline, dev.output
            time.sleep(0.2)
    assert dev.output.count("soketi node 1 is ready") == 1, "soketi was started again"
    os.killpg(dev.process.pid, signal.SIGINT)  # Ctrl-C reaches the reloader and its child
    assert dev.process.wait(timeout=30) == 0, dev.output
    dev.wait_for("Stopped.", timeout=5)
    deadline = time.monotonic() + 15
    while not (port_is_free(soketi_port) and port_is_free(int(dev.url.rsplit(":", 1)[1]))):
        assert time.monotonic() < deadline, "soketi or the reloaded app outlived flask dev"
        time.sleep(0.2)


def test_the_banner_offers_the_demo_logins_only_once_they_exist(
    tmp_path, settings, make_user, dev_server
):
    # A hosted service: no soketi to start, and nothing is sent to it at start-up.
    remote = dict(settings, PUSHER_HOST="realtime.example.invalid", PUSHER_SCHEME="https")
    project = ProjectCopy(tmp_path / "project", remote)
    without = dev_server(project)
    without.wait_for("Ctrl-C stops")
    assert "log in as alice" not in without.output
    assert "flask users seed-demo" in without.output and "register" in without.output
    without.stop()
    for name in ("alice", "bob", "carol"):
        make_user(name)
    demo = dev_server(project)
    demo.wait_for("Ctrl-C stops")
    assert "log in as alice, bob or carol (password: demo-password)" in demo.output
