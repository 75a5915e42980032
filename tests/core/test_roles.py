import pytest
from django.contrib.auth.models import Permission

from core.roles import COACH_PERMISSIONS, roles_sync

pytestmark = pytest.mark.django_db


def test_every_coach_permission_exists_and_the_group_gets_exactly_those():
    group = roles_sync()
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert granted == set(COACH_PERMISSIONS)
    # A typo in the list would silently grant nothing: every entry must name a permission.
    for dotted in COACH_PERMISSIONS:
        app_label, codename = dotted.split(".")
        assert Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists(), dotted
