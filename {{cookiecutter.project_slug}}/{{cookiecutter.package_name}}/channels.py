"""Who may subscribe to which private and presence channel. Edit freely.

A rule gets the signed-in user and the `{placeholders}` of its pattern. It returns
True or False; for a presence channel it may instead return the `user_info` dict that
other members see (True there means: the standard user_info from realtime.user_data).
Rules are tried in order and the first match wins; a channel no rule matches is refused.
"""

from .models import User
from .realtime.registry import channels
from .realtime.user_data import user_info


@channels.channel("private-user.{user_id}")
def own_private_channel(user: User, user_id: str) -> bool:
    return user.public_id == user_id


@channels.channel("private-encrypted-user.{user_id}")
def own_encrypted_channel(user: User, user_id: str) -> bool:
    # Served only when PUSHER_ENCRYPTION_MASTER_KEY_BASE64 is set (checked in the view).
    return user.public_id == user_id


@channels.channel("presence-room.{name}")
def any_signed_in_user_may_join_a_room(user: User, name: str) -> dict:
    return user_info(user)


@channels.channel("presence-online.{user_id}")
def own_online_channel(user: User, user_id: str) -> bool:
    # Emulated watchlist events (watchlist_events/): being here is being online, so
    # only its owner may join, or anyone could make anyone look online.
    return user.public_id == user_id
