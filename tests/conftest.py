"""Shared fixtures for the template tests: baking, and one npm install for every bake."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NODE_CACHE = REPO / ".cache" / "node"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def node_modules(cookies_session) -> Path:
    """npm install once, for the default bake (a superset: it includes Beams), shared by
    every bake through a symlink. The demo command does a real per-project install."""
    package_json = cookies_session.bake().project_path / "package.json"
    digest = hashlib.sha256(package_json.read_bytes()).hexdigest()[:12]
    target = NODE_CACHE / digest
    if not (target / "node_modules" / ".package-lock.json").exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(package_json, target / "package.json")
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=target,
            check=True,
            timeout=600,
        )
    return target / "node_modules"


def run_baked_pytest(
    project: Path,
    *args: str,
    artifacts: Path | None = None,
    timeout: int = 1800,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(extra_env or {}))
    env["PYTHONPATH"] = str(project)
    if artifacts is not None:
        env["E2E_ARTIFACTS_DIR"] = str(artifacts)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
