"""Before `npm install`: the dashboard says what to run instead of sitting on "loading"."""

import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from {{ cookiecutter.package_name }}.soketi import free_port

from ..conftest import PASSWORD
from ..project_copy import ProjectCopy
from ..test_first_run import migrate

pytestmark = pytest.mark.browser


@pytest.fixture
def app_without_npm(tmp_path, settings, make_user):
    """The project served by `flask run`, with no node_modules: pusher-js is missing."""
    make_user("alice")
    migrate(settings)
    project = ProjectCopy(tmp_path / "project", settings, node_modules=False)
    port = free_port()
    process = project.start("flask", "run", "--port", str(port))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).close()
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, process.stdout.read()
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_the_dashboard_says_to_run_npm_install(app_without_npm, new_context):
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(app_without_npm + "/vendor/pusher.min.js", timeout=5)
    assert missing.value.code == 404
    assert "npm install" in missing.value.read().decode()

    page = new_context().new_page()
    page.goto(app_without_npm + "/login")
    page.fill("#username", "alice")
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.locator("#connection-state")).to_have_text("not loaded")
    expect(page.locator("#realtime-error")).to_contain_text("Run `npm install`")
