"""Every command in the baked README.md and docs/*.md is run, or mapped to the test that
runs it: a command block the docs gain or change fails here until it is one or the other.

Commands run in a baked copy with this venv's tools first on the PATH (what
`. .venv/bin/activate` gives a user). Servers start on free ports, answer /healthz, and
are stopped.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

from .conftest import IN_CI

PACKAGE = "my_realtime_app"
FENCE = re.compile(r"^```(sh|bash|console)\n(.*?)^```", re.DOTALL | re.MULTILINE)
COMMENT = re.compile(r"\s+#.*$")

# Run for real, in document order, on a fresh bake.
RUN = {
    "alembic upgrade head",
    # docs/extending.md: with the models unchanged, autogenerate writes an empty revision.
    'alembic revision --autogenerate -m "describe the change"',
    "flask users create alice --password 'a long password' --name Alice",
    "flask users create bob --password 'another long password'",
    "flask users create carol --password 'a third long password'",
    "flask users watch alice bob carol",
    "flask users unwatch alice carol",
    "flask users show alice",
    "flask users delete alice",
    "flask users seed-demo",
    "ruff check . && ruff format --check .",
    "python benchmarks/run.py",
    "python benchmarks/instructions.py",
}
# Long-running: started with the extra arguments (free ports), probed, stopped.
SERVE = {
    "flask dev": "--port {port}",
    "gunicorn -c gunicorn.conf.py": "",
}
# Run elsewhere, by a test that does the same thing for real.
MAPPED = {
    "python3 -m venv .venv && . .venv/bin/activate": "tests/test_demo_command.py (bin/demo "
    "creates .venv with `python3 -m venv`)",
    'pip install -e ".[dev]"': "tests/test_demo_command.py installs the bake editable; "
    "test_requirements_cover_every_baked_dependency keeps the dev extras installable here",
    "npm install --no-audit --no-fund": "the node_modules fixture (tests/conftest.py) and "
    "tests/test_demo_command.py run it",
    "pytest": "test_baked_project_passes_ruff_and_its_own_tests (tests/test_bake.py)",
    "mypy": "test_mypy_passes_on_the_baked_package (tests/test_dev_tools.py)",
}


def doc_commands(project: Path) -> list[tuple[str, str]]:
    """(document, command) for every line of every shell block, comments and $ removed."""
    found = []
    for doc in [project / "README.md", *sorted((project / "docs").glob("*.md"))]:
        for lang, body in FENCE.findall(doc.read_text()):
            for line in body.splitlines():
                if lang == "console" and not line.startswith("$ "):
                    continue  # a console block shows output too; commands start with $
                line = COMMENT.sub("", line.removeprefix("$ ")).strip()
                if line and not line.startswith("#"):
                    found.append((doc.name, line.replace(PACKAGE, "{pkg}")))
    return found


@pytest.mark.parametrize(
    "context", [{"include_beams": "n"}, {"database": "postgresql"}], ids=["no-beams", "pg"]
)
def test_every_command_of_other_bakes_is_run_or_mapped(cookies, context):
    project = cookies.bake(extra_context=context).project_path
    unknown = [c for c in doc_commands(project) if c[1] not in RUN | set(SERVE) | set(MAPPED)]
    assert unknown == [], f"commands neither run nor mapped: {unknown}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tool_env(project: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    # A closed port: nothing here may talk to somebody's soketi on the default 6001.
    env.update(PYTHONPATH=str(project), PUSHER_PORT=str(free_port()), **extra)
    return env


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:  # noqa: S310
                assert response.status == 200
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url}/healthz did not answer within {timeout:.0f} s")


def serve(project: Path, command: str, extra: str) -> None:
    port = free_port()
    env = tool_env(project, PORT=str(port), HOST="127.0.0.1", WEB_CONCURRENCY="1")
    line = f"exec {command} {extra.format(port=port)}".replace("{pkg}", PACKAGE)
    process = subprocess.Popen(
        ["bash", "-c", line], cwd=project, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
    finally:
        process.send_signal(signal.SIGINT if "flask" in command else signal.SIGTERM)
        process.wait(timeout=30)


def test_every_command_in_the_docs_runs_or_is_mapped(cookies, node_modules):
    project = cookies.bake().project_path
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    commands = doc_commands(project)
    unknown = [c for c in commands if c[1] not in RUN | set(SERVE) | set(MAPPED)]
    assert unknown == [], f"commands neither run nor mapped: {unknown}"
    ran = set()
    for doc, command in commands:
        if command in SERVE:
            serve(project, command, SERVE[command])
        elif command in RUN:
            run_one(project, doc, command)
        ran.add(command)
    assert RUN | set(SERVE) <= ran, f"no longer in the docs: {(RUN | set(SERVE)) - ran}"


def run_one(project: Path, doc: str, command: str) -> None:
    line = command.replace("{pkg}", PACKAGE)
    if command == "python benchmarks/run.py":
        return run_benchmark(project)
    if command == "python benchmarks/instructions.py":
        return count_instructions(project)
    result = subprocess.run(
        ["bash", "-c", line],
        cwd=project,
        env=tool_env(project),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"{doc}: `{line}` failed:\n{result.stdout}{result.stderr}"


def run_needing(project: Path, tool: str, *args: str) -> str | None:
    """Run a benchmarks/ script that needs a Debian tool. Without the tool it must say so,
    with the apt-get line; CI then fails (bin/test installs it), a laptop warns. The
    output, or None without the tool."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=project,
        env=tool_env(project),
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    if f"{tool} is not installed" in output:
        assert f"apt-get install {tool}" in output
        assert not IN_CI, f"{tool} is missing and CI=true: {args[0]} must run"
        warnings.warn(f"{tool} is not installed: {args[0]} is SKIPPED", stacklevel=3)
        return None
    assert result.returncode == 0, output
    return output


