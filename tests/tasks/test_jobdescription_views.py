"""Job descriptions on the web: paste or upload, decompose into draft tasks, private files."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from companies.models import JobDescription
from tasks.models import Task
from tests.factories import (
    CompanyMembershipFactory,
    SiteFactory,
    TaskFactory,
    TaskPackageFactory,
)

pytestmark = pytest.mark.django_db

JOB_LINES = [
    "Magazijnmedewerker",
    "Wat ga je doen?",
    "- Je pickt orders met een scanner (ongeveer 6 uur per week).",
    "- Je pakt pakketten in en kleeft etiketten.",
]
JOB_TEXT = "\n".join(JOB_LINES)


def make_pdf(lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_scanned_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def make_docx(lines: list[str]) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(JOB_LINES))))
    writer.encrypt("geheim", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_odt(paragraphs: list[str]) -> bytes:
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return out.getvalue()


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture(autouse=True)
def _english(client):
    # Assertions read the English msgids; Dutch (the default) is the translators' concern.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def member():
    membership = CompanyMembershipFactory()
    SiteFactory(company=membership.company, name="Magazijn")
    return membership


def create_url(company) -> str:
    return reverse("tasks:job_create", args=[company.pk])


def post_new(client, company, **data):
    payload = {"title": "Magazijnmedewerker", "text": "", "hours_per_week": "19"}
    payload.update(data)
    return client.post(create_url(company), payload)


def test_create_page_shows_labelled_fields(client, member):
    client.force_login(member.user)
    response = client.get(create_url(member.company))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("title", "text", "file", "hours_per_week"):
        assert f'for="id_{name}"' in html
    # One site: no choice to make, so no site field.
    assert 'name="site"' not in html
    assert 'enctype="multipart/form-data"' in html


def test_pasted_text_becomes_draft_tasks_with_sources_and_split_hours(client, member):
    client.force_login(member.user)
    response = post_new(client, member.company, text=JOB_TEXT)
    job = JobDescription.objects.get(company=member.company)
    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:job_tasks", args=[member.company.pk, job.pk])
    assert job.status == JobDescription.Status.DECOMPOSED
    assert job.text == JOB_TEXT and not job.file
    assert job.created_by == member.user
    tasks = list(job.tasks.order_by("id"))
    assert len(tasks) >= 2
    assert all(t.status == Task.Status.DRAFT for t in tasks)
    assert all(t.site == member.company.sites.get() for t in tasks)
    picking = next(t for t in tasks if "pickt" in t.description)
    assert picking.hours_per_week == Decimal("6.0")
    assert picking.category == "logistics"
    assert picking.description == "Je pickt orders met een scanner (ongeveer 6 uur per week)."
    # The others had no hours in the text: they share the rest of the job's 19 hours.
    others = [t for t in tasks if t is not picking]
    share = (Decimal("19") - Decimal("6")) / len(others)
    assert all(t.hours_per_week == share.quantize(Decimal("0.1")) for t in others)


def test_tasks_page_shows_the_explanation_and_marks_estimated_hours(client, member):
    client.force_login(member.user)
    post_new(client, member.company, text=JOB_TEXT)
    job = JobDescription.objects.get()
    html = client.get(reverse("tasks:job_tasks", args=[member.company.pk, job.pk])).content
    html = html.decode()
    assert "pickt" in html and "scanner" in html  # the words behind category and level
    assert "6 uur per week" in html  # where the hours came from
    assert html.count('class="estimate"') == job.tasks.count() - 1


def test_missing_hours_asks_for_the_jobs_hours_and_saves_nothing(client, member):
    client.force_login(member.user)
    response = post_new(client, member.company, text=JOB_TEXT, hours_per_week="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["hours_per_week"]
    assert "hours per week of the whole job" in errors["hours_per_week"][0]
    assert not JobDescription.objects.exists() and not Task.objects.exists()


def test_hours_of_the_whole_job_in_the_text_are_used_when_the_form_has_none(client, member):
    client.force_login(member.user)
    text = "Magazijnmedewerker (3 dagen per week)\n" + JOB_TEXT
    response = post_new(client, member.company, text=text, hours_per_week="")
    assert response.status_code == 302
    job = JobDescription.objects.get()
    assert job.hours_per_week is None
    assert all(t.hours_per_week > 0 for t in job.tasks.all())


def test_neither_text_nor_file_names_the_text_field(client, member):
    client.force_login(member.user)
    response = post_new(client, member.company, text="   ")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["text"]
    assert not JobDescription.objects.exists()


def test_pasted_text_over_the_limit_is_refused(client, member):
    client.force_login(member.user)
    response = post_new(client, member.company, text="Je pakt dozen in. " * 2000)
    assert "text" in response.context["form"].errors
    assert not JobDescription.objects.exists()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("vacature.pdf", lambda: make_pdf(JOB_LINES)),
        ("vacature.docx", lambda: make_docx(JOB_LINES)),
        ("vacature.odt", lambda: make_odt(JOB_LINES)),
    ],
)
def test_uploaded_file_keeps_original_beside_extracted_text(client, member, name, make):
    client.force_login(member.user)
    data = make()
    response = post_new(client, member.company, file=SimpleUploadedFile(name, data))
    assert response.status_code == 302
    job = JobDescription.objects.get()
    assert "pickt orders met een scanner" in job.text
    assert job.file.name.startswith(f"job-descriptions/{member.company.pk}/")
    with job.file.open("rb") as handle:
        assert handle.read() == data
    assert job.tasks.filter(description__contains="pickt orders").exists()


def test_file_text_wins_over_pasted_text(client, member):
    client.force_login(member.user)
    upload = SimpleUploadedFile("vacature.txt", JOB_TEXT.encode())
    post_new(client, member.company, text="Iets heel anders.", file=upload)
    assert JobDescription.objects.get().text == JOB_TEXT


def _assert_file_error(response, needle: str) -> None:
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["file"]
    message = form.errors["file"][0]
    assert needle in message
    # The message is on the page, beside the field it is about.
    assert message.replace("'", "&#x27;") in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "needle"),
    [
        (lambda: SimpleUploadedFile("vacature.pdf", make_pdf(JOB_LINES)[:300]), "damaged"),
        (
            lambda: SimpleUploadedFile("vacature.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 200),
            "program",
        ),
        (lambda: SimpleUploadedFile("vacature.txt", b"a" * (5 * 1024 * 1024 + 1)), "5 MB"),
        (lambda: SimpleUploadedFile("vacature.pdf", make_scanned_pdf()), "scan"),
        (lambda: SimpleUploadedFile("vacature.txt", b""), "empty"),
        (lambda: SimpleUploadedFile("vacature.exe", b"MZ" + b"\0" * 100), ".txt, .pdf"),
        (lambda: SimpleUploadedFile("vacature.pdf", make_encrypted_pdf()), "password"),
        (lambda: SimpleUploadedFile("vacature.txt", b"Je pakt dozen in. " * 2000), "longer than"),
    ],
    ids=[
        "corrupt",
        "renamed-executable",
        "over-size",
        "scanned",
        "empty",
        "extension",
        "encrypted",
        "text-too-long",
    ],
)
def test_unreadable_new_file_names_the_field_and_creates_nothing(client, member, upload, needle):
    client.force_login(member.user)
    response = post_new(client, member.company, file=upload())
    _assert_file_error(response, needle)
    assert not JobDescription.objects.exists()
    assert not Task.objects.exists()
    assert media_files() == []


def _existing_job_with_file(client, member):
    original = make_docx(JOB_LINES)
    post_new(client, member.company, file=SimpleUploadedFile("origineel.docx", original))
    job = JobDescription.objects.get()
    return job, original


@pytest.mark.parametrize(
    ("upload", "needle"),
    [
        (lambda: SimpleUploadedFile("nieuw.docx", b"PK\x03\x04" + b"kapot" * 50), "damaged"),
        (lambda: SimpleUploadedFile("nieuw.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 200), "program"),
        (lambda: SimpleUploadedFile("nieuw.txt", b"b" * (5 * 1024 * 1024 + 1)), "5 MB"),
    ],
    ids=["corrupt", "renamed-executable", "over-size"],
)
def test_failed_upload_on_existing_job_keeps_text_file_and_tasks(client, member, upload, needle):
    client.force_login(member.user)
    job, original = _existing_job_with_file(client, member)
    before = (job.title, job.text, job.file.name, job.status)
    task_ids = set(job.tasks.values_list("id", flat=True))
    files_before = media_files()
    url = reverse("tasks:job_edit", args=[member.company.pk, job.pk])
    response = client.post(
        url,
        {
            "title": "Nieuwe titel",
            "text": "Andere tekst.",
            "hours_per_week": "19",
            "file": upload(),
        },
    )
    _assert_file_error(response, needle)
    job.refresh_from_db()
    assert (job.title, job.text, job.file.name, job.status) == before
    assert set(job.tasks.values_list("id", flat=True)) == task_ids
    assert media_files() == files_before
    download = client.get(reverse("tasks:job_file", args=[member.company.pk, job.pk]))
    assert b"".join(download.streaming_content) == original


def test_new_file_on_existing_job_replaces_drafts_keeps_packaged_and_old_file_goes(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member.user)
    job, _original = _existing_job_with_file(client, member)
    old_name = job.file.name
    drafts = list(job.tasks.order_by("id"))
    held = drafts[0]
    held.status = Task.Status.SUBMITTED
    held.save()
    package = TaskPackageFactory(company=member.company, status="offered")
    package.tasks.add(held)
    new_lines = ["Wat ga je doen?", "- Je kuist de refter (4 uur per week)."]
    url = reverse("tasks:job_edit", args=[member.company.pk, job.pk])
    # The old file is removed only once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": job.title,
                "text": job.text,
                "hours_per_week": "19",
                "file": SimpleUploadedFile("nieuw.pdf", make_pdf(new_lines)),
            },
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert "kuist de refter" in job.text
    assert job.file.name != old_name and job.file.name.endswith(".pdf")
    assert not (Path(settings.MEDIA_ROOT) / old_name).exists()
    remaining = set(job.tasks.values_list("id", flat=True))
    assert held.pk in remaining  # held by a package: stays
    assert not remaining & {t.pk for t in drafts[1:]}  # the old drafts are replaced
    assert job.tasks.filter(category="cleaning", hours_per_week=Decimal("4")).exists()


def test_saving_the_same_text_keeps_edited_tasks(client, member):
    client.force_login(member.user)
    post_new(client, member.company, text=JOB_TEXT)
    job = JobDescription.objects.get()
    task = job.tasks.first()
    Task.objects.filter(pk=task.pk).update(title="Mijn eigen titel")
    url = reverse("tasks:job_edit", args=[member.company.pk, job.pk])
    response = client.post(url, {"title": "Hernoemd", "text": JOB_TEXT, "hours_per_week": "19"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.title == "Hernoemd"
    assert job.tasks.get(pk=task.pk).title == "Mijn eigen titel"


def test_several_sites_offer_a_choice_limited_to_the_company(client, member):
    second = SiteFactory(company=member.company, name="Zetel Antwerpen")
    foreign = SiteFactory()
    client.force_login(member.user)
    assert 'name="site"' in client.get(create_url(member.company)).content.decode()
    response = post_new(client, member.company, text=JOB_TEXT, site=str(foreign.pk))
    assert list(response.context["form"].errors) == ["site"]
    assert not JobDescription.objects.exists()
    response = post_new(client, member.company, text=JOB_TEXT, site=str(second.pk))
    assert response.status_code == 302
    assert set(Task.objects.values_list("site", flat=True)) == {second.pk}


def test_file_download_is_an_attachment_for_members_only(client, member):
    client.force_login(member.user)
    job, original = _existing_job_with_file(client, member)
    url = reverse("tasks:job_file", args=[member.company.pk, job.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "origineel" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == original
    # A colleague in the same company may download it too.
    colleague = CompanyMembershipFactory(company=member.company, role="member")
    client.force_login(colleague.user)
    assert client.get(url).status_code == 200


def test_file_download_is_404_without_a_file(client, member):
    job = TaskFactory(job_description__company=member.company).job_description
    client.force_login(member.user)
    response = client.get(reverse("tasks:job_file", args=[member.company.pk, job.pk]))
    assert response.status_code == 404


def test_job_of_another_company_is_404_even_under_own_company_id(client, member):
    other_job = TaskFactory().job_description
    client.force_login(member.user)
    for name in ("job_detail", "job_edit", "job_tasks", "job_file"):
        url = reverse(f"tasks:{name}", args=[member.company.pk, other_job.pk])
        assert client.get(url).status_code == 404, name
    url = reverse("tasks:job_submit", args=[member.company.pk, other_job.pk])
    assert client.post(url).status_code == 404


def test_detail_page_lists_tasks_with_packages(client, member):
    task = TaskFactory(job_description__company=member.company, site=member.company.sites.get())
    package = TaskPackageFactory(company=member.company, status="approved")
    package.tasks.add(task)
    client.force_login(member.user)
    url = reverse("tasks:job_detail", args=[member.company.pk, task.job_description.pk])
    html = client.get(url).content.decode()
    assert task.title in html
    assert package.team.name in html and package.organisation.name in html


def test_company_without_a_site_is_told_to_add_one_first(client):
    membership = CompanyMembershipFactory()
    client.force_login(membership.user)
    response = post_new(client, membership.company, text=JOB_TEXT)
    assert response.status_code == 200
    assert "Add a site first" in str(response.context["form"].non_field_errors())
    assert not JobDescription.objects.exists()


def test_a_failure_after_the_file_is_stored_removes_it_and_keeps_the_old_one(
    client, member, monkeypatch
):
    client.force_login(member.user)
    job, original = _existing_job_with_file(client, member)
    before = (job.text, job.file.name, set(job.tasks.values_list("id", flat=True)))
    files_before = media_files()

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("tasks.services._tasks_create", broken)
    client.raise_request_exception = False
    response = client.post(
        reverse("tasks:job_edit", args=[member.company.pk, job.pk]),
        {
            "title": job.title,
            "text": "",
            "hours_per_week": "19",
            "file": SimpleUploadedFile("nieuw.docx", make_docx(["- Je kuist de refter."])),
        },
    )
    assert response.status_code == 500
    job.refresh_from_db()
    assert (job.text, job.file.name, set(job.tasks.values_list("id", flat=True))) == before
    assert media_files() == files_before  # the new file is gone, the old one is still there
