"""Small decorator registries: channel access rules and webhook handlers.

Rules live in `channels.py` and handlers in `webhook_handlers.py` at the package root,
in the spirit of Laravel's routes/channels.php: one file says who may do what.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..models import PUSHER_NAME_CHARS, User

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# A placeholder matches Pusher's user-id charset; rules compare the value they get,
# so a greedy match can only ever grant what the rule itself decides.
SEGMENT = f"[{PUSHER_NAME_CHARS}]+"

ChannelRule = Callable[..., bool | dict[str, Any]]


@dataclass(frozen=True)
class _Rule:
    pattern: str
    regex: re.Pattern[str]
    check: ChannelRule


class ChannelRegistry:
    def __init__(self) -> None:
        self._rules: list[_Rule] = []

    def channel(self, pattern: str) -> Callable[[ChannelRule], ChannelRule]:
        """Register a rule; `{name}` parts are passed to it as keyword arguments."""
        regex = re.compile(
            "".join(
                f"(?P<{part}>{SEGMENT})" if index % 2 else re.escape(part)
                for index, part in enumerate(PLACEHOLDER.split(pattern))
            )
        )

        def register(check: ChannelRule) -> ChannelRule:
            self._rules.append(_Rule(pattern, regex, check))
            return check

        return register

    def decide(self, user: User, channel_name: str) -> bool | dict[str, Any]:
        """First matching rule wins; no match means no access."""
        for rule in self._rules:
            match = rule.regex.fullmatch(channel_name)
            if match:
                return rule.check(user, **match.groupdict())
        return False


WebhookHandler = Callable[[dict[str, Any]], None]


class WebhookRegistry:
    def __init__(self) -> None:
        self._handlers: dict[str, list[WebhookHandler]] = {}

    def on(self, event_name: str) -> Callable[[WebhookHandler], WebhookHandler]:
        def register(handler: WebhookHandler) -> WebhookHandler:
            self._handlers.setdefault(event_name, []).append(handler)
            return handler

        return register

    def handlers_for(self, event_name: str) -> list[WebhookHandler]:
        return list(self._handlers.get(event_name, []))


channels = ChannelRegistry()
webhooks = WebhookRegistry()
