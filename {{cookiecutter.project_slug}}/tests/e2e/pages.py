"""What a person does on the demo pages, and what the tests watch on the WebSocket."""

import contextlib
import json
import re

from playwright.sync_api import Page, expect

from ..conftest import PASSWORD

SIGNED_IN = re.compile(r"signed in as", re.IGNORECASE)


class Frames:
    """pusher-js WebSocket frames of one page, decoded."""

    def __init__(self, page: Page) -> None:
        self.sent: list[dict] = []
        self.received: list[dict] = []
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        ws.on("framesent", lambda payload: self.sent.append(_decode(payload)))
        ws.on("framereceived", lambda payload: self.received.append(_decode(payload)))

    def sent_events(self, name: str) -> list[dict]:
        return [frame for frame in self.sent if frame.get("event") == name]

    def received_events(self, name: str) -> list[dict]:
        return [frame for frame in self.received if frame.get("event") == name]


def _decode(payload) -> dict:
    try:
        frame = json.loads(payload)
        if isinstance(frame.get("data"), str):
            with contextlib.suppress(ValueError):
                frame["data"] = json.loads(frame["data"])
        return frame
    except (TypeError, ValueError):
        return {}


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.locator("#signin-state")).to_have_text(SIGNED_IN, timeout=10_000)
