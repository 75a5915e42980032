"""Sessions read from the shared cache, kept in the database, and never revived.

Django's cached_db store keeps a session in the cache for the session's whole life (two
weeks). If a log-out deletes the database row while the cache cannot be reached (the
cache forgives the failed delete: core/cache.py), the cached copy would let the old cookie
in again once the cache is back. Here the cache keeps a session at most
SESSION_CACHE_SECONDS (5 minutes) after it was last read from or written to the database,
which bounds that window; every request in between is served from the cache.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore


class _Capped:
    """The session cache, with every entry's life capped."""

    def __init__(self, cache: Any, seconds: int) -> None:
        self._cache = cache
        self._seconds = seconds

    def set(self, key: str, value: Any, timeout: Any = None, **kwargs: Any) -> Any:
        capped = self._seconds if timeout is None else min(int(timeout), self._seconds)
        return self._cache.set(key, value, capped, **kwargs)

    async def aset(self, key: str, value: Any, timeout: Any = None, **kwargs: Any) -> Any:
        capped = self._seconds if timeout is None else min(int(timeout), self._seconds)
        return await self._cache.aset(key, value, capped, **kwargs)

    def __contains__(self, key: str) -> bool:
        return key in self._cache

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cache, name)


class SessionStore(CachedDBStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _Capped(self._cache, settings.SESSION_CACHE_SECONDS)
