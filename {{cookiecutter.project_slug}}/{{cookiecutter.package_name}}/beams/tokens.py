"""Beams auth tokens, which bind the device that fetched one to the user named in `sub`.

Minted with PyJWT rather than the official SDK: its `generate_token` computes `exp` from
local time, so its tokens live 24 h only on a server whose TZ is UTC.
"""

import json
import time

from jwt import PyJWS
from jwt.algorithms import HMACAlgorithm

from .config import instance_url
from .user_ids import check_user_id

TOKEN_LIFETIME_SECONDS = 24 * 60 * 60


class KeyCheckedOnceHS256(HMACAlgorithm):
    """HS256, with PyJWT's check of the key (not PEM, not SSH, not DER, not a JWK, which
    it parses as JSON) made once per key rather than for every token: it was 40 % of the
    cost of minting one, and the key is the same setting every time."""

    def __init__(self) -> None:
        super().__init__(HMACAlgorithm.SHA256)
        self._checked: dict[str | bytes, bytes] = {}

    def prepare_key(self, key: str | bytes) -> bytes:
        prepared = self._checked.get(key)
        if prepared is None:
            prepared = super().prepare_key(key)
            self._checked = {key: prepared}  # one key at a time: a new one replaces it
        return prepared


_jws = PyJWS()
_jws.unregister_algorithm("HS256")
_jws.register_algorithm("HS256", KeyCheckedOnceHS256())


def mint_token(instance_id: str, secret_key: str, user_id: str) -> str:
    """A fresh HS256 token whose claims are exactly iss, sub and exp."""
    claims = {
        "iss": instance_url(instance_id),
        "sub": check_user_id(user_id),
        # time.time() counts from the epoch in UTC, whatever the server's TZ says. No
        # iat or nbf: Beams refuses a token "used before issued" when clocks drift.
        "exp": int(time.time()) + TOKEN_LIFETIME_SECONDS,
    }
    # The claims encoded as jwt.encode() does them, and signed as it would sign them.
    payload = json.dumps(claims, separators=(",", ":")).encode()
    return _jws.encode(payload, secret_key, algorithm="HS256")
