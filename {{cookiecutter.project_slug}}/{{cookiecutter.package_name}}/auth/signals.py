"""Hooks other features attach to without the auth views knowing them (e.g. realtime
terminates the user's connections on logout)."""

from blinker import Namespace

_signals = Namespace()

user_logging_out = _signals.signal("user-logging-out")
user_deleted = _signals.signal("user-deleted")
