"""Fuzzing the machine-facing endpoints from their OpenAPI document (/api/openapi.json)
with schemathesis: thousands of generated requests as an anonymous visitor and as two
signed-in users. Not one may be a 500, and nothing may be signed for anyone but the
session's own user. FUZZ_REQUESTS sets the total: 500 by default, 10,000 in the
template's CI run of the default bake (about 3 minutes on 2 cores).
"""

import contextlib
import json
import os
import time
from collections import Counter

import jwt
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from .conftest import PASSWORD, csrf_token_from

TOTAL_REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "500"))
# 503 is an answer only for these: a service this test does not run is down or off.
EXPECTED_503 = {"realtime_unavailable", "beams_not_configured", "database_unavailable"}


def log_in(app, username: str) -> dict:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_token_from(page)},
    )
    csrf = csrf_token_from(client.get("/dashboard").get_data(as_text=True))
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return {"cookies": {cookie.key: cookie.value}, "headers": {"X-CSRFToken": csrf}}


class Findings:
    def __init__(self) -> None:
        self.sent = 0
        self.statuses: Counter[int] = Counter()
        self.server_errors: list[str] = []
        self.minted_for_another: list[str] = []
        self.signed_for_self = 0

    def check(self, case, response, identity: str, own_id: str | None) -> None:
        self.check_response(
            case.formatted_path,
            case.method,
            response.status_code,
            response.content,
            identity,
            own_id,
        )

    def check_response(self, path, method, status, content, identity, own_id) -> None:
        self.sent += 1
        self.statuses[status] += 1
        where = f"{method} {path} as {identity}"
        if status >= 500:
            try:
                error = json.loads(content)["error"]
            except (ValueError, KeyError, TypeError):
                error = None
            if status != 503 or error not in EXPECTED_503:
                self.server_errors.append(f"{where}: {status} {content[:200]!r}")
        if status == 200:
            minted = minted_for(path, content)
            self.signed_for_self += minted is not None and minted == own_id
            if minted is not None and minted != own_id:
                self.minted_for_another.append(f"{where}: minted for {minted!r}, not {own_id!r}")


def minted_for(path: str, content: bytes) -> str | None:
    """Whose identity a 200 vouches for, on the endpoints that sign something."""
    body = json.loads(content)
    if path == "/pusher/user-auth":
        return json.loads(body["user_data"])["id"]
    if path == "/pusher/auth" and "channel_data" in body:
        return json.loads(body["channel_data"])["user_id"]
    if path == "/pusher/beams-auth":
        return jwt.decode(body["token"], options={"verify_signature": False})["sub"]
    return None


def fuzz_operation(operation, mode, examples, findings, identity, credentials, own_id) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def send(case) -> None:
        headers = {**(case.headers or {}), **credentials.get("headers", {})}
        response = case.call(headers=headers, cookies=credentials.get("cookies"))
        findings.check(case, response, identity, own_id)

    with contextlib.suppress(Unsatisfiable):  # no negative variant when there is no input
        send()


def sign_for_known_ids(app, identities, findings) -> None:
    """Random text never names a real user; these requests name both of them, in every
    field that carries an id, so "signed for another user" is really put to the test."""
    ids = [own_id for _, own_id in identities.values() if own_id]
    an_id = st.sampled_from(ids) | st.text(max_size=20)
    channel = st.builds(
        "{}{}".format,
        st.sampled_from(["private-user.", "private-encrypted-user.", "presence-room."]),
        an_id,
    )
    socket_id = st.sampled_from(["1234.5678", "1.1"]) | st.text(max_size=12)

    @given(
        identity=st.sampled_from(list(identities)),
        which=st.sampled_from(["user-auth", "auth", "beams"]),
        socket_id=socket_id,
        channel=channel,
        user_id=an_id,
    )
    @settings(
        max_examples=300,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def send(identity, which, socket_id, channel, user_id) -> None:
        credentials, own_id = identities[identity]
        client = app.test_client()
        for name, value in credentials.get("cookies", {}).items():
            client.set_cookie(name, value)
        headers = credentials.get("headers", {})
        if which == "user-auth":
            path, response = (
                "/pusher/user-auth",
                client.post("/pusher/user-auth", data={"socket_id": socket_id}, headers=headers),
            )
        elif which == "auth":
            path, response = (
                "/pusher/auth",
                client.post(
                    "/pusher/auth",
                    data={"socket_id": socket_id, "channel_name": channel},
                    headers=headers,
                ),
            )
        else:
            path, response = (
                "/pusher/beams-auth",
                client.get(
                    "/pusher/beams-auth", query_string={"user_id": user_id}, headers=headers
                ),
            )
        findings.check_response(
            path,
            "POST" if which != "beams" else "GET",
            response.status_code,
            response.get_data(),
            identity,
            own_id,
        )
        if which == "auth" and response.status_code == 200 and channel.startswith("private-"):
            owner = channel.split(".", 1)[1]
            if owner != own_id:
                findings.minted_for_another.append(f"{channel} authorized for {identity}")

    send()


@pytest.fixture
def fuzz_app(app, make_user):
    alice, bob = make_user("alice", "Alice"), make_user("bob", "Bob")
    for n in range(5):
        make_user(f"user{n}")
    identities = {
        "anonymous": ({}, None),
        "alice": (log_in(app, "alice"), alice.public_id),
        "bob": (log_in(app, "bob"), bob.public_id),
    }
    return app, identities


def test_fuzz_the_api_no_500_and_nothing_signed_for_another_user(fuzz_app, capsys):
    app, identities = fuzz_app
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    runs = [
        (operation, mode, identity)
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for identity in identities
    ]
    per_run = max(1, TOTAL_REQUESTS // len(runs))
    findings = Findings()
    started = time.monotonic()
    # Rounds until the total is reached: an operation with few possible inputs (no
    # parameters) yields fewer examples than asked; each round draws new ones.
    sign_for_known_ids(app, identities, findings)
    while findings.sent < TOTAL_REQUESTS:
        for operation, mode, identity in runs:
            credentials, own_id = identities[identity]
            fuzz_operation(operation, mode, per_run, findings, identity, credentials, own_id)
            if findings.sent >= TOTAL_REQUESTS:
                break
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nfuzz: {findings.sent} requests over {len(operations)} operations x "
            f"{len(identities)} identities in {elapsed:.0f} s; "
            f"5xx (not an expected 503): {len(findings.server_errors)}; "
            f"signed for the session user: {findings.signed_for_self}; "
            f"signed for another user: {len(findings.minted_for_another)}; "
            f"statuses: {dict(sorted(findings.statuses.items()))}"
        )
    assert findings.sent >= TOTAL_REQUESTS * 0.9
    assert findings.server_errors == []
    assert findings.minted_for_another == []
    assert findings.signed_for_self > 0, "nothing was ever signed: the fuzzing missed the point"
