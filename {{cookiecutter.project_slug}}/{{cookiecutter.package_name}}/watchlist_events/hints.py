"""The hints that something may have changed: soketi's webhooks about `presence-online.*`
channels, and a client's own channel being authorized (the moment to send it the state
of its watchlist, as Pusher does after every sign-in)."""

import time

from flask import current_app

from ..realtime.after_response import after_response
from ..realtime.channel_auth import channel_authorized
from ..realtime.registry import webhooks
from .announce import send_initial_state
from .realtime_state import online_channel, public_id_of
from .tracker import check

# soketi drops a server-to-user event sent before that socket's sign-in has finished
# (and still answers ok). pusher-js signs in and re-subscribes in parallel when it
# reconnects, so the initial state waits for the sign-in that races this subscription.
INITIAL_STATE_DELAY_S = 1.0


def emulating() -> bool:
    return current_app.config["WATCHLIST_EVENTS"] == "emulated"


@webhooks.on("member_added")
@webhooks.on("member_removed")
@webhooks.on("channel_occupied")
@webhooks.on("channel_vacated")
def presence_hint(event: dict) -> None:
    public_id = public_id_of(str(event.get("channel", "")))
    if public_id is None or not emulating():
        return
    # After the response: soketi is answered at once, and the check reads its API.
    after_response(lambda: check(public_id))


def on_channel_authorized(_sender, user, channel: str, **_) -> None:
    if not emulating() or channel != online_channel(user.public_id):
        return
    public_id = user.public_id

    def send_after_sign_in() -> None:
        time.sleep(INITIAL_STATE_DELAY_S)
        send_initial_state(public_id)

    after_response(send_after_sign_in)


channel_authorized.connect(on_channel_authorized)
