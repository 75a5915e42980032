import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from matching.engine.instance import parse_instance
from matching.engine.validate import check_answer
from matching.models import MatchingRun, Proposal
from matching.services import instance_build, run_create, run_execute
from tasks.models import PackageEvent, TaskPackage
from tests.factories import (
    CompanyFactory,
    JobDescriptionFactory,
    OrganisationFactory,
    SiteFactory,
    TaskFactory,
    TaskPackageFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two companies near Gent, one organisation with two teams that can take their work."""
    organisation = OrganisationFactory(supervision_hours=Decimal("10"))
    organisation.categories.set(["logistics", "packaging"])
    team_a = TeamFactory(organisation=organisation, capacity_hours=Decimal("30"), max_level=2)
    team_b = TeamFactory(organisation=organisation, capacity_hours=Decimal("20"), max_level=3)
    tasks = []
    for _ in range(2):
        company = CompanyFactory()
        site = SiteFactory(company=company)
        jd = JobDescriptionFactory(company=company)
        for hours, level in ((6, 1), (5, 2), (4, 3)):
            tasks.append(
                TaskFactory(
                    job_description=jd,
                    site=site,
                    hours_per_week=Decimal(hours),
                    level=level,
                    status="submitted",
                )
            )
    return organisation, (team_a, team_b), tasks


def test_instance_holds_open_tasks_and_free_capacity(world):
    organisation, (team_a, team_b), tasks = world
    TaskFactory(status="draft")  # not submitted
    TaskFactory(status="submitted", outsourceable=False)
    reserved = TaskPackageFactory(
        company=tasks[0].job_description.company,
        team=team_a,
        status="approved",
        hours_per_week=Decimal("6"),
    )
    reserved.tasks.add(tasks[0])
    built = instance_build()
    ids = {t["id"] for t in built.data["tasks"]}
    assert ids == {f"t{t.pk}" for t in tasks[1:]}
    groups = {g["id"]: g for o in built.data["organisations"] for g in o["groups"]}
    assert groups[f"g{team_a.pk}"]["capacity_hours"] == 24.0
    assert groups[f"g{team_b.pk}"]["capacity_hours"] == 20.0
    (org,) = built.data["organisations"]
    assert org["supervision_hours"] == pytest.approx(10 - 6 * 0.125)
    assert sorted(org["categories"]) == ["logistics", "packaging"]
    # The document is a valid engine instance.
    assert len(parse_instance(json.loads(json.dumps(built.data))).tasks) == 5


def test_scopes_narrow_the_instance(world):
    _, _, tasks = world
    other = TaskFactory(status="submitted", site__province="limburg")
    assert len(instance_build(province="limburg").data["tasks"]) == 1
    assert instance_build(province="limburg").data["tasks"][0]["id"] == f"t{other.pk}"
    company = tasks[0].job_description.company
    assert len(instance_build(company_ids=[company.pk]).data["tasks"]) == 3


def test_a_run_stores_valid_proposals_with_history(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = run_create(time_limit=3)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.SUCCEEDED, run.error
    assert run.progress == 1.0 and run.score > 0 and run.bound >= run.score - 1e-6
    proposals = list(run.proposals.select_related("package"))
    assert proposals
    # The stored answer passes the spec's validator against the instance the run solved.
    answer = {
        "format": "gewaardeerd-proposals/1",
        "packages": [
            {
                "company": f"c{p.package.company_id}",
                "organisation": f"o{p.package.organisation_id}",
                "group": f"g{p.package.team_id}",
                "tasks": [f"t{t.pk}" for t in p.package.tasks.all()],
            }
            for p in proposals
        ],
    }
    result = check_answer(parse_instance(run.instance), answer)
    assert result.valid, result.violations
    assert result.score == pytest.approx(run.score, abs=1e-4)
    for p in proposals:
        assert p.package.status == TaskPackage.Status.PROPOSED
        assert p.package.events.get().action == "proposed"
        assert p.explanation["tasks"] and "max_level" in p.explanation["tasks"][0]
        hours = sum(t.hours_per_week for t in p.package.tasks.all())
        assert p.package.hours_per_week == hours


def test_second_delivery_of_the_same_run_does_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = run_create(time_limit=2)
    count = Proposal.objects.count()
    assert run_execute(run_id=run.pk) is None
    assert Proposal.objects.count() == count


def test_a_new_run_supersedes_earlier_proposals(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = run_create(time_limit=2)
    with django_capture_on_commit_callbacks(execute=True):
        run_create(time_limit=2)
    for p in Proposal.objects.filter(run=first):
        assert p.package.status == TaskPackage.Status.REJECTED
        assert p.package.events.filter(action="superseded").exists()


def test_database_refusing_a_write_leaves_no_proposals_and_a_failed_run(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Proposal.objects, "bulk_create", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        run = run_create(time_limit=2)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.FAILED
    assert "disk full" in run.error
    assert not TaskPackage.objects.exists()
    assert not PackageEvent.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_run_matching_command_waits_and_exports(world, tmp_path, capsys):
    # A real commit: the run is enqueued on commit, as in production. serialized_rollback
    # puts back the rows of data migrations (activity categories) the flush removes.
    call_command("run_matching", "--wait", "--time-limit", "2", "--export-dir", str(tmp_path))
    summary = json.loads(capsys.readouterr().out)
    assert summary["status"] == "succeeded" and summary["packages"] >= 1
    instance = json.loads((tmp_path / "instance.json").read_text())
    proposals = json.loads((tmp_path / "proposals.json").read_text())
    result = check_answer(parse_instance(instance), proposals)
    assert result.valid
    assert result.score == pytest.approx(summary["score"], abs=1e-4)


@pytest.mark.parametrize(
    "scope, message",
    [("bogus", "--scope must be"), ("companies:x", "ids must be numbers"),
     ("companies:99999", "no company with id"), ("province:atlantis", "--scope must be")],
)  # fmt: skip
def test_run_matching_refuses_bad_scopes(scope, message):
    with pytest.raises(CommandError, match=message):
        call_command("run_matching", "--scope", scope)
    assert not MatchingRun.objects.exists()
