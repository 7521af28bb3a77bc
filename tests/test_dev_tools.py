"""The baked project's developer tools: pinned linters, mypy that passes, CI that runs
the real suite, and Dependabot for every ecosystem it uses."""

import re
import subprocess
import sys
import tomllib

import pytest
import yaml

from .conftest import REPO

PINNED_TOOLS = ("ruff", "mypy")


def dev_pins(project) -> dict[str, str]:
    dev = tomllib.loads((project / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["dev"]
    return dict(re.fullmatch(r"([\w-]+)==(\S+)", r).groups() for r in dev if "==" in r)


def test_ruff_and_mypy_are_pinned_alike_everywhere(cookies):
    project = cookies.bake().project_path
    pins = dev_pins(project)
    assert set(PINNED_TOOLS) <= set(pins), f"dev extras pin only {pins}"
    requirements = (REPO / "requirements-test.txt").read_text()
    for tool in PINNED_TOOLS:
        assert f"\n{tool}=={pins[tool]}\n" in requirements, f"{tool} pinned differently"
    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())["repos"]
    ruff_hooks = [h for repo in hooks for h in repo["hooks"] if h["id"].startswith("ruff")]
    assert {h["id"] for h in ruff_hooks} == {"ruff-check", "ruff-format"}
    for hook in ruff_hooks:
        assert hook["additional_dependencies"] == [f"ruff=={pins['ruff']}"]


def test_mypy_passes_on_the_baked_package(cookies):
    project = cookies.bake(extra_context={"database": "postgresql"}).project_path
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues found in" in run.stdout and " 0 source files" not in run.stdout


@pytest.mark.parametrize("context", [{}, {"include_beams": "n"}])
def test_ci_runs_the_whole_suite_with_its_real_services(cookies, context):
    project = cookies.bake(extra_context=context).project_path
    text = (project / ".github" / "workflows" / "ci.yml").read_text()
    assert "${{ github.ref }}" in text, "GitHub's own expressions must survive the bake"
    job = yaml.safe_load(text)["jobs"]["test"]
    assert job["env"]["CI"] == "true", "CI=true makes every skip a failure"
    # Continuation lines joined, so one shell command is one line.
    runs = "\n".join(step.get("run", "") for step in job["steps"]).replace("\\\n", " ")
    installs = re.search(r"apt-get install .*", runs).group(0).split()
    assert {"postgresql", "chromium", "redis-server"} <= set(installs)
    node = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-node")]
    assert node and node[0]["with"]["node-version"] == "20"
    commands = [line.strip() for line in runs.splitlines()]
    assert "npm install --no-audit --no-fund" in commands
    assert "pytest" in commands and "mypy" in commands
    assert runs.index("npm install") < runs.index("pytest")


@pytest.mark.parametrize("include_beams", ["y", "n"])
def test_dependabot_watches_pip_npm_and_actions(cookies, include_beams):
    project = cookies.bake(extra_context={"include_beams": include_beams}).project_path
    config = yaml.safe_load((project / ".github" / "dependabot.yml").read_text())
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    ignored = {entry["dependency-name"] for entry in updates["npm"].get("ignore", [])}
    # The Beams web SDK stays on 1.x: 2.x ships no dist/service-worker.js.
    assert ("@pusher/push-notifications-web" in ignored) == (include_beams == "y")
