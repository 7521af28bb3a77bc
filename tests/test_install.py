"""A baked project installed as a container would install it: a plain, non-editable
`pip install .` run away from the project folder still serves the browser SDKs and
keeps its data in the working directory, not in the virtualenv."""

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What Python's warnings module prints for setuptools' warnings (SetuptoolsDeprecationWarning,
# BuildBackendWarning, InformationOnly), not distutils' lower-case "warning: ..." log lines.
BUILD_WARNING = re.compile(r"\w*Warning\b|InformationOnly|!!")


def assert_no_build_warning(output: str) -> None:
    found = [line for line in output.splitlines() if BUILD_WARNING.search(line)]
    assert not found, "the build printed warnings:\n" + output


CHECK = """
import json, sys
from pathlib import Path
import my_realtime_app
from my_realtime_app import create_app
app = create_app()
client = app.test_client()
result = {"module": my_realtime_app.__file__, "instance": app.instance_path,
          "database": app.config["DATABASE_URL"]}
for path in ("/vendor/pusher.min.js", "/vendor/push-notifications-cdn.js", "/service-worker.js"):
    response = client.get(path)
    result[path] = [response.status_code, len(response.get_data())]
print(json.dumps(result))
"""


def test_a_wheel_installed_elsewhere_serves_the_sdks_and_keeps_data_in_the_cwd(
    cookies, node_modules, tmp_path
):
    project = cookies.bake().project_path
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-v",  # the build backend's own output, where setuptools prints its warnings
            "--no-deps",
            "-w",
            str(tmp_path / "dist"),
            ".",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert_no_build_warning(built.stdout + built.stderr)
    site = tmp_path / "site"
    with zipfile.ZipFile(next((tmp_path / "dist").glob("*.whl"))) as wheel:
        wheel.extractall(site)
    workdir = tmp_path / "app"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PUSHER_", "SECRET_KEY"))}
    env.update(
        PYTHONPATH=str(site),
        SECRET_KEY="k" * 40,
        PUSHER_APP_ID="app",
        PUSHER_APP_KEY="key",
        PUSHER_APP_SECRET="secret",
    )
    run = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["module"].startswith(str(site)), "imported the project folder, not the wheel"
    pusher_js = node_modules / "pusher-js" / "dist" / "web" / "pusher.min.js"
    assert result["/vendor/pusher.min.js"] == [200, pusher_js.stat().st_size]
    assert result["/vendor/push-notifications-cdn.js"][0] == 200
    assert result["/service-worker.js"][0] == 200
    assert result["instance"] == str(workdir / "instance")
    assert result["database"] == f"sqlite:///{workdir / 'instance' / 'app.sqlite3'}"


FIND_PACKAGE = "import importlib.util; print(importlib.util.find_spec('my_realtime_app').origin)"


def test_an_editable_install_prints_no_setuptools_warning(cookies, tmp_path):
    """`pip install -e .`, the README's install step, in a fresh virtualenv."""
    project = cookies.bake().project_path
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]
        + ["install", "-v", "--no-deps", "--disable-pip-version-check", "-e", "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert_no_build_warning(installed.stdout + installed.stderr)
    imported = subprocess.run(
        # find_spec: the package's dependencies are not installed in this bare venv.
        [str(venv / "bin" / "python"), "-c", FIND_PACKAGE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    package = project / "my_realtime_app" / "__init__.py"
    assert imported.stdout.strip() == str(package), imported.stderr


def declared_minimum(requirement: str) -> str:
    lines = (REPO / "requirements-test.txt").read_text().splitlines()
    return next(line.split(">=")[1] for line in lines if line.startswith(requirement + ">="))


def test_the_declared_minimum_pytest_httpserver_works_with_werkzeug_3(tmp_path):
    """Versions up to 1.0.6 import a helper Werkzeug 3 removed: the floor must be above."""
    version = declared_minimum("pytest-httpserver")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check"]
        + ["--target", str(target), f"pytest-httpserver=={version}"],
        check=True,
        timeout=300,
    )
    serve = (
        "import urllib.request, werkzeug, importlib.metadata as m\n"
        "from pytest_httpserver import HTTPServer\n"
        "assert m.version('werkzeug').startswith('3.'), m.version('werkzeug')\n"
        "server = HTTPServer(); server.expect_request('/ping').respond_with_data('pong')\n"
        "server.start()\n"
        "print(urllib.request.urlopen(server.url_for('/ping'), timeout=5).read().decode())\n"
        "server.stop()\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", serve],
        env=dict(os.environ, PYTHONPATH=str(target)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == "pong", run.stderr
