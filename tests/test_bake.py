"""Bake the template over a small option matrix and check each result, cookiecutter-django
style: rendered completely, secrets fresh and ignored, ruff clean, its own tests green."""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cookiecutter.exceptions import FailedHookException

from .conftest import IN_CI, REPO, run_baked_pytest

MATRIX = [
    pytest.param({}, id="default"),
    pytest.param({"realtime_service": "vask"}, id="vask"),
    pytest.param({"realtime_service": "pusher"}, id="pusher"),
    pytest.param({"include_beams": "n"}, id="no-beams"),
    pytest.param({"database": "postgresql"}, id="postgresql"),
]
# vask and pusher bakes differ from the default only in .env.example, the README, the
# docs and the WATCHLIST_EVENTS default (native): their suites run what reads those
# (settings, the deployment files, the docs' checks) and the sign-in conformance, not
# the whole suite again, which keeps the run within its time budget. The default bake
# runs everything, with the full 10,000-request fuzz.
SERVICE_SUITE = [
    "tests/test_settings.py",
    "tests/test_deploy_files.py",
    "tests/test_conformance.py",
    "tests/test_user_auth.py",
    "tests/test_channel_auth.py",
    "tests/test_troubleshooting_doc.py",
    "tests/test_fuzz.py",
]
# The no-beams and postgresql bakes run their whole suite less the files that cannot see
# what the option changes, which keeps bin/test well under 25 minutes; every ignored file
# runs in the default bake. include_beams=n changes the app factory, the rate limits, the
# users commands, the OpenAPI document and the pages, and no file below goes through them.
# database=postgresql changes how the database is read and locked: the cluster,
# production, database-outage, cap-race and migration tests stay in; these do not read it
# differently.
BEAMS_INDEPENDENT = [
    "tests/test_watchlist_events.py",
    "tests/test_watchlist_events_repair.py",
    "tests/test_realtime_outage.py",
    "tests/test_production.py",
    "tests/test_cluster.py",
    "tests/test_dev_reloader.py",
    "tests/test_database_trouble.py",
    "tests/test_user_auth_cache.py",
    "tests/test_soketi.py",
    "tests/test_channels_client.py",
    "tests/test_dev_command.py",
    "tests/test_webhooks.py",
    "tests/test_migrations.py",
    "tests/test_watchlist.py",
    "tests/test_session_cookies.py",
]
DATABASE_INDEPENDENT = [
    "tests/e2e",
    "tests/test_realtime_outage.py",
    "tests/test_dev_reloader.py",
    "tests/test_soketi.py",
    "tests/test_watchlist_events.py",
    "tests/test_rate_limits.py",
]
SUITE_ARGS = {
    "vask": SERVICE_SUITE,
    "pusher": SERVICE_SUITE,
    "no-beams": [f"--ignore={path}" for path in BEAMS_INDEPENDENT],
    "postgresql": [f"--ignore={path}" for path in DATABASE_INDEPENDENT],
}
FUZZ_REQUESTS = {"default": "10000", "vask": "100", "pusher": "100"}
UNRENDERED = re.compile(r"\{[{%][^}]*cookiecutter")
SECRET_NAMES = ("SECRET_KEY", "PUSHER_APP_KEY", "PUSHER_APP_SECRET")


def text_files(project: Path):
    for path in project.rglob("*"):
        if path.is_file() and "node_modules" not in path.parts and path.suffix != ".pyc":
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


