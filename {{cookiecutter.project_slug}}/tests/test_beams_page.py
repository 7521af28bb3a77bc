"""The Beams web SDK hook on the signed-in pages, its files, and its service worker."""

from pathlib import Path

import pytest

from .conftest import with_beams

PROJECT = Path(__file__).resolve().parents[1]
SDK_DIST = PROJECT / "node_modules" / "@pusher" / "push-notifications-web" / "dist"


@pytest.fixture
def settings(settings, httpserver):
    return with_beams(settings, httpserver)


@pytest.fixture
def sdk_dist() -> Path:
    if not SDK_DIST.is_dir():
        pytest.skip("@pusher/push-notifications-web is not installed: run `npm install`.")
    return SDK_DIST


@pytest.mark.parametrize("page", ["/account", "/dashboard"])
def test_signed_in_pages_wire_the_sdk_for_the_session_user(client, make_user, login, page):
    alice = make_user("alice")
    login("alice")
    html = client.get(page).get_data(as_text=True)
    assert f'data-user-id="{alice.public_id}"' in html
    assert 'data-token-url="/pusher/beams-auth"' in html
    assert '<script src="/vendor/push-notifications-cdn.js" defer></script>' in html
    assert '<script src="/static/beams.js" defer></script>' in html
    assert 'id="beams-status"' in html


def test_without_an_instance_id_the_page_says_so_and_loads_no_sdk(app, client, make_user, login):
    make_user("alice")
    login("alice")
    app.config.update(PUSHER_BEAMS_INSTANCE_ID="", PUSHER_BEAMS_SECRET_KEY="")
    html = client.get("/account").get_data(as_text=True)
    assert "Push notifications are off" in html
    assert "push-notifications-cdn.js" not in html and "beams.js" not in html


def test_the_sdk_is_served_from_node_modules(client, sdk_dist):
    response = client.get("/vendor/push-notifications-cdn.js")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert response.data == (sdk_dist / "push-notifications-cdn.js").read_bytes()


def test_the_service_worker_is_served_at_the_root(client, sdk_dist):
    # The SDK fetches and registers exactly this URL, with its version in the query.
    response = client.get("/service-worker.js?pusherBeamsWebSDKVersion=1.1.0")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    # Our wrapper, which loads the SDK's worker once the CSP-safe global exists.
    assert b'importScripts("/vendor/service-worker.js")' in response.data
    vendored = client.get("/vendor/service-worker.js")
    assert vendored.status_code == 200
    assert vendored.data == (sdk_dist / "service-worker.js").read_bytes()
