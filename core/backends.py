"""Authentication backends whose user lookup, done on every request of a logged-in user,
is remembered until the next write to the database (core.pagecache.memo): a changed
password, a deactivated account or a new log-in are such writes."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthAuthenticationBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from core import pagecache


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        return pagecache.memo("user", user_id, lambda: super(ModelBackend, self).get_user(user_id))


class AllauthBackend(AllauthAuthenticationBackend):
    def get_user(self, user_id: Any) -> Any:
        return pagecache.memo(
            "user", user_id, lambda: super(AllauthBackend, self).get_user(user_id)
        )