def read_env(project: Path) -> dict[str, str]:
    lines = (project / ".env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


@pytest.mark.parametrize("context", MATRIX)
def test_bakes_completely(cookies, context):
    result = cookies.bake(extra_context=context)
    assert result.exit_code == 0, result.exception
    project = result.project_path
    for path, text in text_files(project):
        assert not UNRENDERED.search(text), f"unrendered template text in {path}"
    env = read_env(project)
    for name in SECRET_NAMES:
        assert len(env[name]) >= 20, f"{name} not generated"
    assert (project / ".env").stat().st_mode & 0o077 == 0
    assert ".env" in (project / ".gitignore").read_text().splitlines()


def test_each_bake_gets_fresh_secrets(cookies):
    first = read_env(cookies.bake(extra_context={"project_name": "One"}).project_path)
    second = read_env(cookies.bake(extra_context={"project_name": "Two"}).project_path)
    for name in SECRET_NAMES:
        assert first[name] != second[name]


def test_no_placeholder_secret_in_any_baked_file(cookies):
    project = cookies.bake().project_path
    placeholder = re.compile(r"(changeme|change-me|your[-_]secret|xxxxxx|supersecret)", re.I)
    env = read_env(project)
    for path, text in text_files(project):
        assert not placeholder.search(text), f"placeholder secret in {path}"
        if path.name != ".env":
            for name in SECRET_NAMES:
                assert env[name] not in text, f"{name} leaked into {path}"


@pytest.mark.parametrize(
    "context",
    [
        {"project_slug": "1-starts-with-digit"},
        {"project_slug": "Has Spaces"},
        {"project_slug": "trailing-"},
        {"package_name": "class"},
        {"package_name": "has-dash"},
        {"package_name": "json"},
        {"package_name": "flask"},
    ],
)
def test_invalid_slug_or_package_fails_in_the_hook(cookies, context):
    result = cookies.bake(extra_context=context)
    assert result.exit_code != 0
    assert isinstance(result.exception, FailedHookException)


def test_slug_and_package_are_derived_from_the_name(cookies):
    result = cookies.bake(extra_context={"project_name": "Chat Room_App"})
    assert result.project_path.name == "chat-room-app"
    assert (result.project_path / "chat_room_app" / "__init__.py").is_file()


def test_service_choice_sets_the_production_example(cookies):
    vask = cookies.bake(extra_context={"realtime_service": "vask"}).project_path
    example = (vask / ".env.example").read_text()
    assert "PUSHER_HOST=api.vask.dev" in example and "PUSHER_WS_HOST=wss.vask.dev" in example
    pusher = cookies.bake(extra_context={"realtime_service": "pusher"}).project_path
    assert "PUSHER_APP_CLUSTER=eu" in (pusher / ".env.example").read_text()


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_requirements_cover_every_baked_dependency(cookies, database):
    project = cookies.bake(extra_context={"database": database}).project_path
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    wanted = (
        pyproject["project"]["dependencies"] + pyproject["project"]["optional-dependencies"]["dev"]
    )
    have = (REPO / "requirements-test.txt").read_text().lower()
    for requirement in wanted:
        name = re.split(r"[<>=\[ ]", requirement, maxsplit=1)[0].lower()
        listed = re.search(rf"^{re.escape(name)}(\[[a-z,]+\])?(>=|==)", have, re.MULTILINE)
        assert listed, f"{name} missing from requirements-test.txt"


@pytest.mark.parametrize("context", MATRIX)
def test_baked_project_passes_ruff_and_its_own_tests(
    cookies, node_modules, capsys, request, context
):
    project = cookies.bake(extra_context=context).project_path
    (project / "node_modules").symlink_to(node_modules, target_is_directory=True)
    for args in (["check", "."], ["format", "--check", "."]):
        lint = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=project, capture_output=True, text=True
        )
        assert lint.returncode == 0, lint.stdout + lint.stderr

    bake = request.node.callspec.id
    artifacts = REPO / "test-artifacts" / bake
    fuzz = {"FUZZ_REQUESTS": FUZZ_REQUESTS[bake]} if bake in FUZZ_REQUESTS else {}
    result = run_baked_pytest(
        project, *SUITE_ARGS.get(bake, []), artifacts=artifacts, extra_env=fuzz
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "(no output)"
    figures = [
        line
        for line in result.stdout.splitlines()
        if line.startswith(("fuzz: ", "watchlist-events "))
    ]
    with capsys.disabled():
        print(f"\n  baked {project.name} {context}: {summary}")
        for line in figures:
            print(f"  {line}")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    if runs_the_browser_tests(SUITE_ARGS.get(bake, [])):
        assert (artifacts / "dashboard-phone.png").is_file(), "the browser tests took no screenshot"
    if IN_CI:
        assert " skipped" not in summary, "CI must not skip baked tests:\n" + result.stdout[-4000:]


def runs_the_browser_tests(suite_args: list[str]) -> bool:
    """Whether pytest with these arguments collects tests/e2e: the whole suite, less
    some --ignore'd files, does unless it ignores tests/e2e; a list of files does not."""
    only_ignores = all(arg.startswith("--ignore=") for arg in suite_args)
    return only_ignores and "--ignore=tests/e2e" not in suite_args


def test_template_code_is_ruff_clean():
    for args in (["check", "hooks", "tests"], ["format", "--check", "hooks", "tests"]):
        lint = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True
        )
        assert lint.returncode == 0, lint.stdout + lint.stderr


def beams_paths(package: str) -> list[str]:
    """BEAMS_PATHS as the post-generation hook lists them, for one baked package name."""
    hook = (REPO / "hooks" / "post_gen_project.py").read_text()
    block = hook.split("BEAMS_PATHS = [", 1)[1].split("]", 1)[0]
    return [entry.replace("{PACKAGE}", package) for entry in re.findall(r'"([^"]+)"', block)]


