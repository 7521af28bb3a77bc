"""Browser SDKs served from the project's node_modules: no CDN, so the demo runs offline."""

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("vendor", __name__, url_prefix="/vendor")

# Public name -> file under node_modules. Only these files are ever served.
VENDOR_FILES = {
    "pusher.min.js": "pusher-js/dist/web/pusher.min.js",
{%- if cookiecutter.include_beams == "y" %}
    "push-notifications-cdn.js": "@pusher/push-notifications-web/dist/push-notifications-cdn.js",
{%- endif %}
}


def node_modules_dir() -> Path:
    return Path(current_app.root_path).parent / "node_modules"


def send_node_module_file(relative: str):
    path = node_modules_dir() / relative
    if not path.is_file():
        abort(404, description=f"{relative} is missing: run `npm install` in the project folder.")
    return send_from_directory(path.parent, path.name, max_age=3600)


@bp.get("/<name>")
def vendor_file(name: str):
    if name not in VENDOR_FILES:
        abort(404)
    return send_node_module_file(VENDOR_FILES[name])
