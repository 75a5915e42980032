"""The impact figures as CSV: one row per figure, with the scope it belongs to, so one file
holds what a user may see (their companies, their organisations, and for coaches Hefboom's
totals)."""

from __future__ import annotations

import csv
from typing import IO, Any

from agreements.selectors import Figures, PlatformImpact

HEADER = ["scope", "name", "dimension", "key", "hours", "amount_eur", "count"]


def _cell(text: str) -> str:
    """A name that starts like a formula is read as text by spreadsheets (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _figure_rows(scope: str, name: str, figures: Figures) -> list[list[Any]]:
    name = _cell(name)
    rows: list[list[Any]] = [
        [scope, name, "total", "", f"{figures.hours:.1f}", f"{figures.amount:.2f}", ""],
        [scope, name, "agreements", "", "", "", figures.agreements],
    ]
    for dimension, bucket in (
        ("month", figures.months),
        ("province", figures.provinces),
        ("category", figures.categories),
    ):
        for key, hours, amount in figures.sorted(bucket):
            rows.append([scope, name, dimension, key, f"{hours:.1f}", f"{amount:.2f}", ""])
    return rows


def impact_csv_write(
    out: IO[str] | Any,
    *,
    companies: list[tuple[Any, Figures]],
    organisations: list[tuple[Any, Figures]],
    platform: PlatformImpact | None,
) -> None:
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for company, figures in companies:
        writer.writerows(_figure_rows("company", company.name, figures))
    for organisation, figures in organisations:
        writer.writerows(_figure_rows("organisation", organisation.name, figures))
    if platform is not None:
        writer.writerows(_figure_rows("hefboom", "Hefboom", platform.figures))
        writer.writerow(
            ["hefboom", "Hefboom", "packages_placed", "", "", "", platform.packages_placed]
        )
        writer.writerow(
            ["hefboom", "Hefboom", "jobs_carved_out", "", "", "", platform.jobs_carved_out]
        )
        # Hours per week of the placed packages: what the platform moved, before delivery.
        writer.writerow(
            [
                "hefboom",
                "Hefboom",
                "hours_per_week_placed",
                "",
                f"{platform.hours_per_week_placed:.1f}",
                "",
                "",
            ]
        )
