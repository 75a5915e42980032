import pytest
from django.core.management import CommandError, call_command

from companies.models import Company, JobDescription, Site
from core.roles import COACH_GROUP
from organisations.models import Organisation, Team
from tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    # pytest-django turns DEBUG off; seed_demo runs on a developer's (DEBUG) database.
    settings.DEBUG = True


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Company, Site, JobDescription, Task, Organisation, Team)
    }


def test_seed_demo_twice_gives_the_same_counts(capsys, django_user_model):
    call_command("seed_demo")
    first = _counts()
    out = capsys.readouterr().out
    call_command("seed_demo")
    assert _counts() == first
    assert first["Company"] == 20 and first["JobDescription"] == 40
    assert first["Organisation"] == 12
    assert first["Task"] > 100
    teams = [o.teams.count() for o in Organisation.objects.all()]
    assert min(teams) >= 1 and max(teams) <= 4
    for email in ("coach@example.com", "ondernemer@example.com", "organisatie@example.com"):
        assert email in out
        assert django_user_model.objects.filter(email=email).count() == 1
    coach = django_user_model.objects.get(email="coach@example.com")
    assert coach.is_staff and not coach.is_superuser
    assert coach.groups.filter(name=COACH_GROUP).exists()


def test_demo_logins_work_with_the_demo_password(client, settings):
    settings.DEMO_PASSWORD = "demo-gewaardeerd"
    call_command("seed_demo")
    for email in ("coach@example.com", "ondernemer@example.com", "organisatie@example.com"):
        client.logout()
        response = client.post("/accounts/login/", {"login": email, "password": "demo-gewaardeerd"})
        assert response.status_code == 302, email
        assert client.get("/start/").status_code == 302


def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
    assert not Company.objects.exists()
    call_command("seed_demo", "--force")
    assert Company.objects.count() == 20


def test_scaled_demo_adds_n_times_the_demo_once():
    call_command("seed_demo", "--scale", "2")
    counts = _counts()
    assert counts["Company"] == 20 + 40
    assert counts["Task"] > 2 * 179
    call_command("seed_demo", "--scale", "2")
    assert _counts() == counts


def test_scale_must_be_a_number_or_large():
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--scale", "huge")
    assert not Company.objects.exists()
