"""Build step: copy the browser SDKs from node_modules into the package.

A wheel (`pip install .`, as the Dockerfile does) is installed away from the project
folder and its node_modules, so it carries its own copies in static/vendor/. Run
`npm install` before building; an editable install serves node_modules directly.
"""

import json
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PROJECT = Path(__file__).resolve().parent
PACKAGE = "{{ cookiecutter.package_name }}"


class BuildPyWithBrowserSdks(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # served from node_modules, which may not exist yet
            return
        sdks = json.loads((PROJECT / PACKAGE / "browser_sdks.json").read_text())
        target = Path(self.build_lib) / PACKAGE / "static" / "vendor"
        target.mkdir(parents=True, exist_ok=True)
        for name, relative in sdks.items():
            source = PROJECT / "node_modules" / relative
            if not source.is_file():
                raise SystemExit(f"{source} is missing: run `npm install` before building.")
            shutil.copyfile(source, target / name)


setup(cmdclass={"build_py": BuildPyWithBrowserSdks})
