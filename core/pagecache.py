"""A cache of whole read-only pages and API lists, per session (pages) or per user and
session (API), that is thrown away as soon as anything they could show changes.

How it stays correct: every page is stored under the current *generation*, a unique value
in the shared cache, and the release of the code that made it. A database wrapper watches
every INSERT, UPDATE, DELETE and TRUNCATE Django sends (bulk ones and ``QuerySet.update()``
included) and puts a new generation in the cache when that transaction commits, so no page
computed from data older than the last commit is served. A process that could not write
the new generation serves no cached page until it has. Sessions, log-in attempts,
the beat schedule and matching-run progress are not watched: no cached page shows them.

It needs a cache that every process shares (Redis: ``CACHE_URL``, set alike for web
processes and Celery workers); with the default per-process memory cache a write seen by one
process would not reach the others, so the settings leave it off (``PAGE_CACHE_SECONDS =
0``) unless ``CACHE_URL`` is set.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.transaction import TransactionManagementError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "gw:pages:generation"
HIT_HEADER = "X-Page-Cache"
logger = logging.getLogger(__name__)

# Tables whose writes change nothing a cached page shows. (Matching runs report progress
# every few seconds; only the coach's admin pages and the runs API show it, not cached.)
UNWATCHED = frozenset(
    {
        "django_session",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
        "django_celery_beat_periodictask",
        "django_celery_beat_periodictasks",
        "matching_matchingrun",
    }
)
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE
)
_TRUNCATE = re.compile(r"\s*TRUNCATE\b", re.IGNORECASE)
EVERY_TABLE = "*"

# A bump this process could not write to the cache: paid before the next page it serves,
# and until then it serves and keeps none.
_bump_owed = False


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


@functools.cache
def release() -> str:
    """What code and templates made a page: RELEASE from the environment, else a digest of
    the project's files (name, size, time), so a deploy never serves the last one's pages."""
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in ("gewaardeerd", "core", "companies", "organisations", "tasks", "matching",
                   "agreements", "templates", "locale", "static"):  # fmt: skip
        for path in sorted((base / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns}".encode()
                )
    return digest.hexdigest()[:16]


def _new_generation() -> str:
    """Unique (time and randomness): a page is served only under the very generation it was
    made in, so a lost or restored generation can never match pages made since."""
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def generation() -> str | None:
    """The current generation; None while the cache cannot be reached or this process owes
    a bump (then nothing is served from or kept in the cache)."""
    if _bump_owed:
        generation_bump()
        if _bump_owed:
            return None
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def generation_bump() -> None:
    """Every page kept so far is dead. Never raises: a change that was committed must not
    end in an error page, nor keep later on-commit work (mails, job messages) from running."""
    global _bump_owed
    value = _new_generation()
    try:
        cache.set(GENERATION_KEY, value, timeout=None)
        # Read back: the forgiving cache drops a write it cannot make. (Another process's
        # value read here costs one more bump later, nothing else.)
        _bump_owed = cache.get(GENERATION_KEY) != value
    except Exception:
        logger.exception("The page cache could not be invalidated; this process retries.")
        _bump_owed = True


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE writes to, EVERY_TABLE for a TRUNCATE, or None
    for any other statement."""
    if _TRUNCATE.match(sql):
        return EVERY_TABLE
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
            try:
                transaction.on_commit(generation_bump, using=connection.alias, robust=True)
            except TransactionManagementError:  # manual transactions: no commit hook
                generation_bump()
    return result


@receiver(connection_created, dispatch_uid="gewaardeerd_page_cache_watch")
def _install_watch(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _watch_writes not in connection.execute_wrappers:
        # Outermost, and first in the list: a temporary `execute_wrapper()` block that was
        # open when the connection was made pops its own wrapper, not this one.
        connection.execute_wrappers.insert(0, _watch_writes)


def _key(kind: str, *parts: Any) -> str:
    raw = "\x1f".join(str(p) for p in (release(), *parts))
    return f"gw:pages:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


_MISSING = object()


def _lookup_value(key: str) -> tuple[str | None, Any]:
    """The current generation and what is stored under `key` for it, or _MISSING (one cache
    round trip)."""
    if _bump_owed and generation() is None:
        return None, _MISSING
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        current = generation()
        if current is None:
            return None, _MISSING
    stored = found.get(key)
    if stored is None or stored[0] != current:
        return current, _MISSING
    return current, stored[1]


def _lookup(key: str) -> tuple[str | None, HttpResponse | None]:
    """The current generation and, when stored under it, the page."""
    current, stored = _lookup_value(key)
    if stored is _MISSING:
        return current, None
    content, content_type = stored
    response = HttpResponse(content, content_type=content_type)
    response[HIT_HEADER] = "hit"
    return current, response


def memo(kind: str, ident: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, remembered until the next write (any table watched here): for lookups
    every request repeats, such as an API token's owner."""
    if not enabled():
        return compute()
    key = _key(kind, ident)
    current, stored = _lookup_value(key)
    if stored is not _MISSING:
        return stored
    value = compute()
    if current is not None:
        cache.set(key, (current, value), settings.PAGE_CACHE_SECONDS)
    return value


def _store(key: str, current: str | None, response: HttpResponse) -> None:
    """Keep the page under the generation read *before* it was computed: a write that
    committed meanwhile has moved the generation on, so the page is never served."""
    if (
        current is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
    ):
        cache.set(
            key,
            (current, (response.content, response["Content-Type"])),
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

    Looked up once DRF has authenticated the request and chosen the renderer, before the
    permission checks and the viewset's own scoping: the answer was only kept after they
    let this user through for this address, and any change to what they check (a
    membership, a role, the user) is a write that has made a new generation since. A
    revoked token is refused by authentication as before. Keyed by user and session (the
    browsable API's forms carry the session's CSRF token), language, the rendered media
    type and the full address (scheme, host, path, query).
    """

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        self._page_cache = None
        if enabled() and request.method == "GET" and getattr(self, "action", "") == "list":
            self.format_kwarg = self.get_format_suffix(**kwargs)
            request.accepted_renderer, request.accepted_media_type = (
                self.perform_content_negotiation(request)
            )
            if request.user.is_authenticated:
                key = _key(
                    "api",
                    request.user.pk,
                    request.session.session_key,  # None for a token
                    get_language(),
                    request.accepted_media_type,
                    # Scheme and host too: the paging links are absolute.
                    request.build_absolute_uri(),
                )
                current, hit = _lookup(key)
                self._page_cache = (key, current, hit)
                if hit is not None:
                    return
        super().initial(request, *args, **kwargs)

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if self._page_cache is None:
            return super().list(request, *args, **kwargs)
        key, current, hit = self._page_cache
        if hit is not None:
            return hit
        response = super().list(request, *args, **kwargs)
        response.add_post_render_callback(lambda rendered: _store(key, current, rendered))
        return response
