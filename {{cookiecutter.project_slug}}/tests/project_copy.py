"""A copy of the project in a temporary folder, run the way a developer runs it: `flask`
and gunicorn in a subprocess from the project root, settings only from its own `.env`.

A copy, so a test can leave out a secret or a migration, or edit a .py file under the
reloader, without touching the real project; node_modules is shared through a symlink.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import PROJECT

COPIED = [
    "{{ cookiecutter.package_name }}",
    "migrations",
    "pyproject.toml",
    ".flaskenv",
    "alembic.ini",
    "gunicorn.conf.py",
]
# What a developer's shell or the test run could leak in: the copy's .env must decide.
LEAKY = ("PUSHER_", "SECRET_KEY", "DATABASE_URL", "DATA_DIR", "FLASK_", "REDIS_URL")


class ProjectCopy:
    def __init__(self, root: Path, settings: dict[str, Any], node_modules: bool = True) -> None:
        self.root = root
        for name in COPIED:
            source = PROJECT / name
            if source.is_dir():
                shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(source, root / name)
        if node_modules and (PROJECT / "node_modules").exists():
            (root / "node_modules").symlink_to((PROJECT / "node_modules").resolve())
        self.write_env(settings)

    def write_env(self, settings: dict[str, Any]) -> None:
        lines = [f"{k}={v}" for k, v in settings.items() if k.isupper() and isinstance(v, str)]
        (self.root / ".env").write_text("\n".join(lines) + "\n")

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(LEAKY)}
        env["PYTHONPATH"] = str(self.root)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", *args]

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """`python -m flask ...` (or another module) from the project root."""
        return subprocess.run(
            self.command(*args),
            cwd=self.root,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*args),
            cwd=self.root,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            # Its own process group, as a terminal's foreground job: Ctrl-C is killpg(SIGINT).
            start_new_session=True,
        )