def test_include_beams_n_removes_beams_cleanly(cookies):
    with_beams = cookies.bake().project_path
    without = cookies.bake(extra_context={"include_beams": "n"}).project_path
    package = "my_realtime_app"
    for relative in beams_paths(package):
        assert (with_beams / relative).exists(), f"BEAMS_PATHS lists {relative}, never baked"
        assert not (without / relative).exists(), f"{relative} survived include_beams=n"
    empty = [d for d in without.rglob("*") if d.is_dir() and not any(d.iterdir())]
    assert empty == [], f"empty folders left behind: {empty}"
    for path, text in text_files(without):
        assert "push-notifications" not in text, f"Beams web SDK still referenced in {path}"
        if path.suffix == ".py":
            assert ".beams" not in text, f"{path} still imports the removed beams package"
        for phrase in PUSH_PHRASES[:2]:  # code comments may still say why "Beams"
            assert phrase not in text.lower(), f"{path} still mentions {phrase}"
    seen_with, seen_without = (what_a_user_sees(project) for project in (with_beams, without))
    assert "push service" in seen_with["account"] and "push service" in seen_with["help"]
    for page in seen_without.values():
        assert not [phrase for phrase in PUSH_PHRASES if phrase in page.lower()], page


PUSH_PHRASES = ("push notification", "push service", "beams")
# The account page of a signed-in user and the help of `users delete`, in a baked project.
SHOW_ACCOUNT = """
import json, sys
from my_realtime_app import create_app
from my_realtime_app.auth.service import create_user
from my_realtime_app.extensions import db
from my_realtime_app.models import Base
app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "DATABASE_URL": sys.argv[1]})
with app.app_context():
    Base.metadata.create_all(db.engine)
    create_user(db.session, "alice", "a long password", "Alice")
client = app.test_client()
client.post("/login", data={"username": "alice", "password": "a long password"})
account = client.get("/account").get_data(as_text=True)
help = app.test_cli_runner().invoke(args=["users", "delete", "--help"]).output
print(json.dumps({"account": account, "help": help}))
"""


def what_a_user_sees(project: Path) -> dict[str, str]:
    database = f"sqlite:///{project / 'seen.sqlite3'}"
    shown = subprocess.run(
        [sys.executable, "-c", SHOW_ACCOUNT, database],
        cwd=project,
        env=dict(os.environ, PYTHONPATH=str(project)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    seen = json.loads(shown.stdout.strip().splitlines()[-1])
    assert "alice" in seen["account"] and "Delete account" in seen["account"], seen["account"]
    return seen


JINJA_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
JINJA_STATEMENT = re.compile(r"\{%-?\s*(\w+)")
ALLOWED_STATEMENTS = {"if", "elif", "else", "endif", "raw", "endraw"}


def test_template_python_has_no_stray_jinja():
    """Cookiecutter renders .py files through Jinja: a literal {{ or {% meant for Python
    (an f-string's {{, say) would be silently rendered away."""
    template = REPO / "{{cookiecutter.project_slug}}"
    for path in template.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for expression in JINJA_EXPRESSION.findall(text):
            assert "cookiecutter." in expression, f"stray {{{{{expression}}}}} in {path}"
        for statement in JINJA_STATEMENT.findall(text):
            assert statement in ALLOWED_STATEMENTS, f"stray {{% {statement} in {path}"


def test_every_import_of_the_baked_package_is_a_declared_dependency(cookies):
    """The test venv has every tool installed; a wheel installed elsewhere has only what
    pyproject.toml declares."""
    import ast
    from importlib.metadata import packages_distributions, requires

    project = cookies.bake(extra_context={"database": "postgresql"}).project_path
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    declared = {
        re.split(r"[<>=\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        for requirement in pyproject["project"]["dependencies"]
    }
    # What the declared packages require comes with them (Flask brings Werkzeug).
    for name in list(declared):
        for requirement in requires(name) or []:
            if "extra ==" not in requirement:
                declared.add(re.split(r"[<>=\[ ;~!]", requirement, maxsplit=1)[0].lower())
    declared = {name.replace("_", "-") for name in declared}
    distributions = packages_distributions()
    for path in (project / "my_realtime_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "my_realtime_app":
                    continue
                owners = {d.lower().replace("_", "-") for d in distributions.get(top, [top])}
                assert owners & declared, f"{path.name} imports {top}, which no dependency provides"


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_baking_prints_the_next_three_commands(tmp_path, database):
    """What a person sees right after `cookiecutter`: where to go and what to run there,
    the same steps as the baked README."""
    baked = subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--no-input", "-o", "out", str(REPO)]
        + [f"database={database}"],
        cwd=tmp_path,
        env=dict(os.environ, PWD=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert baked.returncode == 0, baked.stderr
    lines = baked.stdout.splitlines()
    start = lines.index("Baked my-realtime-app. Next:")
    cd, install, run = (line.strip() for line in lines[start + 1 : start + 4])
    assert cd == "cd out/my-realtime-app"
    assert (tmp_path / cd.removeprefix("cd ") / "pyproject.toml").is_file()
    readme = (tmp_path / "out" / "my-realtime-app" / "README.md").read_text()
    for step in ('pip install -e ".[dev]"', "npm install", "alembic upgrade head"):
        assert step in install + run and step in readme, step
    assert run.endswith("flask users seed-demo && flask dev")
    assert run.startswith("createdb my_realtime_app") == (database == "postgresql")
