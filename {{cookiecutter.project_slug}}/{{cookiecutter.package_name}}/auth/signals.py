"""Hooks that optional features attach to, so the auth code does not import them.

Receivers of `user_deleted` get the deleted user's public id after the database
commit. They must not raise: each returns None when its clean-up worked, or a short
message saying what failed and how to retry it, which the caller reports.
"""

from blinker import Namespace

_signals = Namespace()

user_logging_out = _signals.signal("user-logging-out")
user_deleted = _signals.signal("user-deleted")