def run_benchmark(project: Path, storm: int = 20) -> str | None:
    """A tiny run, with a storm of 20 clients (soketi restarted, each client back through
    the reconnect helper). The run's output, or None without wrk."""
    small = ["--users", "20", "--seconds", "1", "--rounds", "1", "--storm", str(storm)]
    output = run_needing(project, "wrk", "benchmarks/run.py", *small)
    if output is None:
        return None
    assert "/pusher/user-auth" in output, output
    if storm:
        assert "soketi restarted" in output and f"{storm}/{storm}, 0 failures" in output, output
    return output


def count_instructions(project: Path) -> None:
    """A tiny count: /healthz and user-auth, 3 requests each, under callgrind."""
    small = ["--users", "20", "--requests", "3", "--routes", "user-auth"]
    output = run_needing(project, "valgrind", "benchmarks/instructions.py", *small)
    if output is None:
        return
    rows = re.findall(r"^\| (/\S+).*?\| +([\d,]+) \| +([\d.]+)x \|$", output, re.MULTILINE)
    assert [row[0] for row in rows] == ["/healthz", "/pusher/user-auth"], output
    healthz, user_auth = (int(row[1].replace(",", "")) for row in rows)
    # The sign-in does everything /healthz does and more.
    assert 100_000 < healthz < user_auth, output


def test_the_benchmark_measures_a_postgresql_bake_and_its_database(cookies):
    """On a PostgreSQL bake the benchmark starts its own throwaway server, and reports the
    CPU that server spends per request, a cost of every route but /healthz."""
    project = cookies.bake(extra_context={"database": "postgresql"}).project_path
    output = run_benchmark(project, storm=0)
    if output is None:
        pytest.skip("wrk is not installed (the run said so, with the apt-get line)")
    row = next(line for line in output.splitlines() if line.startswith("| /pusher/user-auth"))
    database_cpu = row.strip("| ").split("|")[-1].strip()
    assert re.fullmatch(r"[\d,]+ us", database_cpu), output
    assert "postgresql" in output, output
