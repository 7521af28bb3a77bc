"""The rules Beams sets for user ids and interests, checked before anything is signed or sent."""

import re
from collections.abc import Sequence

# Beams counts the limit in UTF-8 bytes; a user id has no charset rule (interests do).
MAX_USER_ID_BYTES = 164
MAX_USERS_PER_PUBLISH = 1000
# Interests have a charset, ASCII letters, digits and _-=@,.; and the same 164 limit.
INTEREST = re.compile(r"[A-Za-z0-9_\-=@,.;]{1,164}")
MAX_INTERESTS_PER_PUBLISH = 100


class InvalidUserId(ValueError):
    """A Beams user id (or list of them) breaks Beams' rules; the message says which."""


def check_user_id(user_id: object) -> str:
    if not isinstance(user_id, str):
        raise InvalidUserId(f"A Beams user id must be a string, not {type(user_id).__name__}.")
    if not user_id:
        raise InvalidUserId("A Beams user id cannot be empty.")
    if len(user_id.encode("utf-8")) > MAX_USER_ID_BYTES:
        raise InvalidUserId(f"A Beams user id is at most {MAX_USER_ID_BYTES} bytes in UTF-8.")
    return user_id


def check_user_ids(user_ids: Sequence[str]) -> list[str]:
    # A str is a Sequence too: "alice" must not become five one-letter users.
    if isinstance(user_ids, str | bytes) or not isinstance(user_ids, Sequence):
        raise InvalidUserId("Pass the user ids as a list of strings.")
    if not 1 <= len(user_ids) <= MAX_USERS_PER_PUBLISH:
        raise InvalidUserId(
            f"A publish targets 1 to {MAX_USERS_PER_PUBLISH} users, not {len(user_ids)}."
        )
    return [check_user_id(user_id) for user_id in user_ids]


def check_interests(interests: Sequence[str]) -> list[str]:
    if isinstance(interests, str | bytes) or not isinstance(interests, Sequence):
        raise InvalidUserId("Pass the interests as a list of strings.")
    if not 1 <= len(interests) <= MAX_INTERESTS_PER_PUBLISH:
        raise InvalidUserId(
            f"A publish targets 1 to {MAX_INTERESTS_PER_PUBLISH} interests, not {len(interests)}."
        )
    for interest in interests:
        if not isinstance(interest, str) or not INTEREST.fullmatch(interest):
            raise InvalidUserId(
                f"Interest {interest!r} must be 1-164 characters of A-Z a-z 0-9 _-=@,.;"
            )
    return list(interests)
