from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from core import pagecache  # noqa: F401  (watches writes for the page cache)
        from core.roles import roles_sync_after_migrate

        # Permissions exist only after every app migrated; keep the coach group in step then.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="core.roles_sync")
