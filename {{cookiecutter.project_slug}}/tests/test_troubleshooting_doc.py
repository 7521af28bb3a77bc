"""Every JSON body docs/troubleshooting.md quotes is what the app really answers.

Each ```json block is looked up by its "error" code in SCENARIOS, the request is sent,
and the status and body must match: a doc that quotes an error the app no longer sends
(or sends differently) fails here, and so does a quoted error with no scenario.
"""

import json
import re

import pytest

from .conftest import PASSWORD, PROJECT, csrf_token_from

DOC = PROJECT / "docs" / "troubleshooting.md"
JSON_BLOCK = re.compile(r"```json\n(.*?)```", re.DOTALL)


def quoted_bodies() -> list[dict]:
    return [json.loads(block) for block in JSON_BLOCK.findall(DOC.read_text())]


def csrf_failed(client, make_user, login, description):
    make_user("alice")
    login("alice")
    # The doc quotes both: no header at all, and a token this session never issued.
    headers = {"X-CSRFToken": "not-a-token"} if "invalid" in description else {}
    return 400, client.post("/pusher/user-auth", data={"socket_id": "1.2"}, headers=headers)


def not_signed_in(client, make_user, login, _description):
    return 403, client.post("/pusher/user-auth", data={"socket_id": "1.2"})


def channel_forbidden(client, make_user, login, _description):
    make_user("alice")
    csrf = login("alice")
    data = {"socket_id": "1.2", "channel_name": "private-nope"}
    return 403, client.post("/pusher/auth", data=data, headers={"X-CSRFToken": csrf})


{%- if cookiecutter.include_beams == "y" %}


def wrong_user_id(client, make_user, login, _description):
    make_user("alice")
    login("alice")
    return 401, client.get("/pusher/beams-auth?user_id=someone-else")
{%- endif %}


SCENARIOS = {
    "csrf_failed": csrf_failed,
    "not_signed_in": not_signed_in,
    "channel_forbidden": channel_forbidden,
{%- if cookiecutter.include_beams == "y" %}
    "wrong_user_id": wrong_user_id,
{%- endif %}
}


def test_the_doc_quotes_at_least_the_csrf_and_auth_errors():
    codes = {body["error"] for body in quoted_bodies()}
    assert {"csrf_failed", "not_signed_in", "channel_forbidden"} <= codes


@pytest.mark.parametrize("body", quoted_bodies(), ids=lambda body: body["error"])
def test_each_quoted_error_is_what_the_app_sends(body, settings, request):
    assert body["error"] in SCENARIOS, f"the doc quotes {body['error']!r}; add its scenario"
{%- if cookiecutter.include_beams == "y" %}
    # Beams answers only when configured; the other scenarios ignore these settings.
    settings.update(PUSHER_BEAMS_INSTANCE_ID="instance", PUSHER_BEAMS_SECRET_KEY="k" * 40)
{%- endif %}
    client = request.getfixturevalue("app").test_client()
    make_user = request.getfixturevalue("make_user")

    def login(username: str) -> str:
        token = csrf_token_from(client.get("/login").get_data(as_text=True))
        form = {"username": username, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=form).status_code == 302
        return csrf_token_from(client.get("/dashboard").get_data(as_text=True))

    status, response = SCENARIOS[body["error"]](client, make_user, login, body["description"])
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json() == body
