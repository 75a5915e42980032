"""A Redis cache that a Redis outage does not turn into error pages, and that reuses its
redis-py clients.

What this platform keeps in its cache (whole pages, API throttling counts) can all be done
without: while Redis fails (unreachable, out of memory, read-only…) a read is a miss and a
write is dropped, with a warning in the log, and every page is made afresh. The same
Redis is usually the job broker, and a coach starting a run while it is down must see "waiting
for the job queue", not a server error (docs/operations.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
# After a failure the cache is left alone this long: a Redis that does not answer must not
# cost every request a time-out per operation.
PAUSE_SECONDS = 5.0


def _forgiving(name: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    method = getattr(RedisCache, name)

    def call(self: ForgivingRedisCache, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self.paused_until:
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except RedisError as exc:
            self.paused_until = time.monotonic() + PAUSE_SECONDS
            logger.warning(
                "Cache failed, %s skipped (next try in %ss): %s", name, PAUSE_SECONDS, exc
            )
            return fallback(*args, **kwargs)

    call.__name__ = name
    call.__doc__ = method.__doc__
    return call


def _missing(key: str, *args: Any, **kwargs: Any) -> None:
    raise ValueError(f"Key '{key}' not found (cache unreachable)")


class _ReusedClient(RedisCacheClient):
    """One redis-py client per connection pool, made once: Django makes a new one for each
    operation, and setting one up costs more than a cache hit on loopback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class ForgivingRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusedClient
        self.paused_until = 0.0

    get = _forgiving("get", lambda key, default=None, **kw: default)
    get_many = _forgiving("get_many", lambda keys, **kw: {})
    has_key = _forgiving("has_key", lambda key, **kw: False)
    add = _forgiving("add", lambda *args, **kw: False)
    set = _forgiving("set", lambda *args, **kw: None)
    set_many = _forgiving("set_many", lambda data, *args, **kw: list(data))
    touch = _forgiving("touch", lambda *args, **kw: False)
    delete = _forgiving("delete", lambda *args, **kw: False)
    delete_many = _forgiving("delete_many", lambda *args, **kw: None)
    incr = _forgiving("incr", _missing)
