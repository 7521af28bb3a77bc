"""Browser SDKs from npm, served by the app itself: no CDN, so the demo runs offline.

`browser_sdks.json` names the only files ever served. A wheel (`pip install .`, as the
Dockerfile does) carries copies in `static/vendor/`, made at build time by setup.py; a
checkout or an editable install serves them straight from the project's node_modules.
"""

import json
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("vendor", __name__, url_prefix="/vendor")

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BROWSER_SDKS: dict[str, str] = json.loads((PACKAGE_DIR / "browser_sdks.json").read_text())


def browser_sdk_path(name: str) -> Path | None:
    built = PACKAGE_DIR / "static" / "vendor" / name
    if built.is_file():
        return built
    from_npm = Path(current_app.root_path).parent / "node_modules" / BROWSER_SDKS[name]
    return from_npm if from_npm.is_file() else None


def send_browser_sdk(name: str):
    path = browser_sdk_path(name)
    if path is None:
        abort(404, description=f"{name} is missing: run `npm install` in the project folder.")
    return send_from_directory(path.parent, path.name, max_age=3600)


@bp.get("/<name>")
def vendor_file(name: str):
    if name not in BROWSER_SDKS:
        abort(404)
    return send_browser_sdk(name)
