"""Roles. Entrepreneurs and organisation members get their powers from memberships;
Hefboom coaches are staff in the `coach` group, with these permissions (never superuser)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

COACH_GROUP = "coach"

COACH_PERMISSIONS = [
    "companies.view_company",
    "companies.view_site",
    "companies.view_jobdescription",
    "companies.view_companymembership",
    "organisations.view_organisation",
    "organisations.view_team",
    "organisations.view_organisationmembership",
    "tasks.view_task",
    "tasks.change_task",
    "tasks.view_taskpackage",
    "tasks.change_taskpackage",
    "tasks.view_packageevent",
    "matching.view_matchingrun",
    "matching.add_matchingrun",
    "matching.view_proposal",
    "core.view_activitycategory",
    "tasks.view_packageinterest",
    # Deals: coaches follow quotes, agreements, delivered hours and conversations.
    "agreements.view_hourlyrate",
    "agreements.view_quote",
    "agreements.view_agreement",
    "agreements.view_deliveredhours",
    "agreements.view_message",
    # The nightly run: coaches switch it on and off.
    "django_celery_beat.view_periodictask",
    "django_celery_beat.change_periodictask",
    "django_celery_beat.view_crontabschedule",
]


def roles_sync() -> Group:
    """Create the coach group, or bring its permissions back to the list above."""
    group, _created = Group.objects.get_or_create(name=COACH_GROUP)
    wanted = []
    for dotted in COACH_PERMISSIONS:
        app_label, codename = dotted.split(".")
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is not None:
            wanted.append(perm)
    group.permissions.set(wanted)
    return group


def roles_sync_after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "name", None) == "matching":
        roles_sync()


def user_is_coach(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name=COACH_GROUP).exists())
    )
