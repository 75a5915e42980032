"""A cache of whole read-only pages and API lists, per session (pages) or per user (API),
that is thrown away as soon as anything they could show changes.

How it stays correct: every page is stored under the current *generation*, a number in the
shared cache. A database wrapper watches every INSERT, UPDATE and DELETE our code sends
(bulk ones and ``QuerySet.update()`` included) and moves the generation on when that
transaction commits, so no page computed from data older than the last commit is served.
Sessions, log-in attempts, API-token bookkeeping and the beat schedule are not watched:
no cached page shows them.

It needs a cache that every process shares (Redis: ``CACHE_URL``, set alike for web
processes and Celery workers); with the default per-process memory cache a write seen by one
process would not reach the others, so the settings leave it off (``PAGE_CACHE_SECONDS =
0``) unless ``CACHE_URL`` is set.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "gw:pages:generation"
HIT_HEADER = "X-Page-Cache"

# Tables whose writes change nothing a cached page shows.
UNWATCHED = frozenset(
    {
        "django_session",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
        "core_apitoken",
        "django_celery_beat_periodictask",
        "django_celery_beat_periodictasks",
    }
)
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w]+)"?', re.IGNORECASE)


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _fresh_generation() -> int:
    """A start above every generation handed out before (microseconds since 1970), so a
    generation lost with the cache never comes back and matches old pages."""
    return time.time_ns() // 1000


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        value = cache.get(GENERATION_KEY, 0)
    return int(value)


def generation_bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (never set, evicted, or the cache is unreachable)
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE writes to, or None for any other statement."""
    found = _WRITE.match(sql)
    return found.group(1).lower() if found else None


def _watch_writes(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    result = execute(sql, params, many, context)
    table = written_table(sql)
    # Watched wherever a shared cache is configured, also in processes that serve no pages
    # (a Celery worker saving proposals), so the web processes see their writes.
    if table is not None and table not in UNWATCHED and (settings.SHARED_CACHE or enabled()):
        connection = context["connection"]
        # Once per transaction: the bump runs when it commits (at once in autocommit),
        # and is dropped with it when it rolls back.
        if not any(entry[1] is generation_bump for entry in connection.run_on_commit):
            transaction.on_commit(generation_bump, using=connection.alias)
    return result


@receiver(connection_created, dispatch_uid="gewaardeerd_page_cache_watch")
def _install_watch(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def _key(kind: str, *parts: Any) -> str:
    raw = "\x1f".join(str(p) for p in parts)
    return f"gw:pages:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _lookup(key: str) -> tuple[int, HttpResponse | None]:
    """The current generation and, when stored under it, the page (one cache round trip)."""
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        current = generation()
    stored = found.get(key)
    if stored is None or stored[0] != current:
        return current, None
    _generation, content, content_type = stored
    response = HttpResponse(content, content_type=content_type)
    response[HIT_HEADER] = "hit"
    return current, response


def _store(key: str, current: int, response: HttpResponse) -> None:
    """Keep the page under the generation read *before* it was computed: a write that
    committed meanwhile has moved the generation on, so the page is never served."""
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(
            key,
            (current, response.content, response["Content-Type"]),
            settings.PAGE_CACHE_SECONDS,
        )


def _has_pending_messages(request: HttpRequest) -> bool:
    return len(messages.get_messages(request)) > 0


def page_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a logged-in user's GET of this page from the cache while nothing changed.

    Keyed by session (the page's forms carry the CSRF token of the secret kept in that
    session: CSRF_USE_SESSIONS), user, language and the full address with its query. A page
    with messages waiting is never served from or put in the cache. Put it under
    ``login_required`` and the method decorators.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (
            not enabled()
            or request.method != "GET"
            or not request.user.is_authenticated
            or _has_pending_messages(request)
        ):
            return view(request, *args, **kwargs)
        key = _key(
            "page",
            request.session.session_key,
            request.user.pk,
            get_language(),
            request.build_absolute_uri(),
        )
        current, response = _lookup(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if not _has_pending_messages(request):  # the view itself said something
                _store(key, current, response)
        response.headers.setdefault("Cache-Control", "private")
        return response

    return wrapper


class CachedListMixin:
    """For DRF viewsets: a list answer comes from the cache while nothing changed.

    Looked up after DRF authenticated, checked permissions and throttled the request, so a
    revoked token or a lost membership is refused as before. Keyed by user, language, the
    rendered media type and the full address (scheme, host, path, query).
    """

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not enabled() or not request.user.is_authenticated:
            return super().list(request, *args, **kwargs)
        key = _key(
            "api",
            request.user.pk,
            get_language(),
            request.accepted_media_type,
            request.build_absolute_uri(),  # scheme and host too: the paging links are absolute
        )
        current, cached = _lookup(key)
        if cached is not None:
            return cached
        response = super().list(request, *args, **kwargs)
        response.add_post_render_callback(lambda rendered: _store(key, current, rendered))
        return response
