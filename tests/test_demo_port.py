"""`bin/demo --port N`: the flag its own error names works, and a taken port is refused
at once, before minutes of baking and installing (the slow end-to-end run is in
test_demo_command.py, which starts the demo with --port)."""

import os
import socket
import subprocess

import pytest

from .conftest import REPO


@pytest.fixture
def taken_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def run_demo(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(REPO / "bin" / "demo"), *args],
        env=dict(os.environ, DEMO_PARENT=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("form", ["--port {}", "--port={}"])
def test_a_taken_port_is_refused_naming_the_flag(tmp_path, taken_port, form):
    demo = run_demo(tmp_path, *form.format(taken_port).split())
    assert demo.returncode == 1
    assert f"port {taken_port} is already in use; pick another with bin/demo --port N" in (
        demo.stderr
    )
    assert not (tmp_path / "demo-app").exists(), "baked before checking the port"


def test_demo_port_is_still_honoured(tmp_path, taken_port):
    demo = subprocess.run(
        [str(REPO / "bin" / "demo")],
        env=dict(os.environ, DEMO_PARENT=str(tmp_path), DEMO_PORT=str(taken_port)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert demo.returncode == 1 and f"port {taken_port} is already in use" in demo.stderr


@pytest.mark.parametrize("args", [["--prot", "5000"], ["--port", "abc"]])
def test_bad_arguments_say_how_to_call_it(tmp_path, args):
    demo = run_demo(tmp_path, *args)
    assert demo.returncode == 2
    assert "--port" in demo.stderr
