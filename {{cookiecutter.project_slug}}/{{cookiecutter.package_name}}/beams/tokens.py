"""Beams auth tokens, which bind the device that fetched one to the user named in `sub`.

Minted with PyJWT rather than the official SDK: its `generate_token` computes `exp` from
local time, so its tokens live 24 h only on a server whose TZ is UTC.
"""

import time

import jwt

from .config import instance_url
from .user_ids import check_user_id

TOKEN_LIFETIME_SECONDS = 24 * 60 * 60


def mint_token(instance_id: str, secret_key: str, user_id: str) -> str:
    """A fresh HS256 token whose claims are exactly iss, sub and exp."""
    claims = {
        "iss": instance_url(instance_id),
        "sub": check_user_id(user_id),
        # time.time() counts from the epoch in UTC, whatever the server's TZ says. No
        # iat or nbf: Beams refuses a token "used before issued" when clocks drift.
        "exp": int(time.time()) + TOKEN_LIFETIME_SECONDS,
    }
    return jwt.encode(claims, secret_key, algorithm="HS256")
