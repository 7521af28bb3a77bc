"""A baked project installed as a container would install it: a plain, non-editable
`pip install .` run away from the project folder still serves the browser SDKs and
keeps its data in the working directory, not in the virtualenv."""

import json
import os
import subprocess
import sys
import zipfile

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
            "-q",
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
