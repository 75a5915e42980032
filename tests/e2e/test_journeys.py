"""The three journeys of issue 8, through the real pages with clicks and typing, in
Chromium. Every page on the way passes axe-core and fits a 360 px phone (see Journey)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from companies.models import Company
from core.models import User
from matching.services.packages import package_approve
from matching.services.runs import run_create
from tasks.models import Task, TaskPackage
from tests.e2e.conftest import Journey, log_in, log_out, tab_to

# serialized_rollback: the taxonomy rows of the data migrations come back for each journey.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

JOB_TEXT = """MAGAZIJNMEDEWERKER – DEELTIJDS

Over ons
Wij verkopen fietsonderdelen via een webshop, met een magazijn in Gent.

Jouw taken
- Orders verzamelen met de handscanner (ongeveer 12u/week)
- Pakketten inpakken en van een verzendlabel voorzien (8 uur per week)
- Inkomende leveringen ontvangen en controleren op schade
- Lege dozen plooien en het karton sorteren voor recyclage (3 uur per week)
- Het weekrooster van de magazijnploeg opstellen

Wat bieden we?
Een deeltijdse job (30u/week) in dagdienst.
"""


def _lang(page: Any) -> str:
    return page.locator("html").get_attribute("lang")


def _switch_language(journey: Journey, code: str) -> None:
    page = journey.page
    page.select_option("#language", code)
    page.locator("header form.lang button[type=submit]").click()
    page.wait_for_load_state("load")
    assert _lang(page) == code


def test_entrepreneur_signs_up_registers_uploads_corrects_and_submits(
    journey_factory: Any, mailoutbox: list[Any], tmp_path: Any
) -> None:
    journey = journey_factory("1-entrepreneur")
    page = journey.page

    page.goto(journey.url("/"))
    assert _lang(page) == "nl"
    journey.check("home")
    page.locator("main a[href$='/accounts/signup/']").first.click()
    journey.check("sign up")

    # A typing error first: the form says what is wrong, in Dutch.
    page.fill("input[name=email]", "an@fietsonderdelen.be")
    page.fill("input[name=password1]", "Trapas-en-ketting-26")
    page.fill("input[name=password2]", "Trapas-en-ketting-62")
    page.locator("main form button[type=submit]").click()
    assert page.locator("main .error, main .errorlist, main [role=alert]").count() >= 1
    journey.check("sign up with an error")
    page.fill("input[name=password1]", "Trapas-en-ketting-26")
    page.fill("input[name=password2]", "Trapas-en-ketting-26")
    page.locator("main form button[type=submit]").click()
    journey.check("verification sent")

    # The confirmation link, read from the test mailbox.
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["an@fietsonderdelen.be"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.body)
    assert link, mail.body
    page.goto(link.group(0))
    journey.check("confirm e-mail")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    if "/accounts/login/" in page.url:
        journey.check("log in")
        log_in(journey, "an@fietsonderdelen.be", "Trapas-en-ketting-26")
    assert page.url.endswith("/start/")
    journey.check("start page without a company")

    # Register the company.
    page.locator("main a[href$='/companies/new/']").click()
    journey.check("register the company")
    page.fill("input[name=name]", "Fietsonderdelen Van Acker")
    page.fill("input[name=enterprise_number]", "0403.170.701")
    page.fill("input[name=sector]", "Webshop")
    page.fill("input[name=contact_name]", "An Van Acker")
    page.fill("input[name=contact_email]", "an@fietsonderdelen.be")
    page.fill("input[name=contact_phone]", "09 123 45 67")
    page.fill("input[name=site_name]", "Magazijn Gent")
    page.fill("input[name=site_address]", "Dok Noord 7")
    page.fill("input[name=site_postal_code]", "9000")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    company = Company.objects.get(name="Fietsonderdelen Van Acker")
    journey.check("company registered")

    # One click from any page to the start page: the company's overview.
    page.locator("header a[href$='/start/']").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/companies/{company.pk}/dashboard/")
    journey.check("company overview")

    # Upload the job description as a file.
    page.locator(f"main a[href$='/companies/{company.pk}/jobs/new/']").click()
    journey.check("new job description")
    job_file = tmp_path / "vacature-magazijn.txt"
    job_file.write_text(JOB_TEXT, encoding="utf-8")
    page.fill("input[name=title]", "Magazijnmedewerker webshop")
    page.set_input_files("input[name=file]", str(job_file))
    page.fill("input[name=hours_per_week]", "30")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "/tasks/" in page.url
    journey.check("suggested tasks")

    # Correct the suggestions: rename the first task, change its hours, mark it for
    # outsourcing, and remove the last one.
    # The suggested tasks; an empty form for a new task follows them.
    rows = page.locator("#task-forms fieldset.task-form").filter(
        has=page.locator("input[name$='-id'][value]:not([value=''])")
    )
    suggested = rows.count()
    assert suggested >= 3
    first = rows.nth(0)
    first.locator("input[name$='-title']").fill("Orders verzamelen met de handscanner")
    first.locator("input[name$='-hours_per_week']").fill("10")
    first.locator("input[name$='-outsourceable']").check()
    removed = rows.nth(suggested - 1).locator("input[name$='-title']").input_value()
    rows.nth(suggested - 1).locator("input[name$='-DELETE']").check()
    page.locator("#task-formset button[type=submit]").click()
    page.wait_for_load_state("load")
    journey.check("tasks saved")
    jd = company.job_descriptions.get()
    assert jd.tasks.count() == suggested - 1
    assert not jd.tasks.filter(title=removed).exists()
    corrected = jd.tasks.get(title="Orders verzamelen met de handscanner")
    assert corrected.hours_per_week == 10 and corrected.outsourceable

    page.locator("form.submit-tasks button[type=submit]").click()
    page.wait_for_load_state("load")
    journey.check("tasks submitted")
    corrected.refresh_from_db()
    assert corrected.status == Task.Status.SUBMITTED

    # English, remembered on the account: a new browser opens in English after log-in.
    _switch_language(journey, "en")
    journey.check("job in English")
    assert User.objects.get(email="an@fietsonderdelen.be").language == "en"
    log_out(journey)
    journey.finish()

    other = journey_factory("1-entrepreneur-other-browser")
    log_in(other, "an@fietsonderdelen.be", "Trapas-en-ketting-26")
    assert _lang(other.page) == "en"
    assert other.page.url.endswith(f"/companies/{company.pk}/dashboard/")
    other.check("overview in English")
    other.finish()


def _vanhoutte_ateljee() -> TaskPackage:
    packages = TaskPackage.objects.filter(
        status=TaskPackage.Status.PROPOSED, organisation__name="Maatwerkbedrijf Ateljee"
    ).order_by("pk")
    return packages.filter(company__name="Vanhoutte Logistics").first() or packages.first()


def test_coach_runs_matching_reviews_removes_a_task_and_approves(
    journey_factory: Any, demo: None
) -> None:
    journey = journey_factory("2-coach")
    page = journey.page

    log_in(journey, "coach@example.com")
    assert page.url.endswith("/admin/matching/matchingrun/dashboard/")
    journey.check("coach dashboard")

    page.locator("a[href$='/admin/matching/matchingrun/start/']").first.click()
    journey.check("start a run")
    page.select_option("select[name=scope]", "all")
    page.fill("input[name=time_limit]", "2")
    page.locator("#content form [type=submit]").click()
    page.wait_for_load_state("load")
    assert re.search(r"/admin/matching/matchingrun/\d+/change/", page.url)
    # The page refreshes itself while the run is queued or running.
    page.wait_for_function(
        "() => !document.querySelector('meta[http-equiv=refresh]')", timeout=60_000
    )
    journey.check("run finished")
    run_id = int(re.search(r"matchingrun/(\d+)/", page.url).group(1))
    from matching.models import MatchingRun

    run = MatchingRun.objects.get(pk=run_id)
    assert run.status == MatchingRun.Status.SUCCEEDED, run.error

    page.locator("a[href*='proposal__run__id__exact']").click()
    page.wait_for_load_state("load")
    journey.check("proposals of the run")
    package = _vanhoutte_ateljee() or TaskPackage.objects.filter(proposal__run=run).first()
    assert package is not None
    tasks_before = package.tasks.count()
    page.locator(
        f"#result_list a[href*='/admin/tasks/taskpackage/{package.pk}/change/']"
    ).first.click()
    page.wait_for_load_state("load")
    journey.check("proposal review")

    page.locator("button[form^='remove-task-']").first.click()
    page.wait_for_load_state("load")
    journey.check("task removed")
    assert package.tasks.count() == tasks_before - 1

    page.goto(journey.url(f"/admin/tasks/taskpackage/?proposal__run__id__exact={run_id}"))
    page.locator(f"#result_list input[name=_selected_action][value='{package.pk}']").check()
    page.select_option("select[name=action]", "approve_packages")
    page.locator("button[name=index], #changelist-form .actions button").first.click()
    page.wait_for_load_state("load")
    journey.check("proposal approved")
    package.refresh_from_db()
    assert package.status == TaskPackage.Status.OFFERED
    journey.finish()


def _offered_package() -> TaskPackage:
    """The coach's part, done through the services: a run, and Ateljee's proposal offered.
    The engine searches in parallel within a time limit, so one run may place Ateljee's
    teams elsewhere: try a few seeds."""
    for seed in range(4):
        run = run_create(time_limit=2, seed=seed)
        run.refresh_from_db()
        assert run.status == run.Status.SUCCEEDED, (run.status, run.error)
        package = _vanhoutte_ateljee()
        if package is not None:
            coach = User.objects.get(email="coach@example.com")
            return package_approve(package=package, coach=coach)
    raise AssertionError(
        f"no run proposed a package to Maatwerkbedrijf Ateljee: {run.hours_placed} {run.stats}"
    )


def _municipality(package: TaskPackage) -> str:
    return package.tasks.select_related("site").first().site.municipality


def test_organisation_finds_accepts_and_entrepreneur_sees_it(
    journey_factory: Any, demo: None
) -> None:
    package = _offered_package()
    company = package.company
    journey = journey_factory("3-organisation")
    page = journey.page

    log_in(journey, "organisatie@example.com")
    assert re.search(r"/organisations/\d+/$", page.url)
    journey.check("organisation start page")

    page.locator("main a[href*='/packages/?organisation=']").first.click()
    page.wait_for_load_state("load")
    journey.check("packages on offer")
    page.fill("input[name=municipality]", _municipality(package))
    page.fill("input[name=hours_min]", "1")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state("load")
    journey.check("packages filtered")
    link = page.locator(f"main table a[href*='/packages/{package.pk}/']")
    assert link.count() == 1
    link.click()
    page.wait_for_load_state("load")
    journey.check("package")

    page.locator(f"form[action$='/packages/{package.pk}/accept/'] button").click()
    page.wait_for_load_state("load")
    journey.check("package accepted")
    package.refresh_from_db()
    assert package.status == TaskPackage.Status.ACCEPTED

    page.locator("main a[href$='/packages/']").filter(has_text=re.compile(".")).last.click()
    page.wait_for_load_state("load")
    assert re.search(r"/organisations/\d+/packages/$", page.url)
    accepted = page.locator("#accepted + .table-scroll table")
    assert accepted.locator(f"a[href*='/packages/{package.pk}/']").count() == 1
    journey.check("our packages")
    log_out(journey)
    journey.finish()

    # The entrepreneur sees the package accepted on the company's overview.
    if company.name != "Vanhoutte Logistics":
        pytest.skip("the demo run gave Ateljee no package of the demo entrepreneur")
    owner = journey_factory("3-entrepreneur-sees-accepted")
    log_in(owner, "ondernemer@example.com")
    assert owner.page.url.endswith(f"/companies/{company.pk}/dashboard/")
    row = owner.page.locator("section[aria-labelledby=packages-heading] tbody tr").filter(
        has_text="Maatwerkbedrijf Ateljee"
    )
    assert row.count() >= 1
    assert str(TaskPackage.Status.ACCEPTED.label) in row.first.inner_text()
    owner.check("entrepreneur sees it accepted")
    owner.finish()


def test_organisation_journey_with_the_keyboard_only(journey_factory: Any, demo: None) -> None:
    """Journey 3 again without a mouse: Tab, typing and Enter, with visible focus."""
    package = _offered_package()
    journey = journey_factory("3-organisation-keyboard")
    page = journey.page
    keys = page.keyboard

    page.goto(journey.url("/accounts/login/"))
    # The first Tab reaches the skip link, which jumps over the header to the page itself.
    tab_to(page, "a.skip", limit=1)
    keys.press("Enter")
    assert page.url.endswith("#main")
    tab_to(page, "input[name=login]", limit=3)
    keys.type("organisatie@example.com")
    tab_to(page, "input[name=password]")
    keys.type("demo-gewaardeerd")
    with page.expect_navigation():
        keys.press("Enter")
    page.wait_for_url(re.compile(r"/organisations/\d+/$"))

    tab_to(page, "main a[href*='/packages/?organisation=']")
    with page.expect_navigation():
        keys.press("Enter")
    page.wait_for_url(re.compile(r"/packages/\?organisation="))
    tab_to(page, "input[name=municipality]")
    keys.type(_municipality(package))
    tab_to(page, "form.filters button[type=submit]")
    with page.expect_navigation():
        keys.press("Enter")
    page.wait_for_url(re.compile(r"municipality="))
    journey.check("filtered with the keyboard", phone=False)

    tab_to(page, f"main table a[href*='/packages/{package.pk}/']")
    with page.expect_navigation():
        keys.press("Enter")
    page.wait_for_url(re.compile(rf"/packages/{package.pk}/"))
    tab_to(page, f"form[action$='/packages/{package.pk}/accept/'] button")
    with page.expect_navigation():
        keys.press("Enter")
    page.wait_for_load_state("load")
    package.refresh_from_db()
    assert package.status == TaskPackage.Status.ACCEPTED
    journey.check("accepted with the keyboard", phone=False)

    tab_to(page, "main a[href$='/packages/']:not([href*='?'])")
    with page.expect_navigation():
        keys.press("Enter")
    page.wait_for_url(re.compile(r"/organisations/\d+/packages/$"))
    assert (
        page.locator(f"#accepted + .table-scroll table a[href*='/packages/{package.pk}/']").count()
        == 1
    )
    journey.check("our packages with the keyboard", phone=False)
    journey.finish()
