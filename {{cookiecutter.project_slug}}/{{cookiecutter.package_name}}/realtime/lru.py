"""A bounded least-recently-used cache for the hot sign-in paths."""

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class LruCache:
    """A small LRU; the lock matters only under the threaded dev server."""

    def __init__(self, size: int) -> None:
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
