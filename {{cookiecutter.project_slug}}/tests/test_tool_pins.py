"""The linters pre-commit runs are the versions the dev extras pin: when Dependabot bumps
ruff in pyproject.toml, this fails until .pre-commit-config.yaml says the same."""

import re
import tomllib

import yaml

from .conftest import PROJECT


def test_pre_commit_runs_the_pinned_ruff():
    dev = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["dev"]
    pinned = [r for r in dev if re.fullmatch(r"ruff==\S+", r)]
    assert len(pinned) == 1, f"ruff must be pinned exactly in the dev extras: {dev}"
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    ruff_hooks = [hook for hook in hooks if hook["id"].startswith("ruff")]
    assert ruff_hooks, "no ruff hook in .pre-commit-config.yaml"
    for hook in ruff_hooks:
        assert hook.get("additional_dependencies") == pinned, hook["id"]
