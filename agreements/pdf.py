"""The printable package sheet and agreement, rendered server-side with fpdf2 (pure Python,
no browser or system library), in Dutch or English.

fpdf2's built-in Helvetica covers Latin-1 only; characters outside it (the en dash, the
euro sign) are replaced by plain ones so that a name or condition never breaks the PDF.
Amounts are written as "EUR 12.50" for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from agreements.models import Agreement
from agreements.selectors import Estimate
from core.numbers import hours_text
from tasks.models import Task, TaskPackage

REPLACEMENTS = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2192": "->",
    "\u2026": "...",
    "\u20ac": "EUR",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00a0": " ",
    "\u202f": " ",
}


def _latin1(text: object) -> str:
    value = str(text)
    for old, new in REPLACEMENTS.items():
        value = value.replace(old, new)
    return value.encode("latin-1", "replace").decode("latin-1")


def _eur(amount: Decimal | None) -> str:
    return "-" if amount is None else f"EUR {Decimal(amount):.2f}"


class _Sheet(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.set_title(_latin1(title))
        self.set_creator("Gewaardeerd Werk")
        self.set_auto_page_break(auto=True, margin=15)
        self.add_page()
        self.set_font("Helvetica", "B", 16)
        self.multi_cell(0, 9, _latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, _latin1(f"Gewaardeerd Werk - {self.page_no()}"), align="C")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("Helvetica", "B", 12)
        self.multi_cell(0, 7, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pairs(self, rows: Iterable[tuple[str, object]]) -> None:
        for label, value in rows:
            self.set_font("Helvetica", "B", 10)
            self.cell(60, 6, _latin1(label))
            self.set_font("Helvetica", "", 10)
            self.multi_cell(0, 6, _latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def task_table(self, tasks: Iterable[Task], extra: dict[int, str] | None = None) -> None:
        extra = extra or {}
        headings = [_("Task"), _("Kind of work"), _("Where"), _("Hours per week")]
        widths = [70, 45, 45, 30]
        if extra:
            headings[-1:] = [_("Hours"), _("Per week")]
            widths = [65, 40, 40, 18, 27]
        self.set_font("Helvetica", "B", 9)
        for heading, width in zip(headings, widths, strict=True):
            self.cell(width, 6, _latin1(heading), border="B")
        self.ln()
        self.set_font("Helvetica", "", 9)
        for task in tasks:
            cells = [
                task.title,
                task.get_category_display(),
                task.get_mode_display(),
                hours_text(task.hours_per_week),
            ]
            if extra:
                cells.append(extra.get(task.pk, "-"))
            for cell, width in zip(cells, widths, strict=True):
                self.cell(width, 6, _latin1(cell)[:48])
            self.ln()

    def paragraph(self, text: str) -> None:
        self.set_font("Helvetica", "", 10)
        self.multi_cell(0, 5, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bytes(self) -> bytes:
        return bytes(self.output())


def package_sheet_pdf(
    *, package: TaskPackage, tasks: list[Task], estimate: Estimate, language: str
) -> bytes:
    """The package on one sheet: parties, tasks, hours and the estimated price."""
    with translation.override(language):
        sheet = _Sheet(_("Task package sheet"))
        sheet.pairs(
            [
                (_("Package"), f"#{package.pk}"),
                (_("Company"), package.company.name),
                (_("Organisation"), package.organisation.name),
                (_("Team"), package.team.name),
                (_("Status"), package.get_status_display()),
                (_("Hours per week"), hours_text(package.hours_per_week)),
            ]
        )
        sheet.heading(_("Tasks"))
        per_task = {line.task.pk: _eur(line.per_week) for line in estimate.lines}
        sheet.task_table(tasks, per_task)
        sheet.heading(_("Estimated price"))
        if estimate.complete:
            sheet.pairs(
                [
                    (_("Per week"), _eur(estimate.per_week)),
                    (_("Per month"), _eur(estimate.per_month)),
                ]
            )
        else:
            sheet.paragraph(_("The team has no rate yet for every kind of work in this package."))
        sheet.paragraph(_("Per month = per week x 52 / 12. Amounts exclude VAT."))
        return sheet.bytes()


def agreement_pdf(*, agreement: Agreement, language: str) -> bytes:
    """The agreement: parties, tasks, hours, price, start and end, supervision, conditions."""
    with translation.override(language):
        sheet = _Sheet(_("Agreement"))
        sheet.heading(_("Parties"))
        company, organisation = agreement.company, agreement.organisation
        sheet.pairs(
            [
                (_("Company"), f"{company.name} ({company.enterprise_number})"),
                (
                    _("Organisation"),
                    f"{organisation.name} ({organisation.enterprise_number})",
                ),
                (_("Team"), agreement.team.name),
            ]
        )
        sheet.heading(_("Tasks"))
        sheet.task_table(agreement.tasks.select_related("site").order_by("id"))
        sheet.heading(_("Terms"))
        sheet.pairs(
            [
                (_("Hours per week"), hours_text(agreement.hours_per_week)),
                (_("Price per week"), _eur(agreement.price_per_week)),
                (_("Price per month"), _eur(agreement.price_per_month)),
                (_("Start date"), formats.date_format(agreement.start_date, "SHORT_DATE_FORMAT")),
                (_("End date"), formats.date_format(agreement.end_date, "SHORT_DATE_FORMAT")),
                (_("Supervisor"), agreement.supervisor or "-"),
                (
                    _("Supervisor present on site"),
                    _("yes") if agreement.supervisor_onsite else _("no"),
                ),
            ]
        )
        if agreement.conditions:
            sheet.heading(_("Conditions"))
            sheet.paragraph(agreement.conditions)
        sheet.heading(_("Agreed"))
        sheet.paragraph(
            _("Accepted by %(person)s for %(company)s on %(date)s.")
            % {
                "person": agreement.accepted_by or "-",
                "company": company.name,
                "date": formats.date_format(agreement.created_at, "SHORT_DATE_FORMAT"),
            }
        )
        sheet.paragraph(_("Per month = per week x 52 / 12. Amounts exclude VAT."))
        return sheet.bytes()
