"""Validate the answers before anything is written. No network calls here."""

import keyword
import re
import sys

SLUG = "{{ cookiecutter.project_slug }}"
PACKAGE = "{{ cookiecutter.package_name }}"
SERVICE = "{{ cookiecutter.realtime_service }}"
DATABASE = "{{ cookiecutter.database }}"
INCLUDE_BEAMS = "{{ cookiecutter.include_beams }}"

SLUG_PATTERN = re.compile(r"[a-z][a-z0-9-]*[a-z0-9]")
PACKAGE_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
# Names that would shadow a dependency or the standard library when imported.
RESERVED_PACKAGES = {"flask", "jwt", "pusher", "sqlalchemy", "alembic", "test", "tests"}


def problems() -> list[str]:
    found = []
    if not SLUG_PATTERN.fullmatch(SLUG):
        found.append(
            f"project_slug {SLUG!r} is not valid: use lowercase letters, digits and '-', "
            "starting with a letter (e.g. 'my-realtime-app')."
        )
    if not PACKAGE_PATTERN.fullmatch(PACKAGE) or keyword.iskeyword(PACKAGE):
        found.append(
            f"package_name {PACKAGE!r} is not a valid Python package name: use lowercase "
            "letters, digits and '_', starting with a letter (e.g. 'my_realtime_app')."
        )
    elif PACKAGE in RESERVED_PACKAGES or PACKAGE in sys.stdlib_module_names:
        found.append(f"package_name {PACKAGE!r} would shadow an existing module; pick another.")
    if SERVICE not in {"soketi", "vask", "pusher"}:
        found.append(f"realtime_service must be soketi, vask or pusher, not {SERVICE!r}.")
    if DATABASE not in {"sqlite", "postgresql"}:
        found.append(f"database must be sqlite or postgresql, not {DATABASE!r}.")
    if INCLUDE_BEAMS not in {"y", "n"}:
        found.append(f"include_beams must be 'y' or 'n', not {INCLUDE_BEAMS!r}.")
    return found


if __name__ == "__main__":
    errors = problems()
    for message in errors:
        print(f"ERROR: {message}", file=sys.stderr)
    sys.exit(1 if errors else 0)
