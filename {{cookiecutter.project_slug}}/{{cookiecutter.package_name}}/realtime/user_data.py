"""What Pusher learns about a user. Edit `build_user_data` to send more fields.

`user_info` reaches presence members and sign-in, so keep it small (Pusher: under 1 KB).
`watchlist` is read by the realtime server only at sign-in: after a change, the client
must reconnect (the demo does so when it receives `watchlist-updated`).
"""

import json
from typing import Any

from ..extensions import db
from ..models import User
from ..watchlist.service import watched_public_ids


def user_info(user: User) -> dict[str, Any]:
    return {"name": user.display_name}


def build_user_data(user: User) -> dict[str, Any]:
    return {
        "id": user.public_id,
        "user_info": user_info(user),
        "watchlist": watched_public_ids(db.session, user.id),
    }


def to_json(data: dict[str, Any]) -> str:
    # Compact and ASCII-only: the signed bytes are the same whichever side re-encodes them.
    return json.dumps(data, separators=(",", ":"))
